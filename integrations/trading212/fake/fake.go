// Package fake is a stand-in for the Trading 212 Public API (v0), live and
// demo (practice), for tests and for running Latchkey against with
// --endpoints.
//
// It reproduces what the integration relies on: HTTP Basic auth with an API
// key and secret (and the legacy raw-key Authorization header), the paths
// and JSON field names of /equity/account/summary, /equity/positions and the
// three history lists (/equity/history/orders, /dividends, /transactions),
// amounts as bare JSON numbers, history newest first with cursor paging by
// nextPagePath (limit default 20, at most 50; orders and dividends with a
// millisecond-timestamp cursor and a full path, transactions with a string
// cursor and a time, their nextPagePath a bare query string as observed),
// per-account per-endpoint rate limits with the x-ratelimit-limit, -period,
// -remaining, -reset and -used headers on every answer (summary 1 per 5 s,
// positions 1 per 1 s, each history list 20 per minute) and 429 past them,
// 401 for a bad or revoked key, 403 for a key without the permission an
// endpoint needs, 400 for a bad limit or cursor. Keys belong to one
// environment: a live key is refused by the demo server.
//
// # Test logins
//
// Live (endpoint "api" of trading212):
//
//	API key T212LIVEKEY0001,   secret t212-live-secret-0001   Invest account 21400101 (GBP)
//	API key T212ISAKEY0002,    secret t212-isa-secret-0002    Stocks ISA account 21400202 (GBP)
//	API key T212LEGACYKEY0004, no secret (legacy header)      the Invest account 21400101
//	API key T212NOHIST0005,    secret t212-nohist-secret-0005 the Invest account, but no history permissions (403)
//
// Demo (endpoint "api" of trading212-practice):
//
//	API key T212DEMOKEY0003,   secret t212-demo-secret-0003   practice account 31400303 (GBP)
//
// Any other key or secret is refused with 401. Data is fixed: positions in
// USD, GBP, GBX (pence) and EUR instruments, and history from March to
// December 2025 (trades with FX fees and stamp duty, a 4-for-1 split, a
// cancelled order, dividends, return of capital, deposits (one in USD),
// interest, a fee, a withdrawal and transfers).
package fake

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Institution ids the fake serves (see Endpoints).
const (
	LiveID = "trading212"
	DemoID = "trading212-practice"
)

// Test keys (see the package doc).
const (
	LiveKey      = "T212LIVEKEY0001"
	LiveSecret   = "t212-live-secret-0001"
	ISAKey       = "T212ISAKEY0002"
	ISASecret    = "t212-isa-secret-0002"
	DemoKey      = "T212DEMOKEY0003"
	DemoSecret   = "t212-demo-secret-0003"
	LegacyKey    = "T212LEGACYKEY0004"
	NoHistKey    = "T212NOHIST0005"
	NoHistSecret = "t212-nohist-secret-0005"

	InvestNumber int64 = 21400101
	ISANumber    int64 = 21400202
	DemoNumber   int64 = 31400303
)

// Options configure the fake.
type Options struct {
	// Now is the fake's clock (rate-limit windows); nil means time.Now.
	Now func() time.Time
}

type key struct {
	secret  string // "" for a legacy key
	env     string
	account int64
	noHist  bool
}

var keys = map[string]key{
	LiveKey:   {secret: LiveSecret, env: LiveID, account: InvestNumber},
	ISAKey:    {secret: ISASecret, env: LiveID, account: ISANumber},
	LegacyKey: {env: LiveID, account: InvestNumber},
	NoHistKey: {secret: NoHistSecret, env: LiveID, account: InvestNumber, noHist: true},
	DemoKey:   {secret: DemoSecret, env: DemoID, account: DemoNumber},
}

// limit is one endpoint's rate limit: n requests per period.
type limit struct {
	n      int
	period time.Duration
}

var limits = map[string]limit{
	"summary":      {1, 5 * time.Second},
	"positions":    {1, time.Second},
	"orders":       {20, time.Minute},
	"dividends":    {20, time.Minute},
	"transactions": {20, time.Minute},
}

type window struct {
	start time.Time
	used  int
}

// Server is the fake: one loopback server per environment.
type Server struct {
	brokertest.Injector

	now      func() time.Time
	live     *httptest.Server
	demo     *httptest.Server
	accounts map[int64]*account

	mu      sync.Mutex
	revoked bool
	windows map[string]*window // account/endpoint → current window
}

// New starts the fake on two loopback ports (live and demo).
func New(opts Options) (*Server, error) {
	s := &Server{now: opts.Now, windows: map[string]*window{}, accounts: map[int64]*account{
		InvestNumber: buildAccount(InvestNumber, []string{"AAPL_US_EQ", "MSFT_US_EQ", "VUSAl_EQ", "AZNl_EQ", "SAPd_EQ", "BRK_B_US_EQ"}),
		ISANumber:    buildAccount(ISANumber, []string{"VUSAl_EQ", "ULVRl_EQ", "AAPL_US_EQ", "AZNl_EQ", "SAPd_EQ"}),
		DemoNumber:   buildAccount(DemoNumber, []string{"MSFT_US_EQ", "AZNl_EQ", "VUSAl_EQ", "SAPd_EQ", "ULVRl_EQ"}),
	}}
	if s.now == nil {
		s.now = time.Now
	}
	s.live = httptest.NewServer(s.handler(LiveID))
	s.demo = httptest.NewServer(s.handler(DemoID))
	return s, nil
}

