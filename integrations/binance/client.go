package binance

import (
	"context"
	"encoding/json"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// spotID is the id of the one account a login has: its spot wallet.
const spotID = "spot"

func spotAccount(v variant) integrations.Account {
	return integrations.Account{ID: spotID, Name: v.display + " spot wallet", RawType: "SPOT",
		Category: integrations.CategoryCrypto, Currency: v.quote, Status: "open"}
}

const (
	// historyWindow is the longest startTime..endTime span the deposit and
	// withdrawal histories accept.
	historyWindow = 90 * 24 * time.Hour
	historyLimit  = 1000
	tradeLimit    = 1000
	maxPages      = 10000
)

// launched is when Binance opened: no history is older.
var launched = time.Date(2017, 7, 1, 0, 0, 0, 0, time.UTC)

func (a *api) account(ctx context.Context) (account, error) {
	var acct account
	if err := a.signed(ctx, "/api/v3/account", url.Values{"omitZeroBalances": {"true"}}, &acct); err != nil {
		return acct, err
	}
	if _, err := acct.totals(); err != nil {
		return acct, err
	}
	return acct, nil
}

// client reads one Binance spot account.
type client struct {
	api *api

	mu   sync.Mutex
	info *exchangeInfo // cached for the client's life
}

var errNoAccount = integrations.Wrap(integrations.ErrNotSupported, "Binance has no such account")

func (c *client) exchangeInfo(ctx context.Context) (exchangeInfo, error) {
	c.mu.Lock()
	if c.info != nil {
		defer c.mu.Unlock()
		return *c.info, nil
	}
	c.mu.Unlock()
	var info exchangeInfo
	if err := c.api.public(ctx, "/api/v3/exchangeInfo", url.Values{"permissions": {"SPOT"}}, &info); err != nil {
		return info, err
	}
	c.mu.Lock()
	c.info = &info
	c.mu.Unlock()
	return info, nil
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	if _, err := c.api.account(ctx); err != nil {
		return nil, err
	}
	return []integrations.Account{spotAccount(c.api.v)}, nil
}

// prices returns the last price in the quote currency of each asset that
// has a market against it.
func (c *client) prices(ctx context.Context, assets []string) (map[string]decimal.Decimal, error) {
	out := map[string]decimal.Decimal{}
	if len(assets) == 0 {
		return out, nil
	}
	info, err := c.exchangeInfo(ctx)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, a := range assets {
		want[a] = true
	}
	base := map[string]string{}
	var syms []string
	for _, s := range info.Symbols {
		if s.QuoteAsset == c.api.v.quote && want[s.BaseAsset] && s.Status == "TRADING" {
			syms = append(syms, s.Symbol)
			base[s.Symbol] = s.BaseAsset
		}
	}
	if len(syms) == 0 {
		return out, nil
	}
	sort.Strings(syms)
	list, _ := json.Marshal(syms)
	var ticks []tickerPrice
	if err := c.api.public(ctx, "/api/v3/ticker/price", url.Values{"symbols": {string(list)}}, &ticks); err != nil {
		return nil, err
	}
	for _, t := range ticks {
		if b, ok := base[t.Symbol]; ok {
			if !t.Price.Valid || t.Price.IsNegative() {
				return nil, errMalformed
			}
			out[b] = t.Price.Decimal
		}
	}
	return out, nil
}

func (c *client) holdings(ctx context.Context, accountID string) ([]integrations.Balance, []integrations.Position, error) {
	if accountID != spotID {
		return nil, nil, errNoAccount
	}
	acct, err := c.api.account(ctx)
	if err != nil {
		return nil, nil, err
	}
	bal, _ := acct.totals()
	var held []string
	for a, amt := range bal {
		if !fiat[a] && a != c.api.v.quote && !amt.IsZero() {
			held = append(held, a)
		}
	}
	px, err := c.prices(ctx, held)
	if err != nil {
		return nil, nil, err
	}
	b, p := holdings(bal, px, c.api.v.quote, c.api.now().UTC())
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

// Activities reads deposits and withdrawals in 90-day windows from since,
// then the trades of every market of the coins held or moved, each from its
// first trade (fromId) on, and keeps what is on or after since.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if accountID != spotID {
		return nil, errNoAccount
	}
	now := c.api.now().UTC()
	if since.Before(launched) {
		since = launched
	}
	var out []integrations.Activity
	moved := map[string]bool{}
	deps, err := c.deposits(ctx, since, now)
	if err != nil {
		return nil, err
	}
	for _, d := range deps {
		moved[d.Coin] = true
		if !d.credited() {
			continue
		}
		a, err := depositActivity(d, c.api.v.quote)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	wds, err := c.withdrawals(ctx, since, now)
	if err != nil {
		return nil, err
	}
	for _, w := range wds {
		moved[w.Coin] = true
		if !w.sent() {
			continue
		}
		a, err := withdrawalActivity(w, c.api.v.quote)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	acct, err := c.api.account(ctx)
	if err != nil {
		return nil, err
	}
	bal, _ := acct.totals()
	for a, amt := range bal {
		if !amt.IsZero() {
			moved[a] = true
		}
	}
	info, err := c.exchangeInfo(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range tradeSymbols(info, moved) {
		trades, err := c.trades(ctx, s.Symbol)
		if err != nil {
			return nil, err
		}
		for _, t := range trades {
			if msTime(t.Time).Before(since) {
				continue
			}
			a, err := tradeActivity(s, t)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].TradeDate < out[j].TradeDate })
	return out, nil
}

// windows calls f for each 90-day window from since to now.
func windows(since, now time.Time, f func(start, end time.Time) error) error {
	for start := since; start.Before(now); start = start.Add(historyWindow) {
		end := start.Add(historyWindow).Add(-time.Millisecond)
		if end.After(now) {
			end = now
		}
		if err := f(start, end); err != nil {
			return err
		}
	}
	return nil
}

func windowQuery(start, end time.Time, offset int) url.Values {
	return url.Values{
		"startTime": {strconv.FormatInt(start.UnixMilli(), 10)}, "endTime": {strconv.FormatInt(end.UnixMilli(), 10)},
		"offset": {strconv.Itoa(offset)}, "limit": {strconv.Itoa(historyLimit)},
	}
}

func (c *client) deposits(ctx context.Context, since, now time.Time) ([]deposit, error) {
	var out []deposit
	err := windows(since, now, func(start, end time.Time) error {
		for offset := 0; ; {
			var page []deposit
			if err := c.api.signed(ctx, "/sapi/v1/capital/deposit/hisrec", windowQuery(start, end, offset), &page); err != nil {
				return err
			}
			out = append(out, page...)
			if len(page) < historyLimit {
				return nil
			}
			offset += len(page)
		}
	})
	return out, err
}

func (c *client) withdrawals(ctx context.Context, since, now time.Time) ([]withdrawal, error) {
	var out []withdrawal
	err := windows(since, now, func(start, end time.Time) error {
		for offset := 0; ; {
			var page []withdrawal
			if err := c.api.signed(ctx, "/sapi/v1/capital/withdraw/history", windowQuery(start, end, offset), &page); err != nil {
				return err
			}
			out = append(out, page...)
			if len(page) < historyLimit {
				return nil
			}
			offset += len(page)
		}
	})
	return out, err
}

// trades reads a market's trades from the first (fromId 0), 1000 a call.
func (c *client) trades(ctx context.Context, symbol string) ([]trade, error) {
	var out []trade
	from := int64(0)
	for range maxPages {
		var page []trade
		q := url.Values{"symbol": {symbol}, "fromId": {strconv.FormatInt(from, 10)}, "limit": {strconv.Itoa(tradeLimit)}}
		if err := c.api.signed(ctx, "/api/v3/myTrades", q, &page); err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < tradeLimit {
			return out, nil
		}
		from = page[len(page)-1].ID + 1
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "Binance's trade history did not end")
}
