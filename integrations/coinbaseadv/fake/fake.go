// Package fake is a Coinbase Advanced Trade REST server (the parts a
// read-only CDP key uses) for tests and for running Latchkey against with
// --endpoints.
//
// Every request must carry Authorization: Bearer <JWT> as the official SDK
// builds it (coinbase-advanced-py jwt_generator.py, v1.8.4): ES256 for an
// ECDSA key, EdDSA for an Ed25519 key, header kid and claim sub naming the
// key, iss "cdp", nbf/exp bracketing the server's clock (at most 2 minutes
// apart) and uri "<METHOD> <host><path>" of that very request; anything else
// is 401 "Unauthorized". It serves GET /api/v3/brokerage/key_permissions,
// /api/v3/brokerage/accounts (limit ≤ 250, cursor, has_next),
// /api/v3/brokerage/products?product_ids=… (repeated) and
// /api/v3/brokerage/orders/historical/fills (limit ≤ 100, cursor,
// start_sequence_timestamp; newest first), and the Coinbase App v2 side the
// same key reads (app.go): GET /v2/accounts and
// /v2/accounts/{account_id}/transactions (limit 1..100, starting_after,
// next_uri; newest first), where an Ed25519 key's JWT is refused (401)
// unless SetAppEdDSA(true). Private endpoints are limited to
// Options.RateLimit requests a second per user (default 30, Coinbase's
// documented limit), with X-RateLimit-Limit, -Remaining and -Reset on every
// answer and 429 past it.
//
// # Test logins
//
//	DemoKeyName    "organizations/lk-demo-org/apiKeys/lk-demo-key-1" with DemoPrivateKey (ECDSA): a View key
//	SecondKeyName  "organizations/lk-demo-org/apiKeys/lk-demo-key-2" with DemoPrivateKey: another View
//	               key of the same portfolio
//	EdKeyName      "organizations/lk-demo-org/apiKeys/lk-demo-ed25519" with DemoEd25519Key (the base64
//	               text the CDP portal issues for an Ed25519 key): a View key
//	NoViewKeyName  "organizations/lk-demo-org/apiKeys/lk-demo-noview" with DemoPrivateKey: can_view false
//
// The same names with OtherPrivateKey fail the signature (401). RevokeAll
// deletes every key; ExpireAccessTokens does nothing (each request signs a
// new token).
//
// # Data
//
// One portfolio: USD cash and BTC, ETH, SOL, ADA, LINK and USDC wallets,
// about 130 fills from January to June 2025 (buys, sells, one reversal),
// and the v2 transactions: the docs' List Transactions example rows (March
// 2015, the BTC wallet 2bbf394c-…), USD deposits and a withdrawal, BTC and
// ETH sends and receives, SOL staking rewards, USDC interest, a
// subscription, a simple buy and sell with their USD legs, a pending
// deposit, and the v2 rows of ten fills (advanced_trade_fill). Count counts
// the fills and the v2 rows Latchkey takes for activities.
package fake

import (
	"cmp"
	"crypto"
	"crypto/ed25519"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/coinbaseadv"
)

// InstitutionID is the institution the fake serves.
const InstitutionID = coinbaseadv.ID

// Test keys (see the package doc).
const (
	DemoKeyName    = "organizations/lk-demo-org/apiKeys/lk-demo-key-1"
	SecondKeyName  = "organizations/lk-demo-org/apiKeys/lk-demo-key-2"
	EdKeyName      = "organizations/lk-demo-org/apiKeys/lk-demo-ed25519"
	NoViewKeyName  = "organizations/lk-demo-org/apiKeys/lk-demo-noview"
	DemoPrivateKey = "-----BEGIN EC PRIVATE KEY-----\n" +
		"MHcCAQEEIIlhFCzppubXU7jMSuXh4BH4edVNfP/SRmfdrJygcvLboAoGCCqGSM49\n" +
		"AwEHoUQDQgAE4V8FPnQ6HO3uB+SM58XiVZ3BkFqpoR4bwOSOjbNFW2b/cjNPeOHZ\n" +
		"cNo5qj23R6DHVptYsTD3ae3DdYqMyOYk9g==\n" +
		"-----END EC PRIVATE KEY-----\n"
	OtherPrivateKey = "-----BEGIN EC PRIVATE KEY-----\n" +
		"MHcCAQEEIE8uoCFcrNKnBzQpE3l5SOIi3w+BFbFsc6H9DN4lWOusoAoGCCqGSM49\n" +
		"AwEHoUQDQgAEj0av9bPpMXtVcw0Bb3NYMuEAIlVTRcp/QUzW7LpFYXQfdFlHRvBM\n" +
		"fVeuowhBgMevi8nSRNw0aqN2i2Ac/78n9Q==\n" +
		"-----END EC PRIVATE KEY-----\n"
	// DemoEd25519Key is an Ed25519 key as the CDP portal shows it: base64
	// of the 32-byte seed and the 32-byte public key.
	DemoEd25519Key = "1m43xFBwAEMfq2c6Z4kqA9UIiVaWtXxMgxzo0XMjDTFFU1zl12Inw0+rVZqlu7jRUju2Vn2pkm31wjYAt250IQ=="
	// PortfolioUUID is the portfolio every demo key belongs to.
	PortfolioUUID = "9f1a2b3c-4d5e-4f60-8a7b-1c2d3e4f5a6b"
	// user is whose requests count against the per-user limit.
	user = "lk-demo-user"
)

