package trading212

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Institution ids.
const (
	LiveID     = "trading212"
	PracticeID = "trading212-practice"
)

const (
	liveURL     = "https://live.trading212.com/api/v0"
	practiceURL = "https://demo.trading212.com/api/v0"
	keyHelpURL  = "https://helpcentre.trading212.com/hc/en-us/articles/14584770928157-Trading-212-API-key"
)

// Integration is one Trading 212 environment: live or practice (demo),
// its paper twin (Paper).
type Integration struct {
	integrations.Twin
	// sleep waits for a rate-limit window; tests and the fake's harness
	// replace it with a clock that moves instead of waiting.
	sleep func(ctx context.Context, d time.Duration) error
	// pageSize is the page asked of the history lists (default and most
	// the API gives: 50); tests shrink it to make long walks.
	pageSize int
}

// New returns the live and the practice integrations.
func New() []integrations.Integration {
	return integrations.Twins(LiveID, PracticeID, func(t integrations.Twin) *Integration { return &Integration{Twin: t} })
}

// WithSleep returns a copy of the integration that waits for rate windows
// with sleep instead of a timer: a test clock that moves
// (fakekit.ClockSleep in tests and the fake's harness).
func (in *Integration) WithSleep(sleep func(ctx context.Context, d time.Duration) error) *Integration {
	c := *in
	c.sleep = sleep
	return &c
}

// Field names of the API-key method.
const (
	fieldKey    = "api_key"
	fieldSecret = "api_secret"
)

func (in *Integration) method() integrations.AuthMethod {
	where := "Trading 212 app or web platform: menu → Settings → API (Beta) → Generate API key"
	if in.Paper {
		where = "Trading 212 app or web platform, switched to your Practice account: menu → Settings → API (Beta) → Generate API key"
	}
	return integrations.AuthMethod{
		Kind:  integrations.AuthAPIKey,
		Label: "API key and secret",
		Help: "Create a key in the " + where + ". Give it only the read permissions Latchkey uses: " +
			"Account data, Portfolio, History – orders, History – dividends and History – transactions; leave " +
			"Orders execute and Pies write off. You may restrict it to your IP address. The secret is shown only once. " +
			"A key belongs to one account (Invest or Stocks ISA) and one environment (" + map[bool]string{false: "live", true: "practice"}[in.Paper] + ").",
		HelpURL: keyHelpURL,
		Fields: []integrations.Field{
			{Name: fieldKey, Label: "API key", Kind: integrations.FieldSecret, HelpURL: keyHelpURL,
				Help: "The key shown in Settings → API (Beta)."},
			{Name: fieldSecret, Label: "API secret", Kind: integrations.FieldSecret, HelpURL: keyHelpURL, Optional: true,
				Help: "Shown once when the key is created. Leave empty only for an older key that has no secret."},
		},
	}
}

// Institution describes the environment.
func (in *Integration) Institution() integrations.Institution {
	inst := integrations.Broker(in.ID(), "Trading 212", "Trading 212", "GB", "https://www.trading212.com",
		"Connects one Trading 212 Invest or Stocks ISA account with an API key (read-only permissions are enough). "+
			"CFD accounts have no API. Amounts are in the account's main currency.",
		in.method())
	// Limits are per account, whatever the key or address (see doc.go);
	// a key is one account, so per grant (Broker's default). Each endpoint
	// has its own window, which the client paces itself.
	inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: liveURL}}
	if in.Paper {
		inst.DisplayName = "Trading 212 Practice"
		inst.Paper = true
		inst.Help = "Connects a Trading 212 Practice (demo) account with an API key made in the practice environment."
		inst.Endpoints = []integrations.Endpoint{{Name: "api", URL: practiceURL}}
	}
	return inst
}

// secret is what a grant keeps.
type secret struct {
	Key    string `json:"key"`
	Secret string `json:"secret,omitempty"`
	// Account is the Latchkey id of the key's account, found at login.
	Account string `json:"account,omitempty"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

// StartLogin begins an API-key login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return integrations.StartFormLogin(in.Institution(), "Trading 212", integrations.AuthAPIKey, req, in.checkKey)
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	s, err := integrations.DecodeSecret(g.Secret, "a Trading 212 key", func(s secret) bool { return s.Key != "" })
	if err != nil {
		return nil, err
	}
	return &client{api: in.newAPI(env, s, false), in: in, known: s.Account}, nil
}

// AccountID is the id Latchkey keeps for a Trading 212 account: a hash of
// the environment and the account number, so the full number is stored
// nowhere.
func AccountID(instID string, number int64) string {
	h := sha256.Sum256([]byte(instID + ":" + strconv.FormatInt(number, 10)))
	return "t212-" + hex.EncodeToString(h[:8])
}
