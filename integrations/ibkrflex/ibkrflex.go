package ibkrflex

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
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

var _ integrations.Integration = (*Integration)(nil)

// New returns the IBKR Flex integration.
func New() []integrations.Integration { return []integrations.Integration{&Integration{}} }

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
	return integrations.Institution{
		ID:           ID,
		Name:         "Interactive Brokers",
		DisplayName:  "Interactive Brokers (Flex)",
		Region:       "global",
		Kind:         integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{method()},
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions},
		Help: "Reads your Interactive Brokers accounts from an Activity Flex Query through the Flex Web Service: " +
			"balances per currency, open positions, trades and cash transactions. Statements are prepared by IBKR on " +
			"request and can take a minute; they are updated once a day, after the close. For positions and cash " +
			"during the day, add \"Interactive Brokers\" (the Web API with your own OAuth keys) as well.",
		Website:   "https://www.interactivebrokers.com",
		Monogram:  ID,
		Endpoints: []integrations.Endpoint{{Name: "flex", URL: flexURL}},
	}
}

// secret is what a grant keeps.
type secret struct {
	Token   string `json:"token"`
	Query   string `json:"query"`
	Expires string `json:"expires,omitempty"` // YYYY-MM-DD, as entered
}

// StartLogin begins a token login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthToken {
		return nil, integrations.Wrap(integrations.ErrNotSupported, "IBKR Flex connects with a Flex token and query id")
	}
	return &login{in: in, env: req.Env, values: req.Values}, nil
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	var s secret
	if err := json.Unmarshal(g.Secret, &s); err != nil || s.Token == "" || s.Query == "" {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved Flex token is unreadable")
	}
	return &client{api: in.api(env, s)}, nil
}

func (in *Integration) api(env integrations.Env, s secret) *api {
	httpx.RedactorOf(env.HTTP).Add(s.Token)
	a := &api{base: strings.TrimRight(env.URL("flex"), "/"), http: env.Client(), now: env.Time, sec: s,
		wait: in.wait, firstPoll: in.firstPoll, maxPoll: in.maxPoll, budget: in.budget}
	if a.wait == nil {
		a.wait = sleepCtx
	}
	if a.firstPoll <= 0 {
		a.firstPoll = defaultFirstPoll
	}
	if a.maxPoll <= 0 {
		a.maxPoll = defaultMaxPoll
	}
	if a.budget <= 0 {
		a.budget = defaultBudget
	}
	return a
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// accountID is the id Latchkey keeps for an IBKR account: a hash of its
// number, so the full number is stored nowhere but in statements.
func accountID(number string) string {
	h := sha256.Sum256([]byte(ID + ":" + number))
	return "ibkr-" + hex.EncodeToString(h[:8])
}

// --- Login ------------------------------------------------------------------

var errLoginOver = integrations.ErrLoginOver

type login struct {
	in     *Integration
	env    integrations.Env
	values map[string]string

	mu      sync.Mutex
	started bool
	over    bool
}

func (l *login) form() *integrations.FormStep {
	m := method()
	return &integrations.FormStep{Title: "Connect Interactive Brokers (Flex)", Message: m.Help, Fields: m.Fields}
}

func (l *login) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	l.mu.Lock()
	started, over := l.started, l.over
	l.started = true
	l.mu.Unlock()
	if over {
		return nil, errLoginOver
	}
	v := a.Values
	if !started {
		if strings.TrimSpace(l.values[fieldToken]) == "" || strings.TrimSpace(l.values[fieldQuery]) == "" {
			return l.form(), nil
		}
		v = l.values
	}
	s := secret{Token: strings.TrimSpace(v[fieldToken]), Query: strings.TrimSpace(v[fieldQuery]), Expires: strings.TrimSpace(v[fieldExpires])}
	done, err := l.validate(ctx, s)
	if err != nil {
		if errors.Is(err, integrations.ErrInvalidCredentials) {
			return l.form(), err
		}
		l.end()
		return nil, err
	}
	l.end()
	return done, nil
}

// expiry is the end of the day the token expires on (UTC), zero when not
// given.
func expiry(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, integrations.Wrap(integrations.ErrInvalidCredentials, "write the token's expiry date as YYYY-MM-DD, or leave it empty")
	}
	return d.AddDate(0, 0, 1), nil
}

// validate fetches one statement with the token and query.
func (l *login) validate(ctx context.Context, s secret) (*integrations.DoneStep, error) {
	if s.Token == "" || s.Query == "" {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "enter the Flex token and the query id")
	}
	exp, err := expiry(s.Expires)
	if err != nil {
		return nil, err
	}
	a := l.in.api(l.env, s)
	if !exp.IsZero() && !exp.After(a.now()) {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "that token has already expired: generate a new one")
	}
	a.login = true
	st, err := a.statement(ctx)
	if err != nil {
		return nil, err
	}
	accts := st.accounts()
	if len(accts) == 0 {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the query's statement names no account: add the Account Information section")
	}
	numbers := make([]string, 0, len(st.Statements))
	for _, x := range st.Statements {
		numbers = append(numbers, x.number())
	}
	sort.Strings(numbers)
	b, _ := json.Marshal(s)
	return &integrations.DoneStep{
		Grant:    integrations.Grant{Method: integrations.AuthToken, Secret: b, Expiry: exp, Fingerprint: integrations.Fingerprint(ID, numbers...)},
		Accounts: accts,
	}, nil
}

func (l *login) end() {
	l.mu.Lock()
	l.over = true
	l.mu.Unlock()
}

// Paste is not part of a token login.
func (l *login) Paste(string) error {
	return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in a Flex token login")
}

// Close ends the login.
func (l *login) Close() error {
	l.end()
	return nil
}
