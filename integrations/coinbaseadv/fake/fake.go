// Package fake is a Coinbase Advanced Trade REST server (the parts a
// read-only CDP key uses) for tests and for running Latchkey against with
// --endpoints.
//
// Every request must carry Authorization: Bearer <JWT>, an ES256 token
// signed with the key's EC private key whose header kid and claim sub name
// the key, iss is "cdp", nbf/exp bracket the server's clock (60 s) and uri
// is "<METHOD> <host><path>" of that very request; anything else is 401
// "Unauthorized". It serves GET /api/v3/brokerage/key_permissions,
// /api/v3/brokerage/accounts (limit, cursor, has_next),
// /api/v3/brokerage/products?product_ids=… and
// /api/v3/brokerage/orders/historical/fills (limit ≤ 100 here, cursor,
// start_sequence_timestamp).
//
// # Test logins
//
//	DemoKeyName   "organizations/lk-demo-org/apiKeys/lk-demo-key-1" with DemoPrivateKey: a View key
//	SecondKeyName "organizations/lk-demo-org/apiKeys/lk-demo-key-2" with DemoPrivateKey: another
//	              View key of the same portfolio
//	NoViewKeyName "organizations/lk-demo-org/apiKeys/lk-demo-noview" with DemoPrivateKey: can_view false
//
// The same names with OtherPrivateKey fail the signature (401). RevokeAll
// deletes every key; ExpireAccessTokens does nothing (each request signs a
// new token).
//
// # Data
//
// One portfolio: USD cash and BTC, ETH, SOL, ADA, LINK and USDC wallets, and
// about 130 fills from January to June 2025 (buys, sells, one reversal).
package fake

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/coinbaseadv"
)

// Test keys (see the package doc).
const (
	DemoKeyName    = "organizations/lk-demo-org/apiKeys/lk-demo-key-1"
	SecondKeyName  = "organizations/lk-demo-org/apiKeys/lk-demo-key-2"
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
	// PortfolioUUID is the portfolio every demo key belongs to.
	PortfolioUUID = "9f1a2b3c-4d5e-4f60-8a7b-1c2d3e4f5a6b"
)

// Options configure the server.
type Options struct {
	// Now is the server's clock; nil means time.Now.
	Now func() time.Time
}

// Server is a fake Coinbase Advanced Trade. It implements brokertest.Fake.
type Server struct {
	brokertest.Injector
	opts Options
	ln   net.Listener
	hs   *http.Server
	url  string
	pub  *ecdsa.PublicKey
	book *book

	mu      sync.Mutex
	revoked bool
}

// New starts a server on loopback.
func New(opts Options) (*Server, error) {
	k, err := coinbaseadv.ParseKey(DemoPrivateKey)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("coinbase fake: %w", err)
	}
	s := &Server{opts: opts, ln: ln, url: "http://" + ln.Addr().String(), pub: &k.PublicKey, book: buildBook()}
	s.Injector.Write = writeFault
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go s.hs.Serve(ln) //nolint:errcheck // ErrServerClosed on Close
	return s, nil
}

// URL returns the base URL.
func (s *Server) URL() string { return s.url }

// Close stops the server.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.hs.Shutdown(ctx); err != nil {
		return s.hs.Close()
	}
	return nil
}

// Endpoints returns the --endpoints overrides.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{coinbaseadv.ID: {"api": s.url}}
}

// RevokeAll deletes every key.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revoked = true
}

// ExpireAccessTokens does nothing: every request signs a new token.
func (s *Server) ExpireAccessTokens() {}

// Count says how many rows the server serves (brokertest.Counter).
func (s *Server) Count(list brokertest.List, _ string) int {
	switch list {
	case brokertest.ListAccounts:
		return 1
	case brokertest.ListPositions:
		n := 0
		for c, amt := range s.book.balances {
			if c != "USD" && !amt.IsZero() {
				n++
			}
		}
		return n
	}
	return len(s.book.fills)
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

func writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	if f != brokertest.Unauthorized {
		return false
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte("Unauthorized " + brokertest.BodyCanary + "\n"))
	return true
}

