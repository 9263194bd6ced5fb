package tastytrade

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// secret is the grant's secret: the tokens and the application secret a
// refresh needs.
type secret struct {
	Access       string    `json:"access_token,omitempty"`
	Refresh      string    `json:"refresh_token"`
	AccessExpiry time.Time `json:"access_expiry,omitzero"`
	ClientID     string    `json:"client_id,omitempty"`
	ClientSecret string    `json:"client_secret"`
}

func (s secret) encode() []byte {
	b, _ := json.Marshal(s)
	return b
}

func decodeSecret(b []byte) (secret, error) {
	var s secret
	if err := json.Unmarshal(b, &s); err != nil || s.Refresh == "" {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "the saved login is not a tastytrade login")
	}
	return s, nil
}

// headerTransport sets tastytrade's required headers on every request.
type headerTransport struct {
	next    http.RoundTripper
	version string // Accept-Version, production only
}

func (t headerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", UserAgent)
	if t.version != "" {
		r.Header.Set("Accept-Version", t.version)
	}
	return t.next.RoundTrip(r)
}

// userAgentClient wraps base so every request, the OAuth library's token
// requests included, carries the headers tastytrade requires.
func userAgentClient(base *http.Client, v variant) *http.Client {
	c := *base
	next := base.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	t := headerTransport{next: next}
	if !v.sandbox {
		t.version = AcceptVersion
	}
	c.Transport = t
	return &c
}

type client struct {
	api  string
	http *http.Client
	now  func() time.Time
	save integrations.SaveFunc
	red  *httpx.Redactor
	// paper marks the accounts of the sandbox.
	paper bool

	mu      sync.Mutex
	grant   integrations.Grant
	sec     secret
	pending *secret
	numbers map[string]string // Latchkey account id → account number
}

func (in *Integration) newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	c := &client{api: endpoint(env, "api", in.v.api), http: userAgentClient(env.Client(), in.v), now: env.Time,
		save: save, red: httpx.RedactorOf(env.HTTP), paper: in.v.sandbox, grant: g, sec: sec, numbers: map[string]string{}}
	c.red.Add(sec.Access, sec.Refresh, sec.ClientSecret)
	return c
}

const refreshMargin = time.Minute

func expiresIn(secs int64) time.Duration {
	if secs <= 0 {
		return 15 * time.Minute
	}
	return time.Duration(secs) * time.Second
}

// accessToken returns the access token to use; with stale set (the token a
// request was refused with) it refreshes unless another call already did.
// A new access token is saved before it is used.
func (c *client) accessToken(ctx context.Context, stale string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending != nil {
		if err := c.persist(ctx, *c.pending); err != nil {
			return "", err
		}
		c.sec, c.pending = *c.pending, nil
	}
	now := c.now()
	due := c.sec.Access == "" || !now.Before(c.sec.AccessExpiry.Add(-refreshMargin))
	if !due && (stale == "" || stale != c.sec.Access) {
		return c.sec.Access, nil
	}
	next, err := c.refresh(ctx, now)
	if err != nil {
		return "", err
	}
	if err := c.persist(ctx, next); err != nil {
		p := next
		c.pending = &p
		return "", err
	}
	c.sec = next
	return c.sec.Access, nil
}

func (c *client) persist(ctx context.Context, s secret) error {
	g := c.grant
	g.Secret = s.encode()
	if c.save != nil {
		if err := c.save(ctx, g); err != nil {
			return fmt.Errorf("tastytrade: saving the refreshed login: %w", err)
		}
	}
	c.grant = g
	return nil
}

// refresh trades the refresh token for an access token with the JSON body
// tastytrade takes. Any refusal means the grant is dead.
func (c *client) refresh(ctx context.Context, now time.Time) (secret, error) {
	body, _ := json.Marshal(map[string]string{"grant_type": "refresh_token", "refresh_token": c.sec.Refresh,
		"client_secret": c.sec.ClientSecret})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.api+"/oauth/token", bytes.NewReader(body))
	if err != nil {
		return secret{}, errors.New("tastytrade: could not build the token request")
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := httpx.Do(c.http, req)
	if err != nil {
		return secret{}, httpx.TransportError(ctx, err, "tastytrade")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return secret{}, ctx.Err()
		}
		return secret{}, integrations.Wrap(integrations.ErrUnavailable, "tastytrade's token answer was cut short")
	}
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		return secret{}, &integrations.RateLimitError{RetryAfter: httpx.RetryAfter(resp.Header, now)}
	case s >= 500:
		return secret{}, integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("tastytrade's token endpoint answered HTTP %d", s))
	case s >= 400:
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, fmt.Sprintf("tastytrade refused the refresh grant (HTTP %d)", s))
	}
	var t struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
		ExpiresIn    int64  `json:"expires_in"`
	}
	if json.Unmarshal(b, &t) != nil || t.AccessToken == "" {
		return secret{}, errMalformed
	}
	next := c.sec
	next.Access, next.AccessExpiry = t.AccessToken, now.Add(expiresIn(t.ExpiresIn))
	if t.RefreshToken != "" {
		next.Refresh = t.RefreshToken
	}
	c.red.Add(next.Access, next.Refresh)
	return next, nil
}

