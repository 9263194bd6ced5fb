package upstox

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// ID is the institution id of the Upstox integration.
const ID = "upstox"

// DefaultAPIURL is the "api" endpoint: the Upstox API, which also serves the
// login dialog and the token endpoint.
const DefaultAPIURL = "https://api.upstox.com"

// DefaultRedirectPort is the loopback port of the redirect URL Latchkey asks
// the user to register with their Upstox app: http://127.0.0.1:8711/callback.
// Upstox requires the redirect_uri to equal the registered one, so the port
// is fixed; a user who registered another port enters it in Settings.
const DefaultRedirectPort = 8711

// RedirectPath is the path of the registered redirect URL.
const RedirectPath = "/callback"

// ownApp is the user's Upstox app: its help and its missing error.
var ownApp = integrations.OwnApp{Name: "Upstox", Product: "Upstox", App: "API app", Key: "API key", Secret: "API secret",
	Steps: "In the Upstox Developer Apps page (https://account.upstox.com/developer/apps) create a new app, and enter the " +
		"redirect URL " + integrations.LoopbackURL(DefaultRedirectPort, RedirectPath) + " exactly."}

// ErrNoApp is returned when a login starts without the user's Upstox app in
// Settings.
var ErrNoApp = ownApp.Missing()

// IST is India Standard Time (UTC+05:30, no daylight saving).
var IST = indiakit.IST

// Upstox is the "upstox" integration.
type Upstox struct{}

// New returns the package's integrations: Upstox.
func New() []integrations.Integration { return integrations.Variants(&Upstox{}) }

// Institution describes Upstox.
func (*Upstox) Institution() integrations.Institution {
	// The session ends every night at 03:30 India time: expiring in its
	// last hours only.
	in := indiakit.Institution(ID, "Upstox", "Upstox", "https://upstox.com",
		"Your Upstox demat and trading account: long-term holdings, open positions, funds, trade history "+
			"(up to the last three financial years) and your deposits and withdrawals. Equity, F&O, currency and mutual-fund "+
			"activity, deposits and withdrawals are shown under the equity account; MCX commodity trades under a commodity "+
			"account. Upstox lists only your latest 20 deposits and 20 withdrawals, so Latchkey keeps those each sync sees: "+
			"sync at least as often as you make 20 of them. Upstox exposes no dividends.",
		integrations.OwnAppOAuth("Sign in with Upstox",
			"Opens Upstox in your browser: log in with your mobile number, OTP and PIN and allow Latchkey. "+
				indiakit.DailyLogin("Upstox logins", sessionEndHour, sessionEndMinute),
			"https://upstox.com/developer/api-documentation/authentication", ownApp.Help(), DefaultRedirectPort))
	// Upstox's limits are "per-API, per-user" (rate-limiting page): per
	// grant, the default.
	in.Endpoints = []integrations.Endpoint{{Name: "api", URL: DefaultAPIURL}}
	// 1: deposits and withdrawals (the payment lists) read besides the
	// trades: a connection synced before reads its whole history once more,
	// so the 20 latest of each reach back past its last since.
	in.HistoryRevision = 1
	return in
}

// StartLogin begins an OAuth login in the browser.
func (u *Upstox) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return ownApp.Start(req, ErrNoApp, newLogin)
}

// NewClient builds a client from a grant.
func (u *Upstox) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(sec.Access)
	return newClient(env, sec), nil
}

// SessionEnd is when an Upstox access token issued at t stops working: 03:30
// India time the next morning, or the same morning when issued before 03:30.
func SessionEnd(t time.Time) time.Time {
	return indiakit.NextAt(t, sessionEndHour, sessionEndMinute)
}

// The nightly end of an Upstox session, India time: 03:30.
const sessionEndHour, sessionEndMinute = 3, 30

// maxPages bounds a paged read.
const maxPages = 1000

// defaultRetryAfter is the wait assumed for a 429 without Retry-After.
const defaultRetryAfter = time.Minute