func unauthorized(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte("Unauthorized\n"))
}

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	route := func(path string, h func(r *http.Request, key string) (any, int)) {
		mux.Handle("GET "+path, s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key, ok := s.authenticate(r)
			if !ok {
				unauthorized(w)
				return
			}
			v, status := h(r, key)
			w.Header().Set("Content-Type", "application/json")
			if status != 0 {
				w.WriteHeader(status)
			}
			_ = json.NewEncoder(w).Encode(v)
		})))
	}
	route("/api/v3/brokerage/key_permissions", s.permissions)
	route("/api/v3/brokerage/accounts", s.accounts)
	route("/api/v3/brokerage/products", s.products)
	route("/api/v3/brokerage/orders/historical/fills", s.fills)
	return mux
}

// authenticate verifies the request's JWT.
func (s *Server) authenticate(r *http.Request) (string, bool) {
	s.mu.Lock()
	revoked := s.revoked
	s.mu.Unlock()
	auth := r.Header.Get("Authorization")
	if revoked || len(auth) < 8 || auth[:7] != "Bearer " {
		return "", false
	}
	var kid string
	claims := jwt.MapClaims{}
	_, err := jwt.ParseWithClaims(auth[7:], claims, func(t *jwt.Token) (any, error) {
		kid, _ = t.Header["kid"].(string)
		switch kid {
		case DemoKeyName, SecondKeyName, NoViewKeyName:
			return s.pub, nil
		}
		return nil, fmt.Errorf("unknown key")
	}, jwt.WithValidMethods([]string{"ES256"}), jwt.WithTimeFunc(s.now), jwt.WithIssuer("cdp"), jwt.WithExpirationRequired())
	if err != nil {
		return "", false
	}
	if sub, _ := claims["sub"].(string); sub != kid {
		return "", false
	}
	if uri, _ := claims["uri"].(string); uri != r.Method+" "+r.Host+r.URL.Path {
		return "", false
	}
	exp, _ := claims.GetExpirationTime()
	nbf, _ := claims.GetNotBefore()
	if nbf == nil || exp.Sub(nbf.Time) > 2*time.Minute {
		return "", false
	}
	return kid, true
}

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
	for _, c := range sortedKeys(s.book.balances) {
		v := s.book.balances[c].String()
		id := uuid("wallet-" + c)
		all = append(all, map[string]any{
			"uuid": id, "name": c + " Wallet", "currency": c, "available_balance": map[string]string{"value": v, "currency": c},
			"default": c == "USD", "active": true, "created_at": "2024-12-01T10:00:00Z", "updated_at": "2025-06-30T10:00:00Z",
			"deleted_at": nil, "type": map[bool]string{true: "ACCOUNT_TYPE_FIAT", false: "ACCOUNT_TYPE_CRYPTO"}[c == "USD"],
			"ready": true, "hold": map[string]string{"value": "0", "currency": c}, "retail_portfolio_id": PortfolioUUID,
		})
	}
	end := min(start+limit, len(all))
	if start > len(all) {
		start = len(all)
	}
	next := ""
	if end < len(all) {
		next = strconv.Itoa(end)
	}
	return map[string]any{"accounts": all[start:end], "has_next": next != "", "cursor": next, "size": end - start}, 0
}

var prices = map[string]string{"BTC": "64210.55", "ETH": "3118.42", "SOL": "142.27", "ADA": "0.4519", "LINK": "14.12", "USDC": "1"}

func (s *Server) products(r *http.Request, _ string) (any, int) {
	var out []map[string]any
	for _, id := range r.URL.Query()["product_ids"] {
		base := id
		if len(id) > 4 {
			base = id[:len(id)-4]
		}
		if px, ok := prices[base]; ok && id == base+"-USD" {
			out = append(out, map[string]any{"product_id": id, "price": px, "price_percentage_change_24h": "1.2",
				"base_currency_id": base, "quote_currency_id": "USD", "status": "online"})
		}
	}
	return map[string]any{"products": out, "num_products": len(out)}, 0
}