// URL is the live server's base URL (without /api/v0).
func (s *Server) URL() string { return s.live.URL }

// DemoURL is the demo server's base URL (without /api/v0).
func (s *Server) DemoURL() string { return s.demo.URL }

// Close stops both servers.
func (s *Server) Close() error {
	s.live.Close()
	s.demo.Close()
	return nil
}

// Endpoints maps each institution id to its "api" endpoint on this fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		LiveID: {"api": s.live.URL + "/api/v0"},
		DemoID: {"api": s.demo.URL + "/api/v0"},
	}
}

// RevokeAll refuses every key from now on, as when the user deletes them.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	s.revoked = true
	s.mu.Unlock()
}

// ExpireAccessTokens does nothing: Trading 212 keys do not expire.
func (s *Server) ExpireAccessTokens() {}

// Counts returns how many positions and activities (fills, dividends and
// cash transactions) the account with the given number serves.
func (s *Server) Counts(number int64) (positions, activities int) {
	a := s.accounts[number]
	if a == nil {
		return 0, 0
	}
	return len(a.positions), a.fills() + len(a.dividends) + len(a.transactions)
}

func (s *Server) handler(env string) http.Handler {
	mux := http.NewServeMux()
	route := func(path, name string, h func(http.ResponseWriter, *http.Request, *account)) {
		mux.Handle("GET /api/v0"+path, s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a, ok := s.auth(w, r, env, name)
			if !ok {
				return
			}
			h(w, r, a)
		})))
	}
	route("/equity/account/summary", "summary", func(w http.ResponseWriter, _ *http.Request, a *account) { writeJSON(w, a.summary) })
	route("/equity/positions", "positions", s.positions)
	route("/equity/history/orders", "orders", s.orders)
	route("/equity/history/dividends", "dividends", s.dividends)
	route("/equity/history/transactions", "transactions", s.transactions)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "NotFound", "no such endpoint")
	})
	return mux
}

// auth checks the key and the endpoint's rate limit, and writes the
// rate-limit headers.
func (s *Server) auth(w http.ResponseWriter, r *http.Request, env, endpoint string) (*account, bool) {
	k, ok := s.key(r, env)
	if !ok {
		writeError(w, http.StatusUnauthorized, "AuthenticationFailed", "Bad API key")
		return nil, false
	}
	if k.noHist && endpoint != "summary" && endpoint != "positions" {
		writeError(w, http.StatusForbidden, "Forbidden", "Scope(s) [history:"+endpoint+"] missing for API key")
		return nil, false
	}
	if !s.rate(w, k.account, endpoint) {
		writeError(w, http.StatusTooManyRequests, "TooManyRequests", "Too many requests")
		return nil, false
	}
	return s.accounts[k.account], true
}

func (s *Server) key(r *http.Request, env string) (key, bool) {
	s.mu.Lock()
	revoked := s.revoked
	s.mu.Unlock()
	h := r.Header.Get("Authorization")
	if h == "" || revoked {
		return key{}, false
	}
	var id, secret string
	if enc, ok := strings.CutPrefix(h, "Basic "); ok {
		raw, err := base64.StdEncoding.DecodeString(enc)
		if err != nil {
			return key{}, false
		}
		id, secret, ok = strings.Cut(string(raw), ":")
		if !ok || secret == "" {
			return key{}, false
		}
	} else {
		id = h // the legacy scheme: the raw key
	}
	k, ok := keys[id]
	if !ok || k.secret != secret || k.env != env {
		return key{}, false
	}
	return k, true
}

// rate counts a request against the account's window for the endpoint and
// reports whether it is allowed. It always writes the x-ratelimit headers.
func (s *Server) rate(w http.ResponseWriter, acct int64, endpoint string) bool {
	l := limits[endpoint]
	now := s.now()
	s.mu.Lock()
	wk := fmt.Sprintf("%d/%s", acct, endpoint)
	win := s.windows[wk]
	if win == nil || !now.Before(win.start.Add(l.period)) {
		win = &window{start: now}
		s.windows[wk] = win
	}
	allowed := win.used < l.n
	if allowed {
		win.used++
	}
	used := win.used
	reset := win.start.Add(l.period)
	s.mu.Unlock()
	h := w.Header()
	h.Set("x-ratelimit-limit", strconv.Itoa(l.n))
	h.Set("x-ratelimit-period", strconv.Itoa(int(l.period/time.Second)))
	h.Set("x-ratelimit-remaining", strconv.Itoa(l.n-used))
	h.Set("x-ratelimit-reset", strconv.FormatInt(reset.Unix(), 10))
	h.Set("x-ratelimit-used", strconv.Itoa(used))
	return allowed
}

