// Package fake is a Binance spot REST server for tests and for running
// Latchkey against with --endpoints. It listens twice on loopback: once as
// Binance (binance.com: USDT markets, the account's uid) and once as
// Binance.US (USD markets, no uid in the account).
//
// It checks SIGNED requests the way Binance does: X-MBX-APIKEY, timestamp
// within recvWindow of its clock (-1021), signature = hex HMAC-SHA256 of the
// query string before &signature= (-1022). It serves GET /api/v3/account,
// /api/v3/myTrades (symbol required, fromId and limit),
// /sapi/v1/capital/deposit/hisrec and /sapi/v1/capital/withdraw/history
// (startTime..endTime at most 90 days apart, the last 90 days by default,
// offset and limit), and the public /api/v3/exchangeInfo and
// /api/v3/ticker/price. Every answer carries X-MBX-USED-WEIGHT-1M; past
// Options.WeightLimit in a minute it answers 429 with Retry-After, and a
// client that goes on in the same minute gets 418 (IP banned) with
// Retry-After. Errors are {"code":-2015,"msg":"..."}.
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
	"context"
	"crypto/hmac"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/binance"
	"github.com/latchkey/latchkey/integrations/brokertest"
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
	// WeightLimit is the request weight allowed per minute (default 6000).
	WeightLimit int
}

// Server is a fake Binance and Binance.US. It implements brokertest.Fake.
type Server struct {
	brokertest.Injector
	opts  Options
	sites []*site

	mu      sync.Mutex
	revoked bool
}

// site is one of the two listeners.
type site struct {
	s     *Server
	id    string
	quote string
	uid   bool
	ln    net.Listener
	hs    *http.Server
	url   string
	book  *book

	mu        sync.Mutex
	minute    int64 // the unix minute weight is counted in
	used      int
	limited   bool // a 429 was sent this minute
	bannedTil time.Time
}

// New starts the two sites on loopback.
func New(opts Options) (*Server, error) {
	if opts.WeightLimit <= 0 {
		opts.WeightLimit = 6000
	}
	s := &Server{opts: opts}
	s.Injector.Write = writeFault
	for _, cfg := range []struct {
		id, quote string
		uid       bool
	}{{binance.ID, "USDT", true}, {binance.USID, "USD", false}} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			_ = s.Close()
			return nil, fmt.Errorf("binance fake: %w", err)
		}
		st := &site{s: s, id: cfg.id, quote: cfg.quote, uid: cfg.uid, ln: ln, url: "http://" + ln.Addr().String(), book: buildBook(cfg.quote)}
		st.hs = &http.Server{Handler: st.handler(), ReadHeaderTimeout: 10 * time.Second}
		go st.hs.Serve(ln) //nolint:errcheck // ErrServerClosed on Close
		s.sites = append(s.sites, st)
	}
	return s, nil
}

// URL returns binance.com's base URL.
func (s *Server) URL() string { return s.sites[0].url }

// Close stops both sites.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	for _, st := range s.sites {
		if err := st.hs.Shutdown(ctx); err != nil {
			_ = st.hs.Close()
		}
	}
	return nil
}

// Endpoints returns the --endpoints overrides for both institutions.
func (s *Server) Endpoints() map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, st := range s.sites {
		out[st.id] = map[string]string{"api": st.url}
	}
	return out
}

// RevokeAll deletes every key.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked = true
}

// ExpireAccessTokens does nothing: API keys do not expire.
func (s *Server) ExpireAccessTokens() {}

// Counts returns a brokertest.Counter for one institution's site.
func (s *Server) Counts(institutionID string) brokertest.Counter {
	for _, st := range s.sites {
		if st.id == institutionID {
			return st.book
		}
	}
	return nil
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// writeFault writes faults Binance's way.
func writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.RateLimited:
		w.Header().Set("Retry-After", "1")
		writeErr(w, http.StatusTooManyRequests, -1003, "Too many requests; current limit of IP is 6000 requests per minute. "+brokertest.BodyCanary)
	case brokertest.Unauthorized:
		writeErr(w, http.StatusUnauthorized, -2015, "Invalid API-key, IP, or permissions for action. "+brokertest.BodyCanary)
	default:
		return false
	}
	return true
}

func writeErr(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": code, "msg": msg})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	_ = json.NewEncoder(w).Encode(v)
}

// apiErr is an error answer a handler returns.
type apiErr struct {
	status, code int
	msg          string
}

