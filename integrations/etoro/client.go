package etoro

import (
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Paths of the trading info and market data endpoints; the demo ones
// insert /demo/ as the document writes them.
type paths struct{ aggregate, portfolio, history string }

func (in *Integration) paths() paths {
	if in.Paper {
		return paths{"/api/v1/trading/info/demo/aggregate-portfolio", "/api/v1/trading/info/demo/portfolio", "/api/v1/trading/info/trade/demo/history"}
	}
	return paths{"/api/v1/trading/info/aggregate-portfolio", "/api/v1/trading/info/portfolio", "/api/v1/trading/info/trade/history"}
}

const instrumentsPath = "/api/v1/market-data/instruments"

// resetIn reads RateLimit-Reset: seconds until the window resets.
func resetIn(now func() time.Time) func(http.Header) (time.Time, bool) {
	return func(h http.Header) (time.Time, bool) {
		s, err := strconv.Atoi(strings.TrimSpace(h.Get("RateLimit-Reset")))
		if err != nil || s <= 0 || s > 3600 {
			return time.Time{}, false
		}
		return now().Add(time.Duration(s) * time.Second), true
	}
}

// newAPI is the public API's HTTP side: 401 (and 403: a key without the
// permission or of the other environment) refuse the keys; a 429 waits its
// Retry-After, else RateLimit-Reset, else the minute of the shared quota.
func newAPI(env integrations.Env, login bool) *httpx.API {
	status := httpx.Status{Name: "eToro", Refused: []int{http.StatusUnauthorized, http.StatusForbidden}, Login: login,
		Now: env.Time, Reset: resetIn(env.Time), Wait: time.Minute}
	return &httpx.API{Name: "eToro", Client: env.Client(), Base: httpx.Endpoint(env, "api", DefaultAPI), Status: status.Map, JSONOnly: true}
}

// requestID is a fresh UUID (version 4) for x-request-id.
func requestID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6], b[8] = b[6]&0x0f|0x40, b[8]&0x3f|0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func get(ctx context.Context, api *httpx.API, s secret, path string, q url.Values) ([]byte, error) {
	return api.Do(ctx, httpx.Request{Path: path, Query: q, Header: http.Header{
		"x-api-key": {s.APIKey}, "x-user-key": {s.UserKey}, "x-request-id": {requestID()}}})
}

// client reads one environment's portfolio.
type client struct {
	in  *Integration
	api *httpx.API
	sec secret
	now func() time.Time

	mu    sync.Mutex
	snap  *portfolio // the last snapshot, for the balances and positions right after
	at    time.Time
	names map[string]instrument
}

var _ integrations.Client = (*client)(nil)

func (in *Integration) newClient(env integrations.Env, s secret) *client {
	httpx.RedactorOf(env.HTTP).Add(s.APIKey, s.UserKey)
	return &client{in: in, api: newAPI(env, false), sec: s, now: env.Time, names: map[string]instrument{}}
}

// snapshotLife is how long a snapshot serves the calls after it.
const snapshotLife = time.Minute

// snapshot reads the aggregated portfolio, or returns the one read less
// than a minute ago.
func (c *client) snapshot(ctx context.Context, fresh bool) (portfolio, error) {
	c.mu.Lock()
	if !fresh && c.snap != nil && c.now().Sub(c.at) < snapshotLife {
		p := *c.snap
		c.mu.Unlock()
		return p, nil
	}
	c.mu.Unlock()
	b, err := get(ctx, c.api, c.sec, c.in.paths().aggregate, nil)
	if err != nil {
		return portfolio{}, err
	}
	p, err := decodePortfolio(b)
	if err != nil {
		return portfolio{}, err
	}
	httpx.RedactorOf(c.api.Client).Add(p.cid())
	c.mu.Lock()
	c.snap, c.at = &p, c.now()
	c.mu.Unlock()
	return p, nil
}

func (c *client) Accounts(ctx context.Context) ([]integrations.Account, error) {
	p, err := c.snapshot(ctx, true)
	if err != nil {
		return nil, err
	}
	return []integrations.Account{p.account(c.in.ID(), c.in.Paper)}, nil
}

func (c *client) check(p portfolio, accountID string) error {
	if p.account(c.in.ID(), c.in.Paper).ID != accountID {
		return fmt.Errorf("etoro: the account is not this key's")
	}
	return nil
}

