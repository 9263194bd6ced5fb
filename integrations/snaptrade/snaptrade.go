package snaptrade

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// ID is the institution id.
const ID = "snaptrade"

// API is SnapTrade's production API (api.yaml, servers). The SDKs call its
// canonical root paths; the legacy /api/v1 prefix still answers, with a
// Deprecation header (api.yaml, AccountInformation_getAccountActivities).
const API = "https://api.snaptrade.com"

const (
	website  = "https://snaptrade.com"
	keysHelp = "https://dashboard.snaptrade.com/api-key"
	docsHelp = "https://docs.snaptrade.com/docs/personal-vs-commercial"
)

// Defaults of Options.
const (
	DefaultTimeout      = 10 * time.Minute
	DefaultPollInterval = 5 * time.Second
	DefaultPageSize     = 1000
)

// Options tune an Integration (tests shrink them).
type Options struct {
	// Timeout bounds the wait for the Connection Portal to send the browser
	// back (default 10 minutes: a brokerage login with MFA takes time).
	Timeout time.Duration
	// PollInterval is how often, while the portal is open, the login lists
	// the connections to notice one that appeared or came back to life
	// without the browser returning to Latchkey (SnapTrade's own CLI polls
	// every 5 seconds); 0 means the default, negative never.
	PollInterval time.Duration
	// PageSize is the limit of an activities page (default and maximum
	// 1000, api.yaml).
	PageSize int
}

// Integration is SnapTrade with the user's own Personal API key.
type Integration struct{ opts Options }

var (
	_ integrations.Integration = (*Integration)(nil)
	_ integrations.Actioner    = (*Integration)(nil)
	_ integrations.Remover     = (*Integration)(nil)
)

// New returns the SnapTrade institution.
func New() []integrations.Integration { return integrations.Variants(NewWith(Options{})) }

// NewWith returns the SnapTrade integration with opts.
func NewWith(opts Options) *Integration {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = DefaultPollInterval
	}
	if opts.PageSize <= 0 || opts.PageSize > DefaultPageSize {
		opts.PageSize = DefaultPageSize
	}
	return &Integration{opts: opts}
}

// Institution describes SnapTrade.
func (in *Integration) Institution() integrations.Institution {
	inst := integrations.Broker(ID, "SnapTrade", "SnapTrade (your Personal key)", "global", website,
		"SnapTrade reaches brokerages that have no API of their own (Webull Canada, Fidelity, Vanguard, Robinhood, "+
			"and more). With your own SnapTrade Personal key, Latchkey lists each brokerage you connect in SnapTrade's "+
			"portal as its own connection, reads its accounts, balances, positions and activity, and repairs a disabled one "+
			"through the portal's reconnect mode. See "+docsHelp+".",
		integrations.AuthMethod{
			Kind:  integrations.AuthBridge,
			Label: "Connect a brokerage through SnapTrade",
			Help: "Opens SnapTrade's Connection Portal in your browser: choose your brokerage (or pick it here first) and " +
				"log in there. Every brokerage connection in your SnapTrade account becomes its own connection in Latchkey.",
			HelpURL:  "https://docs.snaptrade.com/docs/connections",
			NeedsApp: true,
			AppHelp: "Latchkey uses your own free SnapTrade Personal API key. Create a Personal account at " +
				"https://dashboard.snaptrade.com, turn on two-factor authentication, and create your Personal API key on the " +
				"API Key page (" + keysHelp + "). In Latchkey's Settings for SnapTrade, enter the clientId as the Client ID and " +
				"the consumerKey as the Client secret. Latchkey keeps both in its vault and only uses the consumer key to sign " +
				"requests to api.snaptrade.com; nothing else is registered.",
		})
	// SnapTrade connections have no expiry SnapTrade tells; a broken one
	// shows as disabled.
	inst.ExpiringWithin = -1
	inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: API}}
	inst.Via = ID
	return inst
}

