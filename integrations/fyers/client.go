package fyers

import (
	"context"
	"net/http"
	"sort"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// newAPI is FYERS API v3's HTTP side.
func newAPI(env integrations.Env) *httpx.API {
	return &httpx.API{Name: "FYERS", Client: env.Client(), Base: endpoint(env)}
}

// client reads FYERS API v3 with the day's access token. The refresh token
// needs the user's PIN, which Latchkey does not keep: once the token has
// ended every call is ErrReauthRequired until the user logs in again.
type client struct {
	api *httpx.API
	env integrations.Env
	sec secret
}

var errNoAccount = integrations.Wrap(integrations.ErrNotSupported, "FYERS has no such account for this login")

func account(fyID string) integrations.Account { return indiakit.Account(ID, fyID, "FYERS") }

// get fetches path with "Authorization: app_id:access_token", refusing
// locally once the token has ended.
func (c *client) get(ctx context.Context, path string) ([]byte, error) {
	if !c.sec.Expires.IsZero() && !c.env.Time().Before(c.sec.Expires) {
		return nil, indiakit.Ended("FYERS", c.sec.Expires)
	}
	b, err := c.api.Do(ctx, httpx.Request{Path: path, Header: http.Header{"Authorization": {c.sec.AppID + ":" + c.sec.Access}},
		Status: func(resp *http.Response, b []byte) error {
			return mapStatus(resp.StatusCode, resp.Header, b, c.env.Time(), false)
		}})
	if err != nil {
		return nil, err
	}
	return body(b, c.env.Time(), false)
}

func (c *client) profile(ctx context.Context) (wireProfile, error) {
	b, err := c.get(ctx, "/profile")
	if err != nil {
		return wireProfile{}, err
	}
	return decodeProfile(b)
}

func (c *client) check(accountID string) error {
	if accountID != account(c.sec.FyID).ID {
		return errNoAccount
	}
	return nil
}

// Accounts returns the login's one account, after checking the token.
func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	p, err := c.profile(ctx)
	if err != nil {
		return nil, err
	}
	if p.FyID != c.sec.FyID {
		return nil, integrations.Wrap(integrations.ErrReauthRequired, "FYERS answered for another user")
	}
	return []integrations.Account{account(c.sec.FyID)}, nil
}

func (c *client) holdings(ctx context.Context) ([]integrations.Position, error) {
	b, err := c.get(ctx, "/holdings")
	if err != nil {
		return nil, err
	}
	return decodeHoldings(b, c.env.Time())
}

// Balances returns the INR balance: the Available Balance, with the
// holdings.
func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	b, err := c.get(ctx, "/funds")
	if err != nil {
		return nil, err
	}
	hs, err := c.holdings(ctx)
	if err != nil {
		return nil, err
	}
	bal, err := decodeFunds(b, indiakit.Value(hs))
	if err != nil {
		return nil, err
	}
	return []integrations.Balance{bal}, nil
}

// Positions returns the holdings and the open net positions.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	out, err := c.holdings(ctx)
	if err != nil {
		return nil, err
	}
	b, err := c.get(ctx, "/positions")
	if err != nil {
		return nil, err
	}
	pos, err := decodePositions(b, c.env.Time())
	if err != nil {
		return nil, err
	}
	return append(out, pos...), nil
}

// Activities returns today's fills (/tradebook).
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	if err := c.check(accountID); err != nil {
		return nil, err
	}
	b, err := c.get(ctx, "/tradebook")
	if err != nil {
		return nil, err
	}
	rows, err := decodeTrades(b)
	if err != nil {
		return nil, err
	}
	var from integrations.Date
	if !since.IsZero() {
		from = integrations.DateOf(since.In(indiakit.IST))
	}
	var out []integrations.Activity
	for _, t := range rows {
		if a := activity(t); a.TradeDate >= from {
			out = append(out, a)
		}
	}
	out = indiakit.Dedupe(out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
