package angelone

import (
	"context"
	"net/http"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// SmartAPI's routes (smartConnect.py _routes).
const (
	routeLogin     = "/rest/auth/angelbroking/user/v1/loginByPassword"
	routeProfile   = "/rest/secure/angelbroking/user/v1/getProfile"
	routeRMS       = "/rest/secure/angelbroking/user/v1/getRMS"
	routeHoldings  = "/rest/secure/angelbroking/portfolio/v1/getAllHolding"
	routePositions = "/rest/secure/angelbroking/order/v1/getPosition"
	routeTradeBook = "/rest/secure/angelbroking/order/v1/getTradeBook"
)

// newConn is SmartAPI's HTTP side, with its refusal mapping: the headers every request carries. The
// client's local and public IP and MAC address are required headers;
// Latchkey sends placeholders rather than the machine's own.
func newConn(env integrations.Env, apiKey string) indiakit.Conn {
	return indiakit.Conn{Env: env, Map: mapStatus, API: &httpx.API{Name: "Angel One", Client: env.Client(), Base: httpx.Endpoint(env, "api", DefaultAPIURL), Header: http.Header{
		"Content-Type": {"application/json"}, "Accept": {"application/json"}, "X-UserType": {"USER"},
		"X-SourceID": {"WEB"}, "X-ClientLocalIP": {"127.0.0.1"}, "X-ClientPublicIP": {"127.0.0.1"},
		"X-MACAddress": {"00:00:00:00:00:00"}, "X-PrivateKey": {apiKey},
	}}}
}

// client reads SmartAPI with the day's session. SmartAPI's refresh token
// does not outlive the day's end: once the session has ended every call is
// ErrReauthRequired until the user logs in again.
type client struct {
	indiakit.Book // the login's one account, and the API (refusing calls once the session has ended)
	sec           secret
}

func account(code string) integrations.Account { return indiakit.Account(ID, code, "Angel One") }

// call sends one request and returns the envelope's data, refusing locally
// once the session has ended.
func (c *client) call(ctx context.Context, method, route string, body any, login bool) ([]byte, error) {
	r := httpx.Request{Method: method, Path: route, JSON: body}
	var b []byte
	var err error
	if login {
		b, err = c.LoginDo(ctx, r)
	} else {
		r.Bearer = c.sec.JWT
		b, err = c.Do(ctx, c.sec.Expires, r)
	}
	if err != nil {
		return nil, err
	}
	return decodeEnvelope(b, c.Env.Time(), login)
}

func (c *client) profile(ctx context.Context) (wireProfile, error) {
	b, err := c.call(ctx, http.MethodGet, routeProfile, nil, false)
	if err != nil {
		return wireProfile{}, err
	}
	return decodeProfile(b)
}

// owner is the client code the session answers for (getProfile): the
// Book's Accounts checks it.
func (c *client) owner(ctx context.Context) (string, error) {
	p, err := c.profile(ctx)
	return p.ClientCode, err
}

// get reads route with the day's session.
func (c *client) get(ctx context.Context, route string) ([]byte, error) {
	return c.call(ctx, http.MethodGet, route, nil, false)
}

// book is the login's one account: Accounts, after checking the session;
// Balances, getRMS with the holdings;
// Positions, the demat holdings and the open positions; Activities, today's
// fills (getTradeBook): SmartAPI keeps no older trades, so Latchkey keeps
// each day's as it syncs.
func (c *client) book() indiakit.Book {
	return indiakit.Book{Conn: c.Conn, Account: account(c.sec.ClientCode), Client: c.sec.ClientCode, Owner: c.owner,
		Funds:    indiakit.ReadFunds(c.get, routeRMS, decodeRMS, balance),
		Holdings: indiakit.ReadAt(c.get, routeHoldings, c.Env.Time, decodeHoldings),
		Open:     indiakit.ReadAt(c.get, routePositions, c.Env.Time, decodePositions),
		TradeBook: func(ctx context.Context) ([]integrations.Activity, error) {
			today := integrations.DateOf(c.Env.Time().In(indiakit.IST))
			return indiakit.ReadFills(c.get, routeTradeBook, decodeTrades, func(t wireTrade) integrations.Activity { return activity(t, today) })(ctx)
		},
	}
}