func (st *site) handler() http.Handler {
	mux := http.NewServeMux()
	route := func(pattern string, weight int, signed bool, h func(r *http.Request) (any, *apiErr)) {
		mux.Handle(pattern, st.s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !st.weigh(w, weight) {
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
			writeJSON(w, v)
		})))
	}
	route("GET /api/v3/account", 20, true, st.account)
	route("GET /api/v3/myTrades", 20, true, st.myTrades)
	route("GET /sapi/v1/capital/deposit/hisrec", 1, true, st.deposits)
	route("GET /sapi/v1/capital/withdraw/history", 1, true, st.withdrawals)
	route("GET /api/v3/exchangeInfo", 20, false, st.exchangeInfo)
	route("GET /api/v3/ticker/price", 4, false, st.tickerPrice)
	mux.HandleFunc("GET /api/v3/time", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]int64{"serverTime": st.s.now().UnixMilli()})
	})
	return mux
}

// weigh counts a request's weight in the current minute and answers 429,
// then 418, past the limit. It reports whether the request may go on.
func (st *site) weigh(w http.ResponseWriter, weight int) bool {
	now := st.s.now()
	st.mu.Lock()
	defer st.mu.Unlock()
	if now.Before(st.bannedTil) {
		w.Header().Set("Retry-After", strconv.Itoa(int(st.bannedTil.Sub(now).Seconds())+1))
		writeErr(w, http.StatusTeapot, -1003, fmt.Sprintf("Way too much request weight used; IP banned until %d. Please use WebSocket Streams for live updates to avoid bans.", st.bannedTil.UnixMilli()))
		return false
	}
	if m := now.Unix() / 60; m != st.minute {
		st.minute, st.used, st.limited = m, 0, false
	}
	w.Header().Set("X-MBX-USED-WEIGHT-1M", strconv.Itoa(st.used+weight))
	if st.used+weight > st.s.opts.WeightLimit {
		if st.limited {
			st.bannedTil = now.Add(2 * time.Minute)
			w.Header().Set("Retry-After", "120")
			writeErr(w, http.StatusTeapot, -1003, fmt.Sprintf("Way too much request weight used; IP banned until %d. Please use WebSocket Streams for live updates to avoid bans.", st.bannedTil.UnixMilli()))
			return false
		}
		st.limited = true
		w.Header().Set("Retry-After", strconv.Itoa(int(60-now.Unix()%60)))
		writeErr(w, http.StatusTooManyRequests, -1003, fmt.Sprintf("Too much request weight used; current limit is %d request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.", st.s.opts.WeightLimit))
		return false
	}
	st.used += weight
	return true
}

var errInvalidKey = &apiErr{http.StatusUnauthorized, -2015, "Invalid API-key, IP, or permissions for action."}

