// Package fake is a stand-in for eToro's public API on loopback: the
// trading-info endpoints of the real and demo environments (aggregated
// portfolio, portfolio, trade history) and the instruments call, behind the
// x-api-key / x-user-key / x-request-id headers, with the OpenAPI
// document's paths, field names and error envelope. The app runs it as a
// standalone server (see Endpoints); the package's tests and
// integrations/allfakes run the conformance suite against it (Harness).
//
// # Test keys
//
// DemoAPIKey is the public API key; RealUserKey reads customer 7765437's
// real portfolio and DemoUserKey its virtual one; OtherUserKey is another
// customer's real key. A user key answers only in its own environment (401
// in the other).
//
// # Quirks reproduced
//
//   - Every request needs x-request-id, a UUID (400 otherwise), and both
//     keys (401 {"errorCode":"Unauthorized",...}).
//   - The shared quota: Options.RateLimit requests per 60 seconds per user
//     key (60), RateLimit-Limit, -Remaining, -Reset (seconds) and -Policy
//     on every answer; 429 {"errorCode":"TooManyRequests"} with Retry-After.
//   - The trade history takes minDate (required, at most a year back: 400
//     beyond, as the document asks), page and pageSize, and answers an
//     array of closed positions.
//   - Numbers are JSON numbers; times RFC 3339 with milliseconds.
package fake

import (
	"cmp"
	"math"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Institution ids the fake serves.
const (
	ID     = "etoro"
	DemoID = "etoro-demo"
)

// Test keys.
const (
	DemoAPIKey   = "lhgfaslk21490FAScVPkdsb53F9dNkfHG4faZSG5vfjndfcfgdssdgsdHF4663"
	RealUserKey  = "eyJlYW4iOiJMYXRjaGtleVRlc3QiLCJlayI6InJlYWwtNzc2NTQzNyJ9_"
	DemoUserKey  = "eyJlYW4iOiJMYXRjaGtleVRlc3QiLCJlayI6ImRlbW8tNzc2NTQzNyJ9_"
	OtherUserKey = "eyJlYW4iOiJMYXRjaGtleVRlc3QiLCJlayI6InJlYWwtMTQzNzA3OTgifQ__"
)

// CID is the test customer's id.
const CID = 7765437

type key struct {
	user user
	demo bool
}

var keys = map[string]key{
	RealUserKey:  {user{CID, 1}, false},
	DemoUserKey:  {user{CID, 1}, true},
	OtherUserKey: {user{14370798, 2}, false},
}

// Options configure a fake.
type Options struct {
	// Now is the server's clock; nil means time.Now.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// RateLimit is the requests per 60 seconds per user key (default 60).
	RateLimit int
	// Demo says which environment Count counts.
	Demo bool
}

// Server is a running fake.
type Server struct {
	fakekit.Base
	// RevokeAll refuses every user key from now on, as when the user deletes the
	// key in eToro's settings; ExpireAccessTokens is a no-op: user keys do not
	// refresh.
	fakekit.Revocation

	opts Options
	rate *fakekit.Rate

	mu    sync.Mutex
	calls map[string]int
}

var _ brokertest.Fake = (*Server)(nil)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, calls: map[string]int{}}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 60), Per: time.Minute, Now: opts.Now, Headers: rateHeaders}
	s.Injector.Write = writeFault
	return s, s.Start("etoro fake", opts.Addr, opts.Now, s.Handler())
}

// rateHeaders writes the document's RateLimit-* headers.
func rateHeaders(h http.Header, w fakekit.Window) {
	h.Set("RateLimit-Limit", strconv.Itoa(w.Limit))
	h.Set("RateLimit-Remaining", strconv.Itoa(w.Remaining()))
	h.Set("RateLimit-Reset", strconv.Itoa(max(1, int(time.Until(w.Reset).Seconds()))))
	h.Set("RateLimit-Policy", strconv.Itoa(w.Limit)+";w=60")
}

// Endpoints returns both environments' base URL pointing at the fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{ID: {"api": s.URL()}, DemoID: {"api": s.URL()}}
}

// Calls says how many requests of a path the fake served.
func (s *Server) Calls(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[path]
}

// AccountID is the id Latchkey keeps for the test customer's account in
// inst.
func AccountID(inst string) string { return integrations.AccountHash(inst, strconv.Itoa(CID)) }

