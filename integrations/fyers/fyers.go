package fyers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// ID is the institution id of the Fyers integration.
const ID = "fyers"

// DefaultAPIURL is the "api" endpoint: FYERS API v3 (the login pages and the
// trading API share it).
const DefaultAPIURL = "https://api-t1.fyers.in/api/v3"

// DefaultRedirectPort is the loopback port of the redirect URL Latchkey asks
// the user to register with their FYERS app: http://127.0.0.1:8714/callback.
const DefaultRedirectPort = 8714

// RedirectPath is the path of the registered redirect URL.
const RedirectPath = "/callback"

// sessionEndHour is when a FYERS access token ends, India time, when its
// JWT names no end: 06:00 the next morning.
const sessionEndHour = 6

// ownApp is the user's FYERS API app: its help and its missing error.
var ownApp = integrations.OwnApp{Name: "Fyers", Product: "FYERS API", App: "app", Key: "App ID", Secret: "Secret ID",
	Steps: "Sign in to the FYERS API dashboard (https://myapi.fyers.in/dashboard) and create an app with the redirect URL " +
		integrations.LoopbackURL(DefaultRedirectPort, RedirectPath) + " exactly and read permissions (profile, funds, holdings, " +
		"positions, trade book); its App ID ends in -100."}

// ErrNoApp is returned when a login starts without the user's FYERS app.
var ErrNoApp = ownApp.Missing()

// Integration is the "fyers" integration: FYERS API v3.
type Integration struct{}

// New returns the package's integrations: Fyers.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

// Institution describes Fyers.
func (*Integration) Institution() integrations.Institution {
	in := indiakit.Institution(ID, "FYERS", "Fyers", "https://fyers.in",
		"Your FYERS account through FYERS API v3: funds, demat holdings, open positions and today's trade book "+
			"(older trades are not in the API; Latchkey keeps each day's as it syncs).",
		integrations.OwnAppOAuth("Sign in with FYERS",
			"Opens FYERS in your browser: log in with your FYERS ID, the TOTP or OTP and your PIN, and allow the app. "+
				"FYERS access tokens last until early the next morning, so Latchkey asks you to log in again each day you sync.",
			"https://myapi.fyers.in/docsv3", ownApp.Help(), DefaultRedirectPort))
	// FYERS counts 10 requests a second and 200 a minute per app and user.
	in.RatePerSecond = 3
	in.RateBurst = 3
	in.Endpoints = []integrations.Endpoint{{Name: "api", URL: DefaultAPIURL}}
	return in
}

// AppIDHash is FYERS' appIdHash: the hex SHA-256 of "app_id:app_secret".
func AppIDHash(appID, secret string) string {
	h := sha256.Sum256([]byte(appID + ":" + secret))
	return hex.EncodeToString(h[:])
}

// secret is the grant's secret: the App ID and the day's access token (the
// Authorization header is "app_id:access_token").
type secret struct {
	AppID   string    `json:"app_id"`
	Access  string    `json:"access_token"`
	FyID    string    `json:"fy_id"`
	Expires time.Time `json:"expires_at,omitzero"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a FYERS login", func(s secret) bool { return s.AppID != "" && s.Access != "" && s.FyID != "" })
}

// StartLogin begins the FYERS login in the browser.
func (*Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return ownApp.Start(req, ErrNoApp, newLogin)
}

// newLogin drives the FYERS login through the user's app: the browser comes
// back with auth_code, which exchange trades for the day's token.
func newLogin(env integrations.Env, app integrations.AppRegistration) integrations.Login {
	cfg := oauthflow.Config{
		Institution: ID, AuthURL: httpx.Endpoint(env, "api", DefaultAPIURL) + "/generate-authcode", TokenURL: httpx.Endpoint(env, "api", DefaultAPIURL) + "/validate-authcode",
		ClientID: strings.TrimSpace(app.ClientID), ClientSecret: app.ClientSecret,
		RedirectPort: integrations.RedirectPort(env, "api", DefaultRedirectPort), RedirectPath: RedirectPath,
		CodeParam: "auth_code", HTTPClient: env.Client(),
	}
	return oauthflow.NewLoginFunc(cfg, func(ctx context.Context, _ *oauthflow.Flow, cb url.Values) (integrations.Step, error) {
		if s := cb.Get("s"); s != "" && s != "ok" {
			return nil, integrations.Wrap(integrations.ErrApprovalDenied, "the FYERS login did not complete")
		}
		return exchange(ctx, env, cfg.ClientID, app.ClientSecret, strings.TrimSpace(cb.Get("auth_code")))
	})
}

// NewClient builds a client from a grant.
func (*Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	s, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(s.Access)
	c := &client{Book: indiakit.Book{Conn: newConn(env)}, sec: s}
	c.Book = c.book()
	return c, nil
}
