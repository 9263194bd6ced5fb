package angelone

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// ID is the institution id of the Angel One integration.
const ID = "angelone"

// DefaultAPIURL is the "api" endpoint: SmartAPI's production host.
const DefaultAPIURL = "https://apiconnect.angelone.in"

// Field names of the login form.
const (
	FieldAPIKey     = "api_key"
	FieldClientCode = "client_code"
	FieldPIN        = "pin"
	FieldTOTP       = "totp"
)

// sessionEndHour is when a SmartAPI session ends each day, India time, when
// its JWT names no earlier end: 05:00.
const sessionEndHour = 5

// Integration is the "angelone" integration: Angel One's SmartAPI.
type Integration struct{}

// New returns the package's integrations: Angel One.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

var loginHelp = "Create a SmartAPI app at smartapi.angelbroking.com (a \"Trading API\" app; any redirect URL) and copy its API key. " +
	"Log in with your Angel One client code, your 4-digit PIN (mPIN) and the 6-digit code of the authenticator app you enabled for " +
	"SmartAPI (smartapi.angelbroking.com/enable-totp). " + indiakit.DailyLogin("SmartAPI sessions", sessionEndHour, 0) +
	" Latchkey only reads your funds, holdings, positions and trades."

// Institution describes Angel One.
func (*Integration) Institution() integrations.Institution {
	in := indiakit.Institution(ID, "Angel One", "Angel One", "https://www.angelone.in",
		"Your Angel One account through SmartAPI: funds (RMS limits), demat holdings, open positions and today's trades "+
			"(SmartAPI keeps no older trades; Latchkey keeps each day's as it syncs).",
		integrations.AuthMethod{
			Kind:    integrations.AuthCredentials,
			Label:   "Client code, PIN and TOTP",
			Help:    loginHelp,
			HelpURL: "https://smartapi.angelbroking.com/docs/User",
			Fields: []integrations.Field{
				{Name: FieldAPIKey, Label: "SmartAPI API key", Kind: integrations.FieldSecret,
					Help: "The API key of your SmartAPI app (smartapi.angelbroking.com → My Apps).", HelpURL: "https://smartapi.angelbroking.com/apps"},
				{Name: FieldClientCode, Label: "Client code", Kind: integrations.FieldText, Placeholder: "A123456",
					Help: "Your Angel One client code (user id)."},
				{Name: FieldPIN, Label: "PIN", Kind: integrations.FieldSecret, Digits: true,
					Help: "Your Angel One login PIN (mPIN)."},
				{Name: FieldTOTP, Label: "TOTP code", Kind: integrations.FieldText, Digits: true, Length: 6,
					Help: "The 6-digit code your authenticator app shows for Angel One SmartAPI."},
			},
		})
	// SmartAPI's limits are per endpoint and per API key: getHolding,
	// getAllHolding, getPosition and getTradeBook 1 a second, getRMS 2,
	// getProfile 3. Pace at the tightest.
	in.RatePerSecond, in.RateBurst = 1, 1
	in.Endpoints = []integrations.Endpoint{{Name: "api", URL: DefaultAPIURL}}
	return in
}

// secret is the grant's secret: the API key, the session's JWT and its end.
type secret struct {
	APIKey     string    `json:"api_key"`
	ClientCode string    `json:"client_code"`
	JWT        string    `json:"jwt"`
	Expires    time.Time `json:"expires_at,omitzero"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "an Angel One login", func(s secret) bool { return s.APIKey != "" && s.JWT != "" && s.ClientCode != "" })
}

// StartLogin begins the client code, PIN and TOTP login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return integrations.StartFormLogin(in.Institution(), "Angel One", integrations.AuthCredentials, req, logIn)
}

// NewClient builds a client from a grant.
func (*Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	s, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(s.JWT, s.APIKey)
	c := &client{Book: indiakit.Book{Conn: newConn(env, s.APIKey)}, sec: s}
	c.Book = c.book()
	return c, nil
}
