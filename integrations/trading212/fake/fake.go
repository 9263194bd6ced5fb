// Package fake is a stand-in for the Trading 212 Public API (v0), live and
// demo (practice), for tests and for running Latchkey against with
// --endpoints. It is built on integrations/brokertest/fakekit and keeps only
// what is particular to Trading 212.
//
// It reproduces what the integration relies on, as the API reference
// (docs.trading212.com/api) documents it: HTTP Basic auth with an API key
// and secret (authWithSecretKey) and the legacy raw-key Authorization header
// (legacyApiKeyHeader), the paths and JSON field names of
// /equity/account/summary, /equity/positions and the three history lists
// (/equity/history/orders, /dividends, /transactions), amounts as bare JSON
// numbers, history newest first with cursor paging by nextPagePath (limit
// default 20, at most 50; orders and dividends with a millisecond-timestamp
// cursor and a full path, transactions with a string cursor and a time,
// their nextPagePath a bare query string as observed), rate limits per
// account and per endpoint — "applied on a per-account basis, regardless of
// which API key is used or which IP address the request originates from" —
// with the x-ratelimit-limit, -period, -remaining, -reset and -used headers
// on every answer (summary 1 per 5 s, positions 1 per 1 s, each history list
// 6 per minute) and 429 past them, 401 for a bad or revoked key, 403 for a
// key without the permission an endpoint needs, 400 for a bad limit or
// cursor. Keys belong to one environment: a live key is refused by the demo
// server, which listens on its own port (nextPagePath is a path from the
// host's root, so the two cannot share one).
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
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
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
	// Addr is the live server's listen address (default 127.0.0.1:0); the
	// demo server listens on an ephemeral port beside it.
	Addr string
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

// limit is one endpoint's documented rate limit: n requests per period.
type limit struct {
	n      int
	period time.Duration
}

// limits are the reference's "Rate limit" of each endpoint.
var limits = map[string]limit{
	"summary":      {1, 5 * time.Second},
	"positions":    {1, time.Second},
	"orders":       {6, time.Minute},
	"dividends":    {6, time.Minute},
	"transactions": {6, time.Minute},
}

// Server is the fake: one loopback server per environment, sharing the
// fault injection, the clock, the keys and the rate windows.
type Server struct {
	fakekit.Base // live; its injector fails the demo's requests too
	// RevokeAll refuses every key from now on, as when the user deletes them;
	// ExpireAccessTokens does nothing: Trading 212 keys do not expire.
	fakekit.Revocation
	demo     fakekit.Base             // the demo server's listener only
	rates    map[string]*fakekit.Rate // by endpoint name, counted per account
	accounts map[int64]*account
}

// New starts the fake on two loopback ports (live and demo).
func New(opts Options) (*Server, error) {
	s := &Server{rates: map[string]*fakekit.Rate{}, accounts: map[int64]*account{
		InvestNumber: buildAccount(InvestNumber, []string{"AAPL_US_EQ", "MSFT_US_EQ", "VUSAl_EQ", "AZNl_EQ", "SAPd_EQ", "BRK_B_US_EQ"}),
		ISANumber:    buildAccount(ISANumber, []string{"VUSAl_EQ", "ULVRl_EQ", "AAPL_US_EQ", "AZNl_EQ", "SAPd_EQ"}),
		DemoNumber:   buildAccount(DemoNumber, []string{"MSFT_US_EQ", "AZNl_EQ", "VUSAl_EQ", "SAPd_EQ", "ULVRl_EQ"}),
	}}
	for name, l := range limits {
		s.rates[name] = &fakekit.Rate{Limit: l.n, Per: l.period, Now: opts.Now, Headers: rateHeaders(l.period)}
	}
	if err := s.Start("trading212 fake", opts.Addr, opts.Now, s.handler(LiveID)); err != nil {
		return nil, err
	}
	if err := s.demo.Start("trading212 demo fake", "", opts.Now, s.handler(DemoID)); err != nil {
		_ = s.Base.Close()
		return nil, err
	}
	return s, nil
}

// DemoURL is the demo server's base URL (without /api/v0).
func (s *Server) DemoURL() string { return s.demo.URL() }

// Close stops both servers.
func (s *Server) Close() error {
	return errors.Join(s.Base.Close(), s.demo.Close())
}

// Endpoints maps each institution id to its "api" endpoint on this fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		LiveID: {"api": s.URL() + "/api/v0"},
		DemoID: {"api": s.DemoURL() + "/api/v0"},
	}
}

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
		gate := fakekit.Gate{Rate: s.rates[name],
			Auth: func(r *http.Request) (string, bool) {
				k, ok := s.key(r, env)
				return strconv.FormatInt(k.account, 10), ok // the window is the account's
			},
			Deny:    fakekit.Reply(writeError, http.StatusUnauthorized, "AuthenticationFailed", "Bad API key"),
			Limited: fakekit.Reply(writeError, http.StatusTooManyRequests, "TooManyRequests", "Too many requests")}
		mux.Handle("GET /api/v0"+path, s.Guard(gate, func(w http.ResponseWriter, r *http.Request) {
			k, _ := s.key(r, env)
			if k.noHist && name != "summary" && name != "positions" {
				writeError(w, http.StatusForbidden, "Forbidden", "Scope(s) [history:"+name+"] missing for API key")
				return
			}
			h(w, r, s.accounts[k.account])
		}))
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

func (s *Server) key(r *http.Request, env string) (key, bool) {
	revoked := s.Revoked()
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

// rateHeaders writes Trading 212's x-ratelimit-* headers for a window of
// the given period.
func rateHeaders(period time.Duration) func(h http.Header, w fakekit.Window) {
	return func(h http.Header, w fakekit.Window) {
		h.Set("x-ratelimit-limit", strconv.Itoa(w.Limit))
		h.Set("x-ratelimit-period", strconv.Itoa(int(period/time.Second)))
		h.Set("x-ratelimit-remaining", strconv.Itoa(w.Remaining()))
		h.Set("x-ratelimit-reset", strconv.FormatInt(w.Reset.Unix(), 10))
		h.Set("x-ratelimit-used", strconv.Itoa(min(w.Used, w.Limit)))
	}
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
	byTicker(w, r, "/api/v0/equity/history/orders", a.orders, func(o historicalOrder) (time.Time, string) { return o.at, o.Order.Ticker })
}

func (s *Server) dividends(w http.ResponseWriter, r *http.Request, a *account) {
	byTicker(w, r, "/api/v0/equity/history/dividends", a.dividends, func(d dividend) (time.Time, string) { return d.at, d.Ticker })
}

// byTicker answers a history at path that pages by a time cursor and
// filters by ticker: list, newest first, each row's time and ticker from
// key.
func byTicker[T any](w http.ResponseWriter, r *http.Request, path string, list []T, key func(T) (time.Time, string)) {
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
	var items []T
	for _, x := range list {
		if at, t := key(x); (!cur.IsZero() && !at.Before(cur)) || (ticker != "" && t != ticker) {
			continue
		}
		items = append(items, x)
	}
	writePage(w, items, n, func(last T) string {
		at, _ := key(last)
		return fullNext(path, n, at, ticker)
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

func writeJSON(w http.ResponseWriter, v any) { fakekit.WriteJSON(w, http.StatusOK, v) }

// writeError writes an error answer. Trading 212 does not document its error
// bodies; the fake writes a small JSON object.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	fakekit.WriteJSON(w, status, map[string]string{"code": code, "message": msg})
}

// Server is a brokertest.Fake.
var _ brokertest.Fake = (*Server)(nil)
