package wealthsimple

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Page sizes of the paged queries.
const (
	accountsPageSize   = 25
	positionsPageSize  = 50
	activitiesPageSize = 20
	maxPages           = 1000
	refreshMargin      = 60 * time.Second
)

// client reads one Wealthsimple login. Access tokens last 30 minutes; the
// client refreshes them with the refresh token (which rotates), saving the
// new grant before using it.
type client struct {
	api  *api
	save integrations.SaveFunc

	mu      sync.Mutex
	grant   integrations.Grant
	sec     secret
	pending *secret // refreshed but not yet saved: never used until it is

	accounts integrations.AccountIndex[integrations.Account]
}

// access returns the access token to use. stale is a token GraphQL refused:
// unless another call already replaced it, the grant is refreshed.
func (c *client) access(ctx context.Context, stale string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending != nil {
		if err := c.persist(ctx, *c.pending); err != nil {
			return "", err
		}
		c.sec, c.pending = *c.pending, nil
	}
	due := !c.sec.AccessExpiry.IsZero() && !c.api.now().Before(c.sec.AccessExpiry.Add(-refreshMargin))
	if !due && (stale == "" || stale != c.sec.Access) {
		return c.sec.Access, nil
	}
	if c.sec.Refresh == "" {
		return "", integrations.Wrap(integrations.ErrReauthRequired, "the Wealthsimple login cannot be refreshed")
	}
	ans, err := c.api.refresh(ctx, c.sec.Refresh)
	if err != nil {
		return "", err
	}
	next := c.sec
	next.Access, next.Refresh = ans.AccessToken, ans.RefreshToken
	next.AccessExpiry = expiry(c.api.now(), ans.ExpiresIn)
	if err := c.persist(ctx, next); err != nil {
		// The old refresh token is spent: keep the new one, unused, until
		// a save succeeds.
		c.pending = &next
		return "", err
	}
	c.sec = next
	return c.sec.Access, nil
}

func expiry(now time.Time, secs int64) time.Time {
	if secs <= 0 {
		return time.Time{}
	}
	return now.Add(time.Duration(secs) * time.Second).UTC().Truncate(time.Second)
}

func (c *client) persist(ctx context.Context, s secret) error {
	g := c.grant
	g.Secret = s.encode()
	if c.save != nil {
		if err := c.save(ctx, g); err != nil {
			return fmt.Errorf("wealthsimple: saving the refreshed login: %w", err)
		}
	}
	c.grant = g
	return nil
}

// query runs a GraphQL query, refreshing the access token once if it is
// refused.
func (c *client) query(ctx context.Context, op, q string, vars map[string]any) (json.RawMessage, error) {
	tok, err := c.access(ctx, "")
	if err != nil {
		return nil, err
	}
	data, err := c.api.graphql(ctx, tok, op, q, vars)
	if !errors.Is(err, errNotAuthorized) {
		return data, err
	}
	if tok, err = c.access(ctx, tok); err != nil {
		return nil, err
	}
	return c.api.graphql(ctx, tok, op, q, vars)
}

func (c *client) identity() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sec.IdentityID
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	var out []integrations.Account
	vars := map[string]any{"identityId": c.identity(), "pageSize": accountsPageSize}
	for range maxPages {
		data, err := c.query(ctx, opAccounts, queryAccounts, vars)
		if err != nil {
			return nil, err
		}
		page, pi, err := decodeAccounts(data)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if !pi.HasNextPage {
			byID := make(map[string]integrations.Account, len(out))
			for _, a := range out {
				byID[a.ID] = a
			}
			c.accounts.Set(byID)
			return out, nil
		}
		if pi.EndCursor == "" {
			return nil, errMalformed
		}
		vars["cursor"] = pi.EndCursor
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages of accounts")
}

// currency returns an account's currency, reading the accounts if needed.
func (c *client) currency(ctx context.Context, accountID string) (string, error) {
	a, ok, err := c.accounts.Get(ctx, accountID, func(ctx context.Context) error {
		_, err := c.Accounts(ctx)
		return err
	})
	if err != nil {
		return "", err
	}
	if !ok {
		return "", integrations.Wrap(integrations.ErrNotSupported, "no such Wealthsimple account in this login")
	}
	return a.Currency, nil
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	cur, err := c.currency(ctx, accountID)
	if err != nil {
		return nil, err
	}
	asOf := c.api.now().UTC().Truncate(time.Second)
	vars := map[string]any{"identityId": c.identity(), "currency": cur, "first": positionsPageSize, "accountIds": []string{accountID}}
	var out []integrations.Position
	for range maxPages {
		data, err := c.query(ctx, opPositions, queryPositions, vars)
		if err != nil {
			return nil, err
		}
		page, pi, err := decodePositions(data, asOf)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if !pi.HasNextPage {
			return out, nil
		}
		if pi.EndCursor == "" {
			return nil, errMalformed
		}
		vars["cursor"] = pi.EndCursor
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages of positions")
}

// Balances: cash per currency (the sec-c-cad and sec-c-usd balances), and
// per currency the total of cash and positions.
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	data, err := c.query(ctx, opBalances, queryBalances, map[string]any{"ids": []string{accountID}, "type": "TRADING"})
	if err != nil {
		return nil, err
	}
	cash, order, err := decodeCash(data, accountID)
	if err != nil {
		return nil, err
	}
	pos, err := c.Positions(ctx, accountID)
	if err != nil {
		return nil, err
	}
	totals := map[string]integrations.Balance{}
	for _, cur := range order {
		totals[cur] = integrations.Balance{Currency: cur, Cash: cash[cur], Total: cash[cur]}
	}
	for _, p := range pos {
		b, ok := totals[p.Currency]
		if !ok {
			b = integrations.Balance{Currency: p.Currency}
			order = append(order, p.Currency)
		}
		b.Total = b.Total.Add(p.MarketValue)
		totals[p.Currency] = b
	}
	out := make([]integrations.Balance, 0, len(order))
	for _, cur := range order {
		out = append(out, totals[cur])
	}
	return out, nil
}

// Activities reads the activity feed of the account from since, newest
// first, following the cursor.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	cond := map[string]any{"accountIds": []string{accountID}, "endDate": c.api.now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)}
	from := integrations.Date("")
	if !since.IsZero() {
		from = integrations.DateOf(since.UTC())
		cond["startDate"] = string(from)
	}
	vars := map[string]any{"orderBy": "OCCURRED_AT_DESC", "first": activitiesPageSize, "condition": cond}
	var out []integrations.Activity
	seen := map[string]bool{}
	for range maxPages {
		data, err := c.query(ctx, opActivities, queryActivities, vars)
		if err != nil {
			return nil, err
		}
		page, pi, err := decodeActivities(data)
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
		if !pi.HasNextPage {
			return out, nil
		}
		if pi.EndCursor == "" {
			return nil, errMalformed
		}
		vars["cursor"] = pi.EndCursor
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "too many pages of activities")
}
