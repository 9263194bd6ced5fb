package tradestation

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

// secret is the grant's secret: the tokens, when the browser sign-in
// happened, whether the key rotates its refresh tokens (learnt at the first
// refresh that returns a new one), and the API key the tokens belong to.
type secret struct {
	integrations.AppTokens
	LoginAt  time.Time `json:"login_at"`
	Rotating bool      `json:"rotating,omitempty"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a TradeStation login", secret.Whole)
}

// expiry is when the user must sign in again: never for a default key
// (refresh tokens "valid indefinitely"), 24 hours after the sign-in for a
// key with rotating refresh tokens.
func (s secret) expiry() time.Time {
	if !s.Rotating || s.LoginAt.IsZero() {
		return time.Time{}
	}
	return s.LoginAt.Add(RotatingLoginLife)
}

// newAPI is the brokerage API's HTTP side. A 401 is a dead or expired
// access token; a 403 a token without the ReadAccount scope or an account
// the login may no longer read; a 429 names no wait that TradeStation
// documents, so it waits out the 5-minute quota window.
func newAPI(env integrations.Env, base string) *httpx.API {
	status := httpx.Status{Name: "TradeStation", Now: env.Time, Wait: 5 * time.Minute, Statuses: map[int]error{
		http.StatusForbidden: integrations.Wrap(integrations.ErrReauthRequired,
			"TradeStation refused access to the accounts (HTTP 403); sign in again and allow Latchkey to read them"),
		http.StatusNotFound: errors.New("tradestation: the account was not found (HTTP 404); it may have been closed"),
	}}
	return &httpx.API{Name: "TradeStation", Client: env.Client(), Base: base, Status: status.Map}
}

// acct is what the client keeps of an account: the number its paths name,
// its currency.
type acct struct{ number, currency string }

// client reads one TradeStation sign-in's accounts of one variant.
type client struct {
	in                             *Integration
	api                            *httpx.API
	auth                           *httpx.API // the token endpoint
	now                            func() time.Time
	red                            *httpx.Redactor
	tokens                         *integrations.TokenSource[secret]
	integrations.AccountBook[acct] // Accounts; Latchkey account id → number and currency
}

var _ integrations.Client = (*client)(nil)

func (in *Integration) newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	c := &client{in: in, api: newAPI(env, in.apiBase(env)), now: env.Time, red: httpx.RedactorOf(env.HTTP),
		auth: &httpx.API{Name: "TradeStation", Client: env.Client(), Base: httpx.Endpoint(env, "auth", DefaultAuth),
			Status: httpx.Status{Name: "TradeStation", Now: env.Time, Body: func(_ int, b []byte) error { return integrations.TokenRefusal(b) }}.Map}}
	c.tokens = &integrations.TokenSource[secret]{Name: "TradeStation", Grant: g, Secret: sec, Save: save, Now: env.Time,
		Access:  secret.Token,
		Refresh: c.refresh,
		Encode:  integrations.EncodeGrant(secret.encode, secret.expiry)}
	c.red.Add(sec.Access, sec.Refresh, sec.ClientSecret)
	c.AccountBook.Read, c.AccountBook.NotFound = c.accounts, integrations.NoAccount("TradeStation")
	return c
}

// refresh trades the refresh token for a new access token (grant_type
// refresh_token with the API key and secret in the form, as documented). A
// default key answers without a refresh token: the old one stays good. A
// key set to rotating refresh tokens answers with a new one, and its
// sign-in ends 24 hours after it began, which the client then knows
// without asking.
func (c *client) refresh(ctx context.Context, s secret) (secret, error) {
	now := c.now()
	if exp := s.expiry(); !exp.IsZero() && !now.Before(exp) {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired,
			"your TradeStation API key ends every sign-in after 24 hours; repair the connection to sign in again")
	}
	tokens, ans, err := httpx.RefreshApp(ctx, c.auth, httpx.Request{Method: http.MethodPost, Path: "/oauth/token",
		Form: url.Values{"grant_type": {"refresh_token"}, "client_id": {s.ClientID}, "client_secret": {s.ClientSecret},
			"refresh_token": {s.Refresh}}}, s.AppTokens, now, accessLife)
	if err != nil {
		return secret{}, err
	}
	if ans.RefreshToken != "" && ans.RefreshToken != s.Refresh {
		s.Rotating = true
	}
	s.AppTokens = tokens
	return s, nil
}

// get fetches path with the current access token; a refused token is
// refreshed (and saved) and the request tried once more.
func (c *client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	return httpx.DoWithTokens(ctx, c.api, c.tokens, httpx.Request{Path: path, Query: q})
}

// --- reads --------------------------------------------------------------------------

// accounts reads GET /brokerage/accounts: the accounts and their numbers.
// accounts reads the accounts with the number and currency of each.
func (c *client) accounts(ctx context.Context) ([]integrations.Account, []acct, error) {
	b, err := c.get(ctx, "/brokerage/accounts", nil)
	if err != nil {
		return nil, nil, err
	}
	rows, err := decodeAccounts(b, c.in.ID(), c.in.Paper)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range rows {
		c.red.Add(r.number)
	}
	out, kept := integrations.SplitAccounts(rows, account.split)
	return out, kept, nil
}

// account returns the number and currency of a Latchkey account id,
// reading the accounts again once if it is not known yet.
func (c *client) account(ctx context.Context, id string) (acct, error) {
	return c.AccountBook.Lookup(ctx, id)
}

func accountPath(number, what string) string {
	return integrations.AccountPath("/brokerage/accounts/", number, what)
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	a, err := c.account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	b, err := c.get(ctx, accountPath(a.number, "balances"), nil)
	if err != nil {
		return nil, err
	}
	return decodeBalances(b, a.number, a.currency)
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	a, err := c.account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	b, err := c.get(ctx, accountPath(a.number, "positions"), nil)
	if err != nil {
		return nil, err
	}
	return decodePositions(b, a.number, a.currency, c.now().UTC())
}

// History rules of the brokerage API.
const (
	// historyDays is how far back historical orders reach: "Limited to 90
	// days prior to the current date".
	historyDays = 90
)

// pageSize is the orders asked for per page (the documented maximum, 600;
// a variable for tests).
var pageSize = 600

// maxPages bounds each order list against a server that never stops.
const maxPages = 1000

// Activities reads the account's filled orders since since's day, at most
// 90 days back: GET historicalorders (every order but today's open ones)
// and GET orders (today's and the open ones), each paged by nextToken, the
// two merged by order.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	a, err := c.account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	now := c.now().UTC()
	from := integrations.HistoryStart(since, now.AddDate(0, 0, -historyDays+1).Truncate(24*time.Hour))
	var out []integrations.Activity
	for _, what := range []string{"historicalorders", "orders"} {
		q := url.Values{"pageSize": {strconv.Itoa(pageSize)}}
		if what == "historicalorders" {
			q.Set("since", from.Format(time.DateOnly))
		}
		acts, err := integrations.ReadPages(ctx, maxPages, func(ctx context.Context, next string) ([]integrations.Activity, string, error) {
			if next != "" {
				q.Set("nextToken", next)
			}
			b, err := c.get(ctx, accountPath(a.number, what), q)
			if err != nil {
				return nil, "", err
			}
			return decodeOrders(b, a.number, a.currency)
		})
		if err != nil {
			return nil, err
		}
		out = append(out, acts...)
	}
	out = integrations.Dedupe(integrations.OnOrAfter(out, from))
	integrations.SortByDateID(out)
	return out, nil
}