// Options configure the server (its clock, address and rate limit):
// RateLimit is how many private requests a second a user may make (default
// 30).
type Options = fakekit.Options

// Server is a fake Coinbase Advanced Trade. It implements brokertest.Fake,
// AfterInjector, PathInjector and Counter.
type Server struct {
	fakekit.Base
	// RevokeAll deletes every key; ExpireAccessTokens does nothing: every
	// request signs a new token.
	fakekit.Revocation
	appPageMax atomic.Int32 // SetAppPageMax
	appEdDSA   atomic.Bool  // SetAppEdDSA
	keys       map[string]crypto.PublicKey
	rate       *fakekit.Rate
	book       *book
}

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
)

// New starts a server on opts.Addr.
func New(opts Options) (*Server, error) {
	ec, err := publicOf(DemoPrivateKey)
	if err != nil {
		return nil, err
	}
	ed, err := publicOf(DemoEd25519Key)
	if err != nil {
		return nil, err
	}
	s := &Server{book: buildBook(), keys: map[string]crypto.PublicKey{
		DemoKeyName: ec, SecondKeyName: ec, NoViewKeyName: ec, EdKeyName: ed,
	}}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 30), Per: time.Second, Now: opts.Now,
		Scope: perUser, Headers: fakekit.XRateLimit}
	s.Injector.Write = writeFault
	return s, s.Start("coinbase advanced fake", opts.Addr, opts.Now, s.Handler())
}

// SetAppPageMax caps the v2 lists' page size below the documented 100
// (0: no cap), so a test sees their paging.
func (s *Server) SetAppPageMax(n int) { s.appPageMax.Store(int32(n)) }

// SetAppEdDSA lets Ed25519 keys call the v2 API. Coinbase warns that
// Ed25519 keys "may fail" there (the Coinbase App API key authentication
// page), so by default the fake answers their v2 calls 401, the stricter
// reading.
func (s *Server) SetAppEdDSA(ok bool) { s.appEdDSA.Store(ok) }

// Endpoints returns the --endpoints overrides.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL()}}
}

// Count says how many rows the server serves (brokertest.Counter).
func (s *Server) Count(list brokertest.List, _ string) int {
	return fakekit.CountOne(list, fakekit.Coins(s.book.balances, "USD"), len(s.book.fills)+s.book.appCount())
}

func writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	if f != brokertest.Unauthorized {
		return false
	}
	fakekit.WriteText(w, http.StatusUnauthorized, "Unauthorized "+brokertest.BodyCanary+"\n")
	return true
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	gate := fakekit.Gate{Auth: s.authenticate, Rate: s.rate,
		Deny: func(w http.ResponseWriter, _ *http.Request) {
			fakekit.WriteText(w, http.StatusUnauthorized, "Unauthorized\n")
		},
		Limited: func(w http.ResponseWriter, _ *http.Request) {
			fakekit.WriteJSON(w, http.StatusTooManyRequests, map[string]any{"error": "RATE_LIMIT_EXCEEDED", "message": "Too many requests"})
		}}
	mux := http.NewServeMux()
	route := func(path string, h func(r *http.Request, key string) (any, int)) {
		mux.Handle("GET "+path, s.Guard(gate, func(w http.ResponseWriter, r *http.Request) {
			v, status := h(r, kidOf(r))
			fakekit.WriteJSON(w, cmp.Or(status, http.StatusOK), v)
		}))
	}
	route("/api/v3/brokerage/key_permissions", s.permissions)
	route("/api/v3/brokerage/accounts", s.accounts)
	route("/api/v3/brokerage/products", s.products)
	route("/api/v3/brokerage/orders/historical/fills", s.fills)
	route("/v2/accounts", s.appAccounts)
	route("/v2/accounts/{account_id}/transactions", s.appTransactions)
	return mux
}

