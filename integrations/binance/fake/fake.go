// Package fake is a Binance spot REST server for tests and for running
// Latchkey against with --endpoints: Binance (binance.com: USDT markets,
// the account's uid) at the root of its listener and Binance.US (USD
// markets, no uid in the account) under /us.
//
// It checks SIGNED requests the way Binance does: X-MBX-APIKEY, timestamp
// within recvWindow of its clock (-1021), signature = hex HMAC-SHA256 of the
// query string before &signature= (-1022). It serves GET /api/v3/account,
// /api/v3/myTrades (symbol required, fromId and limit),
// /sapi/v1/capital/deposit/hisrec and /sapi/v1/capital/withdraw/history
// (startTime..endTime less than 90 days apart, the last 90 days by default,
// offset and limit), and the public /api/v3/exchangeInfo and
// /api/v3/ticker/price. Errors are {"code":-2015,"msg":"..."}.
//
// Request weight, counted per client IP (the docs: "based on the IPs, not
// the API keys"), as documented per endpoint: /api/* against
// Options.WeightLimit a minute (6000, reported in X-MBX-USED-WEIGHT-1M;
// past it 429 with Retry-After, and 418, banned, to a client that goes on
// in the same minute); the deposit history (weight 1) against 12000 a
// minute (X-SAPI-USED-IP-WEIGHT-1M); the withdraw history (weight 18000)
// against 180000 a second (X-SAPI-USED-IP-WEIGHT-1S), as its page says, and
// with Options.UIDMinute also against the account's 180000 a minute
// (X-SAPI-USED-UID-WEIGHT-1M), the SDK's "Weight(UID): 18000" reading: ten
// calls a minute. Past a /sapi limit: 429 with Retry-After.
// Options.Unmetered counts nothing and sends no usage headers.
//
// # Test logins
//
// Every key below has the secret key DemoSecret
// ("LKdemoBinanceSecret00000000000000000000000000000000000000000000x").
//
//	DemoKey     "LKdemoBinanceKey000000000000000000000000000000000000000000000000" logs in
//	SecondKey   "LKdemoBinanceKey222222222222222222222222222222222222222222222222" another key of the same account
//	NoReadKey   "LKdemoBinanceNoReadingPermission0000000000000000000000000000000" -2015 (no Enable Reading)
//
// Any other key is -2015 with HTTP 401, a wrong secret -1022. RevokeAll
// deletes every key; ExpireAccessTokens does nothing (keys do not expire).
//
// # Data
//
// One spot account per site: quote cash (USDT or USD), BTC, ETH, BNB, SOL
// and ADA (and EUR on binance.com), about 25 trades from January to June
// 2025 (one ETH/BTC trade paying its fee in BNB), quote and BTC deposits (one
// still pending), ETH and quote withdrawals (one cancelled). Prices are
// fixed.
package fake

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/binance"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Test keys (see the package doc).
const (
	DemoKey    = "LKdemoBinanceKey000000000000000000000000000000000000000000000000"
	SecondKey  = "LKdemoBinanceKey222222222222222222222222222222222222222222222222"
	NoReadKey  = "LKdemoBinanceNoReadingPermission0000000000000000000000000000000"
	DemoSecret = "LKdemoBinanceSecret00000000000000000000000000000000000000000000x"
	// UID is the binance.com account's uid.
	UID = 354937868
)

// Options configure the server.
type Options struct {
	// Now is the server's clock; nil means time.Now.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// WeightLimit is the /api request weight allowed per minute (default
	// 6000).
	WeightLimit int
	// UIDMinute also counts the withdraw history against the account's
	// 180000 a minute (ten calls a minute).
	UIDMinute bool
	// Unmetered counts no weight and sends no usage headers (the
	// conformance suite's clock stands still).
	Unmetered bool
}

// Server is a fake Binance and Binance.US. It implements brokertest.Fake,
// AfterInjector and PathInjector.
type Server struct {
	fakekit.Base
	// RevokeAll deletes every key; ExpireAccessTokens does nothing: API keys do
	// not expire.
	fakekit.Revocation
	opts  Options
	sites []*site

	mu      sync.Mutex
	calls   map[string]int // by path
	limited map[string]int // 429s and 418s, by path
}

