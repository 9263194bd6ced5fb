package tradier

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	ID        = "tradier"
	SandboxID = "tradier-sandbox"
)

// Production base URLs.
const (
	LiveAPI    = "https://api.tradier.com"
	SandboxAPI = "https://sandbox.tradier.com"
	AuthAPI    = "https://api.tradier.com" // /v1/oauth/authorize, /accesstoken, /refreshtoken
	tokenHelp  = "https://dash.tradier.com/settings/api"
	oauthHelp  = "https://documentation.tradier.com/brokerage-api/oauth/authorization-code"
	website    = "https://tradier.com"
)

// DefaultRedirectPort is the loopback port of the callback URL the user
// registers with their Tradier app, unless Settings names another.
const DefaultRedirectPort = 53172

// RedirectPath is the path of the registered callback URL.
const RedirectPath = "/callback"

// Integration is one Tradier variant: production or sandbox (Paper).
type Integration struct{ integrations.Twin }

// New returns Tradier's two institutions: ID (production brokerage) and
// SandboxID (the paper-trading sandbox).
func New() []integrations.Integration {
	return integrations.Twins(ID, SandboxID, func(t integrations.Twin) *Integration { return &Integration{t} })
}

// Institution describes the variant.
func (in *Integration) Institution() integrations.Institution {
	token := integrations.AuthMethod{
		Kind:    integrations.AuthToken,
		Label:   "Personal access token",
		HelpURL: tokenHelp,
		Help: "In the Tradier dashboard open Settings → API Access and copy your production access token " +
			"(the Brokerage API token, not the sandbox one).",
		Fields: []integrations.Field{{Name: "access_token", Label: "Access token", Kind: integrations.FieldSecret,
			HelpURL: tokenHelp, Help: "Shown under API Access in the Tradier dashboard."}},
	}
	inst := integrations.Broker(ID, "Tradier", "Tradier", "US", website,
		"Connect your Tradier Brokerage accounts with the personal access token from the dashboard, or sign in "+
			"with OAuth through your own registered Tradier app. Latchkey only reads balances, positions and history; "+
			"Tradier publishes history nightly, so today's activity appears tomorrow.")
	inst.Endpoints = []integrations.Endpoint{
		{Name: "api", URL: LiveAPI},
		{Name: "auth", URL: AuthAPI},
	}
	if in.Paper {
		token.Help = "In the Tradier dashboard open Settings → API Access and copy the Sandbox access token. " +
			"The sandbox is Tradier's paper-trading environment, with its own accounts and token."
		token.Fields[0].Help = "The Sandbox token under API Access in the Tradier dashboard."
		inst.ID, inst.DisplayName, inst.Monogram, inst.Paper = SandboxID, "Tradier Sandbox", SandboxID, true
		inst.Help = "Connect a Tradier sandbox (paper-trading) account with the sandbox access token from the " +
			"dashboard. Latchkey only reads balances, positions and history."
		inst.AuthMethods = []integrations.AuthMethod{token}
		inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: SandboxAPI}}
		return inst
	}
	inst.AuthMethods = []integrations.AuthMethod{token, integrations.OwnAppOAuth("Sign in with Tradier (OAuth)",
		"Opens Tradier's sign-in page in your browser; allow your app to read your accounts.", oauthHelp,
		integrations.OwnApp{Name: inst.DisplayName, Product: "Tradier", App: "app for OAuth", Key: "client id", Secret: "client secret", Steps: "Request one from Tradier (see " + oauthHelp + ").",
			RedirectName: "callback URL", Redirect: integrations.LoopbackURL(DefaultRedirectPort, RedirectPath),
			Note: "Without a refresh token (granted to approved partners only), the sign-in lasts 24 hours."}.Help(), DefaultRedirectPort)}
	return inst
}

// StartLogin begins a token or OAuth login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	switch {
	case req.Method == integrations.AuthToken:
		return in.tokenLogin(req), nil
	case req.Method == integrations.AuthOAuth2 && !in.Paper:
		return in.oauthLogin(req.Env)
	default:
		return nil, integrations.NoLogin(in.Institution().DisplayName, req.Method)
	}
}

// NewClient builds a client from a token or OAuth grant.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	return in.newClient(env, g, sec, save), nil
}
