package degiro

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Paths of the data the client reads.
const (
	pathUpdate       = "/trading/secure/v5/update/"
	pathAccountInfo  = "/trading/secure/v5/account/info/"
	pathProducts     = "/product_search/secure/v5/products/info"
	pathTransactions = "/portfolio-reports/secure/v4/transactions"
	pathOverview     = "/portfolio-reports/secure/v6/accountoverview"
)

// api is the HTTP side of a login or a client: httpx's call with DEGIRO's
// reading of its statuses.
type api struct {
	http      *httpx.API
	now       func() time.Time
	sessionID string
}

var errMalformed = integrations.Malformed("DEGIRO")

// errRefused marks a login answer whose JSON body the login reads itself.
var errRefused = errors.New("degiro: login refused")

func newAPI(base string, env integrations.Env) *api {
	a := &api{now: env.Time}
	a.http = &httpx.API{Name: "DEGIRO", Client: env.Client(), Base: base, Status: a.dataStatus}
	return a
}

func (a *api) session(id string) {
	a.sessionID = id
	a.redact(id)
}

func (a *api) redact(s ...string) { httpx.RedactorOf(a.http.Client).Add(s...) }

// common maps what every call reads alike: 429, 405 (DEGIRO answers with it
// during scheduled maintenance) and 5xx; nil for the rest.
func (a *api) common(resp *http.Response, body []byte) error {
	switch c := resp.StatusCode; {
	case c == http.StatusMethodNotAllowed:
		return integrations.Wrap(integrations.ErrUnavailable, "DEGIRO is in scheduled maintenance")
	case c == http.StatusTooManyRequests || c >= 500:
		return httpx.Status{Name: "DEGIRO", Now: a.now}.Map(resp, body)
	}
	return nil
}

// dataStatus: an ended session is refused with 401 or 403.
func (a *api) dataStatus(resp *http.Response, body []byte) error {
	if err := a.common(resp, body); err != nil {
		return err
	}
	if resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden {
		return integrations.Wrap(integrations.ErrReauthRequired, "DEGIRO ended the session; log in again")
	}
	return httpx.StatusError(resp)
}

// loginStatus: a login's 4xx answers carry DEGIRO's status JSON, which the
// login reads (errRefused).
func (a *api) loginStatus(resp *http.Response, body []byte) error {
	if err := a.common(resp, body); err != nil {
		return err
	}
	return errRefused
}

// get reads a JSON answer.
func (a *api) get(ctx context.Context, path string, q url.Values, v any) error {
	return a.http.JSON(ctx, httpx.Request{Path: path, Query: q}, v)
}

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// client reads one DEGIRO session: a single account.
type client struct {
	api        *api
	intAccount int64

	mu       sync.Mutex
	products map[string]wireProduct // product details read so far: they do not change
}

func (c *client) ia() string { return strconv.FormatInt(c.intAccount, 10) }

// sessionPath is a trading path keyed by account, with the session in the
// path: /trading/secure/v5/update/{intAccount};jsessionid={sessionId}.
func (c *client) sessionPath(p string) string {
	return p + c.ia() + ";jsessionid=" + c.api.sessionID
}

// query is extra with the account and the session, which every data call
// sends (degiro-connector's params_map).
func (c *client) query(extra url.Values) url.Values {
	q := url.Values{"intAccount": {c.ia()}, "sessionId": {c.api.sessionID}}
	for k, v := range extra {
		q[k] = v
	}
	return q
}

func (c *client) check(id string) error {
	if id != accountID(c.intAccount) {
		return integrations.NoAccount("DEGIRO")
	}
	return nil
}

// baseCurrency reads the account's base currency.
func (c *client) baseCurrency(ctx context.Context) (string, error) {
	b, err := c.api.http.Do(ctx, httpx.Request{Path: c.sessionPath(pathAccountInfo)})
	if err != nil {
		return "", err
	}
	return decodeAccountInfo(b)
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	cur, err := c.baseCurrency(ctx)
	if err != nil {
		return nil, err
	}
	ia := c.ia()
	return []integrations.Account{{ID: accountID(c.intAccount), Number: "••••" + ia[max(0, len(ia)-4):],
		Name: "DEGIRO", RawType: "TRADING", Category: integrations.CategoryInvestment, Currency: cur, Status: "open"}}, nil
}