func (c *client) Balances(ctx context.Context, accountID string) ([]integrations.Balance, error) {
	p, err := c.snapshot(ctx, false)
	if err != nil {
		return nil, err
	}
	if err := c.check(p, accountID); err != nil {
		return nil, err
	}
	return p.balances(), nil
}

// lookup names instruments (GET instruments, up to 100 ids a call): all of
// ids when fresh, else those not named yet. When the call fails the names
// read before stay; an instrument never named is named by its id.
func (c *client) lookup(ctx context.Context, ids map[string]bool, fresh bool) (map[string]instrument, error) {
	c.mu.Lock()
	want := map[string]bool{}
	for id := range ids {
		if _, ok := c.names[id]; !ok || fresh {
			want[id] = true
		}
	}
	c.mu.Unlock()
	var firstErr error
	list := strings.Split(instrumentIDs(want), ",")
	for len(list) > 0 && list[0] != "" {
		n := min(len(list), 100)
		b, err := get(ctx, c.api, c.sec, instrumentsPath, url.Values{"instrumentIds": {strings.Join(list[:n], ",")}})
		list = list[n:]
		if err == nil {
			var m map[string]instrument
			if m, err = decodeInstruments(b); err == nil {
				c.mu.Lock()
				for k, v := range m {
					c.names[k] = v
				}
				c.mu.Unlock()
				continue
			}
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]instrument, len(c.names))
	for k, v := range c.names {
		out[k] = v
	}
	return out, firstErr
}

// Positions are the snapshot's holdings, named by the instruments call
// (asked again each time: a symbol may change);
// when that call fails the holdings keep their values, named by their
// instrument ids, with a partial-read error.
func (c *client) Positions(ctx context.Context, accountID string) ([]integrations.Position, error) {
	p, err := c.snapshot(ctx, false)
	if err != nil {
		return nil, err
	}
	if err := c.check(p, accountID); err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, a := range p.Instruments {
		ids[a.InstrumentID.String()] = true
	}
	names, lerr := c.lookup(ctx, ids, true)
	pos := p.positions(names, c.now().UTC())
	return integrations.KeepPartial("the instruments' names", pos, lerr)
}

// History rules: each request's lookback is under a year ("maximum 1 year
// minus 1 day"), pages of pageSize rows.
const lookback = 364 * 24 * time.Hour

// pageSize is the history rows per page (a variable for tests).
var pageSize = 100

// maxPages bounds the history's pages against a server that never stops.
const maxPages = 1000

// Activities are positions opened and closed since since's day (at most
// 364 days back): the trade history's closed positions (their opening and
// closing legs) and the open positions' openings.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	p, err := c.snapshot(ctx, false)
	if err != nil {
		return nil, err
	}
	if err := c.check(p, accountID); err != nil {
		return nil, err
	}
	now := c.now().UTC()
	from := integrations.HistoryStart(since, now.Add(-lookback).Truncate(24*time.Hour).AddDate(0, 0, 1))
	rows, err := integrations.ReadNumbered(ctx, maxPages, 1, func(ctx context.Context, page int) ([]closed, bool, error) {
		q := url.Values{"minDate": {from.Format(time.DateOnly)}, "page": {strconv.Itoa(page)}, "pageSize": {strconv.Itoa(pageSize)}}
		b, err := get(ctx, c.api, c.sec, c.in.paths().history, q)
		if err != nil {
			return nil, false, err
		}
		got, err := decodeHistory(b)
		return got, len(got) >= pageSize, err
	})
	if err != nil {
		return nil, err
	}
	b, err := get(ctx, c.api, c.sec, c.in.paths().portfolio, nil)
	if err != nil {
		return nil, err
	}
	opens, err := decodeOpen(b)
	if err != nil {
		return nil, err
	}
	ids := map[string]bool{}
	for _, r := range rows {
		ids[r.InstrumentID.String()] = true
	}
	for _, o := range opens {
		ids[o.InstrumentID.String()] = true
	}
	names, err := c.lookup(ctx, ids, false)
	if err != nil {
		return nil, err
	}
	var out []integrations.Activity
	for _, r := range rows {
		out = append(out, closedActivities(r, names, p.Currency, from)...)
	}
	for _, o := range opens {
		if a, ok := openActivity(o, names, p.Currency, from); ok {
			out = append(out, a)
		}
	}
	out = integrations.Dedupe(out)
	integrations.SortByDateID(out)
	return out, nil
}
