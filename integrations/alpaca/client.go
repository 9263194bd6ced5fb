package alpaca

import (
	"context"
	"encoding/json"
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
	return integrations.DecodeSecret(b, "an Alpaca login", func(s secret) bool {
		return (s.Kind == kindKey && s.KeyID != "" && s.SecretKey != "") || (s.Kind == kindOAuth && s.AccessToken != "")
	})
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

// newAPI is Alpaca's HTTP side for sec. While logging in (login), a refused
// key or token is ErrInvalidCredentials; afterwards, ErrReauthRequired.
func newAPI(env integrations.Env, sec secret, login bool) *httpx.API {
	h := http.Header{}
	switch sec.Kind {
	case kindKey:
		h.Set("APCA-API-KEY-ID", sec.KeyID)
		h.Set("APCA-API-SECRET-KEY", sec.SecretKey)
	case kindOAuth:
		h.Set("Authorization", "Bearer "+sec.AccessToken)
	}
	hc := env.Client()
	httpx.RedactorOf(hc).Add(sec.KeyID, sec.SecretKey, sec.AccessToken)
	// 429s carry X-RateLimit-Reset (a Unix time); the limits are per minute.
	status := httpx.Status{Name: "Alpaca", Refused: []int{http.StatusUnauthorized, http.StatusForbidden}, Login: login,
		Now: env.Time, Reset: httpx.ResetUnix("X-RateLimit-Reset"), Wait: time.Minute, Body: refusal}
	return &httpx.API{Name: "Alpaca", Client: hc, Base: env.URL("api"), Header: h, Status: status.Map}
}

var errMalformed = integrations.Malformed("Alpaca")

// refusal reads Alpaca's error body, {"code":40410000,"message":"..."} (the
// Go SDK's APIError: an integer code and a message): a refusal of the
// request the common rules give no meaning to (400, 404, 422...) is ErrUnavailable,
// named by its status and code, never its message, which may echo the
// request.
func refusal(status int, body []byte) error {
	var e struct {
		Code int64 `json:"code"`
	}
	if json.Unmarshal(body, &e) == nil && e.Code != 0 {
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Alpaca refused the request (HTTP %d, code %d)", status, e.Code))
	}
	return nil
}

// client reads one Alpaca login's account.
type client struct {
	in  *Integration
	api *httpx.API
	now func() time.Time

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
	b, err := c.api.Do(ctx, httpx.Request{Path: "/v2/account"})
	if err != nil {
		return nil, err
	}
	a, bal, err := decodeAccount(b, c.in.Paper)
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

var errNoAccount = integrations.NoAccount("Alpaca")

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
	b, err := c.api.Do(ctx, httpx.Request{Path: "/v2/positions"})
	if err != nil {
		return nil, err
	}
	return decodePositions(b, c.now().UTC())
}

// pageSize is the most activities Alpaca returns a page without a date
// (page_size is 1 to 100, default 100).
const pageSize = 100

// maxPages bounds a paged read against a server that never stops.
const maxPages = 10000

// Activities returns the account's activities on or after since, oldest
// first, reading every page: each page_token is the id of the previous
// page's last row, and the list ends with an empty page, as alpaca-py's
// paging reads it (a short page is not taken for the end).
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if _, err := c.check(ctx, accountID); err != nil {
		return nil, err
	}
	q := url.Values{"direction": {"asc"}, "page_size": {strconv.Itoa(pageSize)}}
	if !since.IsZero() {
		// after is exclusive and its time zone is Alpaca's: start a day
		// early and cut on the trade date here.
		q.Set("after", since.UTC().AddDate(0, 0, -1).Format(time.DateOnly))
	}
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, token string) ([]integrations.Activity, string, error) {
		if token != "" {
			q.Set("page_token", token)
		}
		b, err := c.api.Do(ctx, httpx.Request{Path: "/v2/account/activities", Query: q})
		if err != nil {
			return nil, "", err
		}
		page, last, err := decodeActivities(b)
		if err != nil {
			return nil, "", err
		}
		kept := integrations.OnOrAfter(page, since)
		if last == token {
			last = "" // an empty page, or the same page again: the end
		}
		return kept, last, nil
	})
}
