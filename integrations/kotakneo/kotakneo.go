package kotakneo

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// ID is the institution id of the Kotak Neo integration.
const ID = "kotakneo"

// DefaultLoginURL is the "login" endpoint: where tradeApiLogin and
// tradeApiValidate live. The data calls go to the baseUrl the validation
// answers.
const DefaultLoginURL = "https://mis.kotaksecurities.com"

// neoFinKey is the static neo-fin-key header of the Trade API.
const neoFinKey = "neotradeapi"

// Field names of the login form.
const (
	FieldToken  = "access_token"
	FieldMobile = "mobile_number"
	FieldUCC    = "ucc"
	FieldTOTP   = "totp"
	FieldMPIN   = "mpin"
)

// Integration is the "kotakneo" integration: Kotak Neo's Trade API.
type Integration struct{}

// New returns the package's integrations: Kotak Neo.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

const loginHelp = "In Kotak Neo (web or app) open Invest → Trade API, create an application and copy its access token, and " +
	"register TOTP for the Trade API with your authenticator app. Log in with that token, your registered mobile number, " +
	"your UCC (client code), the 6-digit TOTP and your 6-digit MPIN. Trade API sessions last a day, so Latchkey asks you to " +
	"log in again each day you sync. Latchkey only reads your limits, holdings, positions and trades."

// Institution describes Kotak Neo.
func (*Integration) Institution() integrations.Institution {
	in := indiakit.Institution(ID, "Kotak Securities", "Kotak Neo", "https://www.kotaksecurities.com",
		"Your Kotak Securities account through the Kotak Neo Trade API: limits, demat holdings, open positions and "+
			"today's trades (the Trade API keeps no older trades; Latchkey keeps each day's as it syncs).",
		integrations.AuthMethod{
			Kind:    integrations.AuthCredentials,
			Label:   "TOTP and MPIN",
			Help:    loginHelp,
			HelpURL: "https://github.com/Kotak-Neo/Kotak-neo-api-v2",
			Fields: []integrations.Field{
				{Name: FieldToken, Label: "Trade API access token", Kind: integrations.FieldSecret,
					Help: "The access token of your Trade API application (Kotak Neo → Invest → Trade API)."},
				{Name: FieldMobile, Label: "Mobile number", Kind: integrations.FieldText, Placeholder: "+919999999999",
					Help: "Your registered mobile number with its country code (+91 is added when missing)."},
				{Name: FieldUCC, Label: "UCC (client code)", Kind: integrations.FieldText, Placeholder: "ABC12",
					Help: "Your unique client code, shown in your Kotak Neo profile."},
				{Name: FieldTOTP, Label: "TOTP code", Kind: integrations.FieldText, Digits: true, Length: 6,
					Help: "The 6-digit code your authenticator app shows for the Kotak Neo Trade API."},
				{Name: FieldMPIN, Label: "MPIN", Kind: integrations.FieldSecret, Digits: true,
					Help: "Your 6-digit Kotak Neo MPIN."},
			},
		})
	in.Endpoints = []integrations.Endpoint{{Name: "login", URL: DefaultLoginURL}}
	return in
}

// secret is the grant's secret: the application's access token and the
// day's trade session (token, sid, the base URL the data lives on).
type secret struct {
	Access  string    `json:"access_token"`
	UCC     string    `json:"ucc"`
	Token   string    `json:"session_token"`
	SID     string    `json:"sid"`
	BaseURL string    `json:"base_url"`
	Expires time.Time `json:"expires_at,omitzero"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Kotak Neo login", func(s secret) bool { return s.Token != "" && s.SID != "" && s.BaseURL != "" && s.UCC != "" })
}

// StartLogin begins the TOTP and MPIN login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return integrations.StartFormLogin(in.Institution(), "Kotak Neo", integrations.AuthCredentials, req, logIn)
}

// NewClient builds a client from a grant.
func (*Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	s, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	base, err := checkBase(s.BaseURL, httpx.Endpoint(env, "login", DefaultLoginURL))
	if err != nil {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved Kotak Neo session has an unexpected address")
	}
	httpx.RedactorOf(env.HTTP).Add(s.Token, s.SID, s.Access)
	c := &client{Book: indiakit.Book{Conn: newConn(env, base)}, sec: s}
	c.Book = c.book()
	return c, nil
}
