package trading212

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
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

// Integration is one Trading 212 environment: live or practice (demo).
type Integration struct {
	id       string
	practice bool
	// sleep waits for a rate-limit window; tests replace it with a clock
	// that moves instead of waiting.
	sleep func(ctx context.Context, d time.Duration) error
}

var _ integrations.Integration = (*Integration)(nil)

// New returns the live and the practice integrations.
func New() []integrations.Integration {
	return []integrations.Integration{&Integration{id: LiveID}, &Integration{id: PracticeID, practice: true}}
}

// Field names of the API-key method.
const (
	fieldKey    = "api_key"
	fieldSecret = "api_secret"
)

func (in *Integration) method() integrations.AuthMethod {
	where := "Trading 212 app or web platform: menu → Settings → API (Beta) → Generate API key"
	if in.practice {
		where = "Trading 212 app or web platform, switched to your Practice account: menu → Settings → API (Beta) → Generate API key"
	}
	return integrations.AuthMethod{
		Kind:  integrations.AuthAPIKey,
		Label: "API key and secret",
		Help: "Create a key in the " + where + ". Give it only the read permissions Latchkey uses: " +
			"Account data, Portfolio, History – orders, History – dividends and History – transactions; leave " +
			"Orders execute and Pies write off. You may restrict it to your IP address. The secret is shown only once. " +
			"A key belongs to one account (Invest or Stocks ISA) and one environment (" + map[bool]string{false: "live", true: "practice"}[in.practice] + ").",
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
	inst := integrations.Institution{
		ID:           in.id,
		Name:         "Trading 212",
		DisplayName:  "Trading 212",
		Region:       "GB",
		Kind:         integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{in.method()},
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions},
		Help: "Connects one Trading 212 Invest or Stocks ISA account with an API key (read-only permissions are enough). " +
			"CFD accounts have no API. Amounts are in the account's main currency.",
		Website:   "https://www.trading212.com",
		Monogram:  in.id,
		Endpoints: []integrations.Endpoint{{Name: "api", URL: liveURL}},
	}
	if in.practice {
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

// StartLogin begins an API-key login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthAPIKey {
		return nil, integrations.Wrap(integrations.ErrNotSupported, "Trading 212 connects with an API key")
	}
	return &login{in: in, env: req.Env, values: req.Values}, nil
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, _ integrations.SaveFunc) (integrations.Client, error) {
	var s secret
	if err := json.Unmarshal(g.Secret, &s); err != nil || s.Key == "" {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved Trading 212 key is unreadable")
	}
	return &client{api: in.api(env, s), in: in, known: s.Account}, nil
}

func (in *Integration) api(env integrations.Env, s secret) *api {
	httpx.RedactorOf(env.HTTP).Add(s.Key, s.Secret)
	sleep := in.sleep
	if sleep == nil {
		sleep = sleepCtx
	}
	return &api{base: strings.TrimRight(env.URL("api"), "/"), http: env.Client(), now: env.Time, sleep: sleep,
		key: s, limits: map[string]limitState{}}
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

// accountID is the id Latchkey keeps for a Trading 212 account: a hash of
// the environment and the account number, so the full number is stored
// nowhere.
func accountID(instID string, number int64) string {
	h := sha256.Sum256([]byte(instID + ":" + strconv.FormatInt(number, 10)))
	return "t212-" + hex.EncodeToString(h[:8])
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
	m := l.in.method()
	return &integrations.FormStep{Title: "Connect " + l.in.Institution().DisplayName, Message: m.Help, Fields: m.Fields}
}

func (l *login) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	l.mu.Lock()
	started, over := l.started, l.over
	l.started = true
	l.mu.Unlock()
	if over {
		return nil, errLoginOver
	}
	vals := a.Values
	if !started {
		if strings.TrimSpace(l.values[fieldKey]) == "" {
			return l.form(), nil
		}
		vals = l.values
	}
	s := secret{Key: strings.TrimSpace(vals[fieldKey]), Secret: strings.TrimSpace(vals[fieldSecret])}
	if s.Key == "" {
		return l.form(), integrations.Wrap(integrations.ErrInvalidCredentials, "enter the API key")
	}
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

// validate reads the account summary and one row of each list Latchkey
// reads, so a key without a permission is refused now rather than at the
// first sync. Each is a different endpoint with its own rate limit.
func (l *login) validate(ctx context.Context, s secret) (*integrations.DoneStep, error) {
	a := l.in.api(l.env, s)
	a.login = true
	sum, err := a.summary(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range []string{pathPositions, pathOrders + "?limit=1", pathDividends + "?limit=1", pathTransactions + "?limit=1"} {
		if _, err := a.get(ctx, p); err != nil {
			return nil, err
		}
	}
	acct := sum.account(l.in)
	s.Account = acct.ID
	return &integrations.DoneStep{
		Grant: integrations.Grant{Method: integrations.AuthAPIKey, Secret: mustJSON(s),
			Fingerprint: integrations.Fingerprint(l.in.id, strconv.FormatInt(sum.ID, 10))},
		Accounts: []integrations.Account{acct},
	}, nil
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

func (l *login) end() {
	l.mu.Lock()
	l.over = true
	l.mu.Unlock()
}

// Paste is not part of an API-key login.
func (l *login) Paste(string) error {
	return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in an API-key login")
}

// Close ends the login.
func (l *login) Close() error {
	l.end()
	return nil
}