// site is one of the two institutions.
type site struct {
	s      *Server
	id     string
	prefix string
	quote  string
	uid    bool
	book   *book

	api, sapiIP, sapiIPSecond, sapiUID *fakekit.Weights

	mu        sync.Mutex
	limited   time.Time // the /api minute a 429 was sent in
	bannedTil time.Time
}

// New starts the fake on loopback.
func New(opts Options) (*Server, error) {
	opts.WeightLimit = cmp.Or(opts.WeightLimit, 6000)
	s := &Server{opts: opts, calls: map[string]int{}, limited: map[string]int{}}
	s.Injector.Write = writeFault
	mux := http.NewServeMux()
	for _, cfg := range []struct {
		id, prefix, quote string
		uid               bool
	}{{binance.ID, "", "USDT", true}, {binance.USID, "/us", "USD", false}} {
		st := &site{s: s, id: cfg.id, prefix: cfg.prefix, quote: cfg.quote, uid: cfg.uid, book: buildBook(cfg.quote),
			api:          &fakekit.Weights{Limit: opts.WeightLimit, Now: opts.Now},
			sapiIP:       &fakekit.Weights{Limit: 12000, Now: opts.Now},
			sapiIPSecond: &fakekit.Weights{Limit: 180000, Per: time.Second, Now: opts.Now},
			sapiUID:      &fakekit.Weights{Limit: 180000, Now: opts.Now}}
		st.routes(mux)
		s.sites = append(s.sites, st)
	}
	return s, s.Start("binance fake", opts.Addr, opts.Now, mux)
}

// Endpoints returns the --endpoints overrides for both institutions.
func (s *Server) Endpoints() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, st := range s.sites {
		out[st.id] = map[string]string{"api": s.URL() + st.prefix}
	}
	return out
}

// Calls is how many requests reached path (either site), refused or not.
func (s *Server) Calls(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[path]
}

// Limited is how many requests to path were refused for their weight (429
// or 418).
func (s *Server) Limited(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited[path]
}

// Counts returns a brokertest.Counter for one institution's site.
func (s *Server) Counts(institutionID string) brokertest.Counter {
	for _, st := range s.sites {
		if st.id == institutionID {
			return st.book
		}
	}
	return nil
}

// writeFault writes faults Binance's way.
var writeFault = fakekit.Faults(writeErr, map[brokertest.Fault]fakekit.Answer[int]{
	brokertest.RateLimited:  {Status: http.StatusTooManyRequests, Code: -1003, Message: "Too many requests; current limit of IP is 6000 requests per minute.", RetryAfter: true},
	brokertest.Unauthorized: {Status: http.StatusUnauthorized, Code: -2015, Message: "Invalid API-key, IP, or permissions for action."},
})

func writeErr(w http.ResponseWriter, status, code int, msg string) {
	fakekit.WriteJSON(w, status, map[string]any{"code": code, "msg": msg})
}

// apiErr is an error answer a handler returns.
type apiErr struct {
	status, code int
	msg          string
}

// counted is where a route's weight goes.
type counted int

const (
	api          counted = iota // /api/*: IP, a minute
	sapiIP                      // /sapi/* limited per IP, a minute
	sapiIPSecond                // the withdraw history: IP, a second (and UID, a minute, with Options.UIDMinute)
)