// authenticate verifies the request's JWT (verifyJWT) and names its key:
// iss "cdp", sub the header's kid, nbf ≤ now < exp with both present and at
// most 2 minutes apart, and uri "<METHOD> <host><path>" of this request.
func (s *Server) authenticate(r *http.Request) (string, bool) {
	revoked := s.Revoked()
	tok, ok := fakekit.BearerToken(r)
	if revoked || !ok {
		return "", false
	}
	kid, claims, ok := verifyJWT(tok, s.keys)
	if !ok {
		return "", false
	}
	iss, _ := claims["iss"].(string)
	sub, _ := claims["sub"].(string)
	uri, _ := claims["uri"].(string)
	exp, expOK := numericDate(claims, "exp")
	nbf, nbfOK := numericDate(claims, "nbf")
	if iss != "cdp" || sub != kid || uri != r.Method+" "+r.Host+r.URL.Path || !expOK || !nbfOK || exp == nil || nbf == nil {
		return "", false
	}
	if _, ed := s.keys[kid].(ed25519.PublicKey); ed && strings.HasPrefix(r.URL.Path, "/v2/") && !s.appEdDSA.Load() {
		return "", false
	}
	if now := s.Now(); !now.Before(*exp) || now.Before(*nbf) || exp.Sub(*nbf) > 2*time.Minute {
		return "", false
	}
	return kid, true
}

// kidOf names the key of a request authenticate let through.
func kidOf(r *http.Request) string {
	tok, _ := fakekit.BearerToken(r)
	j, _ := splitJWS(tok)
	kid, _ := j.header["kid"].(string)
	return kid
}

// perUser counts a request against the user its key belongs to: every demo
// key is the demo user's.
func perUser(_ *http.Request, _ string) string { return "user:" + user }

func (s *Server) permissions(_ *http.Request, key string) (any, int) {
	return map[string]any{"can_view": key != NoViewKeyName, "can_trade": false, "can_transfer": false,
		"portfolio_uuid": PortfolioUUID, "portfolio_type": "DEFAULT"}, 0
}

func (s *Server) accounts(r *http.Request, _ string) (any, int) {
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	if limit <= 0 || limit > 250 {
		limit = 49
	}
	start, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
	var all []map[string]any
	for _, c := range slices.Sorted(maps.Keys(s.book.balances)) {
		v := s.book.balances[c].String()
		all = append(all, map[string]any{
			"uuid": uuid("wallet-" + c), "name": c + " Wallet", "currency": c, "available_balance": map[string]string{"value": v, "currency": c},
			"default": c == "USD", "active": true, "created_at": "2024-12-01T10:00:00Z", "updated_at": "2025-06-30T10:00:00Z",
			"deleted_at": nil, "type": map[bool]string{true: "ACCOUNT_TYPE_FIAT", false: "ACCOUNT_TYPE_CRYPTO"}[c == "USD"],
			"ready": true, "hold": map[string]string{"value": "0", "currency": c}, "retail_portfolio_id": PortfolioUUID,
			"platform": "ACCOUNT_PLATFORM_CONSUMER",
		})
	}
	page, end := fakekit.Page(all, start, limit)
	next := ""
	if end < len(all) {
		next = strconv.Itoa(end)
	}
	return map[string]any{"accounts": page, "has_next": next != "", "cursor": next, "size": len(page)}, 0
}

func (s *Server) products(r *http.Request, _ string) (any, int) {
	out := []map[string]any{}
	for _, id := range r.URL.Query()["product_ids"] {
		base, quote, _ := strings.Cut(id, "-")
		if px, ok := prices[base]; ok && quote == "USD" {
			out = append(out, map[string]any{"product_id": id, "price": px, "price_percentage_change_24h": "1.2",
				"volume_24h": "1000", "base_currency_id": base, "quote_currency_id": "USD", "status": "online"})
		}
	}
	return map[string]any{"products": out, "num_products": len(out)}, 0
}

func (s *Server) fills(r *http.Request, _ string) (any, int) {
	q := r.URL.Query()
	limit := fakekit.PositiveParam(q.Get("limit"), 100, 100)
	from, ok := fakekit.TimeParam(q.Get("start_sequence_timestamp"), time.RFC3339)
	if !ok {
		return map[string]any{"error": "INVALID_ARGUMENT", "code": 3, "message": "invalid start_sequence_timestamp"}, http.StatusBadRequest
	}
	var match []fill
	for i := len(s.book.fills) - 1; i >= 0; i-- { // newest first
		if f := s.book.fills[i]; !f.at.Before(from) {
			match = append(match, f)
		}
	}
	start, _ := strconv.Atoi(q.Get("cursor"))
	page, end := fakekit.Page(match, start, limit)
	out := []map[string]any{}
	for _, f := range page {
		out = append(out, f.wire)
	}
	next := ""
	if end < len(match) {
		next = strconv.Itoa(end)
	}
	return map[string]any{"fills": out, "cursor": next}, 0
}
