package coinbase

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// ID is the institution id of the Coinbase App integration.
const ID = "coinbase"

// Production base URLs, by endpoint name.
const (
	// DefaultAPIURL is the "api" endpoint: the Coinbase App (v2) API.
	DefaultAPIURL = "https://api.coinbase.com"
	// DefaultAuthURL is the "auth" endpoint: Coinbase's OAuth 2.0 server.
	DefaultAuthURL = "https://login.coinbase.com"
)

// DefaultRedirectPort is the loopback port of the redirect URI Latchkey asks
// the user to register with their Coinbase OAuth client:
// http://127.0.0.1:8710/callback. Coinbase matches registered redirect URIs
// exactly, so the port is fixed; a user who registered another port enters it
// in Settings (AppRegistration.RedirectPort).
const DefaultRedirectPort = 8710

// RedirectPath is the path of the registered redirect URI.
const RedirectPath = "/callback"

// Scopes are the read-only scopes Latchkey asks for, comma-separated as
// Coinbase expects; offline_access makes Coinbase issue a refresh token.
const Scopes = "wallet:user:read,wallet:accounts:read,wallet:transactions:read,offline_access"

// ErrNoApp is returned when a login starts without the user's Coinbase OAuth
// client in Settings.
var ErrNoApp = ownApp.Missing()

// Coinbase is the "coinbase" integration: the Coinbase App, over OAuth 2.0.
type Coinbase struct{}

// New returns the package's integrations: Coinbase (the Coinbase App, OAuth).
func New() []integrations.Integration { return integrations.Variants(&Coinbase{}) }

// ownApp is the OAuth client the user registers.
var ownApp = integrations.OwnApp{Name: "Coinbase", Product: "Coinbase", App: "OAuth client", Key: "client ID", Secret: "client secret",
	Steps: "Sign in to the Coinbase Developer Platform (https://portal.cdp.coinbase.com), open API Keys › OAuth and create a client " +
		"(Coinbase currently gives OAuth clients to approved developers only).",
	RedirectName: "redirect URI", Redirect: integrations.LoopbackURL(DefaultRedirectPort, RedirectPath),
	Then: "Allow the scopes wallet:user:read, wallet:accounts:read and wallet:transactions:read.",
}

// Institution describes Coinbase. Its limit counts per authorised user: the
// default per-grant scope.
func (*Coinbase) Institution() integrations.Institution {
	in := integrations.Broker(ID, "Coinbase", "Coinbase", "global", "https://www.coinbase.com",
		"Your Coinbase (retail app) wallets: fiat cash, crypto holdings valued at Coinbase's spot price, and the "+
			"history of every wallet (buys, sells, Advanced Trade fills, sends, receives, deposits, withdrawals, rewards). "+
			"Coinbase Advanced Trade API keys are a separate institution.",
		integrations.OwnAppOAuth("Sign in with Coinbase",
			"Opens Coinbase in your browser. Sign in and allow Latchkey read-only access to your accounts and "+
				"transactions. Coinbase keeps Latchkey signed in with a refresh token that is replaced on every use.",
			"https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/overview",
			ownApp.Help(), DefaultRedirectPort))
	in.Kind = integrations.KindCryptoExchange
	// 10,000 requests an hour per OAuth-authorised user: per grant, Broker's
	// default.
	in.Endpoints = []integrations.Endpoint{
		{Name: "api", URL: DefaultAPIURL},
		{Name: "auth", URL: DefaultAuthURL},
	}
	return in
}

// StartLogin begins an OAuth login in the browser.
func (c *Coinbase) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return ownApp.Start(req, ErrNoApp, newLogin)
}

// NewClient builds a client from an OAuth grant.
func (c *Coinbase) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	cl := newClient(env, g, sec, save)
	if env.App != nil {
		// Refreshing needs the app's client id and secret; without them an
		// expired access token ends in ErrReauthRequired.
		cl.conf = oauthConfig(env, *env.App).OAuth2("")
	}
	httpx.RedactorOf(env.HTTP).Add(sec.Access, sec.Refresh)
	return cl, nil
}

// refreshLife is how long a Coinbase refresh token lives: 1.5 years.
const refreshLife = 18 // months

// refreshExpiry is when a refresh token issued at now expires.
func refreshExpiry(now time.Time) time.Time {
	return now.AddDate(0, refreshLife, 0).UTC().Truncate(time.Second)
}

// maxPages bounds a paged read against a server that never stops.
const maxPages = 1000

// defaultRetryAfter is the wait assumed for a 429 without Retry-After: the
// limit is 10,000 requests an hour per user.
const defaultRetryAfter = time.Minute
