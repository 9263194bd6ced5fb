// Package fake is a Bitvavo REST (v2) server for tests and for running
// Latchkey against with --endpoints.
//
// It checks requests as Bitvavo does: Bitvavo-Access-Key (305 unknown key),
// Bitvavo-Access-Timestamp within Bitvavo-Access-Window of its clock (304),
// Bitvavo-Access-Signature = hex HMAC-SHA256(secret, timestamp ‖ method ‖
// /v2 path and query ‖ body) (309), and serves GET /v2/balance,
// /v2/deposit?symbol=EUR, /v2/trades?market= (newest first, limit ≤ 1000,
// start, end), /v2/depositHistory and /v2/withdrawalHistory (limit ≤ 500,
// start, end) and the public /v2/ticker/price. Errors are
// {"errorCode":N,"error":"..."}. Every answer carries
// Bitvavo-Ratelimit-Remaining and -ResetAt; past Options.RateLimit points a
// minute it answers 429 with errorCode 103, and a client that keeps going
// in the same minute is banned: 403 with errorCode 105 and
// Bitvavo-Ratelimit-AllowAt.
//
// # Test logins
//
// Every key below has the secret DemoSecret (128 characters:
// "LKdemoBitvavoSecret" padded with zeros).
//
//	DemoKey      "LKdemoBitvavoKey" padded with zeros to 64: logs in
//	SecondKey    "LKdemoBitvavoKey2" padded with 2s to 64: another key of the same account
//	NoViewKey    "LKdemoBitvavoNoView" padded with zeros to 64: 311 (no View permission)
//
// Any other key is 305; a wrong secret 309. RevokeAll deletes every key;
// ExpireAccessTokens does nothing (keys do not expire).
//
// # Data
//
// One account: EUR cash, BTC, ETH, SOL, ADA and XRP, about 25 trades from
// January to June 2025, euro bank deposits (no txId), a BTC deposit, euro and
// ETH withdrawals and a cancelled one. Prices are fixed.
package fake

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/bitvavo"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Test keys (see the package doc).
var (
	DemoKey    = pad("LKdemoBitvavoKey", '0', 64)
	SecondKey  = pad("LKdemoBitvavoKey2", '2', 64)
	NoViewKey  = pad("LKdemoBitvavoNoView", '0', 64)
	DemoSecret = pad("LKdemoBitvavoSecret", '0', 128)
)

// Reference is the account's euro deposit reference.
const Reference = "BV-LK-7F3A21"

func pad(s string, c byte, n int) string { return s + strings.Repeat(string(c), n-len(s)) }

// Options configure the server.
type Options struct {
	// Now is the server's clock; nil means time.Now.
	Now func() time.Time
	// RateLimit is the weight allowed per minute (default 1000).
	RateLimit int
}

// Server is a fake Bitvavo. It implements brokertest.Fake.
type Server struct {
	brokertest.Injector
	opts Options
	ln   net.Listener
	hs   *http.Server
	url  string
	book *book

	mu        sync.Mutex
	revoked   bool
	minute    int64
	used      int
	limited   bool
	bannedTil time.Time
}

// New starts a server on loopback.
func New(opts Options) (*Server, error) {
	if opts.RateLimit <= 0 {
		opts.RateLimit = 1000
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("bitvavo fake: %w", err)
	}
	s := &Server{opts: opts, ln: ln, url: "http://" + ln.Addr().String(), book: buildBook()}
	s.Injector.Write = writeFault
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go s.hs.Serve(ln) //nolint:errcheck // ErrServerClosed on Close
	return s, nil
}

// URL returns the base URL.
func (s *Server) URL() string { return s.url }

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.hs.Shutdown(ctx); err != nil {
		return s.hs.Close()
	}
	return nil
}

// Endpoints returns the --endpoints overrides.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{bitvavo.ID: {"api": s.url}}
}

// RevokeAll deletes every key.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked = true
}

// ExpireAccessTokens does nothing: API keys do not expire.
func (s *Server) ExpireAccessTokens() {}

// Count says how many rows the server serves (brokertest.Counter).
func (s *Server) Count(list brokertest.List, _ string) int {
	switch list {
	case brokertest.ListAccounts:
		return 1
	case brokertest.ListPositions:
		n := 0
		for c, amt := range s.book.balances {
			if c != "EUR" && !amt.IsZero() {
				n++
			}
		}
		return n
	}
	n := len(s.book.trades)
	for _, d := range s.book.deposits {
		if d.Status == "completed" {
			n++
		}
	}
	for _, w := range s.book.withdrawals {
		if w.Status == "completed" {
			n++
		}
	}
	return n
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

func writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.RateLimited:
		w.Header().Set("Retry-After", "1")
		writeErr(w, http.StatusTooManyRequests, 103, "You have been rate limited. "+brokertest.BodyCanary)
	case brokertest.Unauthorized:
		writeErr(w, http.StatusForbidden, 305, "No active API key found. "+brokertest.BodyCanary)
	default:
		return false
	}
	return true
}

