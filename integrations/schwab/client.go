package schwab

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// secret is the grant's secret: the tokens, when the browser login happened
// (the refresh token's 7 days run from it) and the app registration the
// tokens belong to (a refresh needs it).
type secret struct {
	integrations.AppTokens
	LoginAt time.Time `json:"login_at"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Schwab login", secret.Whole)
}

// newAPI is the Trader API's HTTP side: a 401 is a dead (or expired)
// access token; a 403 an account no longer shared with the app; a 429,
// which names no wait (Schwab documents no rate-limit headers), waits a
// minute.
func newAPI(env integrations.Env) *httpx.API {
	status := httpx.Status{Name: "Schwab", Now: env.Time, Wait: time.Minute, Statuses: map[int]error{
		http.StatusForbidden: integrations.Wrap(integrations.ErrReauthRequired, "Schwab refused access to the account (HTTP 403); log in again and share it with the app"),
		http.StatusNotFound:  errors.New("schwab: the account was not found (HTTP 404); it may have been closed or no longer shared with the app"),
	}}
	return &httpx.API{Name: "Schwab", Client: env.Client(), Base: httpx.Endpoint(env, "api", DefaultAPI), Status: status.Map}
}

// client reads Schwab with an OAuth grant.
type client struct {
	api    *httpx.API
	auth   *httpx.API // the token endpoint
	now    func() time.Time
	red    *httpx.Redactor
	tokens *integrations.TokenSource[secret]
}

func newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	c := &client{api: newAPI(env), now: env.Time, red: httpx.RedactorOf(env.HTTP),
		auth: &httpx.API{Name: "Schwab", Client: env.Client(), Base: httpx.Endpoint(env, "auth", DefaultAuth),
			Status: httpx.Status{Name: "Schwab", Now: env.Time, Body: func(_ int, b []byte) error { return integrations.TokenRefusal(b) }}.Map}}
	c.tokens = &integrations.TokenSource[secret]{Name: "Schwab", Grant: g, Secret: sec, Save: save, Now: env.Time,
		Access:  secret.Token,
		Refresh: c.refresh,
		Encode:  integrations.EncodeGrant(secret.encode, nil)}
	c.red.Add(sec.Access, sec.Refresh, sec.ClientSecret)
	return c
}

// refresh trades the refresh token for a new access token at the token
// endpoint (HTTP Basic with the app key and secret, as schwab-py's
// OAuth2Client does). Schwab answers with the same refresh token; it dies 7
// days after the browser login, which the client knows without asking.
func (c *client) refresh(ctx context.Context, s secret) (secret, error) {
	now := c.now()
	if !s.LoginAt.IsZero() && !now.Before(s.LoginAt.Add(RefreshTokenLife)) {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "Schwab ends every login after 7 days; repair the connection to log in again")
	}
	basic := base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(s.ClientID) + ":" + url.QueryEscape(s.ClientSecret)))
	tokens, _, err := httpx.RefreshApp(ctx, c.auth, httpx.Request{Method: http.MethodPost, Path: "/token",
		Header: http.Header{"Authorization": {"Basic " + basic}},
		Form:   url.Values{"grant_type": {"refresh_token"}, "refresh_token": {s.Refresh}}}, s.AppTokens, now, accessLife)
	if err != nil {
		return secret{}, err
	}
	s.AppTokens = tokens
	return s, nil
}

// accessLife is an access token's life when the answer does not say.
const accessLife = 30 * time.Minute

// get fetches path with the current access token; a refused token is
// refreshed (and saved) and the request tried once more.
func (c *client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	return httpx.DoWithTokens(ctx, c.api, c.tokens, httpx.Request{Path: path, Query: q})
}

// --- reads --------------------------------------------------------------------------

func (c *client) accountNumbers(ctx context.Context) ([]accountNumber, error) {
	b, err := c.get(ctx, "/accounts/accountNumbers", nil)
	if err != nil {
		return nil, err
	}
	numbers, err := decodeAccountNumbers(b)
	if err != nil {
		return nil, err
	}
	for _, n := range numbers {
		c.red.Add(n.number)
	}
	return numbers, nil
}

func (c *client) accounts(ctx context.Context, numbers []accountNumber) ([]integrations.Account, error) {
	b, err := c.get(ctx, "/accounts", nil)
	if err != nil {
		return nil, err
	}
	return decodeAccounts(b, numbers)
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	numbers, err := c.accountNumbers(ctx)
	if err != nil {
		return nil, err
	}
	return c.accounts(ctx, numbers)
}

func accountPath(hash string) string { return "/accounts/" + url.PathEscape(hash) }

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	b, err := c.get(ctx, accountPath(accountID), nil)
	if err != nil {
		return nil, err
	}
	return decodeBalances(b)
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	b, err := c.get(ctx, accountPath(accountID), url.Values{"fields": {"positions"}})
	if err != nil {
		return nil, err
	}
	return decodePositions(b, c.now().UTC())
}

// Transaction rules of the Trader API's specification.
const (
	maxWindow = 364 * 24 * time.Hour // "Maximum date range is 1 year"
	minWindow = time.Hour            // a window is not halved below this
	// history is how far back a walk starts when since is zero or older.
	history = 10 * 365 * 24 * time.Hour
)

// maxTransactions is the most rows one answer holds ("Maximum number of
// transactions in response is 3000"; a variable for tests).
var maxTransactions = 3000

// allTypes is every transaction type; the API requires the parameter.
var allTypes = strings.Join([]string{"TRADE", "RECEIVE_AND_DELIVER", "DIVIDEND_OR_INTEREST", "ACH_RECEIPT",
	"ACH_DISBURSEMENT", "CASH_RECEIPT", "CASH_DISBURSEMENT", "ELECTRONIC_FUND", "WIRE_OUT", "WIRE_IN",
	"JOURNAL", "MEMORANDUM", "MARGIN_CALL", "MONEY_MARKET", "SMA_ADJUSTMENT"}, ",")

// schwabTime is the query time format: yyyy-MM-dd'T'HH:mm:ss.SSSZ.
func schwabTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// Activities reads since's day to now (see WalkActivities) in one go.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	out, err := integrations.ReadWalk(ctx, c, accountID, since)
	integrations.SortByDate(out)
	return out, err
}

var _ integrations.HistoryWalker = (*client)(nil)

// WalkActivities reads since's day (at most ten years back) to now in
// back-to-back windows of 364 days, the longest the API takes, halving a
// window that comes back full (3000 rows). After each window it hands page
// that window's activities and the cursor of the next: its start, as
// RFC 3339 UTC. A walk resumed from a cursor starts there; a cursor it
// cannot read starts the walk again.
func (c *client) WalkActivities(ctx context.Context, accountID string, since time.Time, cursor string,
	page func(acts []integrations.Activity, next string) error) error {
	now := c.now().UTC()
	start := integrations.HistoryStart(since, now.Add(-history).Truncate(24*time.Hour))
	from := start
	if t, err := time.Parse(time.RFC3339Nano, cursor); err == nil && !t.Before(start) && t.Before(now.Add(48*time.Hour)) {
		from = t.UTC()
	}
	end := now.Add(24 * time.Hour)
	for ; from.Before(end); from = from.Add(maxWindow) {
		to := from.Add(maxWindow - time.Millisecond)
		if to.After(end) {
			to = end
		}
		acts, err := c.window(ctx, accountID, from, to)
		if err != nil {
			return err
		}
		kept := integrations.OnOrAfter(acts, since)
		next := ""
		if n := from.Add(maxWindow); n.Before(end) {
			next = n.Format(time.RFC3339Nano)
		}
		if err := page(kept, next); err != nil {
			return err
		}
	}
	return nil
}

// window reads [from, to], halving it while an answer comes back full, and
// drops rows seen twice.
func (c *client) window(ctx context.Context, accountID string, from, to time.Time) ([]integrations.Activity, error) {
	seen := map[string]bool{}
	var out []integrations.Activity
	var read func(from, to time.Time) error
	read = func(from, to time.Time) error {
		q := url.Values{"startDate": {schwabTime(from)}, "endDate": {schwabTime(to)}, "types": {allTypes}}
		b, err := c.get(ctx, accountPath(accountID)+"/transactions", q)
		if err != nil {
			return err
		}
		acts, n, err := decodeTransactions(b)
		if err != nil {
			return err
		}
		if n >= maxTransactions && to.Sub(from) > minWindow {
			mid := from.Add(to.Sub(from) / 2).Truncate(time.Second)
			if err := read(from, mid); err != nil {
				return err
			}
			return read(mid.Add(time.Millisecond), to)
		}
		for _, a := range acts {
			if !seen[a.ID] {
				seen[a.ID] = true
				out = append(out, a)
			}
		}
		return nil
	}
	if err := read(from, to); err != nil {
		return nil, err
	}
	return out, nil
}
