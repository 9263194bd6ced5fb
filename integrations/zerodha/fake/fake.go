// Package fake is a fake Zerodha Kite Connect (v3): the Kite login page of
// kite.zerodha.com and the API of api.kite.trade on one loopback listener,
// for tests and for running Latchkey against it with --endpoints.
//
// It reproduces what package zerodha relies on: GET /connect/login?v=3&
// api_key=...&redirect_params=... (a page with Approve and Deny standing in
// for Kite's user ID, password and TOTP) redirecting with
// action=login&type=login&status=success&request_token=... plus the decoded
// redirect_params; POST /session/token (api_key, request_token, checksum =
// hex SHA-256 of api_key + request_token + api_secret; request tokens work
// once and for five minutes) answering the session in Kite's envelope
// {"status":"success","data":{...}}; sessions that end at 06:00 India time
// the next morning, with no refresh; DELETE /session/token (logout); the
// "Authorization: token api_key:access_token" and "X-Kite-Version: 3"
// headers; GET /user/profile, /user/margins[/:segment],
// /portfolio/holdings, /portfolio/positions (net and day), /trades (today's
// fills only), /mf/holdings and /mf/orders (the last seven days, or
// ?from=&to= dates). Errors are Kite's envelope {"status":"error",
// "message":...,"data":null,"error_type":...}: 403 TokenException for a bad,
// expired or logged-out session and for a wrong checksum, 429
// NetworkException past Kite's rate limit (Options.RateLimit requests a
// second per API key, 10 by default: "all other endpoints"), 500
// GeneralException.
//
// Real Kite sends the browser to the redirect URL registered for the API key;
// the fake has no registrations and uses the redirect_uri parameter of the
// login URL instead (package zerodha sends it; Kite ignores it).
//
// # Test logins
//
// Any API key is accepted; its API secret must be APISecret
// ("fake_api_secret"), or the checksum is refused. The login page signs in
// as:
//
//	ZT1234  (the default) equity and MCX enabled: six equity holdings (one
//	        only in t1_quantity), three mutual funds, an NFO option, an MCX
//	        future, a closed intraday position, ten fills today (two on MCX)
//	        and about eight months of SIP and lump-sum fund orders (some
//	        rejected, one still open)
//	ZX5678  equity only: two holdings, one fund, a few orders
//
// Approve redirects with status=success and a request_token; Deny with
// status=cancelled and error=access_denied (a convention of the fake: Kite's
// page has no deny button).
package fake