func writeErr(w http.ResponseWriter, status, code int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errorCode": code, "error": msg})
}

type apiErr struct {
	status, code int
	msg          string
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	route := func(path string, weight int, signed bool, h func(r *http.Request) (any, *apiErr)) {
		mux.Handle("GET "+path, s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !s.weigh(w, weight) {
				return
			}
			if signed {
				if e := s.authenticate(r); e != nil {
					writeErr(w, e.status, e.code, e.msg)
					return
				}
			}
			v, e := h(r)
			if e != nil {
				writeErr(w, e.status, e.code, e.msg)
				return
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			_ = json.NewEncoder(w).Encode(v)
		})))
	}
	route("/v2/balance", 5, true, s.balance)
	route("/v2/deposit", 1, true, s.depositAddress)
	route("/v2/trades", 5, true, s.trades)
	route("/v2/depositHistory", 5, true, func(r *http.Request) (any, *apiErr) { return s.history(r, s.book.deposits) })
	route("/v2/withdrawalHistory", 5, true, func(r *http.Request) (any, *apiErr) { return s.history(r, s.book.withdrawals) })
	route("/v2/ticker/price", 1, false, s.ticker)
	return mux
}

// weigh counts a request's points in the current minute: past the limit
// 103, then 105 (banned).
func (s *Server) weigh(w http.ResponseWriter, weight int) bool {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.Before(s.bannedTil) {
		w.Header().Set("Bitvavo-Ratelimit-AllowAt", strconv.FormatInt(s.bannedTil.UnixMilli(), 10))
		writeErr(w, http.StatusForbidden, 105, fmt.Sprintf("Your IP or API key has been banned for not respecting the rate limit. The ban expires at %d.", s.bannedTil.UnixMilli()))
		return false
	}
	if m := now.Unix() / 60; m != s.minute {
		s.minute, s.used, s.limited = m, 0, false
	}
	reset := time.Unix((s.minute+1)*60, 0)
	w.Header().Set("Bitvavo-Ratelimit-ResetAt", strconv.FormatInt(reset.UnixMilli(), 10))
	if s.used+weight > s.opts.RateLimit {
		if s.limited {
			s.bannedTil = now.Add(15 * time.Minute)
			w.Header().Set("Bitvavo-Ratelimit-AllowAt", strconv.FormatInt(s.bannedTil.UnixMilli(), 10))
			writeErr(w, http.StatusForbidden, 105, fmt.Sprintf("Your IP or API key has been banned for not respecting the rate limit. The ban expires at %d.", s.bannedTil.UnixMilli()))
			return false
		}
		s.limited = true
		w.Header().Set("Bitvavo-Ratelimit-Remaining", "0")
		writeErr(w, http.StatusTooManyRequests, 103, "You have been rate limited. Please observe the Bitvavo-Ratelimit-AllowAt header to see when you can send requests again. Failure to respect this limit will result in an IP ban.")
		return false
	}
	s.used += weight
	w.Header().Set("Bitvavo-Ratelimit-Remaining", strconv.Itoa(s.opts.RateLimit-s.used))
	return true
}

func (s *Server) authenticate(r *http.Request) *apiErr {
	key := r.Header.Get("Bitvavo-Access-Key")
	s.mu.Lock()
	revoked := s.revoked
	s.mu.Unlock()
	if key == "" {
		return &apiErr{http.StatusForbidden, 300, "Authentication is required for this endpoint."}
	}
	if len(key) != 64 {
		return &apiErr{http.StatusForbidden, 301, "API Key must be of length 64."}
	}
	if revoked || (key != DemoKey && key != SecondKey && key != NoViewKey) {
		return &apiErr{http.StatusForbidden, 305, "No active API key found."}
	}
	tsText := r.Header.Get("Bitvavo-Access-Timestamp")
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return &apiErr{http.StatusForbidden, 302, "Timestamp is invalid. This must be a timestamp in ms. See Bitvavo-Access-Timestamp header or timestamp parameter for websocket."}
	}
	window := int64(10000)
	if v := r.Header.Get("Bitvavo-Access-Window"); v != "" {
		if window, err = strconv.ParseInt(v, 10, 64); err != nil || window < 100 || window > 60000 {
			return &apiErr{http.StatusForbidden, 303, "Window must be between 100 and 60000 ms."}
		}
	}
	if now := s.now().UnixMilli(); ts > now+1000 || now-ts > window {
		return &apiErr{http.StatusForbidden, 304, "Request was not received within acceptance window."}
	}
	want := bitvavo.Sign(DemoSecret, tsText, r.Method, r.URL.RequestURI(), "")
	if !hmac.Equal([]byte(r.Header.Get("Bitvavo-Access-Signature")), []byte(want)) {
		return &apiErr{http.StatusForbidden, 309, "The signature is invalid."}
	}
	if key == NoViewKey {
		return &apiErr{http.StatusForbidden, 311, "This key does not allow showing account information."}
	}
	return nil
}

