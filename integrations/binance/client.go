package binance

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Sign returns the signature of a SIGNED request: hex HMAC-SHA256 of the
// total parameters (the query string, then the body) with the secret key.
func Sign(secretKey, totalParams string) string {
	m := hmac.New(sha256.New, []byte(secretKey))
	m.Write([]byte(totalParams))
	return hex.EncodeToString(m.Sum(nil))
}

// recvWindow is how long (ms) after its timestamp a request stays valid;
// Binance's default is 5000 and its maximum 60000.
const recvWindow = "10000"

// --- Rate limits ------------------------------------------------------------------

// window is a rate-limit window Binance reports its usage of in a response
// header (rest-api.md "LIMITS"; the wallet endpoints' pages).
type window struct {
	header string
	per    time.Duration
	limit  int
}

var (
	// apiIP is /api/*'s request weight per IP: 6000 a minute.
	apiIP = window{"X-Mbx-Used-Weight-1m", time.Minute, 6000}
	// sapiIP is /sapi/*'s weight for endpoints limited per IP: 12000 a
	// minute.
	sapiIP = window{"X-Sapi-Used-Ip-Weight-1m", time.Minute, 12000}
	// sapiUID is /sapi/*'s weight for endpoints limited per account:
	// 180000 a minute.
	sapiUID = window{"X-Sapi-Used-Uid-Weight-1m", time.Minute, 180000}
	// sapiIPSecond is the per-second IP window the withdraw history
	// counts in (its page: "user's total second level IP rate limit is
	// 180000/second").
	sapiIPSecond = window{"X-Sapi-Used-Ip-Weight-1s", time.Second, 180000}
)

// endpoint is a path with its documented weight and the windows it counts in.
type endpoint struct {
	path    string
	weight  int
	windows []window
}

var (
	epAccount      = endpoint{"/api/v3/account", 20, []window{apiIP}}
	epMyTrades     = endpoint{"/api/v3/myTrades", 20, []window{apiIP}}
	epExchangeInfo = endpoint{"/api/v3/exchangeInfo", 20, []window{apiIP}}
	epTickerPrice  = endpoint{"/api/v3/ticker/price", 4, []window{apiIP}}
	epDeposits     = endpoint{"/sapi/v1/capital/deposit/hisrec", 1, []window{sapiIP}}
	// The withdraw history weighs 18000: ten calls a second by its page's
	// per-second IP window, ten a minute by the SDK's UID weight against
	// the UID minute window. Both are paced, whichever Binance reports.
	epWithdrawals = endpoint{"/sapi/v1/capital/withdraw/history", 18000, []window{sapiIPSecond, sapiUID}}
)

// pacer keeps the usage Binance last reported for each window, so a call
// that would pass a window's limit waits for the next window instead of
// being refused (and, after refusals, banned). It knows only what Binance
// reported: before the first answer it does not wait.
type pacer struct {
	mu   sync.Mutex
	used map[string]usage // by header
}

type usage struct {
	used  int
	start time.Time // the window's start on the integration's clock
}

// wait is how long a call of ep must wait at now.
func (p *pacer) wait(now time.Time, ep endpoint) time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	var d time.Duration
	for _, w := range ep.windows {
		u, ok := p.used[w.header]
		if !ok || !u.start.Equal(now.Truncate(w.per)) || u.used+ep.weight <= w.limit {
			continue
		}
		d = max(d, u.start.Add(w.per).Sub(now))
	}
	return d
}

// waited records that the waits for ep ended: its windows are new.
func (p *pacer) waited(now time.Time, ep endpoint) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, w := range ep.windows {
		if u, ok := p.used[w.header]; ok && u.used+ep.weight > w.limit {
			p.used[w.header] = usage{start: u.start.Add(w.per)}
		}
	}
}

// report reads the usage headers of an answer.
func (p *pacer) report(now time.Time, h http.Header) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, w := range []window{apiIP, sapiIP, sapiUID, sapiIPSecond} {
		if n, err := strconv.Atoi(h.Get(w.header)); err == nil {
			p.used[w.header] = usage{used: n, start: now.Truncate(w.per)}
		}
	}
}

// pacers keeps one pacer per HTTP client (one per institution, Binance's
// limits being per IP; the app keeps it across syncs) and API key,
// forgotten with the client.
var pacers = cryptokit.Pacers[pacer]{New: func() *pacer { return &pacer{used: map[string]usage{}} }}

// headerTap hands each answer's headers to the function its request's
// context carries: httpx.API returns a 2xx answer's body only, and the
// usage headers come with every answer.
type headerTap struct{ base http.RoundTripper }

type tapKey struct{}

