package groww

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// The Trade API's routes (groww.in/trade-api/docs/curl).
const (
	routeToken     = "/v1/token/api/access"
	routeProfile   = "/v1/user/detail"
	routeMargin    = "/v1/margins/detail/user"
	routeHoldings  = "/v1/holdings/user"
	routePositions = "/v1/positions/user"
	routeOrders    = "/v1/order/list"
	routeTrades    = "/v1/order/trades/"
	routeLTP       = "/v1/live-data/ltp"
)

// Paging of the order list and of an order's trades. The cURL docs give
// the order list "Max page size is 100" and the trades "Maximum size is
// 50"; the Python SDK asks 25 of either by default, and a third-party
// client calls 25 the order list's maximum. The order list is asked 25 a
// page, the trades 50, and either is read until an empty page: a short page
// is not taken for the end, in case Groww serves fewer rows than asked.
// After orderPages (or tradePages) pages the read stops, keeping what it
// read, with an error matching ErrPartial.
const (
	orderPage  = 25
	tradePage  = 50
	orderPages = 100 // 2,500 orders a segment a day
	tradePages = 20  // 1,000 fills an order
	// ltpBatch is the most instruments one LTP call prices ("Upto 50
	// instruments are supported for each api call").
	ltpBatch = 50
)

// defaultSegments are the segments read when the login's profile named
// none: equity and F&O.
var defaultSegments = []string{"CASH", "FNO"}

// newConn is the Trade API's HTTP side, with its refusal mapping and the
// headers every request carries (the docs: "All headers are mandatory").
func newConn(env integrations.Env) indiakit.Conn {
	return indiakit.Conn{Env: env, Map: mapStatus, API: &httpx.API{Name: "Groww", Client: env.Client(),
		Base:   httpx.Endpoint(env, "api", DefaultAPIURL),
		Header: http.Header{"Accept": {"application/json"}, "X-API-VERSION": {"1.0"}}}}
}

// client reads the Trade API with the day's access token. Nothing
// refreshes it: once it has ended every call is ErrReauthRequired until the
// user logs in again.
type client struct {
	indiakit.Book // the login's one account, and the API (refusing calls once the token has ended)
	sec           secret
}

func account(ucc string) integrations.Account { return indiakit.Account(ID, ucc, "Groww") }

// call sends one GET and returns the envelope's payload; during a login
// (there is no session end yet) a refusal is the typed token's.
func (c *client) call(ctx context.Context, path string, q url.Values, login bool) ([]byte, error) {
	return c.callBy(ctx, path, q, login, mapStatus)
}

// callBy is call with the refusal mapping m (mapStatus, or mapLTP for the
// prices).
func (c *client) callBy(ctx context.Context, path string, q url.Values, login bool, m mapper) ([]byte, error) {
	r := httpx.Request{Path: path, Query: q, Bearer: c.sec.Token, Status: httpx.MapAt(m, c.Env.Time, login)}
	var b []byte
	var err error
	if login {
		b, err = c.LoginDo(ctx, r)
	} else {
		b, err = c.Do(ctx, c.sec.Expires, r)
	}
	if err != nil {
		return nil, err
	}
	return decodeEnvelopeBy(b, c.Env.Time(), login, m)
}

func (c *client) get(ctx context.Context, path string) ([]byte, error) {
	return c.call(ctx, path, nil, false)
}

func (c *client) profile(ctx context.Context, login bool) (wireProfile, error) {
	b, err := c.call(ctx, routeProfile, nil, login)
	if err != nil {
		return wireProfile{}, err
	}
	return decodeProfile(b)
}

// owner is the UCC the token answers for: the Book's Accounts checks it.
func (c *client) owner(ctx context.Context) (string, error) {
	p, err := c.profile(ctx, false)
	return p.UCC, err
}

// segments are the login's active segments (CASH, FNO, COMMODITY).
func (c *client) segments() []string {
	if len(c.sec.Segments) == 0 {
		return defaultSegments
	}
	return c.sec.Segments
}

func paged(seg string, page, size int) url.Values {
	return url.Values{"segment": {seg}, "page": {strconv.Itoa(page)}, "page_size": {strconv.Itoa(size)}}
}

