package ibkrflex

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// ID is the institution id.
const ID = "ibkr-flex"

const (
	flexURL  = "https://ndcdyn.interactivebrokers.com/AccountManagement/FlexWebService"
	helpURL  = "https://www.ibkrguides.com/orgportal/performanceandstatements/flex3.htm"
	tokenURL = "https://www.ibkrguides.com/orgportal/performanceandstatements/flexweb.htm"
)

// Field names of the token method.
const (
	fieldToken   = "flex_token"
	fieldQuery   = "query_id"
	fieldExpires = "expires_on"
)

// Poll defaults: the first wait after SendRequest, the longest wait between
// polls (the waits double up to it), the whole budget for one statement, and
// the wait after "too many requests" (1018: one request a second, ten a
// minute per token).
const (
	defaultFirstPoll = 3 * time.Second
	defaultMaxPoll   = 20 * time.Second
	defaultBudget    = 3 * time.Minute
	throttleWait     = 10 * time.Second
)

// Integration is the IBKR Flex Web Service.
type Integration struct {
	// wait sleeps between polls; tests replace it with a clock that moves
	// instead of waiting. Nil means a ctx-aware timer.
	wait func(ctx context.Context, d time.Duration) error
	// firstPoll, maxPoll and budget shape the polling (zero: the defaults).
	firstPoll, maxPoll, budget time.Duration
}

// New returns the IBKR Flex integration.
func New() []integrations.Integration { return integrations.Variants(&Integration{}) }

// WithSleep returns a copy of the integration that waits between polls with
// sleep instead of a timer: a test clock that moves (fakekit.ClockSleep in
// tests and the fake's conformance harness).
func (in *Integration) WithSleep(sleep func(ctx context.Context, d time.Duration) error) integrations.Integration {
	c := *in
	c.wait = sleep
	return &c
}

func method() integrations.AuthMethod {
	return integrations.AuthMethod{
		Kind:  integrations.AuthToken,
		Label: "Flex Web Service token and query",
		Help: "In IBKR Client Portal (Portal): Performance & Reports → Flex Queries. 1) Create an Activity Flex Query " +
			"with the sections Account Information, Cash Report, Net Asset Value (NAV) in Base, Open Positions (Summary), " +
			"Trades (Executions) and Cash Transactions; format XML; period Last 365 Calendar Days; keep the default date " +
			"(yyyyMMdd) and time (HHmmss, separator ;) formats. Its Query ID is shown in the list. 2) Under Flex Web Service " +
			"Configuration, enable the service and generate a token; choose how long it lasts and, if you like, restrict it " +
			"to your IP address. The token only reads statements: it cannot trade.",
		HelpURL: helpURL,
		Fields: []integrations.Field{
			{Name: fieldToken, Label: "Flex token", Kind: integrations.FieldSecret, HelpURL: tokenURL,
				Help: "The token from Flex Web Service Configuration."},
			{Name: fieldQuery, Label: "Query ID", Kind: integrations.FieldText, HelpURL: helpURL, Placeholder: "123456",
				Help: "The number shown next to your Activity Flex Query."},
			{Name: fieldExpires, Label: "Token expires on", Kind: integrations.FieldText, Optional: true, Placeholder: "YYYY-MM-DD",
				Help: "Optional: the expiry date shown when you generated the token, so Latchkey can remind you to renew it."},
		},
	}
}

// Institution describes IBKR Flex.
func (*Integration) Institution() integrations.Institution {
	in := integrations.Broker(ID, "Interactive Brokers", "Interactive Brokers (Flex)", "global", "https://www.interactivebrokers.com",
		"Reads your Interactive Brokers accounts from an Activity Flex Query through the Flex Web Service: "+
			"balances per currency, open positions, trades and cash transactions. Statements are prepared by IBKR on "+
			"request and can take a minute; they are updated once a day, after the close. For positions and cash "+
			"during the day, add \"Interactive Brokers\" (the Web API with your own OAuth keys) as well.",
		method())
	in.Endpoints = []integrations.Endpoint{{Name: "flex", URL: flexURL}}
	// Error 1018: "too many requests have been made from this token" —
	// one a second, ten a minute, per token: per grant. The limiter
	// keeps to one a second; the polls' growing waits keep a
	// statement's requests well under ten a minute.
	in.RatePerSecond = 1
	in.RateBurst = 1
	return in
}

// secret is what a grant keeps.
type secret struct {
	Token   string `json:"token"`
	Query   string `json:"query"`
	Expires string `json:"expires,omitempty"` // YYYY-MM-DD, as entered
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

// StartLogin begins a token login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthToken {
		return nil, integrations.NoLogin("IBKR Flex", req.Method)
	}
	return in.tokenLogin(req), nil
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	s, err := integrations.DecodeSecret(g.Secret, "a Flex token", func(s secret) bool { return s.Token != "" && s.Query != "" })
	if err != nil {
		return nil, err
	}
	return &client{api: in.api(env, s)}, nil
}

// accountID is the id Latchkey keeps for an IBKR account: a hash of its
// number, so the full number is stored nowhere but in statements.
func accountID(number string) string {
	h := sha256.Sum256([]byte(ID + ":" + number))
	return "ibkr-" + hex.EncodeToString(h[:8])
}
