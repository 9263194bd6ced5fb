package zerodha

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// secret is the grant's secret: the API key and the day's access token
// (together the "token api_key:access_token" header), the session's end and
// the Zerodha user id.
type secret struct {
	APIKey  string    `json:"api_key"`
	Access  string    `json:"access_token"`
	UserID  string    `json:"user_id"`
	Expires time.Time `json:"expires_at,omitzero"`
}

func (s secret) encode() []byte { return integrations.EncodeSecret(s) }

func decodeSecret(b []byte) (secret, error) {
	return integrations.DecodeSecret(b, "a Zerodha login", func(s secret) bool { return s.Access != "" && s.APIKey != "" && s.UserID != "" })
}

// authHeader is Kite's Authorization header.
func (s secret) authHeader() string { return "token " + s.APIKey + ":" + s.Access }

// newAPI is Kite Connect's HTTP side: X-Kite-Version: 3 on every request.
func newAPI(env integrations.Env) *httpx.API {
	return &httpx.API{Name: "Zerodha", Client: env.Client(), Base: httpx.Endpoint(env, "api", DefaultAPIURL),
		Header: http.Header{"X-Kite-Version": {kiteVersion}}}
}

// newConn is Kite Connect's HTTP side with Kite's refusal mapping.
func newConn(env integrations.Env) indiakit.Conn {
	return indiakit.Conn{API: newAPI(env), Env: env, Map: mapStatus}
}

// envelope returns the data of Kite's envelope of an answer b read during a
// login (login) or with the day's session.
func envelope(b []byte, err error, login bool, now time.Time) (json.RawMessage, error) {
	if err != nil {
		return nil, err
	}
	return decodeEnvelope(b, login, now)
}

// client reads Kite Connect with the day's access token. Kite issues no
// refresh token to ordinary apps: once the session ends (06:00 IST, a logout
// or a login elsewhere) every call is ErrReauthRequired until the user logs
// in again.
type client struct {
	indiakit.Segments // the login's segment accounts, and the API (refusing calls once the session has ended)
	sec               secret
}

func newClient(env integrations.Env, sec secret) *client {
	c := &client{Segments: indiakit.Segments{Conn: newConn(env)}, sec: sec}
	c.Segments = c.segments()
	return c
}

// get fetches pathQuery and returns the answer's data, refusing locally once
// the session has ended.
func (c *client) get(ctx context.Context, pathQuery string) ([]byte, error) {
	b, err := c.Do(ctx, c.sec.Expires, httpx.Request{Path: pathQuery, Header: http.Header{"Authorization": {c.sec.authHeader()}}})
	return envelope(b, err, false, c.Env.Time())
}

// segments reads the login's segment accounts (package indiakit).
func (c *client) segments() indiakit.Segments {
	return indiakit.Segments{Conn: c.Conn, UserID: c.sec.UserID, Profile: c.profile, Holdings: c.equityHoldings,
		Funds: func(ctx context.Context, seg string) (decimal.Decimal, decimal.Decimal, error) {
			data, err := c.get(ctx, "/user/margins/"+seg)
			if err != nil {
				return decimal.Zero, decimal.Zero, err
			}
			m, err := decodeMargins(data, seg)
			// Kite writes rupee amounts as floats (99725.05000000002): keep paise.
			return m.Available.Cash.Decimal.Round(2), m.Net.Decimal.Round(2), err
		},
		Open: indiakit.ReadSegment(c.get, "/portfolio/positions", c.Env.Time, decodePositions),
	}
}

// profile reads the user the session answers for and its accounts: the
// equity account and, when MCX is enabled, the commodity one.
func (c *client) profile(ctx context.Context) (string, []integrations.Account, error) {
	data, err := c.get(ctx, "/user/profile")
	if err != nil {
		return "", nil, err
	}
	p, err := decodeProfile(data)
	return p.UserID, accounts(p.UserID, p.Exchanges), err
}

// equityHoldings returns the equity and mutual-fund holdings. An app without
// mutual-fund permission gets the equity holdings alone.
func (c *client) equityHoldings(ctx context.Context) ([]integrations.Position, error) {
	now := c.Env.Time()
	data, err := c.get(ctx, "/portfolio/holdings")
	if err != nil {
		return nil, err
	}
	out, err := decodeHoldings(data, now)
	if err != nil {
		return nil, err
	}
	data, err = c.get(ctx, "/mf/holdings")
	if errors.Is(err, errPermission) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	mf, err := decodeMFHoldings(data, now)
	if err != nil {
		return nil, err
	}
	return append(out, mf...), nil
}

// mfChunk is the span of one /mf/orders?from=&to= request.
const mfChunk = 365 * 24 * time.Hour

// mfSlack widens the date range asked of /mf/orders: it filters by the day
// an order was placed, Latchkey by the day it took effect.
const mfSlack = 7 * 24 * time.Hour

// ActivitiesReach is today in India: Kite lists only the day's fills, so
// the app keeps the days before it as earlier syncs read them (the
// mutual-fund orders, read further back, are added to them by id).
func (c *client) ActivitiesReach(time.Time) integrations.Date {
	return integrations.DateOf(c.Env.Time().In(IST))
}

// Activities returns the account's activity on or after since: today's
// fills (GET /trades: Kite keeps no older trades) and, for the equity
// account, completed mutual-fund orders (GET /mf/orders?from=&to=, a year at
// a time).
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	seg, err := c.Segment(accountID)
	if err != nil {
		return nil, err
	}
	var from integrations.Date
	if !since.IsZero() {
		from = integrations.DateOf(since.UTC())
	}
	data, err := c.get(ctx, "/trades")
	if err != nil {
		return nil, err
	}
	trades, err := decodeTrades(data)
	if err != nil {
		return nil, err
	}
	var out []integrations.Activity
	for _, t := range trades {
		if (seg == segCommodity) != indiakit.IsCommodity(t.Exchange) {
			continue
		}
		if a := tradeActivity(t); a.TradeDate >= from {
			out = append(out, a)
		}
	}
	if seg == segEquity {
		mf, err := c.mfActivities(ctx, since, from)
		if err != nil {
			return nil, err
		}
		out = append(out, mf...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].TradeDate > out[j].TradeDate })
	return out, nil
}

// mfActivities reads completed fund orders from since to today, a year per
// request. An app without mutual-fund permission has none.
func (c *client) mfActivities(ctx context.Context, since time.Time, from integrations.Date) ([]integrations.Activity, error) {
	today := c.Env.Time().In(IST)
	end := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	start := since.UTC().Add(-mfSlack)
	if since.IsZero() || end.Sub(start) > 20*365*24*time.Hour {
		start = end.AddDate(-20, 0, 0)
	}
	var out []integrations.Activity
	seen := map[string]bool{}
	for lo := start; !lo.After(end); lo = lo.Add(mfChunk) {
		hi := lo.Add(mfChunk - 24*time.Hour)
		if hi.After(end) {
			hi = end
		}
		q := url.Values{"from": {lo.Format(time.DateOnly)}, "to": {hi.Format(time.DateOnly)}}
		data, err := c.get(ctx, "/mf/orders?"+q.Encode())
		if errors.Is(err, errPermission) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		orders, err := decodeMFOrders(data)
		if err != nil {
			return nil, err
		}
		for _, o := range orders {
			a, ok := mfActivity(o)
			if !ok || a.TradeDate < from || seen[a.ID] {
				continue
			}
			seen[a.ID] = true
			out = append(out, a)
		}
	}
	return out, nil
}
