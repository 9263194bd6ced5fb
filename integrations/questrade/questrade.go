package questrade

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	ID         = "questrade"
	PracticeID = "questrade-practice"
)

// Login servers. The API server is not fixed: every token answer names it
// (api_server), and the calls that follow go there.
const (
	LiveAuth     = "https://login.questrade.com"
	PracticeAuth = "https://practicelogin.questrade.com"
	appsHelp     = "https://login.questrade.com/APIAccess/UserApps.aspx"
	docsHelp     = "https://www.questrade.com/api/documentation/getting-started"
	website      = "https://www.questrade.com"
)

// DefaultRedirectPort is the loopback port of the callback URL the user
// registers with their Questrade app, unless Settings names another.
const DefaultRedirectPort = 53173

// RedirectPath is the path of the registered callback URL.
const RedirectPath = "/callback"

// Integration is one Questrade variant: live or practice (Paper).
type Integration struct{ integrations.Twin }

// New returns Questrade's two institutions: ID (live) and PracticeID (the
// practice-account environment).
func New() []integrations.Integration {
	return integrations.Twins(ID, PracticeID, func(t integrations.Twin) *Integration { return &Integration{t} })
}

// Institution describes the variant.
func (in *Integration) Institution() integrations.Institution {
	auth, display, which := LiveAuth, "Questrade", "live"
	if in.Paper {
		auth, display, which = PracticeAuth, "Questrade Practice", "practice"
	}
	inst := integrations.Broker(in.ID(), "Questrade", display, "CA", website,
		"Connect Questrade "+which+" accounts with a token generated in the API Centre, or sign in with OAuth "+
			"through your own registered app. Questrade's tokens are single-use and rotate on every refresh; a connection "+
			"left unsynced for 7 days must be connected again.",
		integrations.AuthMethod{
			Kind:    integrations.AuthToken,
			Label:   "Manually generated token",
			HelpURL: appsHelp,
			Help: "In Questrade's API Centre (App Hub) register a personal app if you have none, then choose " +
				"\"New manual authorization\" and \"Generate new token\". Paste the token here: Latchkey trades it at once " +
				"for its own tokens, so it cannot be used twice. Unused, it expires after 7 days.",
			Fields: []integrations.Field{{Name: "refresh_token", Label: "Manual refresh token", Kind: integrations.FieldSecret,
				HelpURL: appsHelp, Help: "The token shown by \"Generate new token\" in Questrade's API Centre (" + which + " account)."}},
		}, integrations.OwnAppOAuth("Sign in with Questrade (OAuth)",
			"Opens Questrade's sign-in page in your browser; allow your app to read your "+which+" accounts.",
			docsHelp,
			integrations.OwnApp{Name: display, Product: "Questrade", App: "app", Key: "consumer key",
				Steps:        "Register one with account-data access in Questrade's API Centre (" + appsHelp + ").",
				RedirectName: "callback URL", Redirect: integrations.LoopbackURL(DefaultRedirectPort, RedirectPath),
				Note: "There is no client secret."}.Help(),
			DefaultRedirectPort))
	inst.Paper = in.Paper
	// The refresh token lasts 7 days and rolls forward on every sync:
	// expiring only when no sync has renewed it for 5 days.
	inst.ExpiringWithin = 2 * 24 * time.Hour
	inst.Endpoints = []integrations.Endpoint{{Name: "auth", URL: auth}}
	return inst
}

// StartLogin begins a token or OAuth login.
func (in *Integration) StartLogin(ctx context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	switch req.Method {
	case integrations.AuthToken:
		return in.tokenLogin(req), nil
	case integrations.AuthOAuth2:
		return in.oauthLogin(req.Env)
	default:
		return nil, integrations.NoLogin("Questrade", req.Method)
	}
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(ctx context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	sec, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	return in.newClient(env, g, sec, save), nil
}
