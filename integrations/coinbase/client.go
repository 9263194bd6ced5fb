package coinbase

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/coinbase/appapi"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// client reads the Coinbase App API with an OAuth grant. It refreshes the
// access token when Coinbase says it expired; the new token pair (the
// refresh token is single-use) is handed to save before it is used.
type client struct {
	api    *httpx.API
	env    integrations.Env
	conf   *oauth2.Config // nil without the app registration: no refresh
	tokens *integrations.TokenSource[secret]

	mu   sync.Mutex
	user *wireUser
}

func newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	c := &client{api: newAPI(env), env: env}
	c.tokens = &integrations.TokenSource[secret]{Name: "Coinbase", Grant: g, Secret: sec, Save: save, Now: env.Time,
		Access:  func(s secret) (string, time.Time) { return s.Access, s.AccessExpiry },
		Refresh: c.refresh,
		Encode:  integrations.EncodeGrant(secret.encode, func(s secret) time.Time { return s.RefreshExpiry })}
	return c
}

// refresh trades the refresh token for a new pair.
func (c *client) refresh(ctx context.Context, s secret) (secret, error) {
	if c.conf == nil || s.Refresh == "" {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "the Coinbase access token expired and cannot be refreshed without the app registration")
	}
	now := c.env.Time()
	tok, err := oauthflow.Refresh(ctx, c.api.Client, c.conf, s.Access, s.Refresh)
	if err != nil {
		return secret{}, err
	}
	next := secretFromToken(tok, now)
	next.UserID = s.UserID
	httpx.RedactorOf(c.env.HTTP).Add(next.Access, next.Refresh)
	return next, nil
}

// get fetches pathQuery; when Coinbase says the access token expired, the
// grant is refreshed and the request sent once more.
func (c *client) get(ctx context.Context, pathQuery string) ([]byte, error) {
	s, err := c.tokens.Token(ctx)
	if err != nil {
		return nil, err
	}
	b, err := get(ctx, c.api, s.Access, pathQuery)
	if err == nil || !isExpired(err) {
		return b, err
	}
	if s, err = c.tokens.Refused(ctx, s.Access); err != nil {
		return nil, err
	}
	return get(ctx, c.api, s.Access, pathQuery)
}

// getUser reads the user (its id and native currency).
func (c *client) getUser(ctx context.Context) (wireUser, error) {
	b, err := c.get(ctx, "/v2/user")
	if err != nil {
		return wireUser{}, err
	}
	u, err := decodeUser(b)
	if err != nil {
		return wireUser{}, err
	}
	c.mu.Lock()
	c.user = &u
	c.mu.Unlock()
	return u, nil
}

// userFor returns the user of accountID, read once per client.
func (c *client) userFor(ctx context.Context, accountID string) (wireUser, error) {
	c.mu.Lock()
	u := c.user
	c.mu.Unlock()
	if u == nil {
		got, err := c.getUser(ctx)
		if err != nil {
			return wireUser{}, err
		}
		u = &got
	}
	if accountID != u.ID {
		return wireUser{}, errNoAccount
	}
	return *u, nil
}

// errNoAccount is asked for an account the login does not have.
var errNoAccount = integrations.NoAccount("Coinbase")

// Accounts returns the login's one account.
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	u, err := c.getUser(ctx)
	if err != nil {
		return nil, err
	}
	return []integrations.Account{accountOf(u)}, nil
}

// wallets reads every wallet, following pagination.next_uri.
func (c *client) wallets(ctx context.Context) ([]appapi.Account, error) {
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, pq string) ([]appapi.Account, string, error) {
		if pq == "" {
			pq = "/v2/accounts?limit=100"
		}
		b, err := c.get(ctx, pq)
		if err != nil {
			return nil, "", err
		}
		page, nxt, err := appapi.DecodeAccounts(b)
		if err != nil || nxt == "" {
			return page, "", err
		}
		next, err := nextPath(nxt, "/v2/accounts")
		return page, next, err
	})
}

// nextPath checks a pagination.next_uri before it is followed: a path (with
// its query) under the list's own path, never another host, which would
// receive the access token. Coinbase writes it as "/v2/...?&limit=25&...".
func nextPath(next, prefix string) (string, error) {
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, prefix) ||
		strings.Contains(u.Path, "..") {
		return "", integrations.Wrap(integrations.ErrUnavailable, "Coinbase sent an unusable next page")
	}
	q := u.Query()
	if len(q) == 0 {
		return u.EscapedPath(), nil
	}
	return u.EscapedPath() + "?" + q.Encode(), nil
}

