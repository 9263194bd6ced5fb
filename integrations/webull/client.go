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

// Page sizes: positions and order history are read 100 a page, the largest
// page_size the OpenAPI documents for its lists.
const (
	positionsPageSize = 100
	ordersPageSize    = 100
	maxPages          = 1000
	// firstHistory is how far back the first sync reads order history: the
	// API reads only the last 7 days when start_date is empty.
	firstHistory = 365 * 24 * time.Hour
)

// Paths of the US OpenAPI, as the official SDKs call them (every one with
// x-version: v2).
const (
	pathConfig        = "/openapi/config"              // Python GetConfigRequest, Java ConfigService
	pathTokenCreate   = "/openapi/auth/token/create"   // CreateTokenRequest, TokenService.createToken
	pathTokenCheck    = "/openapi/auth/token/check"    // CheckTokenRequest, TokenService.checkToken
	pathSubscriptions = "/app/subscriptions/list"      // GetAppSubscriptions, TradeClient.getAccountList
	pathProfile       = "/account/profile"             // AccountProfileRequest, TradeClient.getAccountDetail
	pathBalance       = "/account/balance"             // AccountBalanceRequest, TradeClient.getAccountBalance
	pathPositions     = "/account/positions"           // AccountPositionsRequest, TradeClient.getAccountPositions
	pathOrders        = "/openapi/trade/order/history" // v2 OrderHistoryRequest, TradeClientV2.listOrders
	// pathOrdersOld is the order history Webull Japan's reference page
	// still names (developer.webull.co.jp query-history-orders): read
	// when the SDKs' path answers 404.
	pathOrdersOld = "/openapi/account/orders/history"
)

// positionsFresh is how long a Webull Japan client reuses the positions it
// read to value the balance, so one sync reads them once.
const positionsFresh = time.Minute

// client reads one Webull login.
type client struct {
	api   *api
	r     *region
	save  integrations.SaveFunc
	grant integrations.Grant

	mu       sync.Mutex
	accounts map[string]integrations.Account // by id, from the last Accounts
	extended bool                            // the grant's expiry was moved (or tried) once
	held     map[string]heldPositions        // Webull Japan: positions read for a balance, by account
}

// heldPositions are an account's positions and when they were read.
type heldPositions struct {
	at  time.Time
	pos []integrations.Position
}

func (c *client) region() *region {
	if c.r == nil {
		return regionUS
	}
	return c.r
}

// get reads a data endpoint; a successful read with an access token keeps
// the token alive, so it moves the grant's expiry (see extend).
func (c *client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	b, err := c.api.call(ctx, http.MethodGet, path, q, nil, modeData)
	if err == nil {
		c.extend(ctx)
	}
	return b, err
}

// extend saves the grant with its expiry moved to TokenLifetime from now: a
// token turns INVALID only after 15 consecutive days without an API call
// (developer.webull.com Authentication → Token), so a connection synced
// daily never shows as expiring. The secret is unchanged. It runs at most
// once per client, and only when the expiry moves by a day or more; a failed
// save leaves the old expiry, which the next sync moves again.
func (c *client) extend(ctx context.Context) {
	c.mu.Lock()
	if c.extended || c.save == nil || c.api.token == "" {
		c.mu.Unlock()
		return
	}
	c.extended = true
	g := c.grant
	c.mu.Unlock()
	exp := c.api.now().UTC().Add(TokenLifetime).Truncate(time.Second)
	if exp.Sub(g.Expiry) < 24*time.Hour {
		return
	}
	g.Expiry = exp
	if err := c.save(ctx, g); err == nil {
		c.mu.Lock()
		c.grant = g
		c.mu.Unlock()
	}
}

