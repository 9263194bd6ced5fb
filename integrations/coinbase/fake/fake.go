// Package fake is a fake Coinbase: the OAuth 2.0 server of login.coinbase.com
// and the Coinbase App (v2) API of api.coinbase.com on one loopback listener,
// for tests and for running Latchkey against it with --endpoints.
//
// It reproduces what package coinbase relies on: the authorize endpoint (a
// consent page with Approve and Deny; state, when sent, of at least 8
// characters), the token endpoint (authorization code with PKCE, S256 or
// plain, plain when no method is named; refresh tokens that are single-use
// and rotate on every refresh and last 1.5 years, access tokens that last
// one hour), GET /v2/user, GET /v2/accounts and GET
// /v2/accounts/:id/transactions with Coinbase's cursor pagination (limit ≤
// 100, newest first, pagination.next_uri written as
// "/v2/...?&limit=N&starting_after=ID"), the public GET
// /v2/prices/:pair/spot, and Coinbase's error bodies
// ({"errors":[{"id":"expired_token",...}]} with 401 for expired, revoked and
// invalid tokens, rate_limit_exceeded with 429 past Options.RateLimit
// requests an hour per user — 10,000 by default, Coinbase's documented
// limit —, invalid_grant and invalid_client from the token endpoint in Ory
// Hydra's shape). The OAuth server and token store are fakekit's.
//
// # Test logins
//
// Any client id is accepted, with any non-empty client secret except
// BadClientSecret ("bad-secret"), which the token endpoint refuses with
// invalid_client. The consent page signs in as one of two users:
//
//	satoshi  (the default) native currency USD: USD and EUR cash, BTC, ETH,
//	         SOL, USDC, ADA and LTC held, a DOGE wallet sold to zero and an
//	         unused XLM wallet; about two years of history (weekly BTC buys,
//	         fortnightly ETH buys, Advanced Trade fills, a convert, sends,
//	         receives, staking rewards, USDC rewards, deposits, withdrawals)
//	hal      native currency EUR: EUR cash and a little BTC
//
// Approve redirects to the app's redirect_uri with a code; Deny with
// error=access_denied. Authorization codes last ten minutes and work once.
package fake

import (
	"cmp"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// InstitutionID is the institution the fake stands in for.
const InstitutionID = "coinbase"

// BadClientSecret is the one client secret the token endpoint refuses.
const BadClientSecret = "bad-secret"

// Users of the consent page.
const (
	UserSatoshi = "satoshi"
	UserHal     = "hal"
)

// Lifetimes, as Coinbase documents them.
const (
	accessLife  = time.Hour
	refreshLife = 548 * 24 * time.Hour // 1.5 years
)

// Options configure the fake.
type Options struct {
	// Now is the fake's clock (nil: time.Now). Its data is anchored to Now
	// truncated to the UTC day.
	Now func() time.Time
	// Addr is the address to listen on (default 127.0.0.1:0).
	Addr string
	// PageLimit caps the page size of list endpoints (default and maximum
	// 100, Coinbase's own); tests lower it to exercise pagination.
	PageLimit int
	// RateLimit is how many requests an hour a user may make (default
	// 10,000).
	RateLimit int
}

// Server is a running fake Coinbase. It implements brokertest.Fake,
// AfterInjector, PathInjector and Counter.
type Server struct {
	fakekit.Base
	opts   Options
	tokens *fakekit.Tokens
	oauth  *fakekit.OAuth
	rate   *fakekit.Rate

	mu      sync.Mutex
	issued  map[string]bool // access tokens issued, to tell expired from unknown
	revoked map[string]bool // access tokens revoked
	data    map[string]*dataset
	dataDay time.Time
}

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, issued: map[string]bool{}, revoked: map[string]bool{}}
	s.tokens = &fakekit.Tokens{Now: opts.Now, AccessLife: accessLife, RefreshLife: refreshLife, Rotate: true}
	s.oauth = &fakekit.OAuth{Name: "Coinbase", Tokens: s.tokens, Now: opts.Now, Users: []string{UserSatoshi, UserHal},
		Client: func(r *http.Request, p url.Values) (string, bool) {
			id, ok := fakekit.ClientSecretPost(r, p)
			_, sec, basic := r.BasicAuth()
			if !basic {
				sec = p.Get("client_secret")
			}
			return id, ok && sec != BadClientSecret
		},
		Answer: func(t fakekit.Issued) map[string]any {
			s.mu.Lock()
			s.issued[t.Access] = true
			s.mu.Unlock()
			m := t.Standard()
			m["scope"] = "wallet:user:read wallet:accounts:read wallet:transactions:read offline_access"
			return m
		},
		Error: oauthError}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 10000), Per: time.Hour, Now: opts.Now}
	s.Injector.Write = writeFault
	return s, s.Start("coinbase fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns institution id → endpoint name → URL, ready to be
// written as an --endpoints file.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL(), "auth": s.URL()}}
}

