package gemini

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// spotID is the id of the one account a login has (its key's account).
const spotID = "exchange"

func spotAccount(v variant) integrations.Account {
	return integrations.Account{ID: spotID, Name: v.display + " exchange account", RawType: "exchange",
		Category: integrations.CategoryCrypto, Currency: valuation, Status: "open", Paper: v.paper}
}

const (
	tradeLimit    = 500 // limit_trades maximum
	transferLimit = 50  // limit_transfers maximum
	maxPages      = 10000
)

func (a *api) account(ctx context.Context) (accountInfo, error) {
	var info accountInfo
	err := a.private(ctx, "/v1/account", nil, &info)
	return info, err
}

// client reads one Gemini account.
type client struct{ api *api }

var errNoAccount = integrations.Wrap(integrations.ErrNotSupported, "Gemini has no such account")

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	var bals []notional
	if err := c.api.private(ctx, "/v1/balances", nil, &bals); err != nil {
		return nil, err
	}
	return []integrations.Account{spotAccount(c.api.v)}, nil
}

func (c *client) holdings(ctx context.Context, accountID string) ([]integrations.Balance, []integrations.Position, error) {
	if accountID != spotID {
		return nil, nil, errNoAccount
	}
	var rows []notional
	if err := c.api.private(ctx, "/v1/notionalbalances/usd", nil, &rows); err != nil {
		return nil, nil, err
	}
	return holdings(rows, c.api.now().UTC())
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	b, _, err := c.holdings(ctx, accountID)
	return b, err
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	_, p, err := c.holdings(ctx, accountID)
	return p, err
}

// Activities reads transfers, then the trades of every market of the
// currencies held or moved, each from since on.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if accountID != spotID {
		return nil, errNoAccount
	}
	from := max(since.Unix(), 0)
	var out []integrations.Activity
	moved := map[string]bool{}
	transfers, err := c.transfers(ctx, from)
	if err != nil {
		return nil, err
	}
	for _, t := range transfers {
		moved[strings.ToUpper(t.Currency)] = true
		if !t.settled() || msTime(t.TimestampMS).Before(since) {
			continue
		}
		a, err := transferActivity(t)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	var bals []notional
	if err := c.api.private(ctx, "/v1/balances", nil, &bals); err != nil {
		return nil, err
	}
	for _, b := range bals {
		if !b.Amount.IsZero() {
			moved[strings.ToUpper(b.Currency)] = true
		}
	}
	var symbols []string
	if err := c.api.public(ctx, "/v1/symbols", &symbols); err != nil {
		return nil, err
	}
	for _, sym := range tradeSymbols(symbols, moved) {
		trades, err := c.trades(ctx, sym, from)
		if err != nil {
			return nil, err
		}
		for _, t := range trades {
			if msTime(t.TimestampMS).Before(since) {
				continue
			}
			a, err := tradeActivity(sym, t)
			if err != nil {
				return nil, err
			}
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].TradeDate < out[j].TradeDate })
	return out, nil
}

// trades reads a symbol's trades on or after from (unix seconds), at most
// 500 a call; a full page moves timestamp on to its newest trade and reads
// again, dropping trades already seen.
func (c *client) trades(ctx context.Context, sym string, from int64) ([]trade, error) {
	seen := map[int64]bool{}
	var out []trade
	for range maxPages {
		var page []trade
		params := map[string]any{"symbol": sym, "limit_trades": tradeLimit, "timestamp": from}
		if err := c.api.private(ctx, "/v1/mytrades", params, &page); err != nil {
			return nil, err
		}
		fresh, newest := 0, from
		for _, t := range page {
			newest = max(newest, t.TimestampMS/1000)
			if !seen[t.TID] {
				seen[t.TID] = true
				out = append(out, t)
				fresh++
			}
		}
		if len(page) < tradeLimit || fresh == 0 {
			return out, nil
		}
		from = newest
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "Gemini's trade history did not end")
}

// transfers reads transfers on or after from, 50 a call, the same way.
func (c *client) transfers(ctx context.Context, from int64) ([]transfer, error) {
	seen := map[int64]bool{}
	var out []transfer
	for range maxPages {
		var page []transfer
		params := map[string]any{"limit_transfers": transferLimit, "timestamp": from, "show_completed_deposit_advances": false}
		if err := c.api.private(ctx, "/v1/transfers", params, &page); err != nil {
			return nil, err
		}
		fresh, newest := 0, from
		for _, t := range page {
			newest = max(newest, t.TimestampMS/1000)
			if !seen[t.EID] {
				seen[t.EID] = true
				out = append(out, t)
				fresh++
			}
		}
		if len(page) < transferLimit || fresh == 0 {
			return out, nil
		}
		from = newest
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "Gemini's transfer history did not end")
}
