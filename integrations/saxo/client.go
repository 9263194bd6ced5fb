package saxo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
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
	Access        string    `json:"access_token"`
	Refresh       string    `json:"refresh_token"`
	AccessExpiry  time.Time `json:"access_expiry"`
	RefreshExpiry time.Time `json:"refresh_expiry"`
	ClientID      string    `json:"client_id"`
	RedirectURI   string    `json:"redirect_uri"`
	Verifier      string    `json:"code_verifier,omitempty"`
}

func (s secret) encode() []byte {
	b, _ := json.Marshal(s)
	return b
}

func decodeSecret(b []byte) (secret, error) {
	var s secret
	if err := json.Unmarshal(b, &s); err != nil || s.Access == "" || s.Refresh == "" || s.ClientID == "" {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "the saved login is not a Saxo login")
	}
	return s, nil
}

type client struct {
	api, tokenURL string
	http          *http.Client
	now           func() time.Time
	save          integrations.SaveFunc
	red           *httpx.Redactor
	display       string

	mu        sync.Mutex
	grant     integrations.Grant
	sec       secret
	pending   *secret
	clientKey string
}

func (in *Integration) newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	c := &client{
		api: endpoint(env, "api", in.v.api), tokenURL: endpoint(env, "auth", in.v.auth) + "/token",
		http: env.Client(), now: env.Time, save: save, red: httpx.RedactorOf(env.HTTP), display: in.v.display,
		grant: g, sec: sec,
	}
	c.red.Add(sec.Access, sec.Refresh, sec.Verifier)
	return c
}

const refreshMargin = time.Minute

// accessToken returns the access token to use; with stale set (the token a
// request was refused with) it refreshes unless another call already did.
// A rotated pair is saved before it is used.
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
	due := !now.Before(c.sec.AccessExpiry.Add(-refreshMargin))
	if !due && (stale == "" || stale != c.sec.Access) {
		return c.sec.Access, nil
	}
	if !c.sec.RefreshExpiry.IsZero() && !now.Before(c.sec.RefreshExpiry) {
		return "", integrations.Wrap(integrations.ErrReauthRequired, "the Saxo login ended after an hour without a sync; repair the connection to log in again")
	}
	next, err := c.refresh(ctx, now)
	if err != nil {
		return "", err
	}
	c.red.Add(next.Access, next.Refresh)
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
	g.Expiry = s.RefreshExpiry
	if c.save != nil {
		if err := c.save(ctx, g); err != nil {
			return fmt.Errorf("saxo: saving the renewed login: %w", err)
		}
	}
	c.grant = g
	return nil
}

