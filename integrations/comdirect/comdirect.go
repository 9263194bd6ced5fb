package comdirect

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// ID is the institution id of the comdirect integration.
const ID = "comdirect"

// DefaultAPIURL is the "api" endpoint: api.comdirect.de (OAuth under
// /oauth, the REST API under /api).
const DefaultAPIURL = "https://api.comdirect.de"

// Field names of the login form and the TAN step.
const (
	FieldClientID     = "client_id"
	FieldClientSecret = "client_secret"
	FieldUsername     = "username"
	FieldPIN          = "password"
	FieldTAN          = "tan"
)

// refreshLife is how long a refresh token is taken to live after it was
// issued: comdirect documents the access token's 599 seconds, and that the
// session lasts until the last access or refresh token expires; 20 minutes
// for the refresh token is assumed (see doc.go).
const refreshLife = 20 * time.Minute

// expiringWithin is how long before the grant's end a connection shows as
// expiring: the second half of the refresh token's life.
const expiringWithin = 10 * time.Minute

const (
	defaultPollInterval = 2 * time.Second
	approveTimeout      = 5 * time.Minute
)

// Integration is the "comdirect" integration: the comdirect REST API.
type Integration struct {
	integrations.Polling
}

// New returns the package's integrations: comdirect.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

// WithPollInterval returns a copy of the integration that asks whether the
// login was approved in the photoTAN app every d (tests shorten it).
func (in *Integration) WithPollInterval(d time.Duration) integrations.Integration {
	return integrations.PollEvery(in, d)
}

func (in *Integration) interval() time.Duration { return in.Interval(defaultPollInterval) }

const loginHelp = "comdirect's REST API uses your own client credentials: activate API access on comdirect.de " +
	"(Persönlicher Bereich → Einstellungen → Zugang zur comdirect REST API) and copy the client_id and client_secret. " +
	"Then sign in with your Zugangsnummer and PIN and approve the login in the comdirect photoTAN app (or enter the " +
	"mobileTAN). comdirect keeps a session only while it is used: after about 20 minutes without a sync the login " +
	"ends and Latchkey asks you to approve a new one. Latchkey only reads your depot, its positions and transactions, and its settlement account's balance and bookings."

// Institution describes comdirect.
func (*Integration) Institution() integrations.Institution {
	in := integrations.Broker(ID, "comdirect", "comdirect", "DE", "https://www.comdirect.de",
		"Your comdirect depot through comdirect's REST API: positions, the settlement account's balance, the "+
			"depot's transactions and the settlement account's bookings (dividends, interest, fees, taxes, deposits, withdrawals). The login needs a TAN (photoTAN push or mobileTAN) and lives only minutes between syncs.",
		integrations.AuthMethod{
			Kind:    integrations.AuthCredentials,
			Label:   "Client credentials, Zugangsnummer and PIN, then photoTAN",
			Help:    loginHelp,
			HelpURL: "https://www.comdirect.de/cms/kontakt-zugaenge-api.html",
			Fields: []integrations.Field{
				{Name: FieldClientID, Label: "client_id", Kind: integrations.FieldText,
					Help: "The client_id comdirect issued when you activated REST API access."},
				{Name: FieldClientSecret, Label: "client_secret", Kind: integrations.FieldSecret,
					Help: "The client_secret that came with it."},
				{Name: FieldUsername, Label: "Zugangsnummer", Kind: integrations.FieldText, Digits: true,
					Help: "Your 8-digit comdirect access number (Zugangsnummer)."},
				{Name: FieldPIN, Label: "PIN", Kind: integrations.FieldSecret,
					Help: "Your online banking PIN."},
			},
		})
	in.ExpiringWithin = expiringWithin
	// Not documented: 5 requests a second per grant is assumed (doc.go).
	in.RatePerSecond = 5
	in.RateBurst = 5
	in.Endpoints = []integrations.Endpoint{{Name: "api", URL: DefaultAPIURL}}
	// 1: the settlement account's bookings (dividends, interest, fees,
	// taxes, deposits and withdrawals) are read besides the depot's.
	in.HistoryRevision = 1
	return in
}

// secret is the grant's secret: the client credentials (a refresh needs
// them), the banking-scope tokens and their ends, the session id of the
// x-http-request-info header, and the customer number.
type secret struct {
	ClientID      string    `json:"client_id"`
	ClientSecret  string    `json:"client_secret"`
	Access        string    `json:"access_token"`
	Refresh       string    `json:"refresh_token"`
	AccessExpiry  time.Time `json:"access_expiry"`
	RefreshExpiry time.Time `json:"refresh_expiry"`
	SessionID     string    `json:"session_id"`
	Customer      string    `json:"kdnr"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a comdirect login", func(s secret) bool {
		return s.ClientID != "" && s.ClientSecret != "" && s.Refresh != "" && s.SessionID != ""
	})
}

// StartLogin begins the login: password grant, session TAN, cd_secondary.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthCredentials {
		return nil, integrations.Wrap(integrations.ErrNotSupported, "comdirect connects with your client credentials, Zugangsnummer, PIN and a TAN")
	}
	return in.newLogin(req), nil
}

// NewClient builds a client from a grant.
func (*Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	s, err := decodeSecret(g.Secret)
	if err != nil {
		return nil, err
	}
	return newClient(env, g, s, save), nil
}