func (s *Server) positions(w http.ResponseWriter, r *http.Request, a *account) {
	out := a.positions
	if t := r.URL.Query().Get("ticker"); t != "" {
		out = nil
		for _, p := range a.positions {
			if p.Instrument.Ticker == t {
				out = append(out, p)
			}
		}
	}
	if out == nil {
		out = []position{}
	}
	writeJSON(w, out)
}

// pageLimit reads the limit parameter: default 20, at most 50.
func pageLimit(w http.ResponseWriter, q url.Values) (int, bool) {
	v := q.Get("limit")
	if v == "" {
		return 20, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 50 {
		writeError(w, http.StatusBadRequest, "InvalidLimit", "limit must be between 1 and 50")
		return 0, false
	}
	return n, true
}

// msCursor reads a millisecond-timestamp cursor: items strictly older come
// next. No cursor starts at the newest.
func msCursor(w http.ResponseWriter, q url.Values) (time.Time, bool) {
	v := q.Get("cursor")
	if v == "" {
		return time.Time{}, true
	}
	ms, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, "InvalidCursor", "cursor must be a number")
		return time.Time{}, false
	}
	return time.UnixMilli(ms).UTC(), true
}

type page[T any] struct {
	Items        []T     `json:"items"`
	NextPagePath *string `json:"nextPagePath"`
}

func (s *Server) orders(w http.ResponseWriter, r *http.Request, a *account) {
	q := r.URL.Query()
	n, ok := pageLimit(w, q)
	if !ok {
		return
	}
	cur, ok := msCursor(w, q)
	if !ok {
		return
	}
	ticker := q.Get("ticker")
	var items []historicalOrder
	for _, o := range a.orders {
		if (!cur.IsZero() && !o.at.Before(cur)) || (ticker != "" && o.Order.Ticker != ticker) {
			continue
		}
		items = append(items, o)
	}
	writePage(w, items, n, func(last historicalOrder) string {
		return fullNext("/api/v0/equity/history/orders", n, last.at, ticker)
	})
}

func (s *Server) dividends(w http.ResponseWriter, r *http.Request, a *account) {
	q := r.URL.Query()
	n, ok := pageLimit(w, q)
	if !ok {
		return
	}
	cur, ok := msCursor(w, q)
	if !ok {
		return
	}
	ticker := q.Get("ticker")
	var items []dividend
	for _, d := range a.dividends {
		if (!cur.IsZero() && !d.at.Before(cur)) || (ticker != "" && d.Ticker != ticker) {
			continue
		}
		items = append(items, d)
	}
	writePage(w, items, n, func(last dividend) string {
		return fullNext("/api/v0/equity/history/dividends", n, last.at, ticker)
	})
}

func (s *Server) transactions(w http.ResponseWriter, r *http.Request, a *account) {
	q := r.URL.Query()
	n, ok := pageLimit(w, q)
	if !ok {
		return
	}
	items := a.transactions
	if c := q.Get("cursor"); c != "" {
		i := 0
		for i < len(items) && items[i].Reference != c {
			i++
		}
		if i == len(items) {
			writeError(w, http.StatusBadRequest, "InvalidCursor", "unknown cursor")
			return
		}
		items = items[i+1:]
	} else if t := q.Get("time"); t != "" {
		from, err := time.Parse(time.RFC3339Nano, t)
		if err != nil {
			writeError(w, http.StatusBadRequest, "InvalidTime", "time must be a date-time")
			return
		}
		i := 0
		for i < len(items) && items[i].at.After(from) {
			i++
		}
		items = items[i:]
	}
	writePage(w, items, n, func(last transaction) string {
		// Observed: the transactions' nextPagePath is a bare query string.
		return url.Values{"limit": {strconv.Itoa(n)}, "cursor": {last.Reference}, "time": {last.DateTime}}.Encode()
	})
}

func fullNext(path string, n int, last time.Time, ticker string) string {
	q := url.Values{"limit": {strconv.Itoa(n)}, "cursor": {strconv.FormatInt(last.UnixMilli(), 10)}}
	if ticker != "" {
		q.Set("ticker", ticker)
	}
	return path + "?" + q.Encode()
}

func writePage[T any](w http.ResponseWriter, items []T, n int, next func(last T) string) {
	p := page[T]{Items: items}
	if len(items) > n {
		p.Items = items[:n]
		np := next(items[n-1])
		p.NextPagePath = &np
	}
	if p.Items == nil {
		p.Items = []T{}
	}
	writeJSON(w, p)
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes an error answer. Trading 212 does not document its error
// bodies; the fake writes a small JSON object.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "message": msg})
}

// Server is a brokertest.Fake.
var _ brokertest.Fake = (*Server)(nil)