func (s *Server) balance(*http.Request) (any, *apiErr) {
	out := []map[string]string{}
	for _, c := range sortedKeys(s.book.balances) {
		out = append(out, map[string]string{"symbol": c, "available": s.book.balances[c].String(), "inOrder": "0"})
	}
	return out, nil
}

func (s *Server) depositAddress(r *http.Request) (any, *apiErr) {
	if r.URL.Query().Get("symbol") != "EUR" {
		return map[string]string{"address": "bc1qlkdemo0000000000000000000000000000000", "paymentId": ""}, nil
	}
	return map[string]string{"iban": "NL32BUNQ2291234567", "bic": "BUNQNL2A", "description": Reference}, nil
}

func intParam(r *http.Request, name string, def, maxV int64) (int64, *apiErr) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 || (maxV > 0 && n > maxV) {
		return 0, &apiErr{http.StatusBadRequest, 205, "Invalid parameter value: " + name + "."}
	}
	return n, nil
}

// newest returns the rows between start and end, newest first, at most
// limit.
func newest[T any](rows []T, at func(T) int64, r *http.Request, maxLimit, defLimit int64) ([]T, *apiErr) {
	start, e := intParam(r, "start", 0, 0)
	if e != nil {
		return nil, e
	}
	end, e := intParam(r, "end", 8640000000000000, 0)
	if e != nil {
		return nil, e
	}
	limit, e := intParam(r, "limit", defLimit, maxLimit)
	if e != nil {
		return nil, e
	}
	out := []T{}
	for i := len(rows) - 1; i >= 0 && int64(len(out)) < limit; i-- {
		if t := at(rows[i]); t >= start && t <= end {
			out = append(out, rows[i])
		}
	}
	return out, nil
}

func (s *Server) trades(r *http.Request) (any, *apiErr) {
	m := r.URL.Query().Get("market")
	if m == "" {
		return nil, &apiErr{http.StatusBadRequest, 203, "Missing or incompatible parameters in your request."}
	}
	if _, ok := markets[m]; !ok {
		return nil, &apiErr{http.StatusBadRequest, 205, "Invalid parameter value: market."}
	}
	var rows []trade
	for _, t := range s.book.trades {
		if t.Market == m {
			rows = append(rows, t)
		}
	}
	out, e := newest(rows, func(t trade) int64 { return t.Timestamp }, r, 1000, 500)
	if e != nil {
		return nil, e
	}
	return out, nil
}

func (s *Server) history(r *http.Request, rows []transfer) (any, *apiErr) {
	out, e := newest(rows, func(t transfer) int64 { return t.Timestamp }, r, 500, 500)
	if e != nil {
		return nil, e
	}
	return out, nil
}

func (s *Server) ticker(*http.Request) (any, *apiErr) {
	out := []map[string]string{}
	for _, m := range sortedKeys(markets) {
		out = append(out, map[string]string{"market": m, "price": markets[m]})
	}
	return out, nil
}

// --- Data ---------------------------------------------------------------------

var markets = map[string]string{"BTC-EUR": "59120.4", "ETH-EUR": "2871.1", "SOL-EUR": "131.02", "ADA-EUR": "0.41622",
	"XRP-EUR": "0.47985", "DOGE-EUR": "0.14951", "BTC-USDC": "64210.5"}

type trade struct {
	ID          string `json:"id"`
	OrderID     string `json:"orderId"`
	ClientOID   string `json:"clientOrderId"`
	Timestamp   int64  `json:"timestamp"`
	Market      string `json:"market"`
	Side        string `json:"side"`
	Amount      string `json:"amount"`
	Price       string `json:"price"`
	Taker       bool   `json:"taker"`
	Fee         string `json:"fee"`
	FeeCurrency string `json:"feeCurrency"`
	Settled     bool   `json:"settled"`
}

