package fyers

import (
	"context"
	"net/http"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
	"github.com/shopspring/decimal"
)

// newConn is FYERS API v3's HTTP side with its refusal mapping.
func newConn(env integrations.Env) indiakit.Conn {
	return indiakit.Conn{API: &httpx.API{Name: "FYERS", Client: env.Client(), Base: httpx.Endpoint(env, "api", DefaultAPIURL)},
		Env: env, Map: mapStatus}
}

// client reads FYERS API v3 with the day's access token. The refresh token
// needs the user's PIN, which Latchkey does not keep: once the token has
// ended every call is ErrReauthRequired until the user logs in again.
type client struct {
	indiakit.Book // the login's one account, and the API (refusing calls once the session has ended)
	sec           secret
}

func account(fyID string) integrations.Account { return indiakit.Account(ID, fyID, "FYERS") }

// get fetches path with "Authorization: app_id:access_token", refusing
// locally once the token has ended.
func (c *client) get(ctx context.Context, path string) ([]byte, error) {
	b, err := c.Do(ctx, c.sec.Expires, httpx.Request{Path: path, Header: http.Header{"Authorization": {c.sec.AppID + ":" + c.sec.Access}}})
	if err != nil {
		return nil, err
	}
	return body(b, c.Env.Time(), false)
}

func (c *client) profile(ctx context.Context) (wireProfile, error) {
	b, err := c.get(ctx, "/profile")
	if err != nil {
		return wireProfile{}, err
	}
	return decodeProfile(b)
}

// owner is the FYERS ID the token answers for (the profile): the Book's
// Accounts checks it.
func (c *client) owner(ctx context.Context) (string, error) {
	p, err := c.profile(ctx)
	return p.FyID, err
}

// book is the login's one account: Accounts, after checking the token;
// Balances, the Available Balance with the
// holdings; Positions, the holdings and the open net positions; Activities,
// today's fills (/tradebook).
func (c *client) book() indiakit.Book {
	return indiakit.Book{Conn: c.Conn, Account: account(c.sec.FyID), Client: c.sec.FyID, Owner: c.owner,
		Funds: func(ctx context.Context) (func(decimal.Decimal) (integrations.Balance, error), error) {
			b, err := c.get(ctx, "/funds")
			return func(v decimal.Decimal) (integrations.Balance, error) { return decodeFunds(b, v) }, err
		},
		Holdings:  indiakit.ReadAt(c.get, "/holdings", c.Env.Time, decodeHoldings),
		Open:      indiakit.ReadAt(c.get, "/positions", c.Env.Time, decodePositions),
		TradeBook: indiakit.ReadFills(c.get, "/tradebook", decodeTrades, activity),
	}
}
