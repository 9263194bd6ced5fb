package degiro

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Paths of the data the client reads.
const (
	pathUpdate       = "/trading/secure/v5/update/"
	pathAccountInfo  = "/trading/secure/v5/account/info/"
	pathProducts     = "/product_search/secure/v5/products/info"
	pathTransactions = "/portfolio-reports/secure/v4/transactions"
	pathOverview     = "/portfolio-reports/secure/v6/accountoverview"
)

// client reads one DEGIRO session: a single account.
type client struct {
	api        *api
	intAccount int64
}

func (c *client) ia() string { return strconv.FormatInt(c.intAccount, 10) }

// sessionPath is a trading path keyed by account, with the session in the
// path: /trading/secure/v5/update/{intAccount};jsessionid={sessionId}.
func (c *client) sessionPath(p string) string {
	return p + c.ia() + ";jsessionid=" + c.api.sessionID
}

func (c *client) query(extra url.Values) url.Values {
	q := url.Values{"intAccount": {c.ia()}, "sessionId": {c.api.sessionID}}
	for k, v := range extra {
		q[k] = v
	}
	return q
}

func (c *client) get(ctx context.Context, path string, q url.Values) ([]byte, error) {
	return c.api.call(ctx, http.MethodGet, path, q, nil, modeData)
}

func (c *client) check(id string) error {
	if id != accountID(c.intAccount) {
		return integrations.Wrap(integrations.ErrNotSupported, "no such DEGIRO account in this login")
	}
	return nil
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	b, err := c.get(ctx, c.sessionPath(pathAccountInfo), nil)
	if err != nil {
		return nil, err
	}
	cur, err := decodeAccountInfo(b)
	if err != nil {
		return nil, err
	}
	ia := c.ia()
	return []integrations.Account{{ID: accountID(c.intAccount), Number: "••••" + ia[max(0, len(ia)-4):],
		Name: "DEGIRO", RawType: "TRADING", Category: integrations.CategoryInvestment, Currency: cur, Status: "open"}}, nil
}

// update reads the account's positions and cash funds.
func (c *client) update(ctx context.Context) ([]positionRow, []cashRow, error) {
	q := url.Values{"portfolio": {"0"}, "totalPortfolio": {"0"}, "cashFunds": {"0"}}
	b, err := c.get(ctx, c.sessionPath(pathUpdate), q)
	if err != nil {
		return nil, nil, err
	}
	return decodeUpdate(b)
}

// products looks products up by id (a POST that only reads).
func (c *client) products(ctx context.Context, ids []string) (map[string]wireProduct, error) {
	if len(ids) == 0 {
		return map[string]wireProduct{}, nil
	}
	b, err := c.api.call(ctx, http.MethodPost, pathProducts, c.query(nil), ids, modeData)
	if err != nil {
		return nil, err
	}
	m, err := decodeProducts(b)
	if err != nil {
		return nil, err
	}
	for _, id := range ids {
		if _, ok := m[id]; !ok {
			return nil, errMalformed
		}
	}
	return m, nil
}

func (c *client) holdings(ctx context.Context) ([]integrations.Position, []cashRow, error) {
	rows, cash, err := c.update(ctx)
	if err != nil {
		return nil, nil, err
	}
	ids := map[string]bool{}
	for _, r := range rows {
		ids[r.ProductID] = true
	}
	prods, err := c.products(ctx, productIDs(ids))
	if err != nil {
		return nil, nil, err
	}
	asOf := c.api.now().UTC().Truncate(time.Second)
	out := make([]integrations.Position, 0, len(rows))
	for _, r := range rows {
		out = append(out, position(r, prods[r.ProductID], asOf))
	}
	return out, cash, nil
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	pos, cash, err := c.holdings(ctx)
	if err != nil {
		return nil, err
	}
	byCur := map[string]*integrations.Balance{}
	var order []string
	add := func(cur string) *integrations.Balance {
		if b, ok := byCur[cur]; ok {
			return b
		}
		b := &integrations.Balance{Currency: cur}
		byCur[cur] = b
		order = append(order, cur)
		return b
	}
	for _, r := range cash {
		b := add(r.Currency)
		b.Cash = b.Cash.Add(r.Value)
		b.Total = b.Total.Add(r.Value)
	}
	for _, p := range pos {
		if p.Currency == "" {
			continue
		}
		b := add(p.Currency)
		b.Total = b.Total.Add(p.MarketValue)
	}
	out := make([]integrations.Balance, 0, len(order))
	for _, cur := range order {
		b := *byCur[cur]
		b.Cash, b.Total = b.Cash.Round(2), b.Total.Round(2)
		out = append(out, b)
	}
	return out, nil
}

func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	pos, _, err := c.holdings(ctx)
	return pos, err
}

// reportDate is the dd/mm/YYYY of DEGIRO's reports.
func reportDate(t time.Time) string { return t.Format("02/01/2006") }

// Activities reads trades (transactions) and cash movements (account
// overview) from since to today. Neither report pages.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	now := c.api.now().UTC()
	if since.IsZero() || since.After(now) {
		since = now.AddDate(-10, 0, 0)
	}
	span := url.Values{"fromDate": {reportDate(since.UTC())}, "toDate": {reportDate(now)}}
	b, err := c.get(ctx, pathTransactions, c.query(url.Values{"fromDate": span["fromDate"], "toDate": span["toDate"],
		"groupTransactionsByOrder": {"false"}}))
	if err != nil {
		return nil, err
	}
	trades, err := decodeTransactions(b)
	if err != nil {
		return nil, err
	}
	b, err = c.get(ctx, pathOverview, c.query(span))
	if err != nil {
		return nil, err
	}
	moves, err := decodeCashMovements(b)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, t := range trades {
		ids[strconv.FormatInt(t.ProductID, 10)] = true
	}
	for _, m := range moves {
		if m.ProductID != nil && !skipMovement(m) {
			ids[strconv.FormatInt(*m.ProductID, 10)] = true
		}
	}
	prods, err := c.products(ctx, productIDs(ids))
	if err != nil {
		return nil, err
	}
	b, err = c.get(ctx, c.sessionPath(pathAccountInfo), nil)
	if err != nil {
		return nil, err
	}
	base, err := decodeAccountInfo(b)
	if err != nil {
		return nil, err
	}
	from := integrations.DateOf(since.UTC())
	var out []integrations.Activity
	for _, t := range trades {
		a := transaction(t, prods[strconv.FormatInt(t.ProductID, 10)], base)
		if a.TradeDate >= from {
			out = append(out, a)
		}
	}
	for _, m := range moves {
		if skipMovement(m) {
			continue
		}
		a, ok := movement(m, prods)
		if !ok {
			return nil, errMalformed
		}
		if a.TradeDate >= from {
			out = append(out, a)
		}
	}
	return out, nil
}
