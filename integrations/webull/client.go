package webull

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Page sizes: positions allow at most 100 a page; order history is read 20
// orders a page.
const (
	positionsPageSize = 100
	ordersPageSize    = 20
	maxPages          = 1000
)

// Paths of the US OpenAPI.
const (
	pathSubscriptions = "/app/subscriptions/list"
	pathProfile       = "/account/profile"
	pathBalance       = "/account/balance"
	pathPositions     = "/account/positions"
	pathOrders        = "/openapi/account/orders/history"
	pathTokenCreate   = "/openapi/auth/token/create"
	pathTokenCheck    = "/openapi/auth/token/check"
)

// client reads one Webull login.
type client struct {
	api *api

	mu       sync.Mutex
	accounts map[string]integrations.Account // by id, from the last Accounts
}

func (c *client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	return c.api.call(ctx, http.MethodGet, path, q, nil, false, modeData)
}

// subscriptions lists every account the app may read, following the
// subscription_id cursor (100 a page).
func subscriptions(ctx context.Context, a *api) ([]wireSubscription, error) {
	var out []wireSubscription
	q := url.Values{}
	for range maxPages {
		b, err := a.call(ctx, http.MethodGet, pathSubscriptions, q, nil, false, modeData)
		if err != nil {
			return nil, err
		}
		rows, err := decodeSubscriptions(b)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
		if len(rows) < 100 {
			return out, nil
		}
		q.Set("subscription_id", rows[len(rows)-1].SubscriptionID)
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages of accounts")
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	subs, err := subscriptions(ctx, c.api)
	if err != nil {
		return nil, err
	}
	out := make([]integrations.Account, 0, len(subs))
	byID := map[string]integrations.Account{}
	for _, s := range subs {
		if _, dup := byID[s.AccountID]; dup {
			continue
		}
		b, err := c.get(ctx, pathProfile, url.Values{"account_id": {s.AccountID}})
		if err != nil {
			return nil, err
		}
		p, err := decodeProfile(b)
		if err != nil {
			return nil, err
		}
		a := account(s, p)
		byID[a.ID] = a
		out = append(out, a)
	}
	c.mu.Lock()
	c.accounts = byID
	c.mu.Unlock()
	return out, nil
}

func (c *client) margin(accountID string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	a, ok := c.accounts[accountID]
	return ok && strings.Contains(strings.ToUpper(a.RawType), "MARGIN")
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	b, err := c.get(ctx, pathBalance, url.Values{"account_id": {accountID}, "total_asset_currency": {"USD"}})
	if err != nil {
		return nil, err
	}
	return decodeBalance(b, c.margin(accountID))
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	var out []integrations.Position
	q := url.Values{"account_id": {accountID}, "page_size": {strconv.Itoa(positionsPageSize)}}
	asOf := c.api.now().UTC().Truncate(time.Second)
	for range maxPages {
		b, err := c.get(ctx, pathPositions, q)
		if err != nil {
			return nil, err
		}
		page, more, last, err := decodePositions(b, asOf)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if !more {
			return out, nil
		}
		q.Set("last_instrument_id", last)
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages of positions")
}

// Activities reads the filled orders placed on or after since, following the
// last_client_order_id cursor.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	var out []integrations.Activity
	q := url.Values{"account_id": {accountID}, "page_size": {strconv.Itoa(ordersPageSize)}}
	from := integrations.Date("")
	if !since.IsZero() {
		from = integrations.DateOf(since.UTC())
		q.Set("start_date", string(from))
	}
	seen := map[string]bool{}
	for range maxPages {
		b, err := c.get(ctx, pathOrders, q)
		if err != nil {
			return nil, err
		}
		page, more, last, err := decodeOrders(b)
		if err != nil {
			return nil, err
		}
		for _, a := range page {
			if seen[a.ID] || (from != "" && a.TradeDate < from) {
				continue
			}
			seen[a.ID] = true
			out = append(out, a)
		}
		if !more {
			return out, nil
		}
		q.Set("last_client_order_id", last)
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages of orders")
}