import (
	"cmp"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// InstitutionID is the institution the fake stands in for.
const InstitutionID = "zerodha"

// APISecret is the API secret of every API key.
const APISecret = "fake_api_secret"

// Users of the login page.
const (
	UserMain   = "ZT1234"
	UserSecond = "ZX5678"
)

// Options configure the fake.
type Options struct {
	// Now is the fake's clock (nil: time.Now). Data is anchored to the
	// India date of Now; sessions end at 06:00 India time by it.
	Now func() time.Time
	// Addr is the address to listen on (default 127.0.0.1:0).
	Addr string
	// NoMFPermission makes the mutual-fund endpoints answer 403
	// PermissionException, as for an app without that permission.
	NoMFPermission bool
	// RateLimit is how many requests a second an API key may make (default
	// 10, Kite's limit for every endpoint but quotes, historical candles and
	// orders).
	RateLimit int
}

// Server is a running fake Kite. It implements brokertest.Fake,
// AfterInjector, PathInjector and Counter.
type Server struct {
	fakekit.Base

	opts     Options
	sessions *fakekit.Tokens // access token → "user|api_key"
	rate     *fakekit.Rate

	mu       sync.Mutex
	requests map[string]*requestToken
	data     fakekit.Daily[*dataset] // by user and India date
}

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, requests: map[string]*requestToken{}, sessions: &fakekit.Tokens{Now: opts.Now}}
	s.data = fakekit.Daily[*dataset]{Build: build, Day: func(t time.Time) time.Time { // midnight IST
		l := t.In(fakekit.Kolkata)
		return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, fakekit.Kolkata)
	}}
	// Kite counts per API key (the user's app): "token api_key:..." names it.
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 10), Per: time.Second, Now: opts.Now,
		Scope: func(r *http.Request, _ string) string {
			cred, _ := strings.CutPrefix(r.Header.Get("Authorization"), "token ")
			key, _, _ := strings.Cut(cred, ":")
			return "key:" + key
		}}
	s.Injector.Write = writeFault
	return s, s.Start("zerodha fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns institution id → endpoint name → URL, ready to be
// written as an --endpoints file.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL(), "login": s.URL()}}
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /connect/login", s.handleLoginPage)
	mux.HandleFunc("POST /connect/login", s.handleLoginDecision)
	mux.HandleFunc("POST /session/token", s.handleSessionToken)
	mux.HandleFunc("DELETE /session/token", s.handleLogout)
	gate := fakekit.Gate{Rate: s.rate,
		Auth: func(r *http.Request) (string, bool) {
			user, _, ok := s.credential(r)
			return user, ok
		},
		Deny:    fakekit.Reply(writeError, http.StatusForbidden, "TokenException", "Incorrect `api_key` or `access_token`."),
		Limited: fakekit.Reply(writeError, http.StatusTooManyRequests, "NetworkException", "Too many requests")}
	data := s.GuardsAs(gate)
	mux.Handle("GET /user/profile", data(s.handleProfile))
	mux.Handle("GET /user/margins", data(s.handleMargins))
	mux.Handle("GET /user/margins/{segment}", data(s.handleMargins))
	mux.Handle("GET /portfolio/holdings", data(s.handleHoldings))
	mux.Handle("GET /portfolio/positions", data(s.handlePositions))
	mux.Handle("GET /trades", data(s.handleTrades))
	mux.Handle("GET /mf/holdings", data(s.mfOnly(s.handleMFHoldings)))
	mux.Handle("GET /mf/orders", data(s.mfOnly(s.handleMFOrders)))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "GeneralException", "Route not found")
	})
	return mux
}

// mfOnly refuses a mutual-fund handler when the app lacks the permission.
func (s *Server) mfOnly(h func(http.ResponseWriter, *http.Request, string)) func(http.ResponseWriter, *http.Request, string) {
	return func(w http.ResponseWriter, r *http.Request, user string) {
		if s.opts.NoMFPermission {
			writeError(w, http.StatusForbidden, "PermissionException", "Insufficient permission for that call.")
			return
		}
		h(w, r, user)
	}
}

// RevokeAll ends every session, as a master logout from Kite web does.
func (s *Server) RevokeAll() { s.sessions.RevokeAll() }

// ExpireAccessTokens does nothing: Kite sessions do not refresh; they end at
// 06:00 India time by the fake's clock.
func (s *Server) ExpireAccessTokens() {}

// Count says how many rows the fake serves the default user (ZT1234) per
// Latchkey account, as package zerodha reads them.
func (s *Server) Count(list brokertest.List, accountID string) int {
	d := s.dataset(UserMain)
	commodity := strings.HasSuffix(accountID, "commodity")
	now := s.Now()
	switch list {
	case brokertest.ListAccounts:
		return 2
	case brokertest.ListPositions:
		n := 0
		if !commodity {
			n = len(d.holdings) + len(d.mfHoldings)
		}
		return n + fakekit.CountWhere(d.positions, func(p position) bool { return p.qty != 0 && (p.exchange == "MCX") == commodity })
	default:
		n := fakekit.CountWhere(d.trades, func(t trade) bool { return !t.at.After(now) && (t.exchange == "MCX") == commodity })
		if !commodity {
			n += fakekit.CountWhere(d.mfOrders, func(o mfOrder) bool { return o.status == "COMPLETE" })
		}
		return n
	}
}

var _ brokertest.Fake = (*Server)(nil)
var _ brokertest.Counter = (*Server)(nil)
