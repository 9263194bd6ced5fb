// Package fake is a stand-in for TradeStation's API (v3) on loopback: its
// sign-in (an Auth0 authorization server: the consent page with Approve
// and Deny, and /oauth/token) and the brokerage endpoints Latchkey reads,
// live under /v3 and the simulator under /sim/v3, with the paths, JSON
// field names, string-typed numbers and error bodies of TradeStation's
// specification. The app runs it as a standalone server (see Endpoints);
// the package's tests and integrations/allfakes run the conformance suite
// against it (Harness).
//
// # Test logins
//
// The consent page signs in as a TradeStation user; its username field is
// pre-filled with "ts_user":
//
//	ts_user   live: a cash account, a margin account (aliased) and a futures
//	          account; simulator: a margin, a futures and a cash account (SIM…)
//	ts_other  live: one cash account; simulator: one margin account
//
// Any other username is refused on the page. Any API key is accepted with
// its secret in the token request's form; the secret "bad-secret" is
// refused (401 invalid_client).
//
// # Quirks reproduced
//
//   - The authorize request must carry audience=https://api.tradestation.com
//     and the openid scope, and name a redirect URI of the shape every API
//     key registers: http://localhost:<port> with no path.
//   - Access tokens last 20 minutes (expires_in 1200). By default a refresh
//     answers without a refresh token (the refresh token never expires);
//     with Options.Rotating the key rotates them: each refresh answers with
//     a new single-use refresh token.
//   - A refused code or refresh token is 403 {"error":"invalid_grant"}
//     (Auth0's answer).
//   - One sign-in reads both environments; account ids are digits live and
//     SIM… in the simulator; the path takes a comma-separated list of ids.
//   - Every amount and quantity is a JSON string; times are RFC 3339 UTC.
//   - historicalorders needs since (YYYY-MM-DD, at most 90 days back) and
//     returns closed orders; orders returns today's and open ones. Both page
//     by pageSize (1–600; without it at most 600) and NextToken.
//   - Errors are {"Error":"...","Message":"..."}; 401 for a missing, expired
//     or revoked token; 429 past Options.RateLimit requests per resource
//     category in 5 minutes per user.
package fake

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Institution ids the fake serves.
const (
	ID    = "tradestation"
	SimID = "tradestation-sim"
)

// Test logins and secrets.
const (
	User      = "ts_user"
	OtherUser = "ts_other"
	BadSecret = "bad-secret"
)

// AccessTokenLife is TradeStation's access token life.
const AccessTokenLife = 20 * time.Minute

// historyDays is how far back historicalorders reaches.
const historyDays = 90

// Options configure a fake.
type Options struct {
	// Now is the server's clock; nil means time.Now. The data is anchored to
	// Now's UTC day.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// RateLimit is the requests per resource category a user may make in 5
	// minutes before a 429 (default 250).
	RateLimit int
	// Rotating makes the API key one with rotating refresh tokens.
	Rotating bool
}

// Server is a running fake.
type Server struct {
	fakekit.Base
	// tokens is its one store: RevokeAll refuses every token issued so far, as
	// when the user revokes the key's refresh tokens; ExpireAccessTokens expires
	// every access token issued so far.
	fakekit.TokenStores

	opts   Options
	tokens *fakekit.Tokens
	oauth  *fakekit.OAuth
	rate   *fakekit.Rate

	mu     sync.Mutex
	issued map[string]bool // refresh tokens already handed out
	pages  map[string]page // nextToken → where the next page starts
}

type page struct {
	offset  int
	expires time.Time
}

var _ brokertest.Fake = (*Server)(nil)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, issued: map[string]bool{}, pages: map[string]page{}}
	s.tokens = &fakekit.Tokens{Now: opts.Now, AccessLife: AccessTokenLife, Rotate: opts.Rotating}
	s.TokenStores = fakekit.TokenStores{s.tokens}
	s.oauth = &fakekit.OAuth{Name: "TradeStation", Tokens: s.tokens, Now: opts.Now, CodeLife: time.Minute,
		Users: []string{User, OtherUser},
		Client: func(r *http.Request, p url.Values) (string, bool) {
			return p.Get("client_id"), p.Get("client_id") != "" && p.Get("client_secret") != "" && p.Get("client_secret") != BadSecret
		},
		Answer: s.answer,
		Error: func(w http.ResponseWriter, status int, code, desc string) {
			if code == "invalid_grant" {
				status = http.StatusForbidden // Auth0 refuses a grant with 403
			}
			fakekit.OAuthError(w, status, code, desc)
		}}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 250), Per: 5 * time.Minute, Now: opts.Now,
		Scope: func(r *http.Request, who string) string { return who + "|" + category(r.URL.Path) }}
	s.Injector.Write = writeFault
	return s, s.Start("tradestation fake", opts.Addr, opts.Now, s.Handler())
}

