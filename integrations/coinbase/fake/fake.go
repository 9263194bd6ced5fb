// Package fake is a fake Coinbase: the OAuth 2.0 server of login.coinbase.com
// and the Coinbase App (v2) API of api.coinbase.com on one loopback listener,
// for tests and for running Latchkey against it with --endpoints.
//
// It reproduces what package coinbase relies on: the authorize endpoint (a
// consent page with Approve and Deny), the token endpoint (authorization
// code with PKCE; refresh tokens that are single-use and rotate on every
// refresh, access tokens that last one hour), GET /v2/user, GET /v2/accounts
// and GET /v2/accounts/:id/transactions with Coinbase's cursor pagination
// (limit ≤ 100, newest first, pagination.next_uri written as
// "/v2/...?&limit=N&starting_after=ID"), GET /v2/prices/:pair/spot, and
// Coinbase's error bodies ({"errors":[{"id":"expired_token",...}]} with 401
// for expired, revoked and invalid tokens, rate_limit_exceeded with 429,
// invalid_grant and invalid_client from the token endpoint).
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
	"context"
	"errors"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
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
}

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

// Server is a running fake Coinbase.
type Server struct {
	brokertest.Injector

	opts Options
	ln   net.Listener
	hs   *http.Server
	url  string

	mu        sync.Mutex
	codes     map[string]*authCode
	access    map[string]*token
	refresh   map[string]*token
	seq       int64
	revokeSeq int64 // tokens issued at or before are revoked
	expireSeq int64 // access tokens issued at or before are expired
	data      map[string]*dataset
	dataDay   time.Time
}

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts:    opts,
		ln:      ln,
		url:     "http://" + ln.Addr().String(),
		codes:   map[string]*authCode{},
		access:  map[string]*token{},
		refresh: map[string]*token{},
	}
	s.Injector.Write = writeFault
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go s.hs.Serve(ln) //nolint:errcheck // ends with ErrServerClosed
	return s, nil
}

// URL returns the fake's base URL (both the "api" and the "auth" endpoint).
func (s *Server) URL() string { return s.url }

// Close stops the fake.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := s.hs.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = s.hs.Close()
	}
	return err
}

// Endpoints returns institution id → endpoint name → URL, ready to be
// written as an --endpoints file.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.url, "auth": s.url}}
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth2/auth", s.handleAuthorize)
	mux.HandleFunc("POST /oauth2/auth", s.handleConsent)
	mux.HandleFunc("POST /oauth2/token", s.handleToken)
	mux.HandleFunc("POST /oauth2/revoke", s.handleRevoke)
	data := func(h http.HandlerFunc) http.Handler { return s.Wrap(h) }
	mux.Handle("GET /v2/user", data(s.authed(s.handleUser)))
	mux.Handle("GET /v2/accounts", data(s.authed(s.handleAccounts)))
	mux.Handle("GET /v2/accounts/{id}", data(s.authed(s.handleAccount)))
	mux.Handle("GET /v2/accounts/{id}/transactions", data(s.authed(s.handleTransactions)))
	mux.Handle("GET /v2/prices/{pair}/spot", data(s.handleSpot))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeErrors(w, http.StatusNotFound, "not_found", "Not found")
	})
	return mux
}

// RevokeAll revokes every token issued so far, as when the user removes the
// app's access at Coinbase.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revokeSeq = s.seq
}

// ExpireAccessTokens expires every access token issued so far; refresh
// tokens still work.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireSeq = s.seq
}

// Count says how many rows the fake serves the default user (satoshi), as
// package coinbase reads them: one account, one position per crypto wallet
// with a balance, one activity per completed transaction that is not the
// fiat leg of a trade.
func (s *Server) Count(list brokertest.List, accountID string) int {
	d := s.dataset(UserSatoshi)
	switch list {
	case brokertest.ListAccounts:
		return 1
	case brokertest.ListPositions:
		n := 0
		for _, w := range d.wallets {
			if !w.fiat && !w.balance.IsZero() {
				n++
			}
		}
		return n
	default:
		n := 0
		for _, w := range d.wallets {
			for _, t := range w.txs {
				if t.status == "completed" && !(w.fiat && tradeTypes[t.typ]) {
					n++
				}
			}
		}
		return n
	}
}

var tradeTypes = map[string]bool{"buy": true, "sell": true, "trade": true, "advanced_trade_fill": true}

var _ brokertest.Fake = (*Server)(nil)
var _ brokertest.Counter = (*Server)(nil)