func (s *Server) fills(r *http.Request, _ string) (any, int) {
	q := r.URL.Query()
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	var from time.Time
	if v := q.Get("start_sequence_timestamp"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return map[string]any{"error": "INVALID_ARGUMENT", "code": 3, "message": "invalid start_sequence_timestamp"}, http.StatusBadRequest
		}
		from = t
	}
	var match []fill
	for i := len(s.book.fills) - 1; i >= 0; i-- { // newest first
		if f := s.book.fills[i]; !f.at.Before(from) {
			match = append(match, f)
		}
	}
	start, _ := strconv.Atoi(q.Get("cursor"))
	start = min(max(start, 0), len(match))
	end := min(start+limit, len(match))
	var out []map[string]any
	for _, f := range match[start:end] {
		out = append(out, f.wire)
	}
	next := ""
	if end < len(match) {
		next = strconv.Itoa(end)
	}
	return map[string]any{"fills": out, "cursor": next}, 0
}

// --- Data ---------------------------------------------------------------------

type fill struct {
	at   time.Time
	wire map[string]any
}

type book struct {
	fills    []fill
	balances map[string]decimal.Decimal
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func uuid(seed string) string {
	h := sha256.Sum256([]byte("latchkey-coinbase-" + seed))
	x := hex.EncodeToString(h[:16])
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

var t0 = time.Date(2025, 1, 2, 14, 0, 0, 0, time.UTC)

func buildBook() *book {
	b := &book{balances: map[string]decimal.Decimal{"USD": dec("60000"), "USDC": dec("250")}}
	add := func(c string, amt decimal.Decimal) {
		b.balances[c] = b.balances[c].Add(amt)
		if b.balances[c].IsNegative() {
			panic("coinbase fake: negative " + c)
		}
	}
	type buy struct{ base, size, price string }
	cycle := []buy{{"BTC", "0.01", "61000"}, {"ETH", "0.15", "3050"}, {"SOL", "2", "139.5"}, {"ADA", "300", "0.44"}, {"LINK", "10", "13.8"}}
	for i := 0; i < 130; i++ {
		x, side, size := cycle[i%len(cycle)], "BUY", cycle[i%len(cycle)].size
		if i%6 == 5 {
			x = cycle[(i-1)%len(cycle)]
			side, size = "SELL", dec(x.size).Div(decimal.NewFromInt(2)).String()
		}
		drift := decimal.NewFromInt(int64(1000 + (i*37)%90 - 45)).Div(decimal.NewFromInt(1000))
		price := dec(x.price).Mul(drift).Round(2)
		n := dec(size)
		notional := n.Mul(price)
		fee := notional.Mul(dec("0.006")).Round(2)
		at := t0.Add(time.Duration(i) * 31 * time.Hour)
		tradeType := "FILL"
		if i == 77 {
			tradeType = "REVERSAL"
		}
		w := map[string]any{
			"entry_id": uuid(fmt.Sprintf("entry-%d", i)), "trade_id": uuid(fmt.Sprintf("trade-%d", i)), "order_id": uuid(fmt.Sprintf("order-%d", i)),
			"trade_time": at.Format(time.RFC3339Nano), "trade_type": tradeType, "price": price.String(), "size": n.String(),
			"commission": fee.String(), "product_id": x.base + "-USD", "sequence_timestamp": at.Format(time.RFC3339Nano),
			"liquidity_indicator": "TAKER", "size_in_quote": false, "user_id": "lk-demo-user", "side": side,
			"retail_portfolio_id": PortfolioUUID,
		}
		b.fills = append(b.fills, fill{at: at, wire: w})
		if tradeType != "FILL" {
			continue
		}
		if side == "BUY" {
			add(x.base, n)
			add("USD", notional.Add(fee).Neg())
		} else {
			add(x.base, n.Neg())
			add("USD", notional.Sub(fee))
		}
	}
	return b
}
