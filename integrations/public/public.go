package public

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// ID is the institution id.
const ID = "public"

const (
	apiURL     = "https://api.public.com"
	keyHelpURL = "https://public.com/api/docs/quickstart"
	fieldKey   = "secret_key"
)

// tokenValidity is how long each access token Latchkey mints lives (the API
// allows 5 to 1440 minutes).
const tokenValidity = 60 * time.Minute

// Integration is Public.com.
type Integration struct{}

var _ integrations.Integration = (*Integration)(nil)

// New returns the Public.com integration.
func New() []integrations.Integration { return []integrations.Integration{&Integration{}} }

func method() integrations.AuthMethod {
	return integrations.AuthMethod{
		Kind:  integrations.AuthAPIKey,
		Label: "Secret key",
		Help: "On public.com open Settings → Security → API (the \"API\" page of your account settings) and generate a " +
			"secret key; copy it, it is shown once. Latchkey exchanges it for short-lived access tokens and only " +
			"reads accounts, portfolios and history; it never places orders.",
		HelpURL: keyHelpURL,
		Fields: []integrations.Field{{Name: fieldKey, Label: "Secret key", Kind: integrations.FieldSecret, HelpURL: keyHelpURL,
			Help: "The personal secret key from your Public account settings."}},
	}
}

// Institution describes Public.com.
func (*Integration) Institution() integrations.Institution {
	return integrations.Institution{
		ID:           ID,
		Name:         "Public",
		DisplayName:  "Public.com",
		Region:       "US",
		Kind:         integrations.KindBroker,
		AuthMethods:  []integrations.AuthMethod{method()},
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions},
		Help: "Connects every Public.com account of your login (brokerage, IRAs, high-yield cash) with a personal secret " +
			"key made in your account settings.",
		Website:   "https://public.com",
		Monogram:  ID,
		Endpoints: []integrations.Endpoint{{Name: "api", URL: apiURL}},
	}
}

// secret is what a grant keeps: the personal secret and the access token
// last minted from it, so a restart does not need a new one.
type secret struct {
	Secret       string    `json:"secret"`
	Access       string    `json:"access_token,omitempty"`
	AccessExpiry time.Time `json:"access_expiry,omitzero"`
}

func (s secret) encode() []byte {
	b, _ := json.Marshal(s)
	return b
}

// StartLogin begins a secret-key login.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	if req.Method != integrations.AuthAPIKey {
		return nil, integrations.Wrap(integrations.ErrNotSupported, "Public.com connects with a secret key")
	}
	return &login{env: req.Env, values: req.Values}, nil
}

// NewClient builds a client from a grant.
func (in *Integration) NewClient(_ context.Context, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) (integrations.Client, error) {
	var s secret
	if err := json.Unmarshal(g.Secret, &s); err != nil || s.Secret == "" {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "the saved Public.com key is unreadable")
	}
	a := newAPI(env)
	httpx.RedactorOf(env.HTTP).Add(s.Secret, s.Access)
	return &client{api: a, grant: g, sec: s, save: save, ids: map[string]string{}}, nil
}

func newAPI(env integrations.Env) *api {
	return &api{base: strings.TrimRight(env.URL("api"), "/"), http: env.Client(), now: env.Time}
}

// accountID is the id Latchkey keeps for a Public account: a hash of its
// number, so the full number is stored nowhere but the grant.
func accountID(number string) string {
	h := sha256.Sum256([]byte(ID + ":" + number))
	return "pub-" + hex.EncodeToString(h[:8])
}

// --- Login ------------------------------------------------------------------

var errLoginOver = integrations.ErrLoginOver

type login struct {
	env    integrations.Env
	values map[string]string

	mu      sync.Mutex
	started bool
	over    bool
}

func (l *login) form() *integrations.FormStep {
	m := method()
	return &integrations.FormStep{Title: "Connect Public.com", Message: m.Help, Fields: m.Fields}
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
		if strings.TrimSpace(l.values[fieldKey]) == "" {
			return l.form(), nil
		}
		v = l.values
	}
	key := strings.TrimSpace(v[fieldKey])
	if len(key) < 5 {
		return l.form(), integrations.Wrap(integrations.ErrInvalidCredentials, "enter the secret key")
	}
	done, err := l.validate(ctx, key)
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

// validate mints an access token and lists the accounts with it.
func (l *login) validate(ctx context.Context, key string) (*integrations.DoneStep, error) {
	a := newAPI(l.env)
	httpx.RedactorOf(l.env.HTTP).Add(key)
	tok, err := a.mint(ctx, key, true)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(l.env.HTTP).Add(tok)
	now := a.now()
	b, err := a.get(ctx, tok, pathAccounts, nil)
	if err != nil {
		return nil, err
	}
	accts, numbers, err := decodeAccounts(b)
	if err != nil {
		return nil, err
	}
	if len(accts) == 0 {
		return nil, integrations.Wrap(integrations.ErrNotSupported, "this Public.com login has no accounts")
	}
	sec := secret{Secret: key, Access: tok, AccessExpiry: now.Add(tokenValidity)}
	return &integrations.DoneStep{
		Grant: integrations.Grant{Method: integrations.AuthAPIKey, Secret: sec.encode(),
			Fingerprint: fingerprint(numbers)},
		Accounts: accts,
	}, nil
}

// fingerprint names the login by its oldest account (the lowest number),
// which stays when the user opens another account later.
func fingerprint(numbers []string) string {
	low := ""
	for _, n := range numbers {
		if low == "" || n < low {
			low = n
		}
	}
	return integrations.Fingerprint(ID, low)
}

func (l *login) end() {
	l.mu.Lock()
	l.over = true
	l.mu.Unlock()
}

// Paste is not part of a secret-key login.
func (l *login) Paste(string) error {
	return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in a secret-key login")
}

// Close ends the login.
func (l *login) Close() error {
	l.end()
	return nil
}
