package schwab

import (
	"context"
	"fmt"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// ID is the institution id.
const ID = "schwab"

// Default endpoints.
const (
	DefaultAPI  = "https://api.schwabapi.com/trader/v1"
	DefaultAuth = "https://api.schwabapi.com/v1/oauth"
	// DefaultRedirectPort is the callback port schwab-py recommends and
	// Latchkey's help asks the user to register.
	DefaultRedirectPort = 8182
)

// Integration is Charles Schwab.
type Integration struct{}

// New returns the Schwab integration (Schwab has no sandbox variant).
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

// ownApp is the app the user registers: its help and its missing-app error.
var ownApp = integrations.OwnApp{Name: "Charles Schwab", Product: "Schwab", App: "app registration", Key: "App Key", Secret: "Secret",
	Steps: "At https://developer.schwab.com sign in, open Dashboard → Apps → Create App and choose the API product " +
		"\"Accounts and Trading Production\".",
	RedirectName: "Callback URL", Redirect: fmt.Sprintf("https://127.0.0.1:%d/", DefaultRedirectPort), RedirectNote: "https, 127.0.0.1, the trailing slash included",
	Then: "Wait until Schwab shows the app as \"Ready For Use\" (approval can take a few days).",
}

// Institution describes Charles Schwab.
func (*Integration) Institution() integrations.Institution {
	in := integrations.Broker(ID, "Charles Schwab", "Charles Schwab", "US", "https://www.schwab.com",
		"Connects your Schwab brokerage and retirement accounts read-only through the Schwab Trader API. "+
			"You need a free Schwab developer app (see Settings → Charles Schwab); Schwab asks you to log in again every 7 days.",
		integrations.OwnAppOAuth("Sign in with Schwab",
			"Opens Schwab's login in your browser; choose the accounts to share and allow access. "+
				"The browser then comes back to https://127.0.0.1 with a certificate Latchkey made for this login: "+
				"it warns that the connection is not private; continuing is safe (it is this computer). "+
				"If it does not come back, copy the address the browser ends on and paste it here. "+
				"Schwab ends the login after 7 days: Latchkey shows the connection as expiring, then asks you to repair it.",
			"https://developer.schwab.com/user-guides/get-started/authenticate-with-oauth",
			ownApp.Help(), DefaultRedirectPort))
	// The refresh token dies 7 days after the login: expiring from day 5.
	in.ExpiringWithin = 2 * 24 * time.Hour
	// Schwab counts its limits per app and user token (see doc.go): per
	// grant, Broker's default.
	in.Endpoints = []integrations.Endpoint{
		{Name: "api", URL: DefaultAPI},
		{Name: "auth", URL: DefaultAuth},
	}
	return in
}

// StartLogin begins the OAuth login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return ownApp.Browser(req, newLogin)
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	sec.ClientSecret = integrations.RenewedSecret(env, sec.ClientID, sec.ClientSecret)
	return newClient(env, g, sec, save), nil
}
