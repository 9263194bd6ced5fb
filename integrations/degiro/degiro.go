package degiro

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// ID is DEGIRO's institution id.
const ID = "degiro"

// ProductionURL is the base of DEGIRO's web trader, whose private API the
// integration uses.
const ProductionURL = "https://trader.degiro.nl"

const (
	defaultPollInterval = 2 * time.Second
	approveTimeout      = 3 * time.Minute
)

// Integration is DEGIRO.
type Integration struct {
	integrations.Polling
}

// New returns the DEGIRO integration.
func New() []integrations.Integration {
	return integrations.Variants(&Integration{})
}

// WithPollInterval returns a copy of the integration that asks whether an
// in-app approval came every d (tests and the fake's harness shorten it).
func (in *Integration) WithPollInterval(d time.Duration) integrations.Integration {
	return integrations.PollEvery(in, d)
}

func (in *Integration) interval() time.Duration { return in.Interval(defaultPollInterval) }

var credMethod = integrations.AuthMethod{
	Kind:  integrations.AuthCredentials,
	Label: "DEGIRO username and password",
	Help: "Sign in with the username and password of the DEGIRO web trader. With two-factor authentication on, " +
		"enter the code from your authenticator app, or approve the login in the DEGIRO app.",
	HelpURL: "https://trader.degiro.nl/login",
	Fields: []integrations.Field{
		{Name: "username", Label: "Username", Kind: integrations.FieldText,
			Help: "The username you sign in to trader.degiro.nl with (not your e-mail address)."},
		{Name: "password", Label: "Password", Kind: integrations.FieldSecret},
	},
}

// Institution describes DEGIRO.
func (in *Integration) Institution() integrations.Institution {
	inst := integrations.Broker(ID, "DEGIRO", "DEGIRO", "NL", "https://www.degiro.com",
		"DEGIRO has no official API: Latchkey uses the private API of DEGIRO's web trader, which is not "+
			"documented, may change or break at any time, and may not be allowed by DEGIRO's terms. Your password "+
			"is sent only to DEGIRO (trader.degiro.nl) and is not kept: Latchkey keeps the session DEGIRO returns, "+
			"and when DEGIRO ends it you log in again. If DEGIRO asks for a captcha, sign in once on the website first.",
		credMethod)
	inst.Unofficial = true
	inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: ProductionURL}}
	return inst
}

// StartLogin begins a username-and-password login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthCredentials {
		return nil, integrations.NoLogin("DEGIRO", req.Method)
	}
	return in.credLogin(req)
}

// NewClient builds a client from a session grant.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	base, err := baseURL(env)
	if err != nil {
		return nil, err
	}
	a := newAPI(base, env)
	a.session(sec.SessionID)
	return &client{api: a, intAccount: sec.IntAccount}, nil
}

func baseURL(env integrations.Env) (string, error) { return httpx.NeedEndpoint(env, "api", "DEGIRO") }

// secret is the grant's secret: DEGIRO's session and the account it reads.
type secret struct {
	SessionID  string `json:"session_id"`
	IntAccount int64  `json:"int_account"`
	ClientID   int64  `json:"client_id,omitempty"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a DEGIRO login", func(s secret) bool { return s.SessionID != "" && s.IntAccount != 0 })
}

// accountID is the id Latchkey shows for a DEGIRO account: a stable hash of
// its intAccount, so the internal account number appears nowhere.
func accountID(intAccount int64) string {
	h := sha256.Sum256([]byte("degiro-account\x00" + strconv.FormatInt(intAccount, 10)))
	return "dg-" + hex.EncodeToString(h[:8])
}
