package schwab

import (
	"bytes"
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

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// secret is the grant's secret: the tokens, when the browser login happened
// (the refresh token's 7 days run from it) and the app registration the
// tokens belong to (a refresh needs it).
type secret struct {
	Access       string    `json:"access_token"`
	Refresh      string    `json:"refresh_token"`
	AccessExpiry time.Time `json:"access_expiry"`
	LoginAt      time.Time `json:"login_at"`
	ClientID     string    `json:"client_id"`
	ClientSecret string    `json:"client_secret"`
}

func (s secret) encode() []byte {
	b, _ := json.Marshal(s)
	return b
}

func decodeSecret(b []byte) (secret, error) {
	var s secret
	if err := json.Unmarshal(b, &s); err != nil || s.Access == "" || s.Refresh == "" || s.ClientID == "" {
		return secret{}, integrations.Wrap(integrations.ErrReauthRequired, "the saved login is not a Schwab login")
	}
	return s, nil
}

// client reads Schwab with an OAuth grant.
type client struct {
	api  string
	http *http.Client
	now  func() time.Time
	conf *oauth2.Config
	save integrations.SaveFunc
	red  *httpx.Redactor

	mu      sync.Mutex
	grant   integrations.Grant
	sec     secret
	pending *secret // refreshed but not saved yet: never used until it is
	numbers map[string]string
}

func newClient(env integrations.Env, g integrations.Grant, sec secret, save integrations.SaveFunc) *client {
	app := integrations.AppRegistration{ClientID: sec.ClientID, ClientSecret: sec.ClientSecret}
	c := &client{
		api: endpoint(env, "api", DefaultAPI), http: env.Client(), now: env.Time,
		conf: oauthConfig(env, app).OAuth2(""), save: save, red: httpx.RedactorOf(env.HTTP),
		grant: g, sec: sec, numbers: map[string]string{},
	}
	c.red.Add(sec.Access, sec.Refresh, sec.ClientSecret)
	return c
}

// refreshMargin refreshes an access token this long before it expires.
const refreshMargin = time.Minute

// accessToken returns the access token to use. With stale set (the token a
// request was refused with), it refreshes unless another call already did.
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
	due := !c.sec.AccessExpiry.IsZero() && !now.Before(c.sec.AccessExpiry.Add(-refreshMargin))
	if !due && (stale == "" || stale != c.sec.Access) {
		return c.sec.Access, nil
	}
	if !c.sec.LoginAt.IsZero() && !now.Before(c.sec.LoginAt.Add(RefreshTokenLife)) {
		return "", integrations.Wrap(integrations.ErrReauthRequired, "Schwab ends every login after 7 days; repair the connection to log in again")
	}
	var next secret
	save := func(ctx context.Context, tok *oauth2.Token) error {
		next = tokenSecret(tok, now)
		next.LoginAt, next.ClientID, next.ClientSecret = c.sec.LoginAt, c.sec.ClientID, c.sec.ClientSecret
		c.red.Add(next.Access, next.Refresh)
		if err := c.persist(ctx, next); err != nil {
			p := next
			c.pending = &p
			return err
		}
		return nil
	}
	// The token handed to the source is expired by construction: the
	// decision to refresh was taken above, on the integration's clock.
	old := &oauth2.Token{AccessToken: c.sec.Access, RefreshToken: c.sec.Refresh, TokenType: "Bearer", Expiry: time.Unix(1, 0)}
	ts := oauthflow.TokenSource(oauthflow.WithHTTPClient(ctx, c.http), c.conf, old, save)
	if _, err := ts.Token(); err != nil {
		return "", err
	}
	c.sec = next
	return c.sec.Access, nil
}

// persist hands the grant with a new secret to the SaveFunc.
func (c *client) persist(ctx context.Context, s secret) error {
	g := c.grant
	g.Secret = s.encode()
	if c.save != nil {
		if err := c.save(ctx, g); err != nil {
			return fmt.Errorf("schwab: saving the refreshed login: %w", err)
		}
	}
	c.grant = g
	return nil
}

// get fetches path and decodes the JSON answer into v. A refused access
// token is refreshed and the request tried once more.
func (c *client) get(ctx context.Context, path string, q url.Values, v any) error {
	tok, err := c.accessToken(ctx, "")
	if err != nil {
		return err
	}
	b, err := c.call(ctx, tok, path, q)
	if errors.Is(err, integrations.ErrReauthRequired) {
		if tok, err = c.accessToken(ctx, tok); err != nil {
			return err
		}
		b, err = c.call(ctx, tok, path, q)
	}
	if err != nil {
		return err
	}
	return decodeJSON(b, v)
}

func (c *client) call(ctx context.Context, tok, path string, q url.Values) ([]byte, error) {
	u := c.api + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, errors.New("schwab: could not build a request")
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := httpx.Do(c.http, req)
	if err != nil {
		return nil, httpx.TransportError(ctx, err, "Schwab")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if errors.Is(err, httpx.ErrResponseTooLarge) {
			return nil, httpx.ErrResponseTooLarge
		}
		return nil, integrations.Wrap(integrations.ErrUnavailable, "Schwab's answer was cut short")
	}
	if resp.StatusCode >= 300 {
		return nil, mapStatus(resp, c.now())
	}
	return b, nil
}