// secret is the grant's secret: which SnapTrade connection it is. The key
// that reads it is the app registration, kept apart in the vault.
type secret struct {
	AuthorizationID string `json:"authorization_id"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a SnapTrade connection", func(s secret) bool { return cleanID(s.AuthorizationID) })
}

// grantAPI is a connection's secret from its grant and the api of env's
// Personal key, for the calls after login.
func grantAPI(g integrations.Grant, env integrations.Env) (secret, *api, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return secret{}, nil, err
	}
	a, err := newAPI(env, false)
	return sec, a, err
}

// cleanID accepts the ids SnapTrade hands out (UUIDs): letters, digits and
// dashes, at most 64 of them. Ids go into request paths.
func cleanID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-') {
			return false
		}
	}
	return true
}

// fingerprint names a connection: its SnapTrade authorization id, which a
// reconnect keeps (docs/fix-broken-connections.md).
func fingerprint(authorizationID string) string {
	return integrations.Fingerprint(ID, authorizationID)
}

// StartLogin begins a Connection Portal login: a new connection, or with
// req.Repair the portal's reconnect mode for that connection.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthBridge {
		return nil, integrations.NoLogin("SnapTrade", req.Method)
	}
	a, err := newAPI(req.Env, true)
	if err != nil {
		return nil, err
	}
	l := &login{in: in, api: a, pasted: make(chan string, 1)}
	if req.Repair != nil {
		sec, err := decodeSecret(req.Repair.Secret)
		if err != nil {
			return nil, integrations.Wrap(integrations.ErrDifferentLogin, "the connection being repaired is not a SnapTrade connection")
		}
		l.repair = sec.AuthorizationID
	}
	return l.steps(req.Values[FieldBroker]), nil
}

// NewClient builds a client for one SnapTrade connection. The Personal key
// comes from env's app registration.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	sec, a, err := grantAPI(g, env)
	if err != nil {
		return nil, err
	}
	return &client{in: in, api: a, auth: sec.AuthorizationID, now: env.Time, positions: map[string]cachedPositions{}}, nil
}

// ActionRefresh is the id of the "Refresh at SnapTrade" action.
const ActionRefresh = "refresh"

// ExtraActions offers SnapTrade's manual refresh.
func (in *Integration) ExtraActions() []integrations.ExtraAction {
	return []integrations.ExtraAction{{ID: ActionRefresh, Label: "Refresh at SnapTrade",
		Help: "Ask SnapTrade to read this brokerage again now. Only for connections SnapTrade reads once a day; " +
			"SnapTrade limits how often it may be done and may bill it to your key."}}
}

// RunAction runs an ExtraAction. Refresh is POST
// /authorizations/{id}/refresh, which api.yaml documents as disabled for
// connections SnapTrade reads in real time (data_freshness_mode "realtime",
// the Personal plan's default): those are refused here without a request
// that would only fail. 402 (the connection is disabled) is
// ErrReauthRequired, 403 1141 ErrNotSupported, 429 ("refreshed too
// recently") a rate-limit error.
func (in *Integration) RunAction(ctx context.Context, id string, g integrations.Grant, env integrations.Env) error {
	if id != ActionRefresh {
		return fmt.Errorf("%w: SnapTrade has no action %q", integrations.ErrNotSupported, id)
	}
	sec, a, err := grantAPI(g, env)
	if err != nil {
		return err
	}
	auth, err := getAuthorization(ctx, a, sec.AuthorizationID)
	if err != nil {
		return err
	}
	if auth.Disabled {
		return disabledError(auth)
	}
	if auth.DataFreshnessMode == "realtime" {
		return integrations.Wrap(integrations.ErrNotSupported,
			"SnapTrade already reads "+auth.Brokerage.label()+" live on every sync: there is nothing to refresh")
	}
	_, err = a.do(ctx, request{method: "POST", path: "/authorizations/" + sec.AuthorizationID + "/refresh"})
	return err
}

// Remove deletes the connection at SnapTrade: DELETE /connection/{id}
// (Connections_deleteConnection, which replaced DELETE /authorizations/{id}
// in api.yaml on 2026-08-10). The deletion is queued ("a 200 response
// indicates that a task has been queued"); one already gone (404) counts as
// removed.
func (in *Integration) Remove(ctx context.Context, g integrations.Grant, env integrations.Env) error {
	sec, a, err := grantAPI(g, env)
	if err != nil {
		return err
	}
	_, err = a.do(ctx, request{method: "DELETE", path: "/connection/" + sec.AuthorizationID})
	if err != nil && errors.Is(err, integrations.ErrReauthRequired) && isNotFound(err) {
		return nil
	}
	return err
}
