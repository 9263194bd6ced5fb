package saxo

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// secret is the grant's secret: the tokens, and what a refresh must send
// again (the app key, the redirect URI and the login's PKCE verifier).
type secret struct {
	integrations.AppTokens
	RefreshExpiry time.Time `json:"refresh_expiry"`
	RedirectURI   string    `json:"redirect_uri"`
	Verifier      string    `json:"code_verifier,omitempty"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Saxo login", secret.Whole)
}

// Default lifetimes when the token answer does not say.
const (
	defaultAccessLife  = 20 * time.Minute
	defaultRefreshLife = time.Hour
)

// status reads the OpenAPI's refusals by status only (bodies,
// {"ErrorCode","Message"}, may echo the request): 401 a dead token, 403 a
// permission the app or user lacks, 429 a spent limit whose wait comes
// from Retry-After or the X-RateLimit-*-Reset header of a limit with
// nothing remaining (seconds), else a minute.
func status(now func() time.Time) httpx.StatusMapper {
	s := httpx.Status{Name: "Saxo", Now: now, Statuses: map[int]error{
		http.StatusForbidden: integrations.Wrap(integrations.ErrNotSupported, "Saxo refused the request (HTTP 403): the app or the user lacks the permission"),
		http.StatusNotFound:  errors.New("saxo: not found (HTTP 404); the account may have been closed"),
	}}
	return func(resp *http.Response, body []byte) error {
		if resp.StatusCode == http.StatusTooManyRequests {
			return &integrations.RateLimitError{RetryAfter: retryAfter(resp.Header, now())}
		}
		return s.Map(resp, body)
	}
}

// retryAfter reads Retry-After, else the longest X-RateLimit-*-Reset of a
// limit with nothing remaining (Saxo's rate-limit headers), in seconds,
// else a minute (Saxo's limits are per minute and per day).
func retryAfter(h http.Header, now time.Time) time.Duration {
	if d := httpx.RetryAfter(h, now); d > 0 {
		return d
	}
	var longest time.Duration
	for k, vs := range h {
		name, ok := strings.CutPrefix(http.CanonicalHeaderKey(k), "X-Ratelimit-")
		if !ok || !strings.HasSuffix(name, "-Reset") || len(vs) == 0 {
			continue
		}
		limit := strings.TrimSuffix(name, "-Reset")
		if rem := h.Get("X-Ratelimit-" + limit + "-Remaining"); rem != "" && rem != "0" {
			continue
		}
		if secs, err := strconv.ParseFloat(strings.TrimSpace(vs[0]), 64); err == nil && secs > 0 && secs < 7*24*3600 {
			longest = max(longest, time.Duration(secs*float64(time.Second)))
		}
	}
	if longest == 0 {
		return time.Minute
	}
	return longest
}

type client struct {
	base    string // the OpenAPI's base URL
	api     *httpx.API
	auth    *httpx.API // the token endpoint
	now     func() time.Time
	red     *httpx.Redactor
	display string
	sim     bool
	tokens  *integrations.TokenSource[secret]

	mu        sync.Mutex
	clientKey string
}

func (in *Integration) newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	c := &client{base: httpx.Endpoint(env, "api", in.v.api), now: env.Time, red: httpx.RedactorOf(env.HTTP),
		display: in.v.display, sim: in.v.sim}
	c.api = &httpx.API{Name: "Saxo", Client: env.Client(), Base: c.base, Status: status(env.Time)}
	// Any refusal of a refresh means the login is over.
	c.auth = &httpx.API{Name: "Saxo", Client: env.Client(), Base: httpx.Endpoint(env, "auth", in.v.auth),
		Status: httpx.Status{Name: "Saxo", Now: env.Time, Refused: []int{400, 401, 403}}.Map}
	c.tokens = &integrations.TokenSource[secret]{Name: "Saxo", Grant: g, Secret: sec, Save: save, Now: env.Time,
		Access:  secret.Token,
		Refresh: c.refresh,
		Encode:  integrations.EncodeGrant(secret.encode, func(s secret) time.Time { return s.RefreshExpiry })}
	c.red.Add(sec.Access, sec.Refresh, sec.Verifier)
	return c
}

// refresh trades the refresh token for a new pair, as Saxo's PKCE sample
// does: grant_type, refresh_token, redirect_uri and code_verifier (and the
// client id, as RFC 6749 asks of public clients). A refresh token unused
// for its hour is known dead without asking.
func (c *client) refresh(ctx context.Context, s secret) (secret, error) {
	now := c.now()
	if !s.RefreshExpiry.IsZero() && !now.Before(s.RefreshExpiry) {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "the Saxo login ended after an hour without a sync; repair the connection to log in again")
	}
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {s.Refresh},
		"redirect_uri": {s.RedirectURI}, "client_id": {s.ClientID}}
	if s.Verifier != "" {
		form.Set("code_verifier", s.Verifier)
	}
	tokens, ans, err := httpx.RefreshApp(ctx, c.auth, httpx.Request{Method: http.MethodPost, Path: "/token", Form: form},
		s.AppTokens, now, defaultAccessLife)
	if err != nil {
		return secret{}, err
	}
	s.AppTokens = tokens
	s.RefreshExpiry = now.Add(integrations.Lifetime(ans.RefreshExpiresIn, defaultRefreshLife)).Truncate(time.Second)
	return s, nil
}

// resolve turns a path or a __next link into a URL on the API, refusing
// links to anywhere else: the bearer token goes only to the API.
func (c *client) resolve(target string) (string, error) {
	if strings.HasPrefix(target, "/") {
		return c.base + target, nil
	}
	base, err1 := url.Parse(c.base)
	u, err2 := url.Parse(target)
	if err1 != nil || err2 != nil || u.Scheme != base.Scheme || u.Host != base.Host {
		return "", integrations.Wrap(integrations.ErrUnavailable, "Saxo's next-page link points away from the API")
	}
	return u.String(), nil
}

// get fetches a path of the API (or a __next link on the API's host) and
// decodes the JSON answer into v. A refused token is renewed (and saved)
// and the request tried once more.
func (c *client) get(ctx context.Context, target string, v any) error {
	u, err := c.resolve(target)
	if err != nil {
		return err
	}
	b, err := httpx.DoWithTokens(ctx, c.api, c.tokens, httpx.Request{Path: u})
	if err != nil {
		return err
	}
	return decode(b, v)
}

// --- reads ------------------------------------------------------------------------------

type wireClient struct {
	ClientID  string `json:"ClientId"`
	ClientKey string `json:"ClientKey"`
}

func (c *client) clientInfo(ctx context.Context) (wireClient, error) {
	var w wireClient
	if err := c.get(ctx, "/port/v1/clients/me", &w); err != nil {
		return w, err
	}
	if w.ClientKey == "" || w.ClientID == "" {
		return w, errMalformed
	}
	c.mu.Lock()
	c.clientKey = w.ClientKey
	c.mu.Unlock()
	return w, nil
}

func (c *client) key(ctx context.Context) (string, error) {
	c.mu.Lock()
	k := c.clientKey
	c.mu.Unlock()
	if k != "" {
		return k, nil
	}
	w, err := c.clientInfo(ctx)
	return w.ClientKey, err
}

// maxPages bounds a list against a server that never stops.
const maxPages = 1000

// pageSize is the $top asked for.
const pageSize = 1000

// readList reads every page of a Saxo list, following __next, and maps
// each row with row.
func readList[T any](ctx context.Context, c *client, first string, row func([]byte) (T, error)) ([]T, error) {
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, next string) ([]T, string, error) {
		var env list
		if err := c.get(ctx, cmp.Or(next, first), &env); err != nil {
			return nil, "", err
		}
		if env.Data == nil {
			return nil, "", errMalformed
		}
		out := make([]T, 0, len(env.Data))
		for _, r := range env.Data {
			v, err := row(r)
			if err != nil {
				return nil, "", err
			}
			out = append(out, v)
		}
		return out, env.Next, nil
	})
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	var raw json.RawMessage
	if err := c.get(ctx, "/port/v1/accounts/me", &raw); err != nil {
		return nil, err
	}
	accts, err := decodeAccounts(raw, c.display)
	if err != nil {
		return nil, err
	}
	for i := range accts {
		accts[i].Paper = c.sim
	}
	return accts, nil
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	k, err := c.key(ctx)
	if err != nil {
		return nil, err
	}
	var raw json.RawMessage
	q := url.Values{"ClientKey": {k}, "AccountKey": {accountID}}
	if err := c.get(ctx, "/port/v1/balances?"+q.Encode(), &raw); err != nil {
		return nil, err
	}
	return decodeBalances(raw)
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	k, err := c.key(ctx)
	if err != nil {
		return nil, err
	}
	q := url.Values{"ClientKey": {k}, "AccountKey": {accountID},
		"FieldGroups": {"PositionBase,PositionView,DisplayAndFormat"}, "$top": {strconv.Itoa(pageSize)}}
	asOf := c.now().UTC()
	return readList(ctx, c, "/port/v1/positions?"+q.Encode(), func(row []byte) (integrations.Position, error) {
		return decodePosition(row, asOf)
	})
}

func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	k, err := c.key(ctx)
	if err != nil {
		return nil, err
	}
	now := c.now().UTC()
	from := since.UTC()
	if since.IsZero() || from.Before(now.AddDate(-10, 0, 0)) {
		from = now.AddDate(-10, 0, 0)
	}
	q := url.Values{"AccountKey": {accountID}, "FromDate": {from.Format(time.DateOnly)},
		"ToDate": {now.AddDate(0, 0, 1).Format(time.DateOnly)}, "$top": {strconv.Itoa(pageSize)}}
	out, err := readList(ctx, c, "/cs/v1/reports/bookings/"+url.PathEscape(k)+"?"+q.Encode(), decodeBooking)
	if err != nil {
		return nil, err
	}
	return integrations.Dedupe(out), nil
}