// prices returns the spot price in native of every crypto held, one
// GET /v2/prices/BASE-NATIVE/spot each. A pair Coinbase does not price (404)
// is left out: its position is PriceUnknown. Any other failure ends the
// pricing with its error, the prices read so far kept.
func (c *client) prices(ctx context.Context, wallets []appapi.Account, native string) (map[string]decimal.Decimal, error) {
	out := map[string]decimal.Decimal{}
	for _, w := range wallets {
		cur := w.Currency.Code
		if w.Fiat() || w.Balance.Amount.Decimal.IsZero() {
			continue
		}
		if _, done := out[cur]; done {
			continue
		}
		if cur == native {
			out[cur] = decimal.NewFromInt(1)
			continue
		}
		b, err := c.get(ctx, "/v2/prices/"+url.PathEscape(cur+"-"+native)+"/spot")
		if errors.Is(err, errNotFound) {
			continue
		}
		if err != nil {
			return out, err
		}
		p, err := decodePrice(b)
		if err != nil {
			return out, err
		}
		out[cur] = p
	}
	return out, nil
}

// holdings reads the wallets and prices them. When a price call fails, the
// positions keep their units with the price unknown and the error matches
// ErrPartial; the balances, whose native total needs the prices, are not
// returned.
func (c *client) holdings(ctx context.Context, accountID string) ([]integrations.Balance, []integrations.Position, error) {
	u, err := c.userFor(ctx, accountID)
	if err != nil {
		return nil, nil, err
	}
	ws, err := c.wallets(ctx)
	if err != nil {
		return nil, nil, err
	}
	prices, perr := c.prices(ctx, ws, u.NativeCurrency)
	bals, pos := holdings(ws, u.NativeCurrency, prices, c.env.Time())
	if perr != nil {
		pos, perr = integrations.PricesUnknown(pos, perr)
		return nil, pos, perr
	}
	return bals, pos, nil
}

// Balances returns one balance per fiat currency; the native currency's
// total includes the crypto valued at spot.
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	b, _, err := c.holdings(ctx, accountID)
	return b, err
}

// Positions returns the crypto held, valued at Coinbase's spot price.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	_, p, err := c.holdings(ctx, accountID)
	return p, err
}

// Activities returns every wallet's completed transactions on or after
// since. Transactions come newest first, so a wallet's pages stop once they
// reach older ones.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if _, err := c.userFor(ctx, accountID); err != nil {
		return nil, err
	}
	ws, err := c.wallets(ctx)
	if err != nil {
		return nil, err
	}
	var from integrations.Date
	if !since.IsZero() {
		from = integrations.DateOf(since.UTC())
	}
	var out []integrations.Activity
	for _, w := range ws {
		if w.CreatedAt == nil && w.Balance.Amount.Decimal.IsZero() {
			continue // a wallet Coinbase lists but the user never used: no history
		}
		prefix := "/v2/accounts/" + url.PathEscape(w.ID) + "/transactions"
		acts, err := integrations.ReadPages(ctx, maxPages, func(ctx context.Context, pq string) ([]integrations.Activity, string, error) {
			if pq == "" {
				pq = prefix + "?limit=100"
			}
			b, err := c.get(ctx, pq)
			if err != nil {
				return nil, "", err
			}
			txs, nxt, err := appapi.DecodeTransactions(b)
			if err != nil {
				return nil, "", err
			}
			var acts []integrations.Activity
			older := false
			for _, t := range txs {
				if created, err := time.Parse(time.RFC3339, t.CreatedAt); err == nil && from != "" &&
					integrations.DateOf(created.UTC()) < from {
					older = true
					continue
				}
				if a, ok := activity(w, t); ok {
					acts = append(acts, a)
				}
			}
			if nxt == "" || older {
				return acts, "", nil
			}
			next, err := nextPath(nxt, prefix)
			return acts, next, err
		})
		if err != nil {
			return nil, err
		}
		out = append(out, acts...)
	}
	out = integrations.Dedupe(out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].TradeDate > out[j].TradeDate })
	return out, nil
}

// apiVersion is the CB-VERSION header sent with every API call: a fixed
// implementation date, as Coinbase asks (never the current date).
const apiVersion = "2022-01-06"