// mapStatus maps an error answer of the Trader API. Its text holds only the
// status: Schwab's bodies may echo request details.
func mapStatus(resp *http.Response, now time.Time) error {
	switch c := resp.StatusCode; {
	case c == http.StatusTooManyRequests:
		return &integrations.RateLimitError{RetryAfter: httpx.RetryAfter(resp.Header, now)}
	case c == http.StatusUnauthorized:
		return integrations.Wrap(integrations.ErrReauthRequired, "Schwab no longer accepts this login (HTTP 401)")
	case c == http.StatusForbidden:
		return integrations.Wrap(integrations.ErrReauthRequired, "Schwab refused access to the account (HTTP 403); log in again and share it with the app")
	case c == http.StatusNotFound:
		return errors.New("schwab: the account was not found (HTTP 404); it may have been closed or no longer shared with the app")
	case c >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Schwab answered HTTP %d", c))
	default:
		return httpx.StatusError(resp)
	}
}

var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "Schwab's answer could not be understood")

// decodeJSON decodes with every number kept as its text.
func decodeJSON(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return errMalformed
	}
	return nil
}

// --- reads --------------------------------------------------------------------------

type accountNumber struct{ number, hash string }

func (c *client) accountNumbers(ctx context.Context) ([]accountNumber, error) {
	var raw json.RawMessage
	if err := c.get(ctx, "/accounts/accountNumbers", nil, &raw); err != nil {
		return nil, err
	}
	numbers, err := decodeAccountNumbers(raw)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	for _, n := range numbers {
		c.numbers[n.hash] = n.number
		c.red.Add(n.number)
	}
	c.mu.Unlock()
	return numbers, nil
}

func (c *client) accounts(ctx context.Context, numbers []accountNumber) ([]integrations.Account, error) {
	var raw json.RawMessage
	if err := c.get(ctx, "/accounts", nil, &raw); err != nil {
		return nil, err
	}
	return decodeAccounts(raw, numbers)
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
	var raw json.RawMessage
	if err := c.get(ctx, accountPath(accountID), nil, &raw); err != nil {
		return nil, err
	}
	return decodeBalances(raw)
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	var raw json.RawMessage
	if err := c.get(ctx, accountPath(accountID), url.Values{"fields": {"positions"}}, &raw); err != nil {
		return nil, err
	}
	return decodePositions(raw, c.now().UTC())
}

// Transaction rules of the Trader API.
const (
	maxWindow = 364 * 24 * time.Hour // "the maximum date range is one year"
	minWindow = time.Hour            // a window is not halved below this
)

// maxTransactions is the most rows one answer holds (a variable for tests).
var maxTransactions = 3000

// allTypes is every transaction type; the API requires the parameter.
var allTypes = strings.Join([]string{"TRADE", "RECEIVE_AND_DELIVER", "DIVIDEND_OR_INTEREST", "ACH_RECEIPT",
	"ACH_DISBURSEMENT", "CASH_RECEIPT", "CASH_DISBURSEMENT", "ELECTRONIC_FUND", "WIRE_OUT", "WIRE_IN",
	"JOURNAL", "MEMORANDUM", "MARGIN_CALL", "MONEY_MARKET", "SMA_ADJUSTMENT"}, ",")

// schwabTime is the query time format: yyyy-MM-dd'T'HH:mm:ss.SSSZ.
func schwabTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// Activities reads since's day to now in windows of at most a year, halving
// any window that comes back full (3000 rows), and drops rows seen twice.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	now := c.now().UTC()
	start := since.UTC().Truncate(24 * time.Hour)
	if since.IsZero() || start.Before(now.Add(-10*365*24*time.Hour)) {
		start = now.Add(-10 * 365 * 24 * time.Hour).Truncate(24 * time.Hour)
	}
	seen := map[string]bool{}
	var out []integrations.Activity
	var read func(from, to time.Time) error
	read = func(from, to time.Time) error {
		var raw json.RawMessage
		q := url.Values{"startDate": {schwabTime(from)}, "endDate": {schwabTime(to)}, "types": {allTypes}}
		if err := c.get(ctx, accountPath(accountID)+"/transactions", q, &raw); err != nil {
			return err
		}
		acts, n, err := decodeTransactions(raw)
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
	end := now.Add(24 * time.Hour)
	for from := start; from.Before(end); from = from.Add(maxWindow) {
		to := from.Add(maxWindow - time.Millisecond)
		if to.After(end) {
			to = end
		}
		if err := read(from, to); err != nil {
			return nil, err
		}
	}
	sinceDay := integrations.DateOf(since.UTC())
	filtered := out[:0]
	for _, a := range out {
		if since.IsZero() || a.TradeDate >= sinceDay {
			filtered = append(filtered, a)
		}
	}
	sort.SliceStable(filtered, func(i, j int) bool { return filtered[i].TradeDate < filtered[j].TradeDate })
	return filtered, nil
}
