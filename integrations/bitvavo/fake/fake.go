// Package fake is a Bitvavo REST (v2) server for tests and for running
// Latchkey against with --endpoints.
//
// It checks requests as Bitvavo does: Bitvavo-Access-Key (300 missing, 301
// not 64 characters, 305 unknown), Bitvavo-Access-Timestamp within
// Bitvavo-Access-Window (100–60000 ms, default 10000) of its clock (302,
// 303, 304), Bitvavo-Access-Signature = hex HMAC-SHA256(secret, timestamp ‖
// method ‖ /v2 path and query ‖ body) (309), and serves GET /v2/balance,
// /v2/deposit?symbol=, /v2/trades?market= (newest first, limit ≤ 1000,
// start, end), /v2/depositHistory and /v2/withdrawalHistory (limit ≤ 500,
// start, end) and the public /v2/ticker/price (signed or not). Errors are
// {"errorCode":N,"error":"..."}.
//
// Rate limit: each call weighs points (balance, trades and the histories 5,
// ticker and deposit 1), counted per API key for signed calls and per client
// address for the others, Options.RateLimit points a minute (default 1000).
// Every answer carries Bitvavo-Ratelimit-Remaining, -Limit and -ResetAt (ms).
// Past the limit it answers 429 with errorCode 103, and a key (or address)
// that calls again in the same minute is banned for 15 minutes: 403 with
// errorCode 105, Bitvavo-Ratelimit-AllowAt and "The ban expires at <ms>."
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
// ETH withdrawals and a cancelled one, in the shape of the SDKs' documented
// answers. Prices are fixed.
package fake

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/bitvavo"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// InstitutionID is the institution the fake serves.
const InstitutionID = bitvavo.ID

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

// Options configure the server (its clock, address and rate limit):
// RateLimit is the weight allowed per minute and key (default 1000).
type Options = fakekit.Options

// Server is a fake Bitvavo. It implements brokertest.Fake, AfterInjector,
// PathInjector and Counter.
type Server struct {
	fakekit.Base
	// RevokeAll deletes every key; ExpireAccessTokens does nothing: API keys do
	// not expire.
	fakekit.Revocation
	limit int
	book  *book

	mu      sync.Mutex
	windows map[string]*window // by API key or client address
}

// window is one key's (or address's) minute of weight.
type window struct {
	minute    int64
	used      int
	limited   bool // answered 103 this minute
	bannedTil time.Time
}

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
)

