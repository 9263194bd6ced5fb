package simplefin

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// ID is the institution id.
const ID = "simplefin"

// Bridge is the SimpleFIN Bridge's SimpleFIN root (protocol.html, "HTTP
// Endpoints": ROOT="https://bridge.simplefin.org/simplefin"). Latchkey
// never calls it on its own: the setup token names the claim URL and the
// claim answers the access URL. It is where the user creates a setup token
// (ROOT + "/create") and, from the access URL's host, where a connection
// that needs attention is fixed.
const Bridge = "https://bridge.simplefin.org/simplefin"

const (
	website   = "https://www.simplefin.org"
	protocol  = "https://www.simplefin.org/protocol.html"
	developer = "https://beta-bridge.simplefin.org/info/developers"
)

// FieldToken is the login field: a setup token, or an access URL claimed
// before.
const FieldToken = "setup_token"

// Defaults of Options.
const (
	// DefaultWindow is the history one GET /accounts asks for: the Bridge
	// answers a longer range with "Requested date range exceeds recommended
	// range of 45 days. In the future, this may be capped." (a reply of
	// its public demo, see doc.go).
	DefaultWindow = 45 * 24 * time.Hour
	// DefaultMaxHistory is how far back a first sync reads: two windows.
	DefaultMaxHistory = 90 * 24 * time.Hour
	// DefaultMinSyncInterval is the floor between two syncs of one
	// connection: the Bridge expects "24 requests or fewer per day" per
	// access token, shared by its connections, and refreshes its data
	// about once a day.
	DefaultMinSyncInterval = 4 * time.Hour
	// DefaultShareFor is how long one read of GET /accounts serves the
	// other connections of the same access URL (their syncs run together).
	DefaultShareFor = 2 * time.Minute
	// DefaultRepairPoll and DefaultRepairTimeout bound a repair's wait for
	// the connection to be fixed at the Bridge: every check is a request
	// of the day's budget.
	DefaultRepairPoll    = 3 * time.Minute
	DefaultRepairTimeout = 30 * time.Minute
)

// Options tune an Integration (tests shrink them).
type Options struct {
	Window, MaxHistory time.Duration
	MinSyncInterval    time.Duration
	ShareFor           time.Duration
	RepairPoll         time.Duration
	RepairTimeout      time.Duration
}

// Integration is SimpleFIN, through the SimpleFIN Bridge or any SimpleFIN
// server, with the user's own setup token.
type Integration struct {
	opts  Options
	cache *cache
}

// New returns the SimpleFIN institution.
func New() []integrations.Integration { return integrations.Variants(NewWith(Options{})) }

// NewWith returns the SimpleFIN integration with opts.
func NewWith(opts Options) *Integration {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&opts.Window, DefaultWindow)
	def(&opts.MaxHistory, DefaultMaxHistory)
	def(&opts.MinSyncInterval, DefaultMinSyncInterval)
	def(&opts.ShareFor, DefaultShareFor)
	def(&opts.RepairPoll, DefaultRepairPoll)
	def(&opts.RepairTimeout, DefaultRepairTimeout)
	opts.MaxHistory = max(opts.MaxHistory, opts.Window)
	return &Integration{opts: opts, cache: newCache()}
}

// Institution describes SimpleFIN.
func (in *Integration) Institution() integrations.Institution {
	inst := integrations.Broker(ID, "SimpleFIN", "SimpleFIN Bridge (your setup token)", "US", website,
		"SimpleFIN Bridge reads US banks and brokerages for you (about $15 a year, paid to the Bridge) and hands "+
			"their balances, transactions and, for many brokerages, holdings to apps with a token you create. Its data "+
			"refreshes about once a day and it expects at most 24 requests a day, so Latchkey syncs a SimpleFIN connection "+
			"at most every few hours and says when the next refresh is allowed. See "+protocol+".",
		integrations.AuthMethod{
			Kind:  integrations.AuthBridge,
			Label: "Paste a SimpleFIN setup token",
			Help: "Connect your banks and brokerages at the SimpleFIN Bridge (a paid service of its own), create a setup " +
				"token there for Latchkey, and paste it here. Latchkey claims it once and keeps the access it gives in its vault; " +
				"each institution you connected at the Bridge becomes its own connection here.",
			HelpURL: Bridge + "/create",
			Fields: []integrations.Field{{
				Name: FieldToken, Label: "Setup token", Kind: integrations.FieldSecret,
				Help: "The setup token the SimpleFIN Bridge shows when you add an app (one long line of letters and digits). " +
					"A token works once. An access URL Latchkey or another app claimed before works too.",
				HelpURL:     Bridge + "/create",
				Placeholder: "aHR0cHM6Ly9...",
			}},
		})
	inst.ExpiringWithin = -1 // an access URL does not expire; a revoked one shows as disabled
	inst.Endpoints = []integrations.Endpoint{{Name: "bridge", URL: Bridge}}
	// The budget counts per access token, which every connection made
	// from one token shares: one client and limiter for them all.
	inst.RateScope = integrations.RateScopeIP
	inst.MinSyncInterval = in.opts.MinSyncInterval
	inst.Via = ID
	return inst
}

// secret is a grant's secret: the access URL (with its Basic credentials)
// and which of its connections this Latchkey connection is.
type secret struct {
	AccessURL string `json:"access_url"`
	// Conn is the connection's key: "c:" + conn_id (the protocol's
	// connections), or "o:" + the organization's id, domain, name or
	// sfin-url (servers that answer org per account).
	Conn string `json:"conn"`
	Name string `json:"name,omitempty"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

var errNotOurs = integrations.Wrap(integrations.ErrReauthRequired, "the saved login is not a SimpleFIN connection")

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a SimpleFIN connection", func(s secret) bool {
		_, err := parseAccessURL(s.AccessURL)
		return s.Conn != "" && err == nil
	})
}

// fingerprint names a connection: its key at the SimpleFIN server, which a
// new access URL of the same Bridge account keeps.
func fingerprint(conn string) string { return integrations.Fingerprint(ID, conn) }

// StartLogin begins a login: a setup token (or access URL) for a new
// connection, or, with req.Repair, what the connection needs.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthBridge {
		return nil, integrations.NoLogin("SimpleFIN", req.Method)
	}
	l := &login{in: in, env: req.Env}
	if req.Repair != nil {
		sec, err := decodeSecret(req.Repair.Secret)
		if err != nil {
			return nil, integrations.Wrap(integrations.ErrDifferentLogin, "the connection being repaired is not a SimpleFIN connection")
		}
		l.repair = &sec
	}
	return l.steps(req.Values), nil
}

// NewClient builds a client for one SimpleFIN connection.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	api, err := newAPI(env, sec.AccessURL, false)
	if err != nil {
		return nil, err
	}
	return &client{in: in, api: api, sec: sec, now: env.Time}, nil
}
