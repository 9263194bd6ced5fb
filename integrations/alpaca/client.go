package alpaca

import (
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

// secret is the grant's secret: an API key pair or an OAuth access token.
type secret struct {
	Kind        string `json:"kind"` // kindKey or kindOAuth
	KeyID       string `json:"key_id,omitempty"`
	SecretKey   string `json:"secret_key,omitempty"`
	AccessToken string `json:"access_token,omitempty"`
}

const (
	kindKey   = "apikey"
	kindOAuth = "oauth"
)

func decodeSecret(b []byte) (secret, error) {
	var s secret
	if err := json.Unmarshal(b, &s); err != nil {
		return secret{}, err
	}
	switch {
	case s.Kind == kindKey && s.KeyID != "" && s.SecretKey != "":
	case s.Kind == kindOAuth && s.AccessToken != "":
	default:
		return secret{}, errors.New("alpaca: incomplete secret")
	}
	return s, nil
}

func (s secret) encode() []byte {
	b, _ := json.Marshal(s)
	return b
}

// mode says how a refusal reads: while logging in, 401 and 403 mean the
// key or code was wrong; afterwards, that the grant is dead.
type mode int

const (
	modeData mode = iota
	modeLogin
)

// api is the HTTP side of a client or a login.
type api struct {
	base string
	http *http.Client
	now  func() time.Time
	sec  secret
}

func (in *Integration) api(env integrations.Env, sec secret) *api {
	a := &api{base: base(env, "api"), http: env.Client(), now: env.Time, sec: sec}
	httpx.RedactorOf(a.http).Add(sec.KeyID, sec.SecretKey, sec.AccessToken)
	return a
}

// get fetches path with q and returns a 2xx body, or an error matching one
// of the contract's sentinels whose text holds nothing of the request or the
// answer.
func (a *api) get(ctx context.Context, path string, q url.Values, m mode) ([]byte, error) {
	u := a.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, errors.New("alpaca: the API address is not a valid URL")
	}
	req.Header.Set("Accept", "application/json")
	switch a.sec.Kind {
	case kindKey:
		req.Header.Set("APCA-API-KEY-ID", a.sec.KeyID)
		req.Header.Set("APCA-API-SECRET-KEY", a.sec.SecretKey)
	case kindOAuth:
		req.Header.Set("Authorization", "Bearer "+a.sec.AccessToken)
	}
	resp, err := httpx.Do(a.http, req)
	if err != nil {
		return nil, httpx.TransportError(ctx, err, "Alpaca")
	}
	b, err := httpx.ReadBody(resp)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, errCutShort
	}
	if resp.StatusCode/100 != 2 {
		return nil, statusError(resp, b, m, a.now())
	}
	return b, nil
}

var (
	errMalformed = integrations.Wrap(integrations.ErrUnavailable, "Alpaca's answer could not be understood")
	errCutShort  = integrations.Wrap(integrations.ErrUnavailable, "Alpaca's answer was cut short")
)

// apiError is Alpaca's error body.
type apiError struct {
	Code    int64  `json:"code"`
	Message string `json:"message"`
}

// defaultRateWait is the wait a 429 without Retry-After or X-RateLimit-Reset
// asks for: Alpaca's limits are per minute.
const defaultRateWait = time.Minute

// rateWait reads how long to wait after a 429: Retry-After, else Alpaca's
// X-RateLimit-Reset (a Unix time), else a minute.
func rateWait(h http.Header, now time.Time) time.Duration {
	if d := httpx.RetryAfter(h, now); d > 0 {
		return d
	}
	if s, err := strconv.ParseInt(h.Get("X-RateLimit-Reset"), 10, 64); err == nil {
		if d := time.Unix(s, 0).Sub(now); d > 0 {
			return min(d.Round(time.Second)+time.Second, time.Hour)
		}
	}
	return defaultRateWait
}