func (st *site) routes(mux *http.ServeMux) {
	route := func(path string, weight int, in counted, signed bool, h func(r *http.Request) (any, *apiErr)) {
		mux.Handle("GET "+st.prefix+path, st.s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st.s.mu.Lock()
			st.s.calls[path]++
			st.s.mu.Unlock()
			if !st.weigh(w, r, weight, in) {
				st.s.mu.Lock()
				st.s.limited[path]++
				st.s.mu.Unlock()
				return
			}
			if signed {
				if e := st.authenticate(r); e != nil {
					writeErr(w, e.status, e.code, e.msg)
					return
				}
			}
			v, e := h(r)
			if e != nil {
				writeErr(w, e.status, e.code, e.msg)
				return
			}
			fakekit.WriteJSON(w, http.StatusOK, v)
		})))
	}
	route("/api/v3/account", 20, api, true, st.account)
	route("/api/v3/myTrades", 20, api, true, st.myTrades)
	route("/sapi/v1/capital/deposit/hisrec", 1, sapiIP, true, st.deposits)
	route("/sapi/v1/capital/withdraw/history", 18000, sapiIPSecond, true, st.withdrawals)
	route("/api/v3/exchangeInfo", 20, api, false, st.exchangeInfo)
	route("/api/v3/ticker/price", 4, api, false, st.tickerPrice)
	mux.HandleFunc("GET "+st.prefix+"/api/v3/time", func(w http.ResponseWriter, _ *http.Request) {
		fakekit.WriteJSON(w, http.StatusOK, map[string]int64{"serverTime": st.s.Now().UnixMilli()})
	})
}