// update reads the account's positions and cash funds.
func (c *client) update(ctx context.Context) ([]positionRow, []cashRow, error) {
	q := c.query(url.Values{"portfolio": {"0"}, "totalPortfolio": {"0"}, "cashFunds": {"0"}})
	b, err := c.api.http.Do(ctx, httpx.Request{Path: c.sessionPath(pathUpdate), Query: q})
	if err != nil {
		return nil, nil, err
	}
	return decodeUpdate(b)
}

// lookup returns the details of the products, reading those not read yet
// with one POST products/info (it only reads, so it may be retried). On
// failure it returns what it knows with the error.
func (c *client) lookup(ctx context.Context, ids []string) (map[string]wireProduct, error) {
	c.mu.Lock()
	known := make(map[string]wireProduct, len(ids))
	var missing []string
	for _, id := range ids {
		if p, ok := c.products[id]; ok {
			known[id] = p
		} else {
			missing = append(missing, id)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return known, nil
	}
	b, err := c.api.http.Do(httpx.MarkRetryable(ctx), httpx.Request{Method: http.MethodPost, Path: pathProducts, Query: c.query(nil), JSON: missing})
	var m map[string]wireProduct
	if err == nil {
		m, err = decodeProducts(b)
	}
	for _, id := range missing {
		if _, ok := m[id]; !ok && err == nil {
			err = errMalformed
		}
	}
	if err != nil {
		return known, err
	}
	c.mu.Lock()
	if c.products == nil {
		c.products = map[string]wireProduct{}
	}
	for id, p := range m {
		c.products[id] = p
		known[id] = p
	}
	c.mu.Unlock()
	return known, nil
}

// holdings reads the positions, described by products/info, and the cash.
// When products/info fails, the positions it could not describe keep their
// units, named by their product id, with the price unknown (the update's
// price is in the product's currency, which only products/info gives), and
// the error matches ErrPartial.
func (c *client) holdings(ctx context.Context) ([]integrations.Position, []cashRow, error) {
	rows, cash, err := c.update(ctx)
	if err != nil {
		return nil, nil, err
	}
	ids := map[string]bool{}
	for _, r := range rows {
		ids[r.ProductID] = true
	}
	prods, perr := c.lookup(ctx, productIDs(ids))
	asOf := c.api.now().UTC().Truncate(time.Second)
	out := make([]integrations.Position, 0, len(rows))
	var unknown []integrations.Position
	for _, r := range rows {
		p, ok := prods[r.ProductID]
		if !ok {
			unknown = append(unknown, position(r, wireProduct{ID: r.ProductID, Symbol: r.ProductID}, asOf))
			continue
		}
		out = append(out, position(r, p, asOf))
	}
	if perr != nil {
		unknown, perr = integrations.PricesUnknown(unknown, perr)
		if !errors.Is(perr, integrations.ErrPartial) {
			return nil, nil, perr
		}
		return append(out, unknown...), cash, perr
	}
	return out, cash, nil
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	pos, cash, err := c.holdings(ctx)
	if err != nil {
		// Totals without the value of the positions they could not
		// describe would mislead.
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
	b, err := c.api.http.Do(ctx, httpx.Request{Path: pathTransactions, Query: c.query(url.Values{"fromDate": span["fromDate"],
		"toDate": span["toDate"], "groupTransactionsByOrder": {"false"}})})
	if err != nil {
		return nil, err
	}
	trades, err := decodeTransactions(b)
	if err != nil {
		return nil, err
	}
	if b, err = c.api.http.Do(ctx, httpx.Request{Path: pathOverview, Query: c.query(span)}); err != nil {
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
	prods, err := c.lookup(ctx, productIDs(ids))
	if err != nil {
		return nil, err
	}
	base, err := c.baseCurrency(ctx)
	if err != nil {
		return nil, err
	}
	var out []integrations.Activity
	for _, t := range trades {
		out = append(out, transaction(t, prods[strconv.FormatInt(t.ProductID, 10)], base))
	}
	for _, m := range moves {
		if skipMovement(m) {
			continue
		}
		a, ok := movement(m, prods)
		if !ok {
			return nil, errMalformed
		}
		out = append(out, a)
	}
	return integrations.OnOrAfter(out, since), nil
}
