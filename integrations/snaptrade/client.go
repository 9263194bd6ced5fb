package snaptrade

import (
	"context"
	"errors"
	"net/url"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// client reads one SnapTrade connection (brokerage authorization).
type client struct {
	in   *Integration
	api  *api
	auth string
	now  func() time.Time

	accounts integrations.AccountIndex[account]

	mu        sync.Mutex
	positions map[string]cachedPositions
}

var _ integrations.Client = (*client)(nil)

// cachedPositions are an account's positions, read for its balances and
// kept for the positions call that follows: the account-data endpoints of a
// Personal key allow 10 requests a minute per account
// (docs/ratelimiting.md).
type cachedPositions struct {
	at  time.Time
	pos []position
}

// positionsReuse is how long positions read for Balances serve Positions.
const positionsReuse = time.Minute

func getAuthorization(ctx context.Context, a *api, id string) (wireAuthorization, error) {
	b, err := a.do(ctx, request{path: "/authorizations/" + id})
	if err != nil {
		return wireAuthorization{}, err
	}
	auth, err := decodeAuthorization(b)
	if err != nil {
		return auth, a.http.Malformed()
	}
	return auth, nil
}

// disabledError is a disabled connection's error, in SnapTrade's words
// (BrokerageAuthorization.disabled: "can no longer access the latest data
// from the brokerage ... Please see this guide on how to fix a disabled
// connection").
func disabledError(auth wireAuthorization) error {
	since := ""
	if t, err := time.Parse(time.RFC3339Nano, deref(auth.DisabledDate)); err == nil {
		since = " since " + t.UTC().Format(time.DateOnly)
	}
	return integrations.Wrap(integrations.ErrReauthRequired, "SnapTrade reports the connection to "+auth.Brokerage.label()+
		" as disabled"+since+": the brokerage wants you to log in again. Repair it to reconnect through SnapTrade's portal")
}

// Accounts reads the connection (a disabled one is ErrReauthRequired) and
// its accounts: GET /authorizations/{id}, GET /authorizations/{id}/accounts.
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	accts, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]integrations.Account, len(accts))
	for i, a := range accts {
		out[i] = a.Account
	}
	return out, nil
}

func (c *client) load(ctx context.Context) ([]account, error) {
	auth, err := getAuthorization(ctx, c.api, c.auth)
	if err != nil {
		return nil, err
	}
	if auth.Disabled {
		return nil, disabledError(auth)
	}
	b, err := c.api.do(ctx, request{path: "/authorizations/" + c.auth + "/accounts"})
	if err != nil {
		return nil, err
	}
	accts, err := decodeAccounts(b, auth.Brokerage)
	if err != nil {
		return nil, c.api.http.Malformed()
	}
	idx := make(map[string]account, len(accts))
	for i, a := range accts {
		if a.Currency == "" {
			// No total to take the currency from: the first balance's.
			bals, err := c.balances(ctx, a.ID)
			if err != nil {
				return nil, err
			}
			if len(bals) == 0 {
				return nil, c.api.http.Malformed()
			}
			accts[i].Currency = bals[0].Currency
		}
		idx[a.ID] = accts[i]
	}
	c.accounts.Set(idx)
	return accts, nil
}

var errNoAccount = errors.New("snaptrade: this connection has no such account")

// account returns one of the connection's accounts, reading them once when
// the id is not known yet: the per-account endpoints answer for any account
// of the key, so the client keeps to its connection's.
func (c *client) account(ctx context.Context, id string) (account, error) {
	return c.accounts.Lookup(ctx, id, func(ctx context.Context) error { _, err := c.load(ctx); return err }, errNoAccount)
}

func (c *client) balances(ctx context.Context, id string) ([]integrations.Balance, error) {
	b, err := c.api.do(ctx, request{path: "/accounts/" + id + "/balances"})
	if err != nil {
		return nil, err
	}
	bals, err := decodeBalances(b)
	if err != nil {
		return nil, c.api.http.Malformed()
	}
	return bals, nil
}

