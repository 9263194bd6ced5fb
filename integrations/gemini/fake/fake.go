// Package fake is a Gemini REST server for tests and for running Latchkey
// against with --endpoints: Gemini at the root and the Gemini sandbox under
// /sandbox of one loopback listener (see Endpoints).
//
// Private calls are POSTs with an empty body, checked as Gemini does: the
// X-GEMINI-APIKEY, X-GEMINI-PAYLOAD (base64 JSON whose "request" must be the
// path and whose "nonce" must increase per key, and for a key with a
// time-based nonce be within 30 seconds of the clock) and X-GEMINI-SIGNATURE
// (hex HMAC-SHA384 of the payload) headers. It serves /v1/account,
// /v1/balances, /v1/notionalbalances/usd, /v1/mytrades (symbol,
// limit_trades ≤ 500, timestamp in seconds or milliseconds: the oldest
// trades on or after it, sent newest first) and /v1/transfers
// (limit_transfers ≤ 50, timestamp, the same way), and the public
// GET /v1/symbols. Errors are {"result":"error","reason":"...","message":"..."}.
//
// Rate limits, as developer.gemini.com documents them: 600 private requests
// a minute per key (Options.RateLimit), 120 public ones a minute per client
// address, and the transfers list once per 5 seconds per subaccount (every
// demo key is the same account's): past them, 429 with reason RateLimited.
//
// # Test logins
//
// Every key below has the secret DemoSecret ("LKdemoGeminiSecret0000000000").
//
//	DemoKey     "account-LKdemoGeminiKey0000" an Auditor key with a time-based nonce (seconds,
//	            within 30 s of the server's clock)
//	SecondKey   "account-LKdemoGeminiKey2222" another Auditor key of the same account whose
//	            nonce must increase from call to call
//	NoRoleKey   "account-LKdemoGeminiNoRole0" a key without a role able to read: MissingRole
//	FrozenKey   "account-LKdemoGeminiFrozen0" a key of a frozen account: AccountFrozen
//
// Any other key, or a wrong secret, is InvalidSignature. RevokeAll deletes
// every key; ExpireAccessTokens does nothing (keys do not expire).
//
// # Data
//
// One exchange account per site: USD cash, BTC, ETH, SOL, LINK and DOGE, about
// 25 trades from January to June 2025, USD and crypto deposits and
// withdrawals and twice-weekly staking rewards (more than one page of
// transfers). Prices are fixed.
package fake

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/gemini"
)

// Institution ids the fake serves (the gemini package's ID and SandboxID).
const (
	LiveID    = gemini.ID
	SandboxID = gemini.SandboxID
)

// Test keys (see the package doc).
const (
	DemoKey    = "account-LKdemoGeminiKey0000"
	SecondKey  = "account-LKdemoGeminiKey2222"
	NoRoleKey  = "account-LKdemoGeminiNoRole0"
	FrozenKey  = "account-LKdemoGeminiFrozen0"
	DemoSecret = "LKdemoGeminiSecret0000000000"
	// MemoCode is the account's memo reference code.
	MemoCode = "GEMLKDEMO"
)

// Options configure the server (its clock, address and rate limit):
// RateLimit is how many private requests a minute a key may make (default
// 600).
type Options = fakekit.Options

// Server is a fake Gemini with its sandbox. It implements brokertest.Fake,
// AfterInjector, PathInjector and Counter.
type Server struct {
	fakekit.Base
	// RevokeAll deletes every key; ExpireAccessTokens does nothing: API keys do
	// not expire.
	fakekit.Revocation
	book *book

	private, public, transfersRate *fakekit.Rate

	denied sync.Map // *http.Request → *apiErr, from Gate.Auth to Gate.Deny

	mu     sync.Mutex
	nonces map[string]int64
	served map[string]int // transfers requests answered, by site
}

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
)

// New starts the server on opts.Addr.
func New(opts Options) (*Server, error) {
	s := &Server{book: buildBook(), nonces: map[string]int64{}, served: map[string]int{}}
	s.private = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 600), Per: time.Minute, Now: opts.Now}
	s.public = &fakekit.Rate{Limit: 120, Per: time.Minute, Now: opts.Now, Scope: fakekit.PerIP}
	s.transfersRate = &fakekit.Rate{Limit: 1, Per: 5 * time.Second, Now: opts.Now,
		Scope: func(_ *http.Request, who string) string { return "account:" + who }}
	s.Injector.Write = writeFault
	return s, s.Start("gemini fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns the --endpoints overrides for both institutions.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{LiveID: {"api": s.URL()}, SandboxID: {"api": s.URL() + "/sandbox"}}
}

// TransfersServed says how many transfers requests a site (LiveID or
// SandboxID) answered with transfers, not counting refusals.
func (s *Server) TransfersServed(site string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.served[site]
}

// Count says how many rows a site serves (brokertest.Counter).
func (s *Server) Count(list brokertest.List, _ string) int {
	moved := fakekit.CountWhere(s.book.transfers, func(t transfer) bool { return t.Status == "Complete" || t.Status == "Advanced" })
	return fakekit.CountOne(list, fakekit.Coins(s.book.balances, "USD"), len(s.book.trades)+moved)
}