// get fetches path and returns the answer's "data". A refused access token
// is refreshed and the request tried once more.
func (c *client) get(ctx context.Context, path string, q url.Values) (*envelope, error) {
	tok, err := c.accessToken(ctx, "")
	if err != nil {
		return nil, err
	}
	b, err := c.call(ctx, tok, path, q)
	if errors.Is(err, integrations.ErrReauthRequired) {
		if tok, err = c.accessToken(ctx, tok); err != nil {
			return nil, err
		}
		b, err = c.call(ctx, tok, path, q)
	}
	if err != nil {
		return nil, err
	}
	return decodeEnvelope(b)
}

func (c *client) call(ctx context.Context, tok, path string, q url.Values) ([]byte, error) {
	u := c.api + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, errors.New("tastytrade: could not build a request")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := httpx.Do(c.http, req)
	if err != nil {
		return nil, httpx.TransportError(ctx, err, "tastytrade")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(err, httpx.ErrResponseTooLarge) {
			return nil, httpx.ErrResponseTooLarge
		}
		return nil, integrations.Wrap(integrations.ErrUnavailable, "tastytrade's answer was cut short")
	}
	if resp.StatusCode >= 300 {
		return nil, mapStatus(resp, c.now())
	}
	return b, nil
}

// mapStatus maps an error answer by its status only: bodies may echo the
// request.
func mapStatus(resp *http.Response, now time.Time) error {
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		return &integrations.RateLimitError{RetryAfter: httpx.RetryAfter(resp.Header, now)}
	case s == http.StatusUnauthorized:
		return integrations.Wrap(integrations.ErrReauthRequired, "tastytrade no longer accepts this login (HTTP 401)")
	case s == http.StatusForbidden:
		return errors.New("tastytrade: this login may not read the account (HTTP 403)")
	case s == http.StatusNotFound:
		return errors.New("tastytrade: not found (HTTP 404)")
	case s >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("tastytrade answered HTTP %d", s))
	default:
		return httpx.StatusError(resp)
	}
}

// --- reads ---------------------------------------------------------------------------

// accounts reads the login's accounts and remembers their numbers.
func (c *client) accounts(ctx context.Context) ([]integrations.Account, []string, error) {
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
	}
	c.mu.Lock()
	for _, n := range numbers {
		c.numbers[accountID(n)] = n
		c.red.Add(n)
	}
	c.mu.Unlock()
	return accts, numbers, nil
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	accts, _, err := c.accounts(ctx)
	return accts, err
}

// number maps a Latchkey account id back to the account number, reading the
// accounts once if it is not known yet.
func (c *client) number(ctx context.Context, id string) (string, error) {
	c.mu.Lock()
	n, ok := c.numbers[id]
	c.mu.Unlock()
	if ok {
		return n, nil
	}
	if _, _, err := c.accounts(ctx); err != nil {
		return "", err
	}
	c.mu.Lock()
	n, ok = c.numbers[id]
	c.mu.Unlock()
	if !ok {
		return "", errors.New("tastytrade: no such account in this login")
	}
	return n, nil
}

func accountPath(number, list string) string {
	return "/accounts/" + url.PathEscape(number) + "/" + list
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	n, err := c.number(ctx, accountID)
	if err != nil {
		return nil, err
	}
	env, err := c.get(ctx, accountPath(n, "balances"), nil)
	if err != nil {
		return nil, err
	}
	return decodeBalances(env)
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	n, err := c.number(ctx, accountID)
	if err != nil {
		return nil, err
	}
	env, err := c.get(ctx, accountPath(n, "positions"), nil)
	if err != nil {
		return nil, err
	}
	return decodePositions(env, c.now().UTC())
}

// perPage is the page size asked for (tastyware's default and maximum).
const perPage = 250

const maxPages = 1000

func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	n, err := c.number(ctx, accountID)
	if err != nil {
		return nil, err
	}
	q := url.Values{"per-page": {strconv.Itoa(perPage)}, "sort": {"Asc"}}
	if !since.IsZero() {
		q.Set("start-date", since.UTC().Format(time.DateOnly))
	}
	var out []integrations.Activity
	seen := map[string]bool{}
	for page := 0; page < maxPages; page++ {
		q.Set("page-offset", strconv.Itoa(page))
		env, err := c.get(ctx, accountPath(n, "transactions"), q)
		if err != nil {
			return nil, err
		}
		acts, err := decodeTransactions(env)
		if err != nil {
			return nil, err
		}
		for _, a := range acts {
			if !seen[a.ID] {
				seen[a.ID] = true
				out = append(out, a)
			}
		}
		if env.Pagination == nil || page >= env.Pagination.TotalPages-1 || len(acts) == 0 {
			return out, nil
		}
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "tastytrade's transaction list did not end")
}