// subscriptions lists every account the app may read, following the
// subscription_id cursor (100 a page).
func subscriptions(ctx context.Context, a *api) ([]wireSubscription, error) {
	q := url.Values{}
	return integrations.ReadPages(ctx, maxPages, func(ctx context.Context, after string) ([]wireSubscription, string, error) {
		if after != "" {
			q.Set("subscription_id", after)
		}
		b, err := a.call(ctx, http.MethodGet, pathSubscriptions, q, nil, modeData)
		if err != nil {
			return nil, "", err
		}
		rows, err := decodeSubscriptions(b)
		if err != nil || len(rows) < 100 {
			return rows, "", err
		}
		return rows, rows[len(rows)-1].SubscriptionID, nil
	})
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	subs, err := subscriptions(ctx, c.api)
	if err != nil {
		return nil, err
	}
	c.extend(ctx)
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
		a := accountIn(s, p, c.region())
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
	r := c.region()
	q := url.Values{"account_id": {accountID}}
	if r.balanceCurrency != "" {
		q.Set("total_asset_currency", r.balanceCurrency)
	}
	b, err := c.get(ctx, pathBalance, q)
	if err != nil {
		return nil, err
	}
	if !r.jp {
		return decodeBalanceIn(b, c.margin(accountID), r.currency)
	}
	bals, err := decodeJPBalance(b, c.margin(accountID))
	if err != nil {
		return nil, err
	}
	pos, err := c.positions(ctx, accountID)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.held == nil {
		c.held = map[string]heldPositions{}
	}
	c.held[accountID] = heldPositions{at: c.api.now(), pos: pos}
	c.mu.Unlock()
	return addHoldings(bals, pos), nil
}

// addHoldings adds the market value of the positions to the total of their
// currency's balance (a currency without a cash balance gets one).
func addHoldings(bals []integrations.Balance, pos []integrations.Position) []integrations.Balance {
	idx := map[string]int{}
	for i, b := range bals {
		idx[b.Currency] = i
	}
	for _, p := range pos {
		i, ok := idx[p.Currency]
		if !ok {
			i = len(bals)
			idx[p.Currency] = i
			bals = append(bals, integrations.Balance{Currency: p.Currency})
		}
		bals[i].Total = bals[i].Total.Add(p.MarketValue)
	}
	return bals
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	c.mu.Lock()
	h, ok := c.held[accountID]
	delete(c.held, accountID)
	c.mu.Unlock()
	if ok && c.api.now().Sub(h.at) < positionsFresh {
		return h.pos, nil
	}
	return c.positions(ctx, accountID)
}

// positions reads every page of an account's positions: after the last
// holding's instrument id (last_instrument_id), and in Japan after its
// position id too (last_id, the cursor developer.webull.co.jp documents;
// the SDKs send last_instrument_id everywhere).
func (c *client) positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	r := c.region()
	var out []integrations.Position
	q := url.Values{"account_id": {accountID}, "page_size": {strconv.Itoa(positionsPageSize)}}
	asOf := c.api.now().UTC().Truncate(time.Second)
	cursor := ""
	for range maxPages {
		b, err := c.get(ctx, pathPositions, q)
		if err != nil {
			return nil, err
		}
		page, err := decodeHoldingsPage(b, asOf, r)
		if err != nil {
			return nil, err
		}
		out = append(out, page.pos...)
		if !page.more {
			return out, nil
		}
		last := page.lastInstrument
		if r.jp && page.lastID != "" {
			last = page.lastID
			q.Set("last_id", page.lastID)
		}
		if last == cursor {
			return nil, errStuck
		}
		cursor = last
		q.Set("last_instrument_id", page.lastInstrument)
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages of positions")
}

var errStuck = integrations.Wrap(integrations.ErrUnavailable, "Webull answered the same page twice")

// Activities reads the filled orders placed on or after since (a year back
// when since is zero), following the last_client_order_id cursor. The reply
// is a bare array of order-history entries; a page shorter than page_size is
// the last.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if since.IsZero() {
		since = c.api.now().Add(-firstHistory)
	}
	from := integrations.DateOf(since.UTC())
	q := url.Values{"account_id": {accountID}, "page_size": {strconv.Itoa(ordersPageSize)}, "start_date": {string(from)}}
	var out []integrations.Activity
	path := pathOrders
	for range maxPages {
		b, err := c.get(ctx, path, q)
		if notFound(err) && path == pathOrders && c.region() != regionUS {
			path = pathOrdersOld
			b, err = c.get(ctx, path, q)
		}
		if err != nil {
			return nil, err
		}
		page, n, last, err := decodeOrdersIn(b, c.region())
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if n < ordersPageSize {
			return integrations.Dedupe(integrations.OnOrAfter(out, since)), nil
		}
		if last == q.Get("last_client_order_id") {
			return nil, errStuck
		}
		q.Set("last_client_order_id", last)
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages of orders")
}