// statusError maps an error answer onto the contract's errors.
func statusError(resp *http.Response, body []byte, m mode, now time.Time) error {
	var e apiError
	_ = json.Unmarshal(body, &e) // a body that is not Alpaca's JSON leaves the code 0
	switch s := resp.StatusCode; {
	case s == http.StatusTooManyRequests:
		return &integrations.RateLimitError{RetryAfter: rateWait(resp.Header, now)}
	case (s == http.StatusUnauthorized || s == http.StatusForbidden) && m == modeLogin:
		return integrations.Wrap(integrations.ErrInvalidCredentials, fmt.Sprintf("Alpaca refused the key or token (HTTP %d)", s))
	case s == http.StatusUnauthorized || s == http.StatusForbidden:
		return integrations.Wrap(integrations.ErrReauthRequired, fmt.Sprintf("Alpaca no longer accepts this login (HTTP %d)", s))
	case s >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Alpaca answered HTTP %d", s))
	case e.Code != 0:
		return fmt.Errorf("alpaca: the request was refused (HTTP %d, code %d)", s, e.Code)
	default:
		return httpx.StatusError(resp)
	}
}

// client reads one Alpaca login's account.
type client struct {
	in  *Integration
	api *api

	mu   sync.Mutex
	acct *accountInfo // the account, once read
}

// accountInfo is what the client remembers of the login's one account.
type accountInfo struct {
	account  integrations.Account
	balances []integrations.Balance
}

var _ integrations.Client = (*client)(nil)

// account reads GET /v2/account.
func (c *client) account(ctx context.Context) (*accountInfo, error) {
	b, err := c.api.get(ctx, "/v2/account", nil, modeData)
	if err != nil {
		return nil, err
	}
	a, bal, err := decodeAccount(b, c.in.paper)
	if err != nil {
		return nil, err
	}
	info := &accountInfo{account: a, balances: bal}
	c.mu.Lock()
	c.acct = info
	c.mu.Unlock()
	return info, nil
}

// Accounts returns the login's one account.
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	info, err := c.account(ctx)
	if err != nil {
		return nil, err
	}
	return []integrations.Account{info.account}, nil
}

// check refuses an account id that is not the login's.
func (c *client) check(ctx context.Context, accountID string) (*accountInfo, error) {
	c.mu.Lock()
	info := c.acct
	c.mu.Unlock()
	if info == nil || info.account.ID != accountID {
		var err error
		if info, err = c.account(ctx); err != nil {
			return nil, err
		}
	}
	if info.account.ID != accountID {
		return nil, errNoAccount
	}
	return info, nil
}

var errNoAccount = errors.New("alpaca: this login has no such account")

// Balances returns the account's balance, read fresh.
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	info, err := c.account(ctx)
	if err != nil {
		return nil, err
	}
	if info.account.ID != accountID {
		return nil, errNoAccount
	}
	return info.balances, nil
}

// Positions returns the account's open positions.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	if _, err := c.check(ctx, accountID); err != nil {
		return nil, err
	}
	b, err := c.api.get(ctx, "/v2/positions", nil, modeData)
	if err != nil {
		return nil, err
	}
	return decodePositions(b, c.api.now().UTC())
}

// pageSize is the most activities Alpaca returns a page without a date.
const pageSize = 100

// maxPages bounds a paged read against a server that never stops.
const maxPages = 10000

// Activities returns the account's activities on or after since, oldest
// first, reading every page.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if _, err := c.check(ctx, accountID); err != nil {
		return nil, err
	}
	from := integrations.DateOf(since.UTC())
	q := url.Values{"direction": {"asc"}, "page_size": {strconv.Itoa(pageSize)}}
	if !since.IsZero() {
		// after is exclusive and its time zone is Alpaca's: start a day
		// early and cut on the trade date here.
		q.Set("after", since.UTC().AddDate(0, 0, -1).Format(time.DateOnly))
	}
	var out []integrations.Activity
	for range maxPages {
		b, err := c.api.get(ctx, "/v2/account/activities", q, modeData)
		if err != nil {
			return nil, err
		}
		page, last, err := decodeActivities(b)
		if err != nil {
			return nil, err
		}
		for _, a := range page {
			if since.IsZero() || a.TradeDate >= from {
				out = append(out, a)
			}
		}
		if len(page) < pageSize || last == "" || last == q.Get("page_token") {
			return out, nil
		}
		q.Set("page_token", last)
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "Alpaca kept sending pages")
}