// open reads each segment's positions.
func (c *client) open(ctx context.Context) ([]integrations.Position, error) {
	var out []integrations.Position
	for _, seg := range c.segments() {
		b, err := c.call(ctx, routePositions, url.Values{"segment": {seg}}, false)
		if err != nil {
			return nil, err
		}
		ps, err := decodePositions(b, seg, c.Env.Time())
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// readPages reads a list in numbered pages from page 0 until an empty page,
// at most most pages: capped reports a list cut off there, its rows read.
func readPages[T any](ctx context.Context, most int, page func(ctx context.Context, n int) ([]T, error)) (rows []T, capped bool, err error) {
	rows, err = integrations.ReadNumbered(ctx, most, 0, func(ctx context.Context, n int) ([]T, bool, error) {
		rows, err := page(ctx, n)
		more := len(rows) > 0
		if more && n == most-1 {
			capped, more = true, false
		}
		return rows, more, err
	})
	return rows, capped, err
}

// pagedList reads route's list of seg in pages of size from page 0 until
// an empty page, at most most pages (readPages).
func pagedList[T any](ctx context.Context, c *client, route, seg string, size, most int, decode func([]byte) ([]T, error)) ([]T, bool, error) {
	return readPages(ctx, most, func(ctx context.Context, n int) ([]T, error) {
		b, err := c.call(ctx, route, paged(seg, n, size), false)
		if err != nil {
			return nil, err
		}
		return decode(b)
	})
}

// errTooMany is why a capped list is partial.
var errTooMany = integrations.Wrap(integrations.ErrUnavailable, "too many pages")

// tradeBook reads the day's orders of each segment, page by page, and the
// trades of each order that filled: the Trade API has no trade book of its
// own. A list cut off after its most pages keeps the fills read, with an
// error matching ErrPartial.
func (c *client) tradeBook(ctx context.Context) ([]integrations.Activity, error) {
	var out []integrations.Activity
	var cut []string
	for _, seg := range c.segments() {
		orders, capped, err := pagedList(ctx, c, routeOrders, seg, orderPage, orderPages, decodeOrders)
		if err != nil {
			return nil, err
		}
		if capped {
			cut = append(cut, "the "+seg+" orders past the first "+strconv.Itoa(orderPages*orderPage))
		}
		for _, o := range orders {
			if !o.filled() {
				continue
			}
			trades, capped, err := pagedList(ctx, c, routeTrades+url.PathEscape(o.GrowwOrderID), o.segment(seg), tradePage, tradePages, decodeTrades)
			if err != nil {
				return nil, err
			}
			if capped {
				cut = append(cut, "the fills of a "+seg+" order past the first "+strconv.Itoa(tradePages*tradePage))
			}
			for _, t := range trades {
				out = append(out, activity(t, o, seg))
			}
		}
	}
	if len(cut) > 0 {
		return integrations.KeepPartial(strings.Join(cut, " and "), out, errTooMany)
	}
	return out, nil
}

// ltpKey is what an LTP call names a position by: its segment and its
// exchange_symbols entry ("CASH", "NSE_RELIANCE"). A holding names no
// exchange: it is priced on NSE.
func ltpKey(p integrations.Position) (string, bool) {
	sym := strings.TrimSpace(p.Symbol.Ticker)
	if sym == "" {
		return "", false
	}
	ex, seg := p.Symbol.Exchange, "CASH"
	switch {
	case ex == "MCX":
		seg = "COMMODITY"
	case p.Symbol.Type == integrations.SecurityOption || p.Symbol.Type == integrations.SecurityOther:
		seg = "FNO"
	}
	if ex == "" {
		ex = "NSE"
	}
	return seg + "|" + ex + "_" + sym, true
}

// ltp reads the last prices of keys (ltpKey's), a call per segment and 50
// instruments; the prices read before a call fails come back with its error.
func (c *client) ltp(ctx context.Context, keys []string) (map[string]num, error) {
	bySeg := map[string][]string{}
	var segs []string
	for _, k := range keys {
		seg, sym, _ := strings.Cut(k, "|")
		if bySeg[seg] == nil {
			segs = append(segs, seg)
		}
		bySeg[seg] = append(bySeg[seg], sym)
	}
	out := map[string]num{}
	for _, seg := range segs {
		syms := bySeg[seg]
		for len(syms) > 0 {
			n := min(len(syms), ltpBatch)
			b, err := c.callBy(ctx, routeLTP, url.Values{"segment": {seg}, "exchange_symbols": {strings.Join(syms[:n], ",")}}, false, mapLTP)
			if err == nil {
				var prices map[string]num
				if prices, err = decodeLTP(b); err == nil {
					for sym, p := range prices {
						out[seg+"|"+sym] = p
					}
				}
			}
			if err != nil {
				return out, err
			}
			syms = syms[n:]
		}
	}
	return out, nil
}

// priced prices ps with their last prices (LTP), and the call's error.
func (c *client) priced(ctx context.Context, ps []integrations.Position) ([]integrations.Position, error) {
	return integrations.Described(ctx, ps, ltpKey, c.ltp, withPrice)
}

// holdings are the demat holdings at their last price, where read: the
// balance adds what is known.
func (c *client) holdings(ctx context.Context) ([]integrations.Position, error) {
	b, err := c.get(ctx, routeHoldings)
	if err != nil {
		return nil, err
	}
	hs, err := decodeHoldings(b, c.Env.Time())
	if err != nil {
		return nil, err
	}
	hs, _ = c.priced(ctx, hs)
	return hs, nil
}

// Positions returns the demat holdings and the open positions, priced by
// one LTP call per segment: when that fails, the positions come with their
// units, PriceUnknown, and an error matching ErrPartial.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	if err := c.Check(accountID); err != nil {
		return nil, err
	}
	b, err := c.get(ctx, routeHoldings)
	if err != nil {
		return nil, err
	}
	hs, err := decodeHoldings(b, c.Env.Time())
	if err != nil {
		return nil, err
	}
	open, err := c.open(ctx)
	if err != nil {
		return nil, err
	}
	return integrations.PricesUnknown(c.priced(ctx, append(hs, open...)))
}

// book is the login's one account: Accounts, after checking the token's
// UCC; Balances, the margin with the holdings at their last price;
// Activities, the day's fills (the client's own Positions prices the
// holdings and positions together).
func (c *client) book() indiakit.Book {
	return indiakit.Book{Conn: c.Conn, Account: account(c.sec.UCC), Client: c.sec.UCC, Owner: c.owner,
		Funds:     indiakit.ReadFunds(c.get, routeMargin, decodeMargin, balance),
		Holdings:  c.holdings,
		Open:      c.open,
		TradeBook: c.tradeBook,
	}
}
