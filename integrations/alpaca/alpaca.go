package alpaca

import (
	"context"
	"fmt"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	ID      = "alpaca"
	PaperID = "alpaca-paper"
)

// Production base URLs.
const (
	LiveAPI  = "https://api.alpaca.markets"
	PaperAPI = "https://paper-api.alpaca.markets"
	AuthURL  = "https://app.alpaca.markets" // serves /oauth/authorize
	OAuthAPI = "https://api.alpaca.markets" // serves /oauth/token, live and paper alike
	website  = "https://alpaca.markets"
	keysHelp = "https://app.alpaca.markets/" // the dashboard's API keys panel
	appsHelp = "https://docs.alpaca.markets/docs/using-oauth2-and-trading-api"
)

// DefaultRedirectPort is the loopback port of the redirect URI the user
// registers with their Alpaca OAuth app, unless Settings names another.
const DefaultRedirectPort = 53171

// RedirectPath is the path of the registered redirect URI.
const RedirectPath = "/callback"

// Integration is one Alpaca variant: live or paper.
type Integration struct{ integrations.Twin }

// New returns Alpaca's two institutions: ID (live) and PaperID (paper).
func New() []integrations.Integration {
	return integrations.Twins(ID, PaperID, func(t integrations.Twin) *Integration { return &Integration{t} })
}

// env is the value of the authorize URL's env parameter.
func (in *Integration) env() string {
	if in.Paper {
		return "paper"
	}
	return "live"
}

// Institution describes the variant.
func (in *Integration) Institution() integrations.Institution {
	api, display, which, keyHint := LiveAPI, "Alpaca", "live", "AK…"
	if in.Paper {
		api, display, which, keyHint = PaperAPI, "Alpaca Paper", "paper", "PK…"
	}
	inst := integrations.Broker(in.ID(), "Alpaca", display, "US", website,
		"Connect an Alpaca "+which+" trading account with an API key pair from the dashboard, or sign in "+
			"with OAuth through your own registered Alpaca app. Latchkey only reads: account, positions and activity.",
		integrations.AuthMethod{
			Kind:  integrations.AuthAPIKey,
			Label: "API key and secret",
			Help: fmt.Sprintf("In the Alpaca dashboard, switch to your %s account, open API Keys on the home page and "+
				"generate a key. Copy the key id and the secret key (the secret is shown only once). "+
				"Paper and live accounts have separate keys.", which),
			HelpURL: keysHelp,
			Fields: []integrations.Field{
				{Name: "key_id", Label: "API key id", Kind: integrations.FieldText, HelpURL: keysHelp,
					Placeholder: keyHint,
					Help:        "The key id shown next to your API key in the Alpaca dashboard."},
				{Name: "secret_key", Label: "API secret key", Kind: integrations.FieldSecret, HelpURL: keysHelp,
					Help: "The secret key shown once when you generated the key. Generate a new key if you lost it."},
			},
		}, integrations.OwnAppOAuth("Sign in with Alpaca (OAuth)",
			"Opens Alpaca's sign-in page in your browser; allow Latchkey to read your "+which+" account.",
			"https://docs.alpaca.markets/docs/using-oauth2-and-trading-api",
			integrations.OwnApp{Name: display, Product: "Alpaca", App: "OAuth app", Key: "Client ID", Secret: "Client Secret",
				Steps:        "Register one in the Alpaca dashboard (see " + appsHelp + ").",
				RedirectName: "redirect URI", Redirect: integrations.LoopbackURL(DefaultRedirectPort, RedirectPath),
			}.Help(), DefaultRedirectPort))
	inst.Paper = in.Paper
	// 1: cancelled activities left out, withholding taxes (DIVWH, WH) as
	// TAX and pass-through rebates (PTR) as FEE (checked against the SDKs).
	inst.HistoryRevision = 1
	inst.Endpoints = []integrations.Endpoint{
		{Name: "api", URL: api},
		{Name: "auth", URL: AuthURL},
		{Name: "oauth", URL: OAuthAPI},
	}
	return inst
}

// StartLogin begins an API-key or OAuth login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	switch req.Method {
	case integrations.AuthAPIKey:
		return in.keyLogin(req), nil
	case integrations.AuthOAuth2:
		return in.oauthLogin(req.Env)
	default:
		return nil, integrations.NoLogin("Alpaca", req.Method)
	}
}

// NewClient builds a client from an API-key or OAuth grant.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	return &client{in: in, api: newAPI(env, sec, false), now: env.Time}, nil
}