func (t headerTap) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(req)
	if f, ok := req.Context().Value(tapKey{}).(func(http.Header)); ok && err == nil {
		f(resp.Header)
	}
	return resp, err
}

// --- API ----------------------------------------------------------------------------

// api talks to one Binance variant with one key pair.
type api struct {
	v     variant
	http  *httpx.API
	now   func() time.Time
	sec   secret
	login bool // refusals mean wrong credentials, not a dead grant
	pace  *pacer
	wait  cryptokit.Wait
}

// newAPI builds the HTTP side. While logging in (login) a refused key is
// ErrInvalidCredentials; afterwards ErrReauthRequired.
func (in *Integration) newAPI(env integrations.Env, sec secret, login bool) (*api, error) {
	v := in.v
	base, err := httpx.NeedEndpoint(env, "api", "Binance API")
	if err != nil {
		return nil, err
	}
	hc := env.Client()
	httpx.RedactorOf(hc).Add(sec.Key, sec.Secret)
	tapped := &http.Client{Transport: headerTap{base: transport(hc)}, CheckRedirect: hc.CheckRedirect, Timeout: hc.Timeout, Jar: hc.Jar}
	a := &api{v: v, now: env.Time, sec: sec, login: login, pace: pacers.For(hc, sec.Key), wait: in.Wait}
	a.http = &httpx.API{Name: v.display, Client: tapped, Base: base,
		Status: func(resp *http.Response, body []byte) error {
			return statusError(resp.StatusCode, resp.Header, body, a.login, a.now())
		}}
	return a, nil
}

func transport(c *http.Client) http.RoundTripper {
	if c.Transport != nil {
		return c.Transport
	}
	return http.DefaultTransport
}

// call sends a GET of ep, paced, and decodes the answer into out. A SIGNED
// call carries the key in X-MBX-APIKEY and timestamp, recvWindow and the
// signature in its query. GETs are retried by the transport on 5xx and 429:
// a read is safe to repeat (a repeat's timestamp may fall out of
// recvWindow, which maps to ErrUnavailable).
func (a *api) call(ctx context.Context, ep endpoint, signed bool, q url.Values, out any) error {
	if d := a.pace.wait(a.now(), ep); d > 0 {
		if err := a.wait.Sleep(ctx, d); err != nil {
			return err
		}
		a.pace.waited(a.now(), ep)
	}
	r := httpx.Request{Path: ep.path, Query: q}
	if signed {
		params := q.Encode()
		if params != "" {
			params += "&"
		}
		params += "timestamp=" + strconv.FormatInt(a.now().UnixMilli(), 10) + "&recvWindow=" + recvWindow
		r.Path, r.Query = ep.path+"?"+params+"&signature="+Sign(a.sec.Secret, params), nil
		r.Header = http.Header{"X-MBX-APIKEY": {a.sec.Key}}
	}
	ctx = context.WithValue(ctx, tapKey{}, func(h http.Header) { a.pace.report(a.now(), h) })
	return a.http.JSON(ctx, r, out)
}

func (a *api) account(ctx context.Context) (account, error) {
	var acct account
	if err := a.call(ctx, epAccount, true, url.Values{"omitZeroBalances": {"true"}}, &acct); err != nil {
		return acct, err
	}
	if _, err := acct.totals(); err != nil {
		return acct, err
	}
	return acct, nil
}

// --- Client -------------------------------------------------------------------------

// spotID is the id of the one account a login has: its spot wallet.
const spotID = "spot"

func spotAccount(v variant) integrations.Account {
	return cryptokit.Account(spotID, v.display+" spot wallet", "SPOT", v.quote)
}

const (
	// historyWindow is the longest startTime..endTime span the deposit and
	// withdrawal histories accept ("must be less than 90 days").
	historyWindow = 90*24*time.Hour - time.Millisecond
	historyLimit  = 1000
)

// A market's trades are read tradeLimit a page; a list is cut off after
// maxPages pages (variables for tests).
var (
	tradeLimit = 1000
	maxPages   = 10000
)

// launched is when Binance opened (2017-07-14): no history is older.
// Binance's API says nothing of where an account's own history starts (no
// creation date in /api/v3/account, /sapi/v1/account/info or
// /sapi/v1/account/apiRestrictions, whose createTime is the key's, which sees
// the account's whole history), so a first walk starts here.
var launched = time.Date(2017, 7, 14, 0, 0, 0, 0, time.UTC)

// client reads one Binance spot account.
// Balances and Positions come from one read of the holdings
// (cryptokit.Spot): the cash balances, the quote currency's total counting
// the coins at their last price, and a position per coin. Without prices
// the balances come with an error matching ErrPartial (the app then keeps
// the cached ones), the positions with PriceUnknown.
type client struct {
	cryptokit.Spot // Accounts, Balances and Positions
	api            *api

	mu   sync.Mutex
	info *exchangeInfo // cached for the client's life
}

