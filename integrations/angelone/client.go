package angelone

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"time"

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

// newAPI is SmartAPI's HTTP side: the headers every request carries. The
// client's local and public IP and MAC address are required headers;
// Latchkey sends placeholders rather than the machine's own.
func newAPI(env integrations.Env, apiKey string) *httpx.API {
	return &httpx.API{Name: "Angel One", Client: env.Client(), Base: endpoint(env), Header: http.Header{
		"Content-Type": {"application/json"}, "Accept": {"application/json"}, "X-UserType": {"USER"},
		"X-SourceID": {"WEB"}, "X-ClientLocalIP": {"127.0.0.1"}, "X-ClientPublicIP": {"127.0.0.1"},
		"X-MACAddress": {"00:00:00:00:00:00"}, "X-PrivateKey": {apiKey},
	}}
}

// client reads SmartAPI with the day's session. SmartAPI's refresh token
// does not outlive the day's end: once the session has ended every call is
// ErrReauthRequired until the user logs in again.
type client struct {
	api *httpx.API
	env integrations.Env
	sec secret
}

var errNoAccount = integrations.Wrap(integrations.ErrNotSupported, "Angel One has no such account for this login")

func account(code string) integrations.Account { return indiakit.Account(ID, code, "Angel One") }

// call sends one request and returns the envelope's data, refusing locally
// once the session has ended.
func (c *client) call(ctx context.Context, method, route string, body any, login bool) ([]byte, error) {
	if !login && !c.sec.Expires.IsZero() && !c.env.Time().Before(c.sec.Expires) {
		return nil, indiakit.Ended("Angel One", c.sec.Expires)
	}
	r := httpx.Request{Method: method, Path: route, JSON: body, Status: func(resp *http.Response, b []byte) error {
		return mapStatus(resp.StatusCode, resp.Header, b, c.env.Time(), login)
	}}
	if !login {
		r.Bearer = c.sec.JWT
	}
	b, err := c.api.Do(ctx, r)
	if err != nil {
		return nil, err
	}
	return decodeEnvelope(b, c.env.Time(), login)
}

func (c *client) profile(ctx context.Context) (wireProfile, error) {
	b, err := c.call(ctx, http.MethodGet, routeProfile, nil, false)
	if err != nil {
		return wireProfile{}, err
	}
	return decodeProfile(b)
}

func (c *client) check(accountID string) error {
	if accountID != account(c.sec.ClientCode).ID {
		return errNoAccount
	}
	return nil
}

// Accounts returns the login's one account, after checking the session.
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	p, err := c.profile(ctx)
	if err != nil {
		return nil, err
	}
	if !equalFold(p.ClientCode, c.sec.ClientCode) {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "Angel One answered for another client")
	}
	return []integrations.Account{account(c.sec.ClientCode)}, nil
}

func (c *client) holdings(ctx context.Context) ([]integrations.Position, error) {
	b, err := c.call(ctx, http.MethodGet, routeHoldings, nil, false)
	if err != nil {
		return nil, err
	}
	return decodeHoldings(b, c.env.Time())
}

// Balances returns the INR balance from getRMS, with the holdings.
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	b, err := c.call(ctx, http.MethodGet, routeRMS, nil, false)
	if err != nil {
		return nil, err
	}
	r, err := decodeRMS(b)
	if err != nil {
		return nil, err
	}
	hs, err := c.holdings(ctx)
	if err != nil {
		return nil, err
	}
	return []integrations.Balance{balance(r, indiakit.Value(hs))}, nil
}

// Positions returns the demat holdings and the open positions.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	out, err := c.holdings(ctx)
	if err != nil {
		return nil, err
	}
	b, err := c.call(ctx, http.MethodGet, routePositions, nil, false)
	if err != nil {
		return nil, err
	}
	pos, err := decodePositions(b, c.env.Time())
	if err != nil {
		return nil, err
	}
	return append(out, pos...), nil
}

// Activities returns today's fills (getTradeBook): SmartAPI keeps no older
// trades, so Latchkey keeps each day's as it syncs.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	b, err := c.call(ctx, http.MethodGet, routeTradeBook, nil, false)
	if err != nil {
		return nil, err
	}
	rows, err := decodeTrades(b)
	if err != nil {
		return nil, err
	}
	today := integrations.DateOf(c.env.Time().In(indiakit.IST))
	var from integrations.Date
	if !since.IsZero() {
		from = integrations.DateOf(since.In(indiakit.IST))
	}
	var out []integrations.Activity
	for _, t := range rows {
		if a := activity(t, today); a.TradeDate >= from {
			out = append(out, a)
		}
	}
	out = indiakit.Dedupe(out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func equalFold(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}