var writeFault = fakekit.Faults(func(w http.ResponseWriter, status int, reason, msg string) { writeErr(w, &apiErr{status, reason, msg}) },
	map[brokertest.Fault]fakekit.Answer[string]{
		brokertest.RateLimited:  {Status: http.StatusTooManyRequests, Code: "RateLimited", Message: "Requests were made too frequently.", RetryAfter: true},
		brokertest.Maintenance:  {Status: http.StatusServiceUnavailable, Code: "Maintenance", Message: "The exchange is down for maintenance."},
		brokertest.Unauthorized: {Status: http.StatusForbidden, Code: "InvalidSignature", Message: "InvalidSignature"},
	})

type apiErr struct {
	status      int
	reason, msg string
}

func writeErr(w http.ResponseWriter, e *apiErr) {
	fakekit.WriteJSON(w, e.status, map[string]string{"result": "error", "reason": e.reason, "message": e.msg})
}

var rateLimited = &apiErr{http.StatusTooManyRequests, "RateLimited", "Requests were made too frequently. Please slow down."}

// Handler returns the routes of both sites.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, site := range []string{LiveID, SandboxID} {
		prefix := ""
		if site == SandboxID {
			prefix = "/sandbox"
		}
		private := func(path string, h func(p map[string]any) (any, *apiErr)) {
			// The payload's request is the path without the site's prefix.
			gate := fakekit.Gate{Rate: s.private,
				Auth: func(r *http.Request) (string, bool) {
					if e := s.check(r, path); e != nil {
						s.denied.Store(r, e)
						return "", false
					}
					return r.Header.Get("X-GEMINI-APIKEY"), true
				},
				Deny: func(w http.ResponseWriter, r *http.Request) {
					e, _ := s.denied.LoadAndDelete(r)
					writeErr(w, e.(*apiErr))
				},
				Limited: func(w http.ResponseWriter, _ *http.Request) { writeErr(w, rateLimited) }}
			mux.Handle("POST "+prefix+path, s.Guard(gate, func(w http.ResponseWriter, r *http.Request) {
				p, _ := payload(r)
				if path == "/v1/transfers" {
					if !s.transfersRate.Take(r, site, w.Header()) {
						writeErr(w, rateLimited)
						return
					}
					s.mu.Lock()
					s.served[site]++
					s.mu.Unlock()
				}
				v, e := h(p)
				if e != nil {
					writeErr(w, e)
					return
				}
				fakekit.WriteJSON(w, http.StatusOK, v)
			}))
		}
		private("/v1/account", s.account)
		private("/v1/balances", s.balances)
		private("/v1/notionalbalances/usd", s.notional)
		private("/v1/mytrades", s.myTrades)
		private("/v1/transfers", s.transfers)
		public := fakekit.Gate{Rate: s.public,
			Auth:    func(*http.Request) (string, bool) { return "", true },
			Limited: func(w http.ResponseWriter, _ *http.Request) { writeErr(w, rateLimited) }}
		mux.Handle("GET "+prefix+"/v1/symbols", s.Guard(public, func(w http.ResponseWriter, _ *http.Request) {
			fakekit.WriteJSON(w, http.StatusOK, []string{"btcusd", "ethbtc", "ethusd", "solusd", "linkusd", "dogeusd", "btcgusd", "zecusd", "ltcusd"})
		}))
	}
	return mux
}

// payload decodes the request's X-GEMINI-PAYLOAD.
func payload(r *http.Request) (map[string]any, bool) {
	raw, err := base64.StdEncoding.DecodeString(r.Header.Get("X-GEMINI-PAYLOAD"))
	if err != nil {
		return nil, false
	}
	var p map[string]any
	d := json.NewDecoder(strings.NewReader(string(raw)))
	d.UseNumber()
	return p, d.Decode(&p) == nil
}