var (
	_ integrations.Client        = (*client)(nil)
	_ integrations.HistoryWalker = (*client)(nil)
)

func (c *client) exchangeInfo(ctx context.Context) (exchangeInfo, error) {
	c.mu.Lock()
	if c.info != nil {
		defer c.mu.Unlock()
		return *c.info, nil
	}
	c.mu.Unlock()
	var info exchangeInfo
	if err := c.api.call(ctx, epExchangeInfo, false, url.Values{"permissions": {"SPOT"}}, &info); err != nil {
		return info, err
	}
	c.mu.Lock()
	c.info = &info
	c.mu.Unlock()
	return info, nil
}

// prices returns the last price in the quote currency of each asset that
// has a market against it.
func (c *client) prices(ctx context.Context, assets []string) (map[string]decimal.Decimal, error) {
	if len(assets) == 0 {
		return map[string]decimal.Decimal{}, nil
	}
	info, err := c.exchangeInfo(ctx)
	if err != nil {
		return nil, err
	}
	base := map[string]string{}
	var syms []string
	for _, s := range info.Symbols {
		if s.QuoteAsset == c.api.v.quote && slices.Contains(assets, s.BaseAsset) && s.Status == "TRADING" {
			syms = append(syms, s.Symbol)
			base[s.Symbol] = s.BaseAsset
		}
	}
	if len(syms) == 0 {
		return map[string]decimal.Decimal{}, nil
	}
	sort.Strings(syms)
	list, _ := json.Marshal(syms)
	var ticks []tickerPrice
	if err := c.api.call(ctx, epTickerPrice, false, url.Values{"symbols": {string(list)}}, &ticks); err != nil {
		return nil, err
	}
	return lastPrices(ticks, base)
}

