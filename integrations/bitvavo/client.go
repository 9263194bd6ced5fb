package bitvavo

import (
	"context"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// spotID is the id of the one account a login has.
const spotID = "spot"

func spotAccount() integrations.Account {
	return integrations.Account{ID: spotID, Name: "Bitvavo account", RawType: "spot",
		Category: integrations.CategoryCrypto, Currency: quote, Status: "open"}
}

const (
	tradeLimit    = 1000 // /trades maximum
	transferLimit = 500  // /depositHistory, /withdrawalHistory maximum
	maxPages      = 10000
)

func (a *api) balances(ctx context.Context) (map[string]decimal.Decimal, error) {
	var rows []balance
	if err := a.get(ctx, "/v2/balance", nil, &rows); err != nil {
		return nil, err
	}
	return totals(rows)
}

// owner names the account for the fingerprint: the personal reference of
// its euro bank deposits, which a new key of the same account finds again;
// the key when there is none.
func (a *api) owner(ctx context.Context) (string, error) {
	var d depositAddress
	if err := a.get(ctx, "/v2/deposit", url.Values{"symbol": {quote}}, &d); err != nil {
		return "", err
	}
	if d.Description != "" {
		return "ref:" + d.Description, nil
	}
	return "key:" + a.sec.Key, nil
}

type client struct{ api *api }

var errNoAccount = integrations.Wrap(integrations.ErrNotSupported, "Bitvavo has no such account")

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	if _, err := c.api.balances(ctx); err != nil {
		return nil, err
	}
	return []integrations.Account{spotAccount()}, nil
}

// markets returns every market's last price.
func (c *client) markets(ctx context.Context) ([]tickerPrice, error) {
	var ticks []tickerPrice
	if err := c.api.get(ctx, "/v2/ticker/price", nil, &ticks); err != nil {
		return nil, err
	}
	return ticks, nil
}

func (c *client) holdings(ctx context.Context, accountID string) ([]integrations.Balance, []integrations.Position, error) {
	if accountID != spotID {
		return nil, nil, errNoAccount
	}
	bal, err := c.api.balances(ctx)
	if err != nil {
		return nil, nil, err
	}
	px := map[string]decimal.Decimal{}
	if len(bal) > 1 || bal[quote].IsZero() {
		ticks, err := c.markets(ctx)
		if err != nil {
			return nil, nil, err
		}
		for _, t := range ticks {
			if base, q, ok := splitMarket(t.Market); ok && q == quote && t.Price.Valid && !t.Price.IsNegative() {
				px[base] = t.Price.Decimal
			}
		}
	}
	b, p := holdings(bal, px, c.api.now().UTC())
	return b, p, nil
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	b, _, err := c.holdings(ctx, accountID)
	return b, err
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	_, p, err := c.holdings(ctx, accountID)
	return p, err
}

// Activities reads deposits and withdrawals, then the trades of every
// market of the coins held or moved, each from since on.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if accountID != spotID {
		return nil, errNoAccount
	}
	start := max(since.UnixMilli(), 0)
	var out []integrations.Activity
	moved := map[string]bool{}
	for _, deposit := range []bool{true, false} {
		path := "/v2/depositHistory"
		if !deposit {
			path = "/v2/withdrawalHistory"
		}
		rows, err := pages(ctx, c.api, path, url.Values{}, start, transferLimit,
			func(t transfer) (string, int64) { return rowID(path, t), t.Timestamp })
		if err != nil {
			return nil, err
		}
		for _, t := range rows {
			moved[t.Symbol] = true
			if !t.done(deposit) {
				continue
			}
			a, err := transferActivity(t, deposit)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
	}
	bal, err := c.api.balances(ctx)
	if err != nil {
		return nil, err
	}
	for s, amt := range bal {
		if !amt.IsZero() {
			moved[s] = true
		}
	}
	ticks, err := c.markets(ctx)
	if err != nil {
		return nil, err
	}
	var markets []string
	for _, t := range ticks {
		if base, _, ok := splitMarket(t.Market); ok && moved[base] {
			markets = append(markets, t.Market)
		}
	}
	sort.Strings(markets)
	for _, m := range markets {
		rows, err := pages(ctx, c.api, "/v2/trades", url.Values{"market": {m}}, start, tradeLimit,
			func(t trade) (string, int64) { return t.ID, t.Timestamp })
		if err != nil {
			return nil, err
		}
		for _, t := range rows {
			a, err := tradeActivity(t)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].TradeDate < out[j].TradeDate })
	return out, nil
}

// pages reads a newest-first history from start on: a full page moves end
// back to its oldest row and reads again, dropping rows already seen.
func pages[T any](ctx context.Context, a *api, path string, q url.Values, start int64, limit int, key func(T) (string, int64)) ([]T, error) {
	seen := map[string]bool{}
	var out []T
	q.Set("start", strconv.FormatInt(start, 10))
	q.Set("limit", strconv.Itoa(limit))
	for range maxPages {
		var page []T
		if err := a.get(ctx, path, q, &page); err != nil {
			return nil, err
		}
		fresh, oldest := 0, int64(-1)
		for _, r := range page {
			id, at := key(r)
			if oldest < 0 || at < oldest {
				oldest = at
			}
			if !seen[id] && at >= start {
				seen[id] = true
				out = append(out, r)
				fresh++
			}
		}
		if len(page) < limit || fresh == 0 {
			return out, nil
		}
		q.Set("end", strconv.FormatInt(oldest, 10))
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "Bitvavo's history did not end")
}