// check authenticates a private call to path; nil when it passes. A call
// that passes uses up its nonce.
func (s *Server) check(r *http.Request, path string) *apiErr {
	key, b64, sig := r.Header.Get("X-GEMINI-APIKEY"), r.Header.Get("X-GEMINI-PAYLOAD"), r.Header.Get("X-GEMINI-SIGNATURE")
	switch {
	case key == "":
		return &apiErr{http.StatusBadRequest, "MissingApikeyHeader", "Missing API key header"}
	case b64 == "":
		return &apiErr{http.StatusBadRequest, "MissingPayloadHeader", "Missing payload header"}
	case sig == "":
		return &apiErr{http.StatusBadRequest, "MissingSignatureHeader", "Missing signature header"}
	}
	invalidSig := &apiErr{http.StatusBadRequest, "InvalidSignature", "InvalidSignature"}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch key {
	case DemoKey, SecondKey, NoRoleKey, FrozenKey:
	default:
		return invalidSig
	}
	if s.Revoked() {
		return invalidSig
	}
	if !validSignature(DemoSecret, b64, sig) {
		return invalidSig
	}
	p, ok := payload(r)
	if !ok {
		return &apiErr{http.StatusBadRequest, "InvalidJson", "Could not parse the payload as JSON"}
	}
	if p["request"] != path {
		return &apiErr{http.StatusBadRequest, "InvalidRequest", "The request field does not match the path"}
	}
	n, err := strconv.ParseInt(fmt.Sprint(p["nonce"]), 10, 64)
	if err != nil {
		return &apiErr{http.StatusBadRequest, "MissingNonce", "Missing or malformed nonce"}
	}
	if key == DemoKey { // a time-based nonce, in seconds
		if now := s.Now().Unix(); n < now-30 || n > now+30 {
			return &apiErr{http.StatusBadRequest, "InvalidNonce", fmt.Sprintf("Nonce '%d' is not within 30 seconds of server time '%d'", n, now)}
		}
	}
	if key != DemoKey && n <= s.nonces[key] {
		return &apiErr{http.StatusBadRequest, "InvalidNonce", fmt.Sprintf("Nonce '%d' has not increased since your last call to the Gemini API.", n)}
	}
	s.nonces[key] = n
	switch key {
	case NoRoleKey:
		return &apiErr{http.StatusForbidden, "MissingRole", "To access this endpoint, you need to log in to the website and go to the settings page to assign one of these roles [Auditor, Trader, FundManager] to API key " + key}
	case FrozenKey:
		return &apiErr{http.StatusForbidden, "AccountFrozen", "This account is frozen"}
	}
	return nil
}

func (s *Server) account(map[string]any) (any, *apiErr) {
	return map[string]any{
		"account":             map[string]any{"accountName": "Primary", "shortName": "primary", "type": "exchange", "created": "1498245007981"},
		"users":               []map[string]any{{"name": "Sat Oshi", "lastSignIn": "2025-08-30T12:00:00.000Z", "status": "Active", "countryCode": "US", "isVerified": true}},
		"memo_reference_code": MemoCode,
	}, nil
}

func (s *Server) balances(map[string]any) (any, *apiErr) {
	out := []map[string]string{}
	for _, c := range slices.Sorted(maps.Keys(s.book.balances)) {
		a := s.book.balances[c].String()
		out = append(out, map[string]string{"type": "exchange", "currency": c, "amount": a, "available": a, "availableForWithdrawal": a})
	}
	return out, nil
}

func (s *Server) notional(map[string]any) (any, *apiErr) {
	out := []map[string]string{}
	for _, c := range slices.Sorted(maps.Keys(s.book.balances)) {
		amt := s.book.balances[c]
		n := amt.Mul(dec(prices[c])).Round(2).String()
		a := amt.String()
		out = append(out, map[string]string{"currency": c, "amount": a, "amountNotional": n, "available": a, "availableNotional": n,
			"availableForWithdrawal": a, "availableForWithdrawalNotional": n})
	}
	return out, nil
}

func intParam(p map[string]any, name string, def, maxV int64) (int64, *apiErr) {
	v, ok := p[name]
	if !ok {
		return def, nil
	}
	s := fmt.Sprint(v) // present, it must be a number: "" is refused
	if n, ok := fakekit.IntParam(s, def, 0, cmp.Or(maxV, math.MaxInt64)); ok && s != "" {
		return n, nil
	}
	return 0, &apiErr{http.StatusBadRequest, "InvalidParameter", "Invalid " + name}
}

// millis reads a timestamp parameter in seconds or milliseconds, as Gemini
// takes both (docs.gemini.com/rest ~schemas TimestampType).
func millis(ts int64) int64 {
	if ts < 1e11 {
		return ts * 1000
	}
	return ts
}

// window returns the rows at or after ts (ms), oldest first, at most limit,
// then newest first as Gemini sends them.
func window[T any](rows []T, at func(T) int64, ts, limit int64) []T {
	var match []T
	for _, r := range rows {
		if at(r) >= ts {
			match = append(match, r)
		}
	}
	if int64(len(match)) > limit {
		match = match[:limit]
	}
	out := make([]T, len(match))
	for i, r := range match {
		out[len(match)-1-i] = r
	}
	return out
}

func (s *Server) myTrades(p map[string]any) (any, *apiErr) {
	sym, _ := p["symbol"].(string)
	if sym == "" {
		return nil, &apiErr{http.StatusBadRequest, "MissingSymbol", "Missing symbol"}
	}
	limit, e := intParam(p, "limit_trades", 50, 500)
	if e != nil {
		return nil, e
	}
	ts, e := intParam(p, "timestamp", 0, 0)
	if e != nil {
		return nil, e
	}
	var rows []trade
	for _, t := range s.book.trades {
		if t.Symbol == sym {
			rows = append(rows, t)
		}
	}
	return window(rows, func(t trade) int64 { return t.TimestampMS }, millis(ts), limit), nil
}

func (s *Server) transfers(p map[string]any) (any, *apiErr) {
	limit, e := intParam(p, "limit_transfers", 10, 50)
	if e != nil {
		return nil, e
	}
	ts, e := intParam(p, "timestamp", 0, 0)
	if e != nil {
		return nil, e
	}
	return window(s.book.transfers, func(t transfer) int64 { return t.TimestampMS }, millis(ts), limit), nil
}
