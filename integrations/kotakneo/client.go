package kotakneo

import (
	"context"
	"net/http"
	"net/url"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
	"github.com/shopspring/decimal"
)

// newConn is the Trade API's HTTP side on base, with its refusal mapping.
func newConn(env integrations.Env, base string) indiakit.Conn {
	return indiakit.Conn{API: &httpx.API{Name: "Kotak Neo", Client: env.Client(), Base: base,
		Header: http.Header{"neo-fin-key": {neoFinKey}, "Accept": {"application/json"}}}, Env: env, Map: mapStatus}
}

// postLogin posts one login step and returns its session.
func postLogin(ctx context.Context, conn indiakit.Conn, path, access string, view *wireSession, body map[string]string) (wireSession, error) {
	h := http.Header{"Authorization": {access}}
	kType := "View"
	if view != nil {
		h.Set("sid", view.SID)
		h.Set("Auth", view.Token)
		kType = "Trade"
	}
	b, err := conn.LoginDo(ctx, httpx.Request{Method: http.MethodPost, Path: path, Header: h, JSON: body})
	if err != nil {
		return wireSession{}, err
	}
	return decodeSession(b, kType)
}

// client reads the Trade API with the day's session. There is no refresh:
// once the session has ended every call is ErrReauthRequired until the user
// logs in again.
type client struct {
	indiakit.Book // the login's one account, and the API (refusing calls once the session has ended)
	sec           secret
}

func account(ucc string) integrations.Account { return indiakit.Account(ID, ucc, "Kotak Neo") }

// do sends r with the session's headers (Auth, Sid and the application's
// token), refusing locally once the session has ended.
func (c *client) do(ctx context.Context, r httpx.Request) ([]byte, error) {
	r.Header = http.Header{"Auth": {c.sec.Token}, "Sid": {c.sec.SID}, "Authorization": {c.sec.Access}}
	return c.Do(ctx, c.sec.Expires, r)
}

// limits posts the limits request for every segment, exchange and product.
func (c *client) limits(ctx context.Context) (wireLimits, error) {
	b, err := c.do(ctx, httpx.Request{Method: http.MethodPost, Path: "/quick/user/limits",
		Form: url.Values{"jData": {`{"seg":"ALL","exch":"ALL","prod":"ALL"}`}}})
	if err != nil {
		return wireLimits{}, err
	}
	return decodeLimits(b)
}

// Accounts returns the login's one account, after checking the session
// with the limits call.
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	if _, err := c.limits(ctx); err != nil {
		return nil, err
	}
	return []integrations.Account{account(c.sec.UCC)}, nil
}

// get reads path with the day's session.
func (c *client) get(ctx context.Context, path string) ([]byte, error) {
	return c.do(ctx, httpx.Request{Path: path})
}

// book is the login's one account: Balances, the limits with the holdings;
// Positions, the demat holdings and the open positions; Activities, the
// day's fills (the trade book): the Trade API keeps no older trades.
func (c *client) book() indiakit.Book {
	return indiakit.Book{Conn: c.Conn, Account: account(c.sec.UCC), Client: c.sec.UCC,
		Funds: func(ctx context.Context) (func(decimal.Decimal) (integrations.Balance, error), error) {
			l, err := c.limits(ctx)
			return func(v decimal.Decimal) (integrations.Balance, error) { return balance(l, v), nil }, err
		},
		Holdings:  indiakit.ReadAt(c.get, "/portfolio/v1/holdings", c.Env.Time, decodeHoldings),
		Open:      indiakit.ReadAt(c.get, "/quick/user/positions", c.Env.Time, decodePositions),
		TradeBook: indiakit.ReadFills(c.get, "/quick/user/trades", decodeTrades, activity),
	}
}
