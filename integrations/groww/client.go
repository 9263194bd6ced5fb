package groww

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

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
)

// Page sizes of the order list and of an order's trades, and the most
// pages read of either.
const (
	orderPage = 100
	tradePage = 50
	maxPages  = 20
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
	r := httpx.Request{Path: path, Query: q, Bearer: c.sec.Token}
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
	return decodeEnvelope(b, c.Env.Time(), login)
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

// tradeBook reads the day's orders of each segment, page by page, and the
// trades of each order that filled: the Trade API has no trade book of its
// own.
func (c *client) tradeBook(ctx context.Context) ([]integrations.Activity, error) {
	var out []integrations.Activity
	for _, seg := range c.segments() {
		orders, err := integrations.ReadNumbered(ctx, maxPages, 0, func(ctx context.Context, n int) ([]wireOrder, bool, error) {
			b, err := c.call(ctx, routeOrders, paged(seg, n, orderPage), false)
			if err != nil {
				return nil, false, err
			}
			rows, err := decodeOrders(b)
			return rows, len(rows) >= orderPage, err
		})
		if err != nil {
			return nil, err
		}
		for _, o := range orders {
			if !o.filled() {
				continue
			}
			trades, err := integrations.ReadNumbered(ctx, maxPages, 0, func(ctx context.Context, n int) ([]wireTrade, bool, error) {
				b, err := c.call(ctx, routeTrades+url.PathEscape(o.GrowwOrderID), paged(o.segment(seg), n, tradePage), false)
				if err != nil {
					return nil, false, err
				}
				rows, err := decodeTrades(b)
				return rows, len(rows) >= tradePage, err
			})
			if err != nil {
				return nil, err
			}
			for _, t := range trades {
				out = append(out, activity(t, o, seg))
			}
		}
	}
	return out, nil
}

// book is the login's one account: Accounts, after checking the token's
// UCC; Balances, the margin with the holdings; Positions, the demat
// holdings and each segment's positions; Activities, the day's fills.
func (c *client) book() indiakit.Book {
	return indiakit.Book{Conn: c.Conn, Account: account(c.sec.UCC), Client: c.sec.UCC, Owner: c.owner,
		Funds:     indiakit.ReadFunds(c.get, routeMargin, decodeMargin, balance),
		Holdings:  indiakit.ReadAt(c.get, routeHoldings, c.Env.Time, decodeHoldings),
		Open:      c.open,
		TradeBook: c.tradeBook,
	}
}