// authenticate checks a SIGNED request.
func (st *site) authenticate(r *http.Request) *apiErr {
	key := r.Header.Get("X-MBX-APIKEY")
	st.s.mu.Lock()
	revoked := st.s.revoked
	st.s.mu.Unlock()
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
	if !hmac.Equal([]byte(sig), []byte(binance.Sign(DemoSecret, payload))) {
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
	now := st.s.now().UnixMilli()
	if ts >= now+1000 || now-ts > window {
		return &apiErr{http.StatusBadRequest, -1021, "Timestamp for this request is outside of the recvWindow."}
	}
	return nil
}

func (st *site) account(*http.Request) (any, *apiErr) {
	var bals []map[string]string
	for _, a := range sortedKeys(st.book.balances) {
		if st.book.balances[a].IsZero() {
			continue
		}
		bals = append(bals, map[string]string{"asset": a, "free": st.book.balances[a].StringFixed(8), "locked": "0.00000000"})
	}
	out := map[string]any{
		"makerCommission": 10, "takerCommission": 10, "buyerCommission": 0, "sellerCommission": 0,
		"commissionRates": map[string]string{"maker": "0.00100000", "taker": "0.00100000", "buyer": "0.00000000", "seller": "0.00000000"},
		"canTrade":        true, "canWithdraw": true, "canDeposit": true, "brokered": false, "requireSelfTradePrevention": false,
		"preventSor": false, "updateTime": st.s.now().UnixMilli(), "accountType": "SPOT", "balances": bals, "permissions": []string{"SPOT"},
	}
	if st.uid {
		out["uid"] = UID
	}
	return out, nil
}

func intParam(q url.Values, name string, def, maxV int64) (int64, *apiErr) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || (maxV > 0 && n > maxV) {
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
	now := st.s.now().UnixMilli()
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
	if end-start > span {
		return 0, 0, &apiErr{http.StatusBadRequest, -1127, "More than 90 days between startTime and endTime."}
	}
	return start, end, nil
}

func (st *site) deposits(r *http.Request) (any, *apiErr) {
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
	for _, d := range st.book.deposits {
		if d.at >= start && d.at <= end {
			out = append(out, d.depositWire())
		}
	}
	return page(out, offset, limit), nil
}

func (st *site) withdrawals(r *http.Request) (any, *apiErr) {
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
	for _, w := range st.book.withdrawals {
		if w.at >= start && w.at <= end {
			out = append(out, w.withdrawalWire())
		}
	}
	return page(out, offset, limit), nil
}

func page(rows []map[string]any, offset, limit int64) []map[string]any {
	if offset >= int64(len(rows)) {
		return []map[string]any{}
	}
	rows = rows[offset:]
	if int64(len(rows)) > limit {
		rows = rows[:limit]
	}
	return rows
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
		"timezone": "UTC", "serverTime": st.s.now().UnixMilli(),
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

// --- Data ---------------------------------------------------------------------

type market struct{ Symbol, Base, Quote, Price string }

type tradeRow struct {
	Symbol                           string
	ID, OrderID, Time                int64
	Price, Qty, QuoteQty, Commission decimal.Decimal
	CommissionAsset                  string
	IsBuyer, IsMaker                 bool
}

func (t tradeRow) wire() map[string]any {
	return map[string]any{
		"symbol": t.Symbol, "id": t.ID, "orderId": t.OrderID, "orderListId": -1, "price": t.Price.StringFixed(8),
		"qty": t.Qty.StringFixed(8), "quoteQty": t.QuoteQty.StringFixed(8), "commission": t.Commission.StringFixed(8),
		"commissionAsset": t.CommissionAsset, "time": t.Time, "isBuyer": t.IsBuyer, "isMaker": t.IsMaker, "isBestMatch": true,
	}
}

type transfer struct {
	id, coin, network string
	amount, fee       decimal.Decimal
	status            int
	at                int64
}

func (d transfer) depositWire() map[string]any {
	return map[string]any{
		"id": d.id, "amount": d.amount.String(), "coin": d.coin, "network": d.network, "status": d.status,
		"address": "0x" + strings.Repeat("ab", 20), "addressTag": "", "txId": "0x" + strings.Repeat("cd", 32),
		"insertTime": d.at, "transferType": 0, "confirmTimes": "12/12", "unlockConfirm": 0, "walletType": 0,
	}
}

func (d transfer) withdrawalWire() map[string]any {
	return map[string]any{
		"id": d.id, "amount": d.amount.StringFixed(8), "transactionFee": d.fee.String(), "coin": d.coin, "status": d.status,
		"address": "0x" + strings.Repeat("ef", 20), "txId": "0x" + strings.Repeat("12", 32),
		"applyTime": time.UnixMilli(d.at).UTC().Format(time.DateTime), "network": d.network, "transferType": 0,
		"info": "", "confirmNo": 12, "walletType": 0, "txKey": "",
		"completeTime": time.UnixMilli(d.at).Add(30 * time.Minute).UTC().Format(time.DateTime),
	}
}

// book is one site's account.
type book struct {
	markets     []market
	trades      []tradeRow
	deposits    []transfer
	withdrawals []transfer
	balances    map[string]decimal.Decimal
}

// Count implements brokertest.Counter.
func (b *book) Count(list brokertest.List, _ string) int {
	switch list {
	case brokertest.ListAccounts:
		return 1
	case brokertest.ListPositions:
		n := 0
		for a, amt := range b.balances {
			if a != "USDT" && a != "USD" && a != "EUR" && !amt.IsZero() {
				n++
			}
		}
		return n
	}
	n := len(b.trades)
	for _, d := range b.deposits {
		if d.status == 1 || d.status == 6 {
			n++
		}
	}
	for _, w := range b.withdrawals {
		if w.status == 6 {
			n++
		}
	}
	return n
}

func (b *book) symbol(s string) (market, bool) {
	for _, m := range b.markets {
		if m.Symbol == s {
			return m, true
		}
	}
	return market{}, false
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var t0 = time.Date(2025, 1, 2, 10, 0, 0, 0, time.UTC)

func at(day int, minute int) int64 {
	return t0.AddDate(0, 0, day).Add(time.Duration(minute) * time.Minute).UnixMilli()
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func buildBook(quote string) *book {
	b := &book{balances: map[string]decimal.Decimal{}}
	px := map[string]string{"BTC": "64210.55000000", "ETH": "3118.42000000", "BNB": "585.30000000", "SOL": "142.27000000",
		"ADA": "0.45190000", "DOGE": "0.16230000", "XRP": "0.52110000"}
	for _, c := range []string{"ADA", "BNB", "BTC", "DOGE", "ETH", "SOL", "XRP"} {
		b.markets = append(b.markets, market{c + quote, c, quote, px[c]})
	}
	b.markets = append(b.markets, market{"ETHBTC", "ETH", "BTC", "0.04856000"})
	if quote == "USDT" {
		b.markets = append(b.markets, market{"BTCEUR", "BTC", "EUR", "59120.40000000"}, market{"EURUSDT", "EUR", quote, "1.08600000"})
		b.balances["EUR"] = dec("1250.00")
	}
	add := func(asset string, amt decimal.Decimal) {
		b.balances[asset] = b.balances[asset].Add(amt)
		if b.balances[asset].IsNegative() {
			panic("binance fake: negative " + asset)
		}
	}
	dep := func(day int, coin, network, amount string, status int) {
		d := transfer{id: fmt.Sprintf("%d", 769800519366885376+len(b.deposits)), coin: coin, network: network,
			amount: dec(amount), status: status, at: at(day, 1)}
		b.deposits = append(b.deposits, d)
		if status == 1 || status == 6 {
			add(coin, d.amount)
		}
	}
	wd := func(day int, coin, network, amount, fee string, status int) {
		w := transfer{id: fmt.Sprintf("b6ae22b3aa844210a7041aee7589%04d", len(b.withdrawals)), coin: coin, network: network,
			amount: dec(amount), fee: dec(fee), status: status, at: at(day, 2)}
		b.withdrawals = append(b.withdrawals, w)
		if status == 6 {
			add(coin, w.amount.Add(w.fee).Neg())
		}
	}
	var tradeID int64 = 28457
	trade := func(day int, base, q string, qty, price string, buyer bool, feeAsset string) {
		m := base + q
		p, n := dec(price), dec(qty)
		quoteQty := p.Mul(n).Round(8)
		t := tradeRow{Symbol: m, ID: tradeID, OrderID: 100234 + tradeID, Time: at(day, 3), Price: p, Qty: n, QuoteQty: quoteQty,
			CommissionAsset: feeAsset, IsBuyer: buyer, IsMaker: day%2 == 0}
		tradeID += 17
		switch feeAsset {
		case q:
			t.Commission = quoteQty.Mul(dec("0.001")).Round(8)
		case base:
			t.Commission = n.Mul(dec("0.001")).Round(8)
		default:
			t.Commission = dec("0.00123000")
		}
		if buyer {
			add(base, n)
			add(q, quoteQty.Neg())
		} else {
			add(base, n.Neg())
			add(q, quoteQty)
		}
		add(feeAsset, t.Commission.Neg())
		b.trades = append(b.trades, t)
	}
	dep(0, quote, "ETH", "30000", 1)
	dep(3, "BNB", "BSC", "2.5", 1)
	type buy struct{ base, qty, price string }
	week := []buy{{"BTC", "0.05", "61000"}, {"ETH", "0.8", "3050"}, {"SOL", "12", "139.5"}, {"ADA", "900", "0.44"}, {"BNB", "1.5", "580"}}
	for w := 0; w < 22; w++ {
		x := week[w%len(week)]
		qty, buyer := x.qty, true
		if w%4 == 3 { // sell half of last week's buy
			x = week[(w-1)%len(week)]
			qty, buyer = dec(x.qty).Div(decimal.NewFromInt(2)).String(), false
		}
		drift := decimal.NewFromInt(int64(1000 + (w*37)%90 - 45)).Div(decimal.NewFromInt(1000))
		price := dec(x.price).Mul(drift).Round(2).String()
		feeAsset := quote
		if w%3 == 2 {
			feeAsset = x.base
			if !buyer {
				feeAsset = quote
			}
		}
		trade(w*7+4, x.base, quote, qty, price, buyer, feeAsset)
	}
	trade(50, "ETH", "BTC", "0.5", "0.0475", true, "BNB")
	dep(40, "BTC", "BTC", "0.2", 1)
	dep(60, quote, "ETH", "5000", 1)
	dep(100, "SOL", "SOL", "3", 0) // still pending: not credited
	wd(80, "ETH", "ETH", "0.3", "0.0012", 6)
	wd(120, quote, "ETH", "1000", "1", 6)
	wd(130, "BTC", "BTC", "0.01", "0.0002", 1) // cancelled
	wd(140, "ADA", "ADA", "100", "1", 6)
	sort.Slice(b.trades, func(i, j int) bool { return b.trades[i].ID < b.trades[j].ID })
	return b
}