// Count says how many rows the fake serves the test customer in the
// environment of Options.Demo (brokertest.Counter).
func (s *Server) Count(list brokertest.List, _ string) int {
	b := build(user{CID, 1}, s.opts.Demo, s.Day())
	ids := map[int64]bool{}
	for _, h := range b.holdings {
		ids[h.instrument] = true
	}
	positions := len(ids)
	if b.mirror {
		positions++
	}
	return fakekit.CountOne(list, positions, 2*len(b.closed)+len(b.holdings))
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func writeError(w http.ResponseWriter, status int, code, msg string) {
	fakekit.WriteJSON(w, status, map[string]string{"errorCode": code, "errorMessage": msg})
}

// writeFault writes the suite's faults eToro's way.
var writeFault = fakekit.Faults(writeError, map[brokertest.Fault]fakekit.Answer[string]{
	brokertest.Unauthorized: {Status: http.StatusUnauthorized, Code: "Unauthorized", Message: "Unauthorized"},
	brokertest.ServerError:  {Status: http.StatusInternalServerError, Code: "UnhandledException", Message: "Global Error"},
})

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	route := func(path string, demo bool, h func(http.ResponseWriter, *http.Request, key)) {
		gate := fakekit.Gate{Rate: s.rate,
			Auth: func(r *http.Request) (string, bool) {
				k, ok := keys[r.Header.Get("x-user-key")]
				if !ok || s.Revoked() || r.Header.Get("x-api-key") != DemoAPIKey || (path != instrumentsPath && k.demo != demo) {
					return "", false
				}
				return r.Header.Get("x-user-key"), true
			},
			Deny: fakekit.Reply(writeError, http.StatusUnauthorized, "Unauthorized", "Unauthorized"),
			Limited: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "60")
				writeError(w, http.StatusTooManyRequests, "TooManyRequests", "Too many requests")
			}}
		mux.Handle("GET "+path, s.Guard(gate, func(w http.ResponseWriter, r *http.Request) {
			if !uuidRE.MatchString(r.Header.Get("x-request-id")) {
				writeError(w, http.StatusBadRequest, "ValidationFailed", "x-request-id must be a UUID")
				return
			}
			s.mu.Lock()
			s.calls[path]++
			s.mu.Unlock()
			h(w, r, keys[r.Header.Get("x-user-key")])
		}))
	}
	for _, demo := range []bool{false, true} {
		d := ""
		if demo {
			d = "demo/"
		}
		route("/api/v1/trading/info/"+d+"aggregate-portfolio", demo, func(w http.ResponseWriter, _ *http.Request, k key) {
			fakekit.WriteJSON(w, http.StatusOK, build(k.user, k.demo, s.Day()).aggregate(k.user.cid, s.Now()))
		})
		route("/api/v1/trading/info/"+d+"portfolio", demo, func(w http.ResponseWriter, _ *http.Request, k key) {
			fakekit.WriteJSON(w, http.StatusOK, build(k.user, k.demo, s.Day()).portfolio(k.user.cid))
		})
		route("/api/v1/trading/info/trade/"+d+"history", demo, s.history)
	}
	route(instrumentsPath, false, s.instruments)
	return mux
}

const instrumentsPath = "/api/v1/market-data/instruments"

func (s *Server) history(w http.ResponseWriter, r *http.Request, k key) {
	q := r.URL.Query()
	min, err := time.Parse(time.DateOnly, q.Get("minDate"))
	if err != nil {
		writeError(w, http.StatusBadRequest, "ValidationFailed", "minDate is required (YYYY-MM-DD)")
		return
	}
	if min.Before(s.Day().AddDate(-1, 0, 0)) {
		writeError(w, http.StatusBadRequest, "ValidationFailed", "the lookback must be less than 1 year")
		return
	}
	page, size := fakekit.PositiveParam(q.Get("page"), 1, math.MaxInt), 50
	if v, err := strconv.Atoi(q.Get("pageSize")); err == nil && v > 0 && v <= 1000 {
		size = v
	}
	b := build(k.user, k.demo, s.Day())
	rows := []map[string]any{}
	sort.SliceStable(b.closed, func(i, j int) bool { return b.closed[i].closed.After(b.closed[j].closed) })
	var kept []closedRow
	for _, c := range b.closed {
		if !c.closed.Before(min) {
			kept = append(kept, c)
		}
	}
	for i := (page - 1) * size; i < len(kept) && i < page*size; i++ {
		rows = append(rows, kept[i].wire())
	}
	fakekit.WriteJSON(w, http.StatusOK, rows)
}

func (s *Server) instruments(w http.ResponseWriter, r *http.Request, _ key) {
	out := []map[string]any{}
	for _, id := range strings.Split(r.URL.Query().Get("instrumentIds"), ",") {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			continue
		}
		if in, ok := instrumentByID(n); ok {
			out = append(out, map[string]any{"instrumentID": in.id, "instrumentDisplayName": in.name, "instrumentTypeID": in.typeID,
				"exchangeID": 4, "symbolFull": in.symbol, "stocksIndustryID": 3, "priceSource": "NASDAQ", "hasExpirationDate": false,
				"isInternalInstrument": false, "images": []any{}})
		}
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"instrumentDisplayDatas": out})
}
