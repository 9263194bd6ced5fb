package etrade

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"github.com/dghubble/oauth1"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	LiveID    = "etrade"
	SandboxID = "etrade-sandbox"
)

const (
	liveAPI    = "https://api.etrade.com"
	sandboxAPI = "https://apisb.etrade.com"
	authURL    = "https://us.etrade.com"
	devURL     = "https://developer.etrade.com/getting-started"
	authPath   = "/e/t/etws/authorize"
)

// ErrNoApp is returned when a login starts without the user's E*TRADE
// consumer key and secret.
var ErrNoApp = integrations.Wrap(integrations.ErrNeedsApp, "add your E*TRADE consumer key (as the client id) and consumer secret in Settings › App registrations first")

// Integration is one E*TRADE environment: live or sandbox.
type Integration struct {
	id      string
	sandbox bool
	// loginTimeout bounds the wait for the pasted verification code (0:
	// five minutes).
	loginTimeout time.Duration
}

// New returns the live and the sandbox integrations.
func New() []integrations.Integration {
	return integrations.Variants(&Integration{id: LiveID}, &Integration{id: SandboxID, sandbox: true})
}

func (in *Integration) method() integrations.AuthMethod {
	kind, display := "production", "E*TRADE"
	if in.sandbox {
		kind, display = "sandbox", "E*TRADE Sandbox"
	}
	return integrations.AuthMethod{
		Kind:  integrations.AuthOAuth1,
		Label: "Sign in with E*TRADE",
		Help: "Opens E*TRADE's authorization page in your browser. Sign in, accept, and E*TRADE shows a 5-character " +
			"verification code: paste it here. The login lasts until midnight US Eastern time; after that E*TRADE asks " +
			"you to sign in again.",
		HelpURL:  "https://apisb.etrade.com/docs/api/authorization/request_token.html",
		NeedsApp: true,
		AppHelp: integrations.OwnApp{Name: display, Product: "E*TRADE", App: "consumer key", Key: "consumer key", Secret: "consumer secret",
			Steps: "Sign in at " + devURL + " with your E*TRADE login, accept the API agreements and request a key for " +
				"individual use (a sandbox key comes first; the production key after E*TRADE approves it).",
			Then: "E*TRADE shows a verification code instead of redirecting back, so there is no redirect URI to register " +
				"(the callback is \"oob\"). Use the " + kind + " key.",
			FixedRedirect: true, Note: "The consumer secret is the client secret."}.Help(),
	}
}

// Institution describes the environment.
func (in *Integration) Institution() integrations.Institution {
	inst := integrations.Broker(in.id, "E*TRADE", "E*TRADE", "US", "https://us.etrade.com",
		"Connects your E*TRADE brokerage and retirement accounts with your own E*TRADE developer consumer key. "+
			"E*TRADE ends every login at midnight US Eastern time, so the connection needs a new sign-in each day it syncs.",
		in.method())
	// Every login ends at midnight US Eastern: show it as expiring only
	// in its last hours, not every day.
	inst.ExpiringWithin = 3 * time.Hour
	// 2 requests a second and 7,000 an hour per user: per grant.
	inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: liveAPI}, {Name: "auth", URL: authURL}}
	if in.sandbox {
		inst.DisplayName = "E*TRADE Sandbox"
		inst.Paper = true
		inst.Help = "E*TRADE's sandbox, for trying a sandbox consumer key: it answers with sample data, not your accounts."
		inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: sandboxAPI}, {Name: "auth", URL: authURL}}
	}
	return inst
}

// secret is what a grant keeps: the access token and its secret, and the
// consumer key they were issued to.
type secret struct {
	Token       string `json:"token"`
	TokenSecret string `json:"token_secret"`
	ConsumerKey string `json:"consumer_key"`
}

// StartLogin begins an OAuth 1.0a login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthOAuth1 {
		return nil, integrations.NoLogin("E*TRADE", req.Method)
	}
	app := req.Env.App
	if app == nil || strings.TrimSpace(app.ClientID) == "" || app.ClientSecret == "" {
		return nil, ErrNoApp
	}
	timeout := in.loginTimeout
	if timeout <= 0 {
		timeout = 5 * time.Minute
	}
	return newLogin(in, req.Env, *app, timeout), nil
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	s, err := integrations.DecodeSecret(g.Secret, "an E*TRADE login", func(s secret) bool { return s.Token != "" && s.TokenSecret != "" })
	if err != nil {
		return nil, err
	}
	app := env.App
	if app == nil || app.ClientID == "" || app.ClientSecret == "" {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, ErrNoApp.Error())
	}
	if s.ConsumerKey != "" && s.ConsumerKey != app.ClientID {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the consumer key in Settings is not the one this login was made with")
	}
	a := newAPI(in, env, *app)
	a.token = &oauth1.Token{Token: s.Token, TokenSecret: s.TokenSecret}
	a.register(s.Token, s.TokenSecret)
	return &client{api: a, expiry: g.Expiry}, nil
}

// fingerprint names the login by its account numbers, in any order.
func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}
