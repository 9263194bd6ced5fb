package dhan

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// ID is the institution id of the Dhan integration.
const ID = "dhan"

// DefaultAPIURL is the "api" endpoint: DhanHQ's v2 API.
const DefaultAPIURL = "https://api.dhan.co/v2"

// DefaultAuthURL is the "auth" endpoint: Dhan's consent login (API key and
// secret).
const DefaultAuthURL = "https://auth.dhan.co"

// DefaultRedirectPort is the loopback port of the redirect URL Latchkey asks
// the user to enter when generating the API key: http://127.0.0.1:8715/callback.
const DefaultRedirectPort = 8715

// RedirectPath is the path of the registered redirect URL.
const RedirectPath = "/callback"

// Field names of the access-token form.
const (
	FieldClientID = "client_id"
	FieldToken    = "access_token"
)

// tokenLife is how long a token made on web.dhan.co lasts when it carries no
// readable expiry: "a validity of 24 hours".
const tokenLife = 24 * time.Hour

// Integration is the "dhan" integration: Dhan's DhanHQ Trading API.
type Integration struct{}

// New returns the package's integrations: Dhan.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

const tokenHelp = "On web.dhan.co open My Profile → Access DhanHQ APIs, generate an access token (it is valid for 24 hours) " +
	"and copy it with your Dhan Client ID. Trading APIs are free for every Dhan user; Latchkey only reads your funds, " +
	"holdings, positions, trades and ledger. Dhan tokens last a day: paste a new one to repair the connection when it ends."

// ownApp is the user's DhanHQ API key (an app with its secret), for the
// consent login: its help and its missing error.
var ownApp = integrations.OwnApp{Name: "Dhan", Product: "Dhan", App: "app", Key: "API key", Secret: "API secret",
	Steps: "On web.dhan.co open My Profile → Access DhanHQ APIs → API key, enter the app name and the redirect URL " +
		integrations.LoopbackURL(DefaultRedirectPort, RedirectPath) + " exactly, and generate the key (it is valid for 12 months)."}

// Institution describes Dhan.
func (*Integration) Institution() integrations.Institution {
	clientID := integrations.Field{Name: FieldClientID, Label: "Dhan Client ID", Kind: integrations.FieldText, Digits: true,
		Help: "The Client ID shown under My Profile on web.dhan.co.", Placeholder: "1000000001"}
	consent := integrations.OwnAppOAuth("API key (log in on Dhan in your browser)",
		"Enter your Dhan Client ID; Dhan's login opens in your browser (mobile number, TOTP or OTP, PIN) and comes "+
			"back to Latchkey with the day's access token. The token lasts 24 hours: log in again each day you sync.",
		"https://dhanhq.co/docs/v2/authentication/", ownApp.Help(), DefaultRedirectPort)
	consent.Fields = []integrations.Field{clientID}
	in := indiakit.Institution(ID, "Dhan", "Dhan", "https://dhan.co",
		"Your Dhan trading and demat account through DhanHQ's Trading API: funds, demat holdings, open positions, "+
			"your trade history and your ledger's pay-ins, pay-outs and charges. Access tokens last 24 hours, so Latchkey asks for a new one each day you sync.",
		integrations.AuthMethod{
			Kind:    integrations.AuthToken,
			Label:   "Access token (24 hours)",
			Help:    tokenHelp,
			HelpURL: "https://dhanhq.co/docs/v2/authentication/",
			Fields: []integrations.Field{clientID,
				{Name: FieldToken, Label: "Access token", Kind: integrations.FieldSecret,
					Help: "The access token generated under My Profile → Access DhanHQ APIs (valid 24 hours)."},
			},
		}, consent)
	// "Non Trading APIs": 20 requests a second per user.
	in.RatePerSecond = 20
	in.RateBurst = 5
	in.Endpoints = []integrations.Endpoint{{Name: "api", URL: DefaultAPIURL}, {Name: "auth", URL: DefaultAuthURL}}
	// 1: the ledger's deposits, withdrawals, charges, interest and other
	// rows (GET /ledger), read beside the trade history.
	in.HistoryRevision = 1
	return in
}

// secret is the grant's secret: the client id and the day's access token.
type secret struct {
	ClientID string    `json:"client_id"`
	Token    string    `json:"access_token"`
	Expires  time.Time `json:"expires_at,omitzero"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Dhan login", func(s secret) bool { return s.ClientID != "" && s.Token != "" })
}

// StartLogin begins the access-token login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	switch req.Method {
	case integrations.AuthOAuth2:
		return in.consentLogin(req)
	case integrations.AuthToken:
	default:
		return nil, integrations.Wrap(integrations.ErrNotSupported, "Dhan connects with an access token or your API key")
	}
	return integrations.MethodLogin(in.Institution(), integrations.AuthToken, req, validate), nil
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