// Balances reads GET /accounts/{id}/balances (cash and buying power per
// currency) and totals each currency as its cash plus the market value of
// the positions in it (money-market funds SnapTrade counts in cash too,
// cash_equivalent, are not added twice). For an account whose holdings
// SnapTrade cannot read (holdings_unavailable, e.g. Vanguard employer
// plans) the account's own total stands in, as api.yaml advises.
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	acct, err := c.account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	bals, err := c.balances(ctx, accountID)
	if err != nil {
		return nil, err
	}
	if acct.holdingsUnavailable {
		return withTotal(bals, acct), nil
	}
	pos, err := c.readPositions(ctx, accountID, true)
	if err != nil {
		return nil, err
	}
	held := map[string]decimal.Decimal{}
	for _, p := range pos {
		if !p.cashEquivalent && !p.PriceUnknown {
			held[p.Currency] = held[p.Currency].Add(p.MarketValue)
		}
	}
	for i := range bals {
		bals[i].Total = bals[i].Cash.Add(held[bals[i].Currency])
		delete(held, bals[i].Currency)
	}
	for _, cur := range sortedKeys(held) {
		bals = append(bals, integrations.Balance{Currency: cur, Total: held[cur]})
	}
	return bals, nil
}

// withTotal puts the account's total on the balance of its currency.
func withTotal(bals []integrations.Balance, acct account) []integrations.Balance {
	if !acct.total.Valid {
		for i := range bals {
			bals[i].Total = bals[i].Cash
		}
		return bals
	}
	for i := range bals {
		bals[i].Total = bals[i].Cash
		if bals[i].Currency == acct.Currency {
			bals[i].Total = acct.total.Decimal
			return bals
		}
	}
	return append(bals, integrations.Balance{Currency: acct.Currency, Total: acct.total.Decimal})
}

func sortedKeys(m map[string]decimal.Decimal) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// readPositions reads GET /accounts/{id}/positions/all (the endpoint that
// replaced /positions and /holdings; api.yaml of 2026-08-10), or the copy
// Balances read a moment ago. keep caches what it reads for the next call.
func (c *client) readPositions(ctx context.Context, accountID string, keep bool) ([]position, error) {
	now := c.now()
	c.mu.Lock()
	cp, ok := c.positions[accountID]
	if ok && !keep {
		delete(c.positions, accountID)
	}
	c.mu.Unlock()
	if ok && now.Sub(cp.at) >= 0 && now.Sub(cp.at) < positionsReuse {
		return cp.pos, nil
	}
	b, err := c.api.do(ctx, request{path: "/accounts/" + accountID + "/positions/all"})
	if err != nil {
		return nil, err
	}
	pos, err := decodePositions(b, now)
	if err != nil {
		return nil, c.api.http.Malformed()
	}
	if keep {
		c.mu.Lock()
		c.positions[accountID] = cachedPositions{at: now, pos: pos}
		c.mu.Unlock()
	}
	return pos, nil
}

// Positions returns the account's positions.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	if _, err := c.account(ctx, accountID); err != nil {
		return nil, err
	}
	pos, err := c.readPositions(ctx, accountID, false)
	if err != nil {
		return nil, err
	}
	out := make([]integrations.Position, len(pos))
	for i, p := range pos {
		out[i] = p.Position
	}
	return out, nil
}

// maxPages bounds a paged read against a server that never stops.
const maxPages = 10000

// Activities reads GET /accounts/{id}/activities from since's date
// (startDate, inclusive, on trade_date), page by page with offset and limit
// until pagination.total rows have come (a page may hold fewer rows than
// the limit), oldest first.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	acct, err := c.account(ctx, accountID)
	if err != nil {
		return nil, err
	}
	from := integrations.Date("")
	q := url.Values{"limit": {strconv.Itoa(c.in.opts.PageSize)}}
	if !since.IsZero() {
		from = integrations.DateOf(since.UTC())
		q.Set("startDate", string(from))
	}
	var out []integrations.Activity
	seen := 0
	for range maxPages {
		q.Set("offset", strconv.Itoa(seen))
		b, err := c.api.do(ctx, request{path: "/accounts/" + accountID + "/activities", query: q})
		if err != nil {
			return nil, err
		}
		page, total, err := decodeActivities(b, acct.Currency)
		if err != nil {
			return nil, c.api.http.Malformed()
		}
		n := pageRows(b)
		seen += n
		out = append(out, integrations.OnOrAfter(page, since)...)
		if n == 0 || total < 0 && n < c.in.opts.PageSize || total >= 0 && seen >= total {
			sortActivities(out)
			return out, nil
		}
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "SnapTrade kept sending pages")
}

// pageRows counts a page's rows as sent (decodeActivities may skip rows it
// cannot place), for the next offset.
func pageRows(b []byte) int {
	var w struct {
		Data []struct{} `json:"data"`
	}
	if unmarshal(b, &w) != nil {
		return 0
	}
	return len(w.Data)
}
