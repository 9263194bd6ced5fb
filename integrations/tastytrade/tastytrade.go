package tastytrade

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	ID        = "tastytrade"
	SandboxID = "tastytrade-sandbox"
)

// Callback registration.
const (
	DefaultRedirectPort = 8000 // the port tastyware's own login helper uses
	RedirectPath        = "/callback"
)

// UserAgent is what every request sends: tastytrade wants <product>/<version>.
const UserAgent = "latchkey/1.0"

// AcceptVersion is the API version production requests pin.
const AcceptVersion = "20251101"

type variant struct {
	id, display, api, auth string
	sandbox                bool
}

var (
	prod    = variant{id: ID, display: "tastytrade", api: "https://api.tastyworks.com", auth: "https://my.tastytrade.com"}
	sandbox = variant{id: SandboxID, display: "tastytrade Sandbox", api: "https://api.cert.tastyworks.com",
		auth: "https://cert-my.staging-tasty.works", sandbox: true}
)

// Integration is one tastytrade environment.
type Integration struct{ v variant }

// New returns tastytrade and tastytrade Sandbox.
func New() []integrations.Integration {
	return integrations.Variants(&Integration{v: prod}, &Integration{v: sandbox})
}

// site is where the environment's OAuth applications are managed.
func (v variant) site() string {
	if v.sandbox {
		return "the sandbox site (cert-my.staging-tasty.works, with your separate sandbox login)"
	}
	return "my.tastytrade.com"
}

// ownApp is the OAuth application the user creates: its help and its
// missing-app error.
func (v variant) ownApp() integrations.OwnApp {
	return integrations.OwnApp{Name: v.display, Product: "tastytrade", App: "OAuth application", Key: "client id", Secret: "client secret",
		Steps:        "Sign in at " + v.site() + ", open Manage → My Profile → API → OAuth Applications and create an application with the scope \"read\".",
		RedirectName: "redirect URI", Redirect: integrations.LoopbackURL(DefaultRedirectPort, RedirectPath),
	}
}

// Institution describes the environment.
func (in *Integration) Institution() integrations.Institution {
	v, site := in.v, in.v.site()
	help := "Connects your tastytrade accounts read-only through the tastytrade Open API. Log in through your own OAuth " +
		"application, or paste a refresh grant created in its settings; either lasts until you delete it."
	if v.sandbox {
		help = "tastytrade's sandbox (cert) environment with paper money, reset every day; it has its own logins. " + help
	}
	inst := integrations.Broker(v.id, "tastytrade", v.display, "US", "https://tastytrade.com", help,
		integrations.OwnAppOAuth("Sign in with tastytrade",
			"Opens tastytrade's login in your browser; authorize the application. If the browser does not "+
				"come back to Latchkey, copy the address it ends on and paste it here.",
			"https://developer.tastytrade.com/",
			v.ownApp().Help(), DefaultRedirectPort), integrations.AuthMethod{
			Kind:  integrations.AuthToken,
			Label: "Paste a refresh grant",
			Help: "In your OAuth application's settings at " + site + ", choose \"Create Grant\" and copy the refresh " +
				"token it shows, then paste it here with the application's client secret.",
			HelpURL: "https://developer.tastytrade.com/",
			Fields: []integrations.Field{
				{Name: "refresh_token", Label: "Refresh token (grant)", Kind: integrations.FieldSecret, Multiline: true,
					Help: "Shown once by \"Create Grant\" in your OAuth application.", HelpURL: "https://developer.tastytrade.com/"},
				{Name: "client_secret", Label: "Client secret", Kind: integrations.FieldSecret, Optional: true,
					Help: "Your OAuth application's client secret; leave empty to use the one in Settings."},
			},
		})
	inst.Paper = v.sandbox
	// tastytrade publishes no limits; a grant is a refresh token (per grant,
	// Broker's default).
	inst.Endpoints = []integrations.Endpoint{
		{Name: "api", URL: v.api},
		{Name: "auth", URL: v.auth},
	}
	return inst
}

// StartLogin begins an OAuth or pasted-grant login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	switch req.Method {
	case integrations.AuthOAuth2:
		app, err := in.v.ownApp().Need(req.Env)
		if err != nil {
			return nil, err
		}
		return in.newOAuthLogin(req.Env, app), nil
	case integrations.AuthToken:
		return in.grantLogin(req), nil
	default:
		return nil, integrations.NoLogin("tastytrade", req.Method)
	}
}

// NewClient builds a client from a grant of either method.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	if env.App != nil && env.App.ClientSecret != "" && (sec.ClientID == "" || env.App.ClientID == sec.ClientID) && sec.ClientSecret == "" {
		sec.ClientSecret = env.App.ClientSecret
	}
	return in.newClient(env, g, sec, save), nil
}

// accountID is the Latchkey id of an account: a hash of its number.
func accountID(number string) string {
	h := sha256.Sum256([]byte("tastytrade-account\x00" + number))
	return "tt-" + hex.EncodeToString(h[:10])
}