// holdings reads the balances and prices them. When exchangeInfo or the
// ticker fails the units are kept (PriceUnknown) and perr is the failure.
func (c *client) holdings(ctx context.Context) (bals []integrations.Balance, pos []integrations.Position, perr, err error) {
	acct, err := c.api.account(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	bal, _ := acct.totals()
	px, perr := c.prices(ctx, cryptokit.Coins(bal, cashIn(c.api.v.quote)))
	bals, pos = holdings(bal, px, c.api.v.quote, c.api.now().UTC())
	return bals, pos, perr, nil
}

// walkCursor is where a history walk resumes: the deposits and withdrawals
// from the 90-day window starting at From (unix ms), or the trades of
// Symbol from trade id FromID; Coins are the coins moved so far (they name
// the markets whose trades are read).
type walkCursor struct {
	Phase  string   `json:"phase"` // "transfers" or "trades"
	From   int64    `json:"from,omitempty"`
	Symbol string   `json:"symbol,omitempty"`
	FromID int64    `json:"from_id,omitempty"`
	Coins  []string `json:"coins,omitempty"`
}

func (w walkCursor) encode() string {
	b, _ := json.Marshal(w)
	return string(b)
}

// Activities reads the history from since (see WalkActivities) in one go.
func (c *client) Activities(ctx context.Context, accountID string, since time.Time) ([]integrations.Activity, error) {
	out, err := integrations.ReadWalk(ctx, c, accountID, since)
	integrations.SortByDate(out)
	return out, err
}

// WalkActivities reads deposits and withdrawals in 90-day windows from
// since (at the earliest Binance's launch) to now, a page per window, then
// the trades of every market of the coins held or moved, a page per 1000
// trades, each market from its first trade (fromId) on, keeping what is on
// or after since. Calls are paced to the usage Binance reports: the
// withdraw history's weight (18000) allows ten calls per window.
func (c *client) WalkActivities(ctx context.Context, accountID string, since time.Time, cursor string,
	page func(acts []integrations.Activity, next string) error) error {
	if err := c.Own(accountID); err != nil {
		return err
	}
	now := c.api.now().UTC()
	if since.Before(launched) {
		since = launched
	}
	cur := walkCursor{Phase: "transfers", From: since.UnixMilli()}
	if json.Unmarshal([]byte(cursor), &cur) != nil || (cur.Phase != "transfers" && cur.Phase != "trades") {
		cur = walkCursor{Phase: "transfers", From: since.UnixMilli()}
	}
	coins := map[string]bool{}
	for _, co := range cur.Coins {
		coins[co] = true
	}
	if cur.Phase == "transfers" {
		for from := time.UnixMilli(max(cur.From, since.UnixMilli())).UTC(); from.Before(now); from = from.Add(historyWindow + time.Millisecond) {
			end := from.Add(historyWindow)
			if end.After(now) {
				end = now
			}
			acts, err := c.transfers(ctx, from, end, coins)
			if err != nil {
				return err
			}
			next := walkCursor{Phase: "transfers", From: end.UnixMilli() + 1, Coins: slices.Sorted(maps.Keys(coins))}
			if !end.Before(now) {
				next = walkCursor{Phase: "trades", Coins: next.Coins}
			}
			if err := page(acts, next.encode()); err != nil {
				return err
			}
		}
		cur = walkCursor{Phase: "trades", Coins: slices.Sorted(maps.Keys(coins))}
	}
	return c.walkTrades(ctx, since, cur, coins, page)
}

// transfers reads one window's deposits and withdrawals, noting the coins
// they moved.
func (c *client) transfers(ctx context.Context, from, end time.Time, coins map[string]bool) ([]integrations.Activity, error) {
	var out []integrations.Activity
	deps, err := paged[deposit](ctx, c, epDeposits, from, end)
	if err != nil {
		return nil, err
	}
	for _, d := range deps {
		coins[d.Coin] = true
		if !d.credited() {
			continue
		}
		a, err := depositActivity(d, c.api.v.quote)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	wds, err := paged[withdrawal](ctx, c, epWithdrawals, from, end)
	if err != nil {
		return nil, err
	}
	for _, w := range wds {
		coins[w.Coin] = true
		if !w.sent() {
			continue
		}
		a, err := withdrawalActivity(w, c.api.v.quote)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// paged reads the rows of a window of a history with offset and limit
// until a short page.
func paged[T any](ctx context.Context, c *client, ep endpoint, from, end time.Time) ([]T, error) {
	var rows []T
	for offset := 0; offset < maxPages*historyLimit; {
		q := url.Values{
			"startTime": {strconv.FormatInt(from.UnixMilli(), 10)}, "endTime": {strconv.FormatInt(end.UnixMilli(), 10)},
			"offset": {strconv.Itoa(offset)}, "limit": {strconv.Itoa(historyLimit)},
		}
		var raw json.RawMessage
		if err := c.api.call(ctx, ep, true, q, &raw); err != nil {
			return nil, err
		}
		var page []T
		if json.Unmarshal(raw, &page) != nil {
			return nil, errMalformed
		}
		rows = append(rows, page...)
		if len(page) < historyLimit {
			return rows, nil
		}
		offset += len(page)
	}
	return nil, integrations.Wrap(integrations.ErrUnavailable, "Binance's history did not end")
}

// walkTrades reads the trades of every market of the coins held or moved,
// from cur's market and trade id on.
func (c *client) walkTrades(ctx context.Context, since time.Time, cur walkCursor, coins map[string]bool,
	page func(acts []integrations.Activity, next string) error) error {
	acct, err := c.api.account(ctx)
	if err != nil {
		return err
	}
	bal, _ := acct.totals()
	for a, amt := range bal {
		if !amt.IsZero() {
			coins[a] = true
		}
	}
	info, err := c.exchangeInfo(ctx)
	if err != nil {
		return err
	}
	syms := tradeSymbols(info, coins)
	held := slices.Sorted(maps.Keys(coins))
	if len(syms) == 0 || syms[len(syms)-1].Symbol < cur.Symbol {
		return page(nil, "")
	}
	for i, s := range syms {
		if s.Symbol < cur.Symbol {
			continue
		}
		from := int64(0)
		if s.Symbol == cur.Symbol {
			from = cur.FromID
		}
		for n := 0; ; n++ {
			if n == maxPages {
				return integrations.Wrap(integrations.ErrUnavailable, "Binance's trade history did not end")
			}
			var trades []trade
			q := url.Values{"symbol": {s.Symbol}, "fromId": {strconv.FormatInt(from, 10)}, "limit": {strconv.Itoa(tradeLimit)}}
			if err := c.api.call(ctx, epMyTrades, true, q, &trades); err != nil {
				return err
			}
			var acts []integrations.Activity
			for _, t := range trades {
				if msTime(t.Time).Before(since) {
					continue
				}
				a, err := tradeActivity(s, t)
				if err != nil {
					return err
				}
				acts = append(acts, a)
			}
			next := ""
			switch {
			case len(trades) == tradeLimit:
				from = trades[len(trades)-1].ID + 1
				next = walkCursor{Phase: "trades", Symbol: s.Symbol, FromID: from, Coins: held}.encode()
			case i+1 < len(syms):
				next = walkCursor{Phase: "trades", Symbol: syms[i+1].Symbol, Coins: held}.encode()
			}
			if err := page(acts, next); err != nil {
				return err
			}
			if len(trades) < tradeLimit {
				break
			}
		}
	}
	return nil
}
