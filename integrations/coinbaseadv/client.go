package coinbaseadv

import (
	"context"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// portfolioID is the id of the one account a login has: the key's portfolio.
const portfolioID = "portfolio"

func portfolioAccount() integrations.Account {
	return integrations.Account{ID: portfolioID, Name: "Coinbase portfolio", RawType: "DEFAULT",
		Category: integrations.CategoryCrypto, Currency: valuation, Status: "open"}
}

const (
	walletLimit = 250
	fillLimit   = 100
	maxPages    = 10000
)

func (a *api) permissions(ctx context.Context) (permissions, error) {
	var p permissions
	if err := a.get(ctx, "/api/v3/brokerage/key_permissions", nil, &p); err != nil {
		return p, err
	}
	if !p.CanView {
		return p, a.refuse("the API key lacks the View permission")
	}
	return p, nil
}

func (a *api) refuse(why string) error {
	if a.login {
		return integrations.Wrap(integrations.ErrInvalidCredentials, why)
	}
	return integrations.Wrap(integrations.ErrReauthRequired, why)
}

func (a *api) wallets(ctx context.Context) ([]wallet, error) {
	var out []wallet
	q := url.Values{"limit": {"250"}}
	for range maxPages {
		var p walletPage
		if err := a.get(ctx, "/api/v3/brokerage/accounts", q, &p); err != nil {
			return nil, err
		}
		out = append(out, p.Accounts...)
		if !p.HasNext || p.Cursor == "" {
			if _, err := totals(out); err != nil {
				return nil, err
			}
			return out, nil
		}
		q.Set("cursor", p.Cursor)
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "Coinbase's account list did not end")
}

type client struct{ api *api }

var errNoAccount = integrations.Wrap(integrations.ErrNotSupported, "Coinbase has no such account")

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	if _, err := c.api.wallets(ctx); err != nil {
		return nil, err
	}
	return []integrations.Account{portfolioAccount()}, nil
}

func (c *client) holdings(ctx context.Context, accountID string) ([]integrations.Balance, []integrations.Position, error) {
	if accountID != portfolioID {
		return nil, nil, errNoAccount
	}
	ws, err := c.api.wallets(ctx)
	if err != nil {
		return nil, nil, err
	}
	bal, _ := totals(ws)
	var ids []string
	for cur, amt := range bal {
		if !fiat[cur] && !amt.IsZero() {
			ids = append(ids, cur+"-"+valuation)
		}
	}
	px := map[string]decimal.Decimal{}
	if len(ids) > 0 {
		sort.Strings(ids)
		var p productPage
		if err := c.api.get(ctx, "/api/v3/brokerage/products", url.Values{"product_ids": ids}, &p); err != nil {
			return nil, nil, err
		}
		for _, pr := range p.Products {
			if base, q, ok := strings.Cut(pr.ProductID, "-"); ok && q == valuation && pr.Price.Valid && !pr.Price.IsNegative() {
				px[base] = pr.Price.Decimal
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

// Activities reads the fills from since on, 100 a page by cursor.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if accountID != portfolioID {
		return nil, errNoAccount
	}
	q := url.Values{"limit": {"100"}}
	if !since.IsZero() {
		q.Set("start_sequence_timestamp", since.UTC().Format(time.RFC3339))
	}
	var out []integrations.Activity
	seen := map[string]bool{}
	for range maxPages {
		var p fillPage
		if err := c.api.get(ctx, "/api/v3/brokerage/orders/historical/fills", q, &p); err != nil {
			return nil, err
		}
		for _, f := range p.Fills {
			a, err := fillActivity(f)
			if err != nil {
				return nil, err
			}
			if !seen[a.ID] {
				seen[a.ID] = true
				out = append(out, a)
			}
		}
		if p.Cursor == "" || len(p.Fills) == 0 {
			sort.SliceStable(out, func(i, j int) bool { return out[i].TradeDate < out[j].TradeDate })
			return out, nil
		}
		q.Set("cursor", p.Cursor)
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "Coinbase's fills did not end")
}
