package zerodha

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// ID is the institution id of the Zerodha Kite Connect integration.
const ID = "zerodha"

// Production base URLs, by endpoint name.
const (
	// DefaultAPIURL is the "api" endpoint: the Kite Connect API.
	DefaultAPIURL = "https://api.kite.trade"
	// DefaultLoginURL is the "login" endpoint: the Kite web login.
	DefaultLoginURL = "https://kite.zerodha.com"
)

// DefaultRedirectPort is the loopback port of the redirect URL Latchkey asks
// the user to register with their Kite Connect app:
// http://127.0.0.1:8712/callback. Kite redirects only to the registered URL,
// so the port is fixed; a user who registered another port enters it in
// Settings.
const DefaultRedirectPort = 8712

// RedirectPath is the path of the registered redirect URL.
const RedirectPath = "/callback"

// kiteVersion is the X-Kite-Version header every request carries.
const kiteVersion = "3"

// ownApp is the user's Kite Connect app: its help and its missing error.
var ownApp = integrations.OwnApp{Name: "Zerodha", Product: "Kite Connect", App: "app", Key: "API key", Secret: "API secret",
	Steps: "Sign in to the Kite Connect developer console (https://developers.kite.trade), create an app (a Connect app, " +
		"or a free Personal app where it covers your account), and enter the redirect URL " +
		integrations.LoopbackURL(DefaultRedirectPort, RedirectPath) + " exactly."}

// ErrNoApp is returned when a login starts without the user's Kite Connect
// app in Settings.
var ErrNoApp = ownApp.Missing()

// IST is India Standard Time (UTC+05:30, no daylight saving).
var IST = indiakit.IST

// Zerodha is the "zerodha" integration: Zerodha's Kite Connect API.
type Zerodha struct{}

// New returns the package's integrations: Zerodha Kite.
func New() []integrations.Integration { return integrations.Variants(&Zerodha{}) }

// Institution describes Zerodha Kite.
func (*Zerodha) Institution() integrations.Institution {
	// The session ends every morning at 06:00 India time: expiring in its
	// last hours only.
	in := indiakit.Institution(ID, "Zerodha", "Zerodha Kite", "https://zerodha.com",
		"Your Zerodha account through Kite Connect: equity holdings, mutual funds, open positions and funds. "+
			"Kite's API gives only today's trades and your mutual-fund orders; Latchkey keeps each day's activity as it syncs. "+
			"Equity, F&O and mutual funds are shown under the equity account, MCX commodity under a commodity account.",
		integrations.OwnAppOAuth("Sign in with Kite",
			"Opens Kite in your browser: log in with your Zerodha user ID, password and TOTP and allow the app. "+
				indiakit.DailyLogin("Kite sessions", sessionEndHour, 0),
			"https://kite.trade/docs/connect/v3/user/", ownApp.Help(), DefaultRedirectPort))
	// Kite counts requests per API key, the user's own app (10 a second
	// for every endpoint read here): per grant, the default.
	in.Endpoints = []integrations.Endpoint{
		{Name: "api", URL: DefaultAPIURL},
		{Name: "login", URL: DefaultLoginURL},
	}
	return in
}

// StartLogin begins the Kite login in the browser.
func (z *Zerodha) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return ownApp.Start(req, ErrNoApp, newLogin)
}

// NewClient builds a client from a grant.
func (z *Zerodha) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(sec.Access)
	return newClient(env, sec), nil
}

// SessionEnd is when a Kite session that began at t ends: 06:00 India time
// the next morning (the same morning for a login before 06:00).
func SessionEnd(t time.Time) time.Time { return indiakit.NextAt(t, sessionEndHour, 0) }

// sessionEndHour is when a Kite session ends each morning, India time.
const sessionEndHour = 6

// defaultRetryAfter is the wait assumed for a 429 without Retry-After: Kite's
// limits are per second.
const defaultRetryAfter = time.Second
