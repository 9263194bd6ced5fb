package public

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

const (
	pathToken    = "/userapiauthservice/personal/access-tokens"
	pathAccounts = "/userapigateway/trading/account"
)

func pathPortfolio(number string) string {
	return integrations.AccountPath("/userapigateway/trading/", number, "portfolio/v2")
}

func pathHistory(number string) string {
	return integrations.AccountPath("/userapigateway/trading/", number, "history")
}

// historyPageSize is the page size Latchkey asks for.
const historyPageSize = 50

// maxPages bounds a paged read against a server that never stops.
const maxPages = 2000

// newAPI is Public's HTTP side: a refused access token (401) or account
// (403) is a dead grant once a fresh token was tried; 429 waits for its
// Retry-After (the official SDK retries 429 and 5xx the same way), else a
// second; errors {"errorCode","message"} are never quoted.
func newAPI(env integrations.Env) *httpx.API {
	status := httpx.Status{Name: "Public.com", Refused: []int{http.StatusUnauthorized, http.StatusForbidden}, Now: env.Time, Wait: time.Second}
	return &httpx.API{Name: "Public.com", Client: env.Client(), Base: env.URL("api"), Status: status.Map}
}

// mint exchanges the personal secret for an access token valid
// tokenValidity. It is a POST that is safe to repeat, so the plumbing may
// retry it. A refused secret is ErrInvalidCredentials while logging in,
// ErrReauthRequired afterwards.
func mint(ctx context.Context, api *httpx.API, now func() time.Time, key string, login bool) (string, error) {
	refused := httpx.Status{Name: "Public.com", Login: login, Now: now, Wait: time.Second,
		Refused: []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound}}
	var out struct {
		AccessToken string `json:"accessToken"`
	}
	err := api.JSON(httpx.MarkRetryable(ctx), httpx.Request{Method: http.MethodPost, Path: pathToken, Status: refused.Map,
		JSON: map[string]any{"validityInMinutes": int(tokenValidity / time.Minute), "secret": key}}, &out)
	if err != nil {
		return "", err
	}
	if out.AccessToken == "" || len(out.AccessToken) > 16384 {
		return "", errMalformed
	}
	httpx.RedactorOf(api.Client).Add(out.AccessToken)
	return out.AccessToken, nil
}

type client struct {
	api    *httpx.API
	now    func() time.Time
	tokens *integrations.TokenSource[secret]

	integrations.AccountBook[string] // Accounts; Latchkey account id → account number
}

var _ integrations.Client = (*client)(nil)

func newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	c := &client{api: newAPI(env), now: env.Time}
	c.AccountBook.Read, c.AccountBook.NotFound = c.accountList, integrations.NoAccount("Public.com")
	// There is no refresh token: a due or refused access token is replaced
	// by a new one minted from the secret, saved before it is used.
	c.tokens = &integrations.TokenSource[secret]{Name: "Public.com", Grant: g, Secret: sec, Save: save, Now: env.Time,
		Access: func(s secret) (string, time.Time) { return s.Access, s.AccessExpiry },
		Refresh: func(ctx context.Context, s secret) (secret, error) {
			now := c.now()
			tok, err := mint(ctx, c.api, c.now, s.Secret, false)
			if err != nil {
				return secret{}, err
			}
			s.Access, s.AccessExpiry = tok, now.Add(tokenValidity)
			return s, nil
		},
		Encode: func(g integrations.Grant, s secret) integrations.Grant { g.Secret = s.encode(); return g }}
	httpx.RedactorOf(env.HTTP).Add(sec.Secret, sec.Access)
	return c
}

// get fetches a gateway path; a refused access token is replaced once.
func (c *client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	return httpx.DoWithTokens(ctx, c.api, c.tokens, httpx.Request{Path: path, Query: q})
}

// accountList reads the accounts and their numbers.
func (c *client) accountList(ctx context.Context) ([]integrations.Account, []string, error) {
	b, err := c.get(ctx, pathAccounts, nil)
	if err != nil {
		return nil, nil, err
	}
	return decodeAccounts(b)
}

// number returns the account number behind a Latchkey account id, listing
// the accounts once if it is not known yet.
func (c *client) number(ctx context.Context, id string) (string, error) {
	return c.AccountBook.Lookup(ctx, id)
}

func (c *client) portfolio(ctx context.Context, id string) (wirePortfolio, error) {
	return integrations.ReadAccount(ctx, &c.AccountBook, id, func(ctx context.Context, n string) ([]byte, error) {
		return c.get(ctx, pathPortfolio(n), nil)
	}, decodePortfolio)
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	p, err := c.portfolio(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return p.balances(), nil
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	p, err := c.portfolio(ctx, accountID)
	if err != nil {
		return nil, err
	}
	return p.positions(c.now())
}

func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	n, err := c.number(ctx, accountID)
	if err != nil {
		return nil, err
	}
	q := url.Values{"pageSize": {fmt.Sprint(historyPageSize)}}
	if !since.IsZero() {
		q.Set("start", since.UTC().Format(time.RFC3339))
	}
	out, err := integrations.ReadPages(ctx, maxPages, func(ctx context.Context, token string) ([]integrations.Activity, string, error) {
		if token != "" {
			q.Set("nextToken", token)
		}
		b, err := c.get(ctx, pathHistory(n), q)
		if err != nil {
			return nil, "", err
		}
		page, next, err := decodeHistory(b)
		if err == nil && next != "" && next == token {
			err = errMalformed // the same page again: the server is going round in circles
		}
		return page, next, err
	})
	if err != nil {
		return nil, err
	}
	return integrations.Dedupe(integrations.OnOrAfter(out, since)), nil
}