// New starts a server on opts.Addr.
func New(opts Options) (*Server, error) {
	s := &Server{limit: cmp.Or(opts.RateLimit, 1000), book: buildBook(), windows: map[string]*window{}}
	s.Injector.Write = writeFault
	return s, s.Start("bitvavo fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns the --endpoints overrides.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL()}}
}

// Count says how many rows the server serves (brokertest.Counter).
func (s *Server) Count(list brokertest.List, _ string) int {
	completed := func(t transfer) bool { return t.Status == "completed" }
	activities := len(s.book.trades) + fakekit.CountWhere(s.book.deposits, completed) + fakekit.CountWhere(s.book.withdrawals, completed)
	return fakekit.CountOne(list, fakekit.Coins(s.book.balances, "EUR"), activities)
}

var writeFault = fakekit.Faults(func(w http.ResponseWriter, status, code int, msg string) { writeErr(w, &apiErr{status, code, msg}) },
	map[brokertest.Fault]fakekit.Answer[int]{
		brokertest.RateLimited:  {Status: http.StatusTooManyRequests, Code: 103, Message: "You have been rate limited.", RetryAfter: true},
		brokertest.Unauthorized: {Status: http.StatusForbidden, Code: 305, Message: "No active API key found."},
	})

type apiErr struct {
	status, code int
	msg          string
}

func writeErr(w http.ResponseWriter, e *apiErr) {
	fakekit.WriteJSON(w, e.status, map[string]any{"errorCode": e.code, "error": e.msg})
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	route := func(path string, weight int, signed bool, h func(r *http.Request) (any, *apiErr)) {
		gate := fakekit.Gate{
			Auth: func(r *http.Request) (string, bool) {
				if !signed && r.Header.Get("Bitvavo-Access-Key") == "" {
					return "", true
				}
				return "", s.authenticate(r) == nil
			},
			Deny: func(w http.ResponseWriter, r *http.Request) { writeErr(w, s.authenticate(r)) },
		}
		mux.Handle("GET "+path, s.Guard(gate, func(w http.ResponseWriter, r *http.Request) {
			who := "ip:" + clientAddr(r)
			if k := r.Header.Get("Bitvavo-Access-Key"); k != "" {
				who = "key:" + k
			}
			if e := s.weigh(w, who, weight); e != nil {
				writeErr(w, e)
				return
			}
			v, e := h(r)
			if e != nil {
				writeErr(w, e)
				return
			}
			fakekit.WriteJSON(w, http.StatusOK, v)
		}))
	}
	route("/v2/balance", 5, true, s.balance)
	route("/v2/deposit", 1, true, s.depositAddress)
	route("/v2/trades", 5, true, s.trades)
	route("/v2/depositHistory", 5, true, func(r *http.Request) (any, *apiErr) { return s.history(r, s.book.deposits) })
	route("/v2/withdrawalHistory", 5, true, func(r *http.Request) (any, *apiErr) { return s.history(r, s.book.withdrawals) })
	route("/v2/ticker/price", 1, false, s.ticker)
	return mux
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// weigh counts a call's points in who's current minute: past the limit
// 103, then 105 (banned for 15 minutes).
func (s *Server) weigh(w http.ResponseWriter, who string, weight int) *apiErr {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	win := s.windows[who]
	if win == nil {
		win = &window{}
		s.windows[who] = win
	}
	ban := func() *apiErr {
		w.Header().Set("Bitvavo-Ratelimit-AllowAt", strconv.FormatInt(win.bannedTil.UnixMilli(), 10))
		return &apiErr{http.StatusForbidden, 105, fmt.Sprintf("Your IP or API key has been banned for not respecting the rate limit. The ban expires at %d.", win.bannedTil.UnixMilli())}
	}
	if now.Before(win.bannedTil) {
		return ban()
	}
	if m := now.Unix() / 60; m != win.minute {
		win.minute, win.used, win.limited = m, 0, false
	}
	h := w.Header()
	h.Set("Bitvavo-Ratelimit-Limit", strconv.Itoa(s.limit))
	h.Set("Bitvavo-Ratelimit-ResetAt", strconv.FormatInt(time.Unix((win.minute+1)*60, 0).UnixMilli(), 10))
	if win.used+weight > s.limit {
		if win.limited {
			win.bannedTil = now.Add(15 * time.Minute)
			return ban()
		}
		win.limited = true
		h.Set("Bitvavo-Ratelimit-Remaining", "0")
		return &apiErr{http.StatusTooManyRequests, 103, "You have been rate limited. Please observe the Bitvavo-Ratelimit-AllowAt header to see when you can send requests again. Failure to respect this limit will result in an IP ban."}
	}
	win.used += weight
	h.Set("Bitvavo-Ratelimit-Remaining", strconv.Itoa(s.limit-win.used))
	return nil
}

// authenticate checks a signed request; nil when it passes.
func (s *Server) authenticate(r *http.Request) *apiErr {
	key := r.Header.Get("Bitvavo-Access-Key")
	revoked := s.Revoked()
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
	window, ok := fakekit.IntParam(r.Header.Get("Bitvavo-Access-Window"), int64(10000), 100, 60000)
	if !ok {
		return &apiErr{http.StatusForbidden, 303, "Window must be between 100 and 60000 ms."}
	}
	if now := s.Now().UnixMilli(); ts > now+1000 || now-ts > window {
		return &apiErr{http.StatusForbidden, 304, "Request was not received within acceptance window."}
	}
	// The fake serves GETs only: the signed body is empty.
	if !validSignature(DemoSecret, tsText, r.Method, r.URL.RequestURI(), "", r.Header.Get("Bitvavo-Access-Signature")) {
		return &apiErr{http.StatusForbidden, 309, "The signature is invalid."}
	}
	if key == NoViewKey {
		return &apiErr{http.StatusForbidden, 311, "This key does not allow showing account information."}
	}
	return nil
}

func (s *Server) balance(*http.Request) (any, *apiErr) {
	out := []map[string]string{}
	for _, c := range slices.Sorted(maps.Keys(s.book.balances)) {
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
	n, ok := fakekit.IntParam(r.URL.Query().Get(name), def, 0, cmp.Or(maxV, math.MaxInt64))
	if !ok {
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
	return newest(rows, func(t trade) int64 { return t.Timestamp }, r, 1000, 500)
}

func (s *Server) history(r *http.Request, rows []transfer) (any, *apiErr) {
	return newest(rows, func(t transfer) int64 { return t.Timestamp }, r, 500, 500)
}

func (s *Server) ticker(*http.Request) (any, *apiErr) {
	out := []map[string]string{}
	for _, m := range slices.Sorted(maps.Keys(markets)) {
		out = append(out, map[string]string{"market": m, "price": markets[m]})
	}
	return out, nil
}