// weigh counts a request's weight and answers 429 (and, for /api, 418 to a
// client that goes on in the same minute) past a limit. It reports whether
// the request may go on.
func (st *site) weigh(w http.ResponseWriter, r *http.Request, weight int, in counted) bool {
	if st.s.opts.Unmetered {
		return true
	}
	ip := fakekit.PerIP(r, "")
	now := st.s.Now()
	h := w.Header()
	retry := func(win fakekit.Window) {
		h.Set("Retry-After", strconv.Itoa(max(int(win.Reset.Sub(now).Seconds()+0.999), 1)))
	}
	switch in {
	case sapiIP:
		win, ok := st.sapiIP.Add(ip, weight)
		h.Set("X-SAPI-USED-IP-WEIGHT-1M", strconv.Itoa(win.Used))
		if !ok {
			retry(win)
			writeErr(w, http.StatusTooManyRequests, -1003, "Too much request weight used; current limit is 12000 request weight per 1 MINUTE.")
		}
		return ok
	case sapiIPSecond:
		win, ok := st.sapiIPSecond.Add(ip, weight)
		h.Set("X-SAPI-USED-IP-WEIGHT-1S", strconv.Itoa(win.Used))
		if ok && st.s.opts.UIDMinute {
			uwin, uok := st.sapiUID.Add(st.id, weight)
			h.Set("X-SAPI-USED-UID-WEIGHT-1M", strconv.Itoa(uwin.Used))
			if !uok {
				win, ok = uwin, false
			}
		}
		if !ok {
			retry(win)
			writeErr(w, http.StatusTooManyRequests, -1003, "Too much request weight used; please use the Retry-After header.")
		}
		return ok
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if now.Before(st.bannedTil) {
		h.Set("Retry-After", strconv.Itoa(int(st.bannedTil.Sub(now).Seconds())+1))
		writeErr(w, http.StatusTeapot, -1003, fmt.Sprintf("Way too much request weight used; IP banned until %d. Please use WebSocket Streams for live updates to avoid bans.", st.bannedTil.UnixMilli()))
		return false
	}
	win, ok := st.api.Add(ip, weight)
	h.Set("X-MBX-USED-WEIGHT-1M", strconv.Itoa(win.Used))
	if ok {
		return true
	}
	if st.limited.Equal(win.Reset) {
		st.bannedTil = now.Add(2 * time.Minute)
		h.Set("Retry-After", "120")
		writeErr(w, http.StatusTeapot, -1003, fmt.Sprintf("Way too much request weight used; IP banned until %d. Please use WebSocket Streams for live updates to avoid bans.", st.bannedTil.UnixMilli()))
		return false
	}
	st.limited = win.Reset
	retry(win)
	writeErr(w, http.StatusTooManyRequests, -1003, fmt.Sprintf("Too much request weight used; current limit is %d request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.", st.s.opts.WeightLimit))
	return false
}

var errInvalidKey = &apiErr{http.StatusUnauthorized, -2015, "Invalid API-key, IP, or permissions for action."}

// authenticate checks a SIGNED request.
func (st *site) authenticate(r *http.Request) *apiErr {
	key := r.Header.Get("X-MBX-APIKEY")
	revoked := st.s.Revoked()
	switch {
	case key == "":
		return &apiErr{http.StatusUnauthorized, -2014, "API-key format invalid."}
	case key != DemoKey && key != SecondKey && key != NoReadKey, revoked, key == NoReadKey:
		return errInvalidKey
	}
	raw := r.URL.RawQuery
	i := strings.LastIndex(raw, "&signature=")
	if i < 0 {
		return &apiErr{http.StatusBadRequest, -1102, "Mandatory parameter 'signature' was not sent, was empty/null, or malformed."}
	}
	payload, sig := raw[:i], raw[i+len("&signature="):]
	if !validSignature(DemoSecret, payload, sig) {
		return &apiErr{http.StatusBadRequest, -1022, "Signature for this request is not valid."}
	}
	q := r.URL.Query()
	ts, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
	if err != nil {
		return &apiErr{http.StatusBadRequest, -1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed."}
	}
	window := int64(5000)
	if v := q.Get("recvWindow"); v != "" {
		if window, err = strconv.ParseInt(v, 10, 64); err != nil || window > 60000 {
			return &apiErr{http.StatusBadRequest, -1131, "recvWindow must be less than 60000"}
		}
	}
	now := st.s.Now().UnixMilli()
	if ts >= now+1000 || now-ts > window {
		return &apiErr{http.StatusBadRequest, -1021, "Timestamp for this request is outside of the recvWindow."}
	}
	return nil
}

func (st *site) account(*http.Request) (any, *apiErr) {
	var bals []map[string]string
	for _, a := range slices.Sorted(maps.Keys(st.book.balances)) {
		if st.book.balances[a].IsZero() {
			continue
		}
		bals = append(bals, map[string]string{"asset": a, "free": st.book.balances[a].StringFixed(8), "locked": "0.00000000"})
	}
	out := map[string]any{
		"makerCommission": 10, "takerCommission": 10, "buyerCommission": 0, "sellerCommission": 0,
		"commissionRates": map[string]string{"maker": "0.00100000", "taker": "0.00100000", "buyer": "0.00000000", "seller": "0.00000000"},
		"canTrade":        true, "canWithdraw": true, "canDeposit": true, "brokered": false, "requireSelfTradePrevention": false,
		"preventSor": false, "updateTime": st.s.Now().UnixMilli(), "accountType": "SPOT", "balances": bals, "permissions": []string{"SPOT"},
	}
	if st.uid {
		out["uid"] = UID
	}
	return out, nil
}

func intParam(q url.Values, name string, def, maxV int64) (int64, *apiErr) {
	n, ok := fakekit.IntParam(q.Get(name), def, 0, cmp.Or(maxV, math.MaxInt64))
	if !ok {
		return 0, &apiErr{http.StatusBadRequest, -1100, "Illegal characters found in parameter '" + name + "'; legal range is '^[0-9]{1,20}$'."}
	}
	return n, nil
}

func (st *site) myTrades(r *http.Request) (any, *apiErr) {
	q := r.URL.Query()
	sym := q.Get("symbol")
	if sym == "" {
		return nil, &apiErr{http.StatusBadRequest, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."}
	}
	if _, ok := st.book.symbol(sym); !ok {
		return nil, &apiErr{http.StatusBadRequest, -1121, "Invalid symbol."}
	}
	limit, e := intParam(q, "limit", 500, 1000)
	if e != nil {
		return nil, e
	}
	from, e := intParam(q, "fromId", -1, 0)
	if e != nil {
		return nil, e
	}
	var match []tradeRow
	for _, t := range st.book.trades {
		if t.Symbol == sym && (from < 0 || t.ID >= from) {
			match = append(match, t)
		}
	}
	if from < 0 && len(match) > int(limit) { // the most recent
		match = match[len(match)-int(limit):]
	}
	if len(match) > int(limit) {
		match = match[:limit]
	}
	out := []map[string]any{}
	for _, t := range match {
		out = append(out, t.wire())
	}
	return out, nil
}

// window reads startTime/endTime: at most 90 days apart, the last 90 days
// by default.
func (st *site) window(q url.Values) (start, end int64, e *apiErr) {
	now := st.s.Now().UnixMilli()
	const span = 90 * 24 * 3600 * 1000
	if start, e = intParam(q, "startTime", -1, 0); e != nil {
		return
	}
	if end, e = intParam(q, "endTime", -1, 0); e != nil {
		return
	}
	switch {
	case start < 0 && end < 0:
		start, end = now-span, now
	case start < 0:
		start = end - span
	case end < 0:
		end = start + span
	}
	if end-start >= span { // "must be less than 90 days"
		return 0, 0, &apiErr{http.StatusBadRequest, -1127, "More than 90 days between startTime and endTime."}
	}
	return start, end, nil
}

func (st *site) deposits(r *http.Request) (any, *apiErr) {
	return st.transfers(r, st.book.deposits, transfer.depositWire)
}

func (st *site) withdrawals(r *http.Request) (any, *apiErr) {
	return st.transfers(r, st.book.withdrawals, transfer.withdrawalWire)
}

// transfers answers a deposit or withdrawal history: the transfers in the
// request's time window as wire writes them, paged by offset and limit.
func (st *site) transfers(r *http.Request, list []transfer, wire func(transfer) map[string]any) (any, *apiErr) {
	q := r.URL.Query()
	start, end, e := st.window(q)
	if e != nil {
		return nil, e
	}
	offset, e := intParam(q, "offset", 0, 0)
	if e != nil {
		return nil, e
	}
	limit, e := intParam(q, "limit", 1000, 1000)
	if e != nil {
		return nil, e
	}
	out := []map[string]any{}
	for _, t := range list {
		if t.at >= start && t.at <= end {
			out = append(out, wire(t))
		}
	}
	page, _ := fakekit.Page(out, int(offset), int(limit))
	return page, nil
}

func (st *site) exchangeInfo(*http.Request) (any, *apiErr) {
	var syms []map[string]any
	for _, m := range st.book.markets {
		syms = append(syms, map[string]any{
			"symbol": m.Symbol, "status": "TRADING", "baseAsset": m.Base, "baseAssetPrecision": 8,
			"quoteAsset": m.Quote, "quotePrecision": 8, "quoteAssetPrecision": 8, "orderTypes": []string{"LIMIT", "MARKET"},
			"isSpotTradingAllowed": true, "permissions": []string{}, "permissionSets": [][]string{{"SPOT"}},
		})
	}
	return map[string]any{
		"timezone": "UTC", "serverTime": st.s.Now().UnixMilli(),
		"rateLimits":      []map[string]any{{"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": st.s.opts.WeightLimit}},
		"exchangeFilters": []any{}, "symbols": syms,
	}, nil
}

func (st *site) tickerPrice(r *http.Request) (any, *apiErr) {
	q := r.URL.Query()
	row := func(m market) map[string]string { return map[string]string{"symbol": m.Symbol, "price": m.Price} }
	if sym := q.Get("symbol"); sym != "" {
		m, ok := st.book.symbol(sym)
		if !ok {
			return nil, &apiErr{http.StatusBadRequest, -1121, "Invalid symbol."}
		}
		return row(m), nil
	}
	out := []map[string]string{}
	if v := q.Get("symbols"); v != "" {
		var syms []string
		if err := json.Unmarshal([]byte(v), &syms); err != nil {
			return nil, &apiErr{http.StatusBadRequest, -1100, "Illegal characters found in parameter 'symbols'."}
		}
		for _, sym := range syms {
			m, ok := st.book.symbol(sym)
			if !ok {
				return nil, &apiErr{http.StatusBadRequest, -1121, "Invalid symbol."}
			}
			out = append(out, row(m))
		}
		return out, nil
	}
	for _, m := range st.book.markets {
		out = append(out, row(m))
	}
	return out, nil
}