// oauthError writes the token endpoint's error body (Ory Hydra's shape).
func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Cache-Control", "no-store")
	fakekit.WriteJSON(w, status, map[string]any{"error": code, "error_description": desc, "status_code": status})
}

// shortState refuses an authorize request whose state has fewer than 8
// characters, as Coinbase does; it reports whether it answered.
func shortState(w http.ResponseWriter, q url.Values) bool {
	if st := q.Get("state"); st != "" && len(st) < 8 {
		http.Error(w, "state must be at least 8 characters long", http.StatusBadRequest)
		return true
	}
	return false
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth2/auth", func(w http.ResponseWriter, r *http.Request) {
		if !shortState(w, r.URL.Query()) {
			s.oauth.Authorize(w, r)
		}
	})
	mux.HandleFunc("POST /oauth2/auth", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err == nil && !shortState(w, r.PostForm) {
			s.oauth.Decide(w, r)
		}
	})
	mux.HandleFunc("POST /oauth2/token", s.oauth.Token())
	mux.HandleFunc("POST /oauth2/revoke", func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		s.mu.Lock()
		s.revoked[r.PostForm.Get("token")] = true
		s.mu.Unlock()
		s.oauth.Revoke(w, r)
	})
	gate := fakekit.Gate{Rate: s.rate,
		Auth:    s.tokens.Bearer,
		Deny:    s.deny,
		Limited: fakekit.Reply(writeErrors, http.StatusTooManyRequests, "rate_limit_exceeded", "Too many requests")}
	data := func(h func(w http.ResponseWriter, r *http.Request, user string)) http.Handler {
		return s.GuardAs(gate, h)
	}
	mux.Handle("GET /v2/user", data(s.handleUser))
	mux.Handle("GET /v2/accounts", data(s.handleAccounts))
	mux.Handle("GET /v2/accounts/{id}", data(fakekit.Narrowed(s.walletOf, s.handleAccount)))
	mux.Handle("GET /v2/accounts/{id}/transactions", data(fakekit.Narrowed(s.walletOf, s.handleTransactions)))
	mux.Handle("GET /v2/prices/{pair}/spot", s.Wrap(http.HandlerFunc(s.handleSpot)))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeErrors(w, http.StatusNotFound, "not_found", "Not found")
	})
	return mux
}

// deny answers a refused bearer token with the error id Coinbase gives its
// reason: none or an unknown token (invalid_token), a revoked one
// (revoked_token) or an expired one (expired_token).
func (s *Server) deny(w http.ResponseWriter, r *http.Request) {
	tok, ok := fakekit.BearerToken(r)
	if !ok {
		writeErrors(w, http.StatusUnauthorized, "authentication_error", "invalid signature")
		return
	}
	s.mu.Lock()
	issued, revoked := s.issued[tok], s.revoked[tok]
	s.mu.Unlock()
	id, msg := "invalid_token", "The access token is invalid"
	switch {
	case issued && revoked:
		id, msg = "revoked_token", "The access token was revoked"
	case issued:
		id, msg = "expired_token", "The access token expired"
	}
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	writeErrors(w, http.StatusUnauthorized, id, msg)
}

// RevokeAll revokes every token issued so far, as when the user removes the
// app's access at Coinbase.
func (s *Server) RevokeAll() {
	s.tokens.RevokeAll()
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok := range s.issued {
		s.revoked[tok] = true
	}
}

// ExpireAccessTokens expires every access token issued so far; refresh
// tokens still work.
func (s *Server) ExpireAccessTokens() { s.tokens.ExpireAccess() }

// Count says how many rows the fake serves the default user (satoshi), as
// package coinbase reads them: one account, one position per crypto wallet
// with a balance, one activity per completed transaction that is not the
// fiat leg of a trade.
func (s *Server) Count(list brokertest.List, _ string) int {
	d := s.dataset(UserSatoshi)
	coins := fakekit.CountWhere(d.wallets, func(w *wallet) bool { return !w.fiat && !w.balance.IsZero() })
	txs := 0
	for _, w := range d.wallets {
		txs += fakekit.CountWhere(w.txs, func(t *tx) bool { return t.status == "completed" && !(w.fiat && tradeTypes[t.typ]) })
	}
	return fakekit.CountOne(list, coins, txs)
}

var tradeTypes = map[string]bool{"buy": true, "sell": true, "trade": true, "advanced_trade_fill": true}
