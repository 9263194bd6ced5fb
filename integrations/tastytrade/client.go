package tastytrade

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// secret is the grant's secret: the tokens and the application secret a
// refresh needs (a pasted refresh grant starts without an access token, and
// without the client id when Settings has none).
type secret struct{ integrations.AppTokens }

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a tastytrade login", func(s secret) bool { return s.Refresh != "" })
}

// headers are tastytrade's required headers: a User-Agent of the form
// <product>/<version> (nginx refuses others) and, in production, the API
// version pinned.
func (v variant) headers() http.Header {
	h := http.Header{"User-Agent": {UserAgent}}
	if !v.sandbox {
		h.Set("Accept-Version", AcceptVersion)
	}
	return h
}

// headerTransport sets the variant's headers on every request: the OAuth
// library's code exchange cannot be given headers otherwise.
type headerTransport struct {
	next http.RoundTripper
	h    http.Header
}

func (t headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	for k, vs := range t.h {
		r.Header[k] = vs
	}
	return t.next.RoundTrip(r)
}

// userAgentClient wraps base so every request carries the variant's headers.
func userAgentClient(base *http.Client, v variant) *http.Client {
	c := *base
	next := base.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	c.Transport = headerTransport{next: next, h: v.headers()}
	return &c
}

// newAPI is the Open API's HTTP side: 401 a dead token, 403 an account this
// login may not read, 429 with its Retry-After (tastytrade publishes no
// limits), errors {"error":{"code","message"}} never quoted.
func (in *Integration) newAPI(env integrations.Env) *httpx.API {
	status := httpx.Status{Name: "tastytrade", Now: env.Time, Statuses: map[int]error{
		http.StatusForbidden: errors.New("tastytrade: this login may not read the account (HTTP 403)"),
		http.StatusNotFound:  errors.New("tastytrade: not found (HTTP 404)"),
	}}
	return &httpx.API{Name: "tastytrade", Client: env.Client(), Base: httpx.Endpoint(env, "api", in.v.api),
		Header: in.v.headers(), Status: status.Map}
}

type client struct {
	api    *httpx.API
	now    func() time.Time
	red    *httpx.Redactor
	paper  bool // the sandbox's accounts are paper
	tokens *integrations.TokenSource[secret]

	integrations.AccountBook[string] // Accounts; Latchkey account id → account number
}

func (in *Integration) newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	c := &client{api: in.newAPI(env), now: env.Time, red: httpx.RedactorOf(env.HTTP), paper: in.v.sandbox}
	c.AccountBook.Read, c.AccountBook.NotFound = c.accountList, integrations.NoAccount("tastytrade")
	c.tokens = &integrations.TokenSource[secret]{Name: "tastytrade", Grant: g, Secret: sec, Save: save, Now: env.Time,
		Access:  secret.Token,
		Refresh: c.refresh,
		Encode:  integrations.EncodeGrant(secret.encode, nil)}
	c.red.Add(sec.Access, sec.Refresh, sec.ClientSecret)
	return c
}

// accessLife is an access token's life when the answer does not say.
const accessLife = 15 * time.Minute

// refresh trades the refresh token for an access token with the JSON body
// tastytrade's SDKs send: grant_type, refresh_token, client_secret and the
// scope (tastytrade-api-js lib/services/tastytrade-http-client.ts). Any
// refusal means the grant is dead.
func (c *client) refresh(ctx context.Context, s secret) (secret, error) {
	refused := httpx.Status{Name: "tastytrade", Now: c.now, Refused: []int{400, 401, 403}}.Map
	tokens, _, err := httpx.RefreshApp(ctx, c.api, httpx.Request{Method: http.MethodPost, Path: "/oauth/token", Status: refused,
		JSON: map[string]string{"grant_type": "refresh_token", "refresh_token": s.Refresh, "client_secret": s.ClientSecret, "scope": "read"}},
		s.AppTokens, c.now(), accessLife)
	if err != nil {
		return secret{}, err
	}
	return secret{tokens}, nil
}

// get fetches path and returns the answer's envelope. A refused access
// token is refreshed (and saved) and the request tried once more.
func (c *client) get(ctx context.Context, path string, q url.Values) (*envelope, error) {
	b, err := httpx.DoWithTokens(ctx, c.api, c.tokens, httpx.Request{Path: path, Query: q})
	if err != nil {
		return nil, err
	}
	return decodeEnvelope(b)
}

// --- reads ---------------------------------------------------------------------------

// accountList reads the login's accounts and their numbers.
func (c *client) accountList(ctx context.Context) ([]integrations.Account, []string, error) {
	env, err := c.get(ctx, "/customers/me/accounts", nil)
	if err != nil {
		return nil, nil, err
	}
	accts, numbers, err := decodeAccounts(env)
	if err != nil {
		return nil, nil, err
	}
	for i := range accts {
		accts[i].Paper = c.paper
		c.red.Add(numbers[i])
	}
	return accts, numbers, nil
}

// path returns /accounts/{number}/{list} for a Latchkey account id, reading
// the accounts once if it is not known yet.
func (c *client) path(ctx context.Context, id, list string) (string, error) {
	n, err := c.AccountBook.Lookup(ctx, id)
	if err != nil {
		return "", err
	}
	return integrations.AccountPath("/accounts/", n, list), nil
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	p, err := c.path(ctx, accountID, "balances")
	if err != nil {
		return nil, err
	}
	env, err := c.get(ctx, p, nil)
	if err != nil {
		return nil, err
	}
	return decodeBalances(env)
}

// Positions reads the account's positions with include-marks=true: without
// it the API gives only the previous close (tastyware/tastytrade
// account.py get_positions, "include current quote mark").
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	p, err := c.path(ctx, accountID, "positions")
	if err != nil {
		return nil, err
	}
	env, err := c.get(ctx, p, url.Values{"include-marks": {"true"}})
	if err != nil {
		return nil, err
	}
	return decodePositions(env, c.now().UTC())
}

// perPage is the page size asked for (tastyware's default and maximum).
const perPage = 250

const maxPages = 1000

func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	p, err := c.path(ctx, accountID, "transactions")
	if err != nil {
		return nil, err
	}
	q := url.Values{"per-page": {strconv.Itoa(perPage)}, "sort": {"Asc"}}
	if !since.IsZero() {
		q.Set("start-date", since.UTC().Format(time.DateOnly))
	}
	out, err := integrations.ReadNumbered(ctx, maxPages, 0, func(ctx context.Context, page int) ([]integrations.Activity, bool, error) {
		q.Set("page-offset", strconv.Itoa(page))
		env, err := c.get(ctx, p, q)
		if err != nil {
			return nil, false, err
		}
		acts, err := decodeTransactions(env)
		return acts, env.Pagination != nil && page < env.Pagination.TotalPages-1 && len(acts) > 0, err
	})
	if err != nil {
		return nil, err
	}
	return integrations.Dedupe(out), nil
}