// newAPI is the Coinbase App API's HTTP side: every request carries
// CB-VERSION, and refusals read Coinbase's error ids (mapStatus).
func newAPI(env integrations.Env) *httpx.API {
	return &httpx.API{Name: "Coinbase", Client: env.Client(), Base: httpx.Endpoint(env, "api", DefaultAPIURL),
		Header: http.Header{"Cb-Version": {apiVersion}},
		Status: func(resp *http.Response, body []byte) error { return mapStatus(resp, body, env.Time()) }}
}

// get fetches pathQuery (a path with its query, e.g. "/v2/accounts?limit=100")
// with the access token and returns the body of a 2xx answer, or an error
// matching one of the contract's sentinels whose text holds nothing of the
// request or the answer.
func get(ctx context.Context, a *httpx.API, token, pathQuery string) ([]byte, error) {
	b, err := a.Do(ctx, httpx.Request{Path: pathQuery, Bearer: token})
	if err != nil {
		return nil, err
	}
	return b, nil
}

// apiError is an error answer of the API, mapped to a sentinel. expired is
// set for expired_token: the access token may be refreshed.
type apiError struct {
	kind    error
	msg     string
	expired bool
}

func (e *apiError) Error() string { return e.kind.Error() + ": " + e.msg }
func (e *apiError) Unwrap() error { return e.kind }

// isExpired reports whether err is Coinbase saying the access token expired.
func isExpired(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.expired
}

// errNotFound is an account (or price pair) Coinbase does not have.
var errNotFound = errors.New("coinbase: not found")

// wireErrors is Coinbase's error envelope:
// {"errors":[{"id":"expired_token","message":"..."}]}; OAuth errors come as
// {"error":"invalid_token","error_description":"..."}.
type wireErrors struct {
	Errors []struct {
		ID string `json:"id"`
	} `json:"errors"`
	Error string `json:"error"`
}

// errorID returns the first error id of an error body, "" if none.
func errorID(body []byte) string {
	var e wireErrors
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	if len(e.Errors) > 0 {
		return e.Errors[0].ID
	}
	return e.Error
}

// mapStatus maps an error answer onto the contract's errors.
func mapStatus(resp *http.Response, body []byte, now time.Time) error {
	id := errorID(body)
	switch status := resp.StatusCode; {
	case status == http.StatusTooManyRequests || id == "rate_limit_exceeded":
		return httpx.RateLimited(resp.Header, now, defaultRetryAfter)
	case status == http.StatusUnauthorized && id == "expired_token":
		return &apiError{kind: integrations.ErrReauthRequired, msg: "the Coinbase access token expired", expired: true}
	case status == http.StatusUnauthorized:
		return &apiError{kind: integrations.ErrReauthRequired, msg: "Coinbase no longer accepts this login (" + safeID(id) + ")"}
	case status == http.StatusForbidden && id == "invalid_scope":
		return &apiError{kind: integrations.ErrReauthRequired, msg: "the login lacks a permission Latchkey needs; log in again and allow it"}
	case status >= 500:
		return &apiError{kind: integrations.ErrUnavailable, msg: fmt.Sprintf("Coinbase answered HTTP %d", status)}
	case status == http.StatusNotFound:
		return errNotFound
	default:
		return httpx.StatusError(resp)
	}
}

// safeID keeps an error id if it looks like one.
func safeID(s string) string {
	if s == "" || len(s) > 48 {
		return "unauthorized"
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return "unauthorized"
		}
	}
	return s
}

// secret is the grant's secret: the OAuth tokens, when they expire, and the
// Coinbase user id.
type secret struct {
	Access        string    `json:"access_token"`
	Refresh       string    `json:"refresh_token"`
	AccessExpiry  time.Time `json:"access_expiry,omitzero"`
	RefreshExpiry time.Time `json:"refresh_expiry,omitzero"`
	UserID        string    `json:"user_id,omitempty"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

// decodeSecret reads a grant's secret; anything else is a login that must be
// made again.
func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Coinbase login", func(s secret) bool { return s.Access != "" })
}

// secretFromToken is the secret of a token from the token endpoint, its
// expiries on the integration's clock.
func secretFromToken(tok *oauth2.Token, now time.Time) secret {
	s := secret{Access: tok.AccessToken, Refresh: tok.RefreshToken, AccessExpiry: tok.Expiry, RefreshExpiry: refreshExpiry(now)}
	if tok.ExpiresIn > 0 {
		s.AccessExpiry = now.Add(time.Duration(tok.ExpiresIn) * time.Second).UTC()
	}
	return s
}