type transfer struct {
	Timestamp int64  `json:"timestamp"`
	Symbol    string `json:"symbol"`
	Amount    string `json:"amount"`
	Fee       string `json:"fee"`
	Status    string `json:"status"`
	Address   string `json:"address"`
	PaymentID string `json:"paymentId,omitempty"`
	TxID      string `json:"txId,omitempty"`
}

type book struct {
	trades      []trade
	deposits    []transfer
	withdrawals []transfer
	balances    map[string]decimal.Decimal
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func uuid(seed string) string {
	h := sha256.Sum256([]byte("latchkey-bitvavo-" + seed))
	x := hex.EncodeToString(h[:16])
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

var t0 = time.Date(2025, 1, 2, 11, 0, 0, 0, time.UTC)

func buildBook() *book {
	b := &book{balances: map[string]decimal.Decimal{}}
	add := func(c string, amt decimal.Decimal) {
		b.balances[c] = b.balances[c].Add(amt)
		if b.balances[c].IsNegative() {
			panic("bitvavo fake: negative " + c)
		}
	}
	ms := func(day int) int64 { return t0.AddDate(0, 0, day).UnixMilli() }
	dep := func(day int, c, amount, txid string) {
		b.deposits = append(b.deposits, transfer{Timestamp: ms(day), Symbol: c, Amount: amount, Fee: "0", Status: "completed",
			Address: map[bool]string{true: "NL32BUNQ2291234567", false: "bc1qlkdemo0000000000000000000000000000000"}[c == "EUR"], TxID: txid})
		add(c, dec(amount))
	}
	wd := func(day int, c, amount, fee, status string) {
		b.withdrawals = append(b.withdrawals, transfer{Timestamp: ms(day) + 3600000, Symbol: c, Amount: amount, Fee: fee, Status: status,
			Address: "NL91ABNA0417164300", TxID: map[bool]string{true: "", false: "0x" + uuid(c + amount)[:32]}[c == "EUR"]})
		if status == "completed" {
			add(c, dec(amount).Add(dec(fee)).Neg())
		}
	}
	tr := func(day int, market, side, amount, price string) {
		base := strings.TrimSuffix(market, "-EUR")
		n, p := dec(amount), dec(price)
		cost := n.Mul(p)
		fee := cost.Mul(dec("0.0025")).Round(2)
		id := uuid(fmt.Sprintf("trade-%d-%s", day, market))
		b.trades = append(b.trades, trade{ID: id, OrderID: uuid("order-" + id), Timestamp: ms(day) + 7200000, Market: market, Side: side,
			Amount: n.String(), Price: p.String(), Taker: true, Fee: fee.String(), FeeCurrency: "EUR", Settled: true})
		if side == "buy" {
			add(base, n)
			add("EUR", cost.Add(fee).Neg())
		} else {
			add(base, n.Neg())
			add("EUR", cost.Sub(fee))
		}
	}
	dep(0, "EUR", "25000", "")
	dep(45, "EUR", "4000", "")
	type buy struct{ market, amount, price string }
	week := []buy{{"BTC-EUR", "0.05", "57000"}, {"ETH-EUR", "0.8", "2800"}, {"SOL-EUR", "12", "128"}, {"ADA-EUR", "900", "0.40"}, {"XRP-EUR", "1500", "0.46"}}
	for w := 0; w < 25; w++ {
		x, side, amount := week[w%len(week)], "buy", week[w%len(week)].amount
		if w%4 == 3 {
			x = week[(w-1)%len(week)]
			side, amount = "sell", dec(x.amount).Div(decimal.NewFromInt(2)).String()
		}
		drift := decimal.NewFromInt(int64(1000 + (w*37)%90 - 45)).Div(decimal.NewFromInt(1000))
		tr(w*7+3, x.market, side, amount, dec(x.price).Mul(drift).Round(2).String())
	}
	dep(30, "BTC", "0.12", "9f3c1e5d8a7b6c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d")
	wd(70, "ETH", "0.3", "0.0015", "completed")
	wd(110, "EUR", "1500", "0", "completed")
	wd(140, "BTC", "0.01", "0.00005", "canceled")
	sort.SliceStable(b.trades, func(i, j int) bool { return b.trades[i].Timestamp < b.trades[j].Timestamp })
	sort.SliceStable(b.deposits, func(i, j int) bool { return b.deposits[i].Timestamp < b.deposits[j].Timestamp })
	return b
}