// answer is the token answer: a refresh token only where TradeStation
// sends one (the code exchange, and each refresh of a rotating key).
func (s *Server) answer(t fakekit.Issued) map[string]any {
	m := map[string]any{"access_token": t.Access, "expires_in": t.ExpiresIn, "token_type": "Bearer",
		"scope": "openid offline_access ReadAccount", "id_token": "eyJ" + fakekit.Random(24)}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t.Refresh != "" && !s.issued[t.Refresh] {
		s.issued[t.Refresh] = true
		m["refresh_token"] = t.Refresh
	}
	return m
}

// category is the rate-limit resource category of a data path.
func category(path string) string {
	switch {
	case strings.HasSuffix(path, "/balances"):
		return "balances"
	case strings.HasSuffix(path, "/positions"):
		return "positions"
	case strings.HasSuffix(path, "orders"):
		return "orders"
	}
	return "accounts"
}

// Endpoints returns both variants' endpoints pointing at the fake, ready to
// be written as an --endpoints file.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		ID:    {"api": s.URL() + "/v3", "auth": s.URL()},
		SimID: {"api": s.URL() + "/sim/v3", "auth": s.URL()},
	}
}

// Count says how many rows the fake serves User (brokertest.Counter); the
// account id is Latchkey's (see AccountID). Both environments hold as many
// accounts.
func (s *Server) Count(list brokertest.List, accountID string) int {
	if list == brokertest.ListAccounts {
		return len(users[User].live)
	}
	for _, sim := range []bool{false, true} {
		inst := ID
		if sim {
			inst = SimID
		}
		for _, a := range portfolio(User, sim, s.Day()) {
			if integrations.AccountHash(inst, a.id) != accountID {
				continue
			}
			if list == brokertest.ListPositions {
				return len(a.positions)
			}
			n := 0
			for _, o := range a.orders {
				n += o.fills
			}
			return n
		}
	}
	return 0
}

// AccountNumbers returns every full account id of a user (for tests that
// check they never leak).
func AccountNumbers(user string) []string {
	var out []string
	for _, a := range users[user].live {
		out = append(out, a.id)
	}
	for _, a := range users[user].sim {
		out = append(out, a.id)
	}
	return out
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		if msg := checkAuthorize(r.URL.Query()); msg != "" {
			http.Error(w, msg, http.StatusBadRequest)
			return
		}
		s.oauth.Authorize(w, r)
	})
	mux.HandleFunc("POST /authorize", s.oauth.Decide)
	mux.HandleFunc("POST /oauth/token", s.oauth.Token())
	gate := fakekit.Gate{Rate: s.rate,
		Auth:    s.tokens.Bearer,
		Deny:    fakekit.Reply(writeError, http.StatusUnauthorized, "Unauthorized", "Unauthorized"),
		Limited: fakekit.Reply(writeError, http.StatusTooManyRequests, "TooManyRequests", "Too many requests, quota exceeded")}
	for _, env := range []struct {
		prefix string
		sim    bool
	}{{"/v3", false}, {"/sim/v3", true}} {
		data := func(h func(http.ResponseWriter, *http.Request, []account)) http.Handler {
			return s.GuardAs(gate, func(w http.ResponseWriter, r *http.Request, user string) { h(w, r, portfolio(user, env.sim, s.Day())) })
		}
		mux.Handle("GET "+env.prefix+"/brokerage/accounts", data(s.handleAccounts))
		mux.Handle("GET "+env.prefix+"/brokerage/accounts/{ids}/balances", data(s.handleBalances))
		mux.Handle("GET "+env.prefix+"/brokerage/accounts/{ids}/positions", data(s.handlePositions))
		mux.Handle("GET "+env.prefix+"/brokerage/accounts/{ids}/historicalorders", data(s.handleHistorical))
		mux.Handle("GET "+env.prefix+"/brokerage/accounts/{ids}/orders", data(s.handleOrders))
	}
	return mux
}

// checkAuthorize checks what TradeStation's sign-in requires of the
// authorize request beyond OAuth's own parameters.
func checkAuthorize(q url.Values) string {
	u, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("audience") != "https://api.tradestation.com":
		return "audience must be https://api.tradestation.com"
	case !slices.Contains(strings.Fields(q.Get("scope")), "openid"):
		return "the openid scope is required"
	case err != nil || u.Scheme != "http" || u.Hostname() != "localhost" || u.Port() == "" || u.Path != "" || u.RawQuery != "":
		return "Callback URL mismatch: the API key allows http://localhost:<port> (no path)"
	}
	return ""
}

// --- errors ------------------------------------------------------------------------

func writeError(w http.ResponseWriter, status int, code, msg string) {
	fakekit.WriteJSON(w, status, map[string]string{"Error": code, "Message": msg})
}

