package groww

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// ID is the institution id of the Groww integration.
const ID = "groww"

// DefaultAPIURL is the "api" endpoint: the Groww Trade API's host.
const DefaultAPIURL = "https://api.groww.in"

// Field names of the login forms.
const (
	FieldToken  = "access_token"
	FieldAPIKey = "api_key"
	FieldTOTP   = "totp"
)

// tokenEndHour is when Groww's access tokens end each day, India time:
// "Expires daily at 6:00 AM".
const tokenEndHour = 6

// Integration is the "groww" integration: Groww's Trade API.
type Integration struct{}

// New returns the package's integrations: Groww.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

var (
	daily = " " + indiakit.DailyLogin("Groww's access tokens", tokenEndHour, 0) +
		" Groww's Trade API needs an active Trading API subscription; Latchkey only reads your margin, holdings, positions and trades."
	tokenHelp = "On groww.in open your profile → Settings → Trading APIs, choose Generate API keys → Access Token, and paste it here." + daily
	totpHelp  = "On groww.in open your profile → Settings → Trading APIs, choose Generate API keys → TOTP token, copy the token (its API key) " +
		"and add its QR code to your authenticator app. Log in with that API key and the 6-digit code the app shows." + daily
)

// Institution describes Groww.
func (*Integration) Institution() integrations.Institution {
	in := indiakit.Institution(ID, "Groww", "Groww", "https://groww.in",
		"Your Groww stocks and F&O account through Groww's Trade API: margin (cash available), demat holdings, open positions "+
			"and today's trades (the Trade API lists only the day's orders; Latchkey keeps each day's as it syncs).",
		integrations.AuthMethod{
			Kind: integrations.AuthToken, Label: "Access token (until 06:00)", Help: tokenHelp,
			HelpURL: "https://groww.in/trade-api/docs/curl",
			Fields: []integrations.Field{{Name: FieldToken, Label: "Access token", Kind: integrations.FieldSecret,
				Help: "The access token generated under Settings → Trading APIs (it ends at 06:00 India time)."}},
		},
		integrations.AuthMethod{
			Kind: integrations.AuthCredentials, Label: "API key and TOTP", Help: totpHelp,
			HelpURL: "https://groww.in/trade-api/docs/curl",
			Fields: []integrations.Field{
				{Name: FieldAPIKey, Label: "TOTP API key", Kind: integrations.FieldSecret,
					Help: "The TOTP token (API key) generated under Settings → Trading APIs."},
				{Name: FieldTOTP, Label: "TOTP code", Kind: integrations.FieldText, Digits: true, Length: 6,
					Help: "The 6-digit code your authenticator app shows for the Groww Trade API."},
			},
		})
	// The "Non Trading" APIs (order list, trades, positions, holdings,
	// margin) share 20 requests a second and 500 a minute: pace at the
	// minute's rate, with a small burst.
	in.RatePerSecond, in.RateBurst = 8, 5
	in.Endpoints = []integrations.Endpoint{{Name: "api", URL: DefaultAPIURL}}
	return in
}

// secret is the grant's secret: the day's access token, the UCC it answers
// for, the segments the user trades in and the token's end.
type secret struct {
	Token    string    `json:"access_token"`
	UCC      string    `json:"ucc"`
	Segments []string  `json:"segments,omitempty"`
	Expires  time.Time `json:"expires_at,omitzero"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Groww login", func(s secret) bool { return s.Token != "" && s.UCC != "" })
}

// StartLogin begins the pasted-token or the API key and TOTP login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	switch req.Method {
	case integrations.AuthToken:
		return integrations.MethodLogin(in.Institution(), integrations.AuthToken, req, validateToken), nil
	case integrations.AuthCredentials:
		return integrations.MethodLogin(in.Institution(), integrations.AuthCredentials, req, logInTOTP), nil
	}
	return nil, integrations.NoLogin("Groww", req.Method)
}

// NewClient builds a client from a grant.
func (*Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	s, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(s.Token)
	c := &client{Book: indiakit.Book{Conn: newConn(env)}, sec: s}
	c.Book = c.book()
	return c, nil
}
