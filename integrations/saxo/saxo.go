package saxo

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	ID    = "saxo"
	SimID = "saxo-sim"
)

// DefaultRedirectPort is the callback port Latchkey's help asks the user to
// register (the port of Saxo's own PKCE sample).
const DefaultRedirectPort = 3000

// RedirectPath is the callback path to register.
const RedirectPath = "/callback"

type variant struct {
	id, display, api, auth, portal string
	sim                            bool
}

var (
	live = variant{id: ID, display: "Saxo Bank", api: "https://gateway.saxobank.com/openapi",
		auth: "https://live.logonvalidation.net", portal: "https://www.developer.saxo/openapi/appmgmt"}
	sim = variant{id: SimID, display: "Saxo Bank SIM", api: "https://gateway.saxobank.com/sim/openapi",
		auth: "https://sim.logonvalidation.net", portal: "https://www.developer.saxo/openapi/appmgmt", sim: true}
)

// Integration is one Saxo environment.
type Integration struct{ v variant }

// New returns Saxo live and Saxo SIM.
func New() []integrations.Integration {
	return integrations.Variants(&Integration{v: live}, &Integration{v: sim})
}

// ownApp is the app the user registers for the environment: its help and
// its missing-app error. A native (PKCE) app has no secret.
func (v variant) ownApp() integrations.OwnApp {
	env := "live"
	if v.sim {
		env = "simulation (SIM)"
	}
	note := "No secret is needed."
	if !v.sim {
		note += " Live apps must be approved by Saxo for live access first."
	}
	return integrations.OwnApp{Name: v.display, Product: "Saxo", App: "app registration for its " + env + " environment", Key: "AppKey",
		Steps: "Sign in to Saxo's developer portal (" + v.portal + ") and create an application with the grant type \"PKCE\" " +
			"(Authorization Code with PKCE, a native app without a secret).",
		RedirectName: "Redirect URL", Redirect: integrations.LoopbackURL(DefaultRedirectPort, RedirectPath),
		Note: note}
}

// Institution describes the environment.
func (in *Integration) Institution() integrations.Institution {
	v := in.v
	help := "Connects your Saxo Bank accounts read-only through Saxo's OpenAPI. Saxo logins last an hour between syncs: " +
		"Latchkey renews them while it syncs, and asks you to repair the connection when it was idle longer."
	if v.sim {
		help = "Saxo's simulation environment (paper money), for trying Latchkey with a free Saxo developer account. " + help
	}
	inst := integrations.Broker(v.id, "Saxo Bank", v.display, "global", "https://www.home.saxo", help,
		integrations.OwnAppOAuth("Sign in with Saxo",
			"Opens Saxo's login in your browser; log in and allow access. "+
				"If the browser does not come back to Latchkey, copy the address it ends on and paste it here.",
			"https://www.developer.saxo/openapi/learn/oauth-authorization-code-grant-pkce",
			v.ownApp().Help(), DefaultRedirectPort))
	inst.Paper = v.sim
	// The 1-hour refresh token rolls forward on every sync: no badge for it.
	inst.ExpiringWithin = -1
	// Saxo counts its limits per session (a login's tokens) and service
	// group, and per app per day: per grant (see doc.go).
	inst.Endpoints = []integrations.Endpoint{
		{Name: "api", URL: v.api},
		{Name: "auth", URL: v.auth},
	}
	return inst
}

// StartLogin begins the OAuth login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return in.v.ownApp().Browser(req, in.newLogin)
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	return in.newClient(env, g, sec, save), nil
}