// writeFault writes the suite's faults TradeStation's way where it has one.
var writeFault = fakekit.Faults(writeError, map[brokertest.Fault]fakekit.Answer[string]{
	brokertest.Unauthorized: {Status: http.StatusUnauthorized, Code: "Unauthorized", Message: "Unauthorized"},
	brokertest.ServerError:  {Status: http.StatusInternalServerError, Code: "InternalServerError", Message: "unexpected error"},
})

// --- data ------------------------------------------------------------------------------

// selected returns the accounts the path names, and an Errors entry for
// each id the login does not hold.
func selected(r *http.Request, accts []account) ([]account, []map[string]string) {
	var out []account
	var errs []map[string]string
	for _, id := range strings.Split(r.PathValue("ids"), ",") {
		found := false
		for _, a := range accts {
			if a.id == id {
				out, found = append(out, a), true
			}
		}
		if !found {
			errs = append(errs, map[string]string{"AccountID": id, "Error": "Forbidden", "Message": "Unable to find account"})
		}
	}
	return out, errs
}

func list[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

func (s *Server) handleAccounts(w http.ResponseWriter, _ *http.Request, accts []account) {
	out := []wireAccount{}
	for _, a := range accts {
		out = append(out, a.wire())
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"Accounts": out})
}

func (s *Server) handleBalances(w http.ResponseWriter, r *http.Request, accts []account) {
	sel, errs := selected(r, accts)
	var out []wireBalance
	for _, a := range sel {
		out = append(out, a.balance())
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"Balances": list(out), "Errors": list(errs)})
}

func (s *Server) handlePositions(w http.ResponseWriter, r *http.Request, accts []account) {
	sel, errs := selected(r, accts)
	var out []wirePosition
	for _, a := range sel {
		out = append(out, a.positions...)
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"Positions": list(out), "Errors": list(errs)})
}

// parseSince reads since, which is required, in the documented formats.
func parseSince(s string) (time.Time, bool) {
	t, ok := fakekit.TimeParam(s, "2006-01-02", "01-02-2006", "2006/01/02", "01/02/2006")
	return t, ok && s != ""
}

func (s *Server) handleHistorical(w http.ResponseWriter, r *http.Request, accts []account) {
	since, ok := parseSince(r.URL.Query().Get("since"))
	if !ok {
		writeError(w, http.StatusBadRequest, "BadRequest", "since is required")
		return
	}
	if since.Before(s.Day().AddDate(0, 0, -historyDays)) {
		writeError(w, http.StatusBadRequest, "BadRequest", "since is limited to 90 days prior to the current date")
		return
	}
	sel, errs := selected(r, accts)
	var orders []wireOrder
	for _, a := range sel {
		for _, o := range a.orders {
			if !o.closed.IsZero() && !o.closed.Before(since) {
				orders = append(orders, o.wire)
			}
		}
	}
	// Sorted by the time closed, newest first.
	slices.SortStableFunc(orders, func(a, b wireOrder) int { return strings.Compare(b.ClosedDateTime, a.ClosedDateTime) })
	s.writeOrders(w, r, orders, errs)
}

func (s *Server) handleOrders(w http.ResponseWriter, r *http.Request, accts []account) {
	sel, errs := selected(r, accts)
	var orders []wireOrder
	for _, a := range sel {
		for _, o := range a.orders {
			if o.closed.IsZero() || !o.closed.Before(s.Day()) {
				orders = append(orders, o.wire)
			}
		}
	}
	s.writeOrders(w, r, orders, errs)
}

// writeOrders answers one page of orders: pageSize of them (600 at most)
// from where nextToken points; a NextToken when more follow.
func (s *Server) writeOrders(w http.ResponseWriter, r *http.Request, orders []wireOrder, errs []map[string]string) {
	q := r.URL.Query()
	size, ok := fakekit.IntParam(q.Get("pageSize"), 600, 1, 600)
	if !ok {
		writeError(w, http.StatusBadRequest, "BadRequest", "pageSize must be between 1 and 600")
		return
	}
	offset := 0
	if tok := q.Get("nextToken"); tok != "" {
		s.mu.Lock()
		p, ok := s.pages[tok]
		delete(s.pages, tok) // used in only the subsequent request
		s.mu.Unlock()
		if !ok || !s.Now().Before(p.expires) {
			writeError(w, http.StatusBadRequest, "BadRequest", "nextToken is invalid or expired")
			return
		}
		offset = p.offset
	}
	shown, end := fakekit.Page(orders, offset, size)
	out := map[string]any{"Orders": list(shown), "Errors": list(errs)}
	if end < len(orders) && q.Get("pageSize") != "" {
		tok := fakekit.Random(24)
		s.mu.Lock()
		s.pages[tok] = page{offset: end, expires: s.Now().Add(time.Hour)}
		s.mu.Unlock()
		out["NextToken"] = tok
	}
	fakekit.WriteJSON(w, http.StatusOK, out)
}