type tokenAnswer struct {
	AccessToken           string `json:"access_token"`
	RefreshToken          string `json:"refresh_token"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
	Error                 string `json:"error"`
}

// refresh trades the refresh token for a new pair, as Saxo's PKCE sample
// does: grant_type, refresh_token, redirect_uri and code_verifier (and the
// client id, as RFC 6749 asks of public clients). Any refusal means the
// login is over.
func (c *client) refresh(ctx context.Context, now time.Time) (secret, error) {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {c.sec.Refresh},
		"redirect_uri": {c.sec.RedirectURI}, "client_id": {c.sec.ClientID}}
	if c.sec.Verifier != "" {
		form.Set("code_verifier", c.sec.Verifier)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return secret{}, errors.New("saxo: could not build the token request")
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := httpx.Do(c.http, req)
	if err != nil {
		return secret{}, httpx.TransportError(ctx, err, "Saxo")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return secret{}, ctx.Err()
		}
		return secret{}, integrations.Wrap(integrations.ErrUnavailable, "Saxo's token answer was cut short")
	}
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		return secret{}, &integrations.RateLimitError{RetryAfter: retryAfter(resp.Header, now)}
	case s >= 500:
		return secret{}, integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Saxo's token endpoint answered HTTP %d", s))
	case s >= 400:
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, fmt.Sprintf("Saxo refused to renew the login (HTTP %d)", s))
	}
	var t tokenAnswer
	if json.Unmarshal(b, &t) != nil || t.AccessToken == "" {
		return secret{}, errMalformed
	}
	next := c.sec
	next.Access = t.AccessToken
	if t.RefreshToken != "" {
		next.Refresh = t.RefreshToken
	}
	next.AccessExpiry = now.Add(expiresIn(t.ExpiresIn, defaultAccessLife))
	next.RefreshExpiry = now.Add(expiresIn(t.RefreshTokenExpiresIn, defaultRefreshLife)).Truncate(time.Second)
	return next, nil
}

// get fetches a path of the API (or a __next link on the API's host) and
// decodes the JSON answer into v. A refused token is renewed and the request
// tried once more.
func (c *client) get(ctx context.Context, target string, v any) error {
	tok, err := c.accessToken(ctx, "")
	if err != nil {
		return err
	}
	b, err := c.call(ctx, tok, target)
	if errors.Is(err, integrations.ErrReauthRequired) {
		if tok, err = c.accessToken(ctx, tok); err != nil {
			return err
		}
		b, err = c.call(ctx, tok, target)
	}
	if err != nil {
		return err
	}
	return decodeJSON(b, v)
}

// resolve turns a path or a __next link into a URL on the API, refusing
// links to anywhere else: the bearer token goes only to the API.
func (c *client) resolve(target string) (string, error) {
	if strings.HasPrefix(target, "/") {
		return c.api + target, nil
	}
	base, err1 := url.Parse(c.api)
	u, err2 := url.Parse(target)
	if err1 != nil || err2 != nil || u.Scheme != base.Scheme || u.Host != base.Host {
		return "", integrations.Wrap(integrations.ErrUnavailable, "Saxo's next-page link points away from the API")
	}
	return u.String(), nil
}

func (c *client) call(ctx context.Context, tok, target string) ([]byte, error) {
	u, err := c.resolve(target)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, errors.New("saxo: could not build a request")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := httpx.Do(c.http, req)
	if err != nil {
		return nil, httpx.TransportError(ctx, err, "Saxo")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(err, httpx.ErrResponseTooLarge) {
			return nil, httpx.ErrResponseTooLarge
		}
		return nil, integrations.Wrap(integrations.ErrUnavailable, "Saxo's answer was cut short")
	}
	if resp.StatusCode >= 300 {
		return nil, mapStatus(resp, c.now())
	}
	return b, nil
}

// retryAfter reads Retry-After, else the longest X-RateLimit-*-Reset of a
// limit with nothing remaining (Saxo's rate-limit headers), in seconds.
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
	return longest
}

// mapStatus maps an error answer of the OpenAPI by its status only: the
// bodies ({"ErrorCode","Message"}) may echo the request.
func mapStatus(resp *http.Response, now time.Time) error {
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		return &integrations.RateLimitError{RetryAfter: retryAfter(resp.Header, now)}
	case s == http.StatusUnauthorized:
		return integrations.Wrap(integrations.ErrReauthRequired, "Saxo no longer accepts this login (HTTP 401)")
	case s == http.StatusForbidden:
		return integrations.Wrap(integrations.ErrNotSupported, "Saxo refused the request (HTTP 403): the app or the user lacks the permission")
	case s == http.StatusNotFound:
		return errors.New("saxo: not found (HTTP 404); the account may have been closed")
	case s >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Saxo answered HTTP %d", s))
	default:
		return httpx.StatusError(resp)
	}
}

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "Saxo's answer could not be understood")

func decodeJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return errMalformed
	}
	return nil
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

// list reads every page of a Saxo list, following __next.
func (c *client) list(ctx context.Context, first string, each func(json.RawMessage) error) error {
	target := first
	for range maxPages {
		var env struct {
			Count *json.Number      `json:"__count"`
			Next  string            `json:"__next"`
			Data  []json.RawMessage `json:"Data"`
		}
		if err := c.get(ctx, target, &env); err != nil {
			return err
		}
		if env.Data == nil {
			return errMalformed
		}
		for _, row := range env.Data {
			if err := each(row); err != nil {
				return err
			}
		}
		if env.Next == "" {
			return nil
		}
		target = env.Next
	}
	return integrations.Wrap(integrations.ErrUnavailable, "Saxo's list did not end")
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
		accts[i].Paper = c.display == sim.display
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
	var out []integrations.Position
	err = c.list(ctx, "/port/v1/positions?"+q.Encode(), func(row json.RawMessage) error {
		p, err := decodePosition(row, asOf)
		if err == nil {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
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
	var out []integrations.Activity
	seen := map[string]bool{}
	err = c.list(ctx, "/cs/v1/reports/bookings/"+url.PathEscape(k)+"?"+q.Encode(), func(row json.RawMessage) error {
		a, err := decodeBooking(row)
		if err == nil && !seen[a.ID] {
			seen[a.ID] = true
			out = append(out, a)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
