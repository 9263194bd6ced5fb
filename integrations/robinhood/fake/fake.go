// Package fake is a Robinhood Crypto Trading API server (the parts a
// read-only use needs) for tests and for running Latchkey against with
// --endpoints.
//
// Every request must carry x-api-key, x-timestamp and x-signature as
// docs.robinhood.com/crypto/trading defines them: the base64 Ed25519
// signature of api key + timestamp + path (with its query string) + method
// + body, by the private key whose public key the credential registered,
// with a timestamp within 30 seconds of the server's clock; anything else
// is 401 with the documented error body ({"type": "client_error",
// "errors": [{"detail", "attr": null}]}). It serves GET
// /api/v1/crypto/trading/accounts/ (one object), /api/v1/crypto/trading/
// holdings/ and /api/v1/crypto/trading/orders/ (paginated: results, next
// and previous as absolute links on trading.robinhood.com carrying the
// cursor, limit a page; orders newest first, filtered by created_at_start,
// created_at_end, updated_at_start, updated_at_end, symbol, side, state
// and type) and /api/v1/crypto/marketdata/best_bid_ask/ (symbol
// repeated; a pair not ending in -USD is a validation_error, a pair not
// listed is left out). Requests are counted per user account:
// Options.RateLimit a minute (default 300, the documented burst; the
// documented token bucket refills 100 a minute), 429 client_error past it.
//
// # Test logins
//
//	DemoAPIKey    "rh-api-6148effc-c0b1-486c-8940-a1d099456be6" with DemoPrivateKey — the key pair of
//	              Robinhood's own signature example (Authentication → Example Signature)
//	DemoAPIKey    with DemoSecretKey: the same private key as the Node.js script prints it (seed + public key)
//	LegacyAPIKey  "8a3b97c2-5e1f-4d6a-9c0e-2f7b4a1d6e93" (a key from before 2024-08-13: no rh-api- prefix)
//	              with LegacyPrivateKey: the same account
//	DisabledAPIKey with DemoPrivateKey: a disabled credential (403)
//
// OtherPrivateKey signs for no credential (401). RevokeAll deletes every
// credential; ExpireAccessTokens does nothing (each request is signed anew).
//
// # Data
//
// One crypto account (buying power in USD) holding BTC, ETH, DOGE, SOL and
// USDC (and LTC sold to zero), and about 140 orders from the six months
// before the clock's day: filled, partially filled, canceled after a
// partial fill, failed and open, with one or two executions each.
package fake

import (
	"cmp"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"io"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/robinhood"
)

// InstitutionID is the institution the fake serves.
const InstitutionID = robinhood.ID

// Test credentials (see the package doc).
const (
	DemoAPIKey     = "rh-api-6148effc-c0b1-486c-8940-a1d099456be6"
	DemoPrivateKey = "xQnTJVeQLmw1/Mg2YimEViSpw/SdJcgNXZ5kQkAXNPU="
	// DemoPublicKey is the public key Robinhood's example pairs with it.
	DemoPublicKey = "jPItx4TLjcnSUnmnXQQyAKL4eJj3+oWNNMmmm2vATqk="
	// DemoSecretKey is DemoPrivateKey as tweetnacl's keyPair.secretKey:
	// the seed followed by the public key.
	DemoSecretKey    = "xQnTJVeQLmw1/Mg2YimEViSpw/SdJcgNXZ5kQkAXNPWM8i3HhMuNydJSeaddBDIAovh4mPf6hY00yaaba8BOqQ=="
	LegacyAPIKey     = "8a3b97c2-5e1f-4d6a-9c0e-2f7b4a1d6e93"
	LegacyPrivateKey = "8jYp2F2qVd1Bc5G4mX0kT7rW3nLhE6aZsQ9uCyJoRvI="
	// LegacyPublicKey is the public key of LegacyPrivateKey's seed.
	LegacyPublicKey = "G4351qkK3nCNaKMLAdVDV/bEgF3xYltPO2eNvOpQw5M="
	DisabledAPIKey  = "rh-api-0d7c2b11-93a4-4c8e-b5f6-7e1a9d3c2f40"
	OtherPrivateKey = "Qm9yZWRvbS1pcy1ub3QtYS1rZXktYnV0LTMyLWJ5dGU="
	// AccountNumber is the demo user's crypto account number.
	AccountNumber = "5QR73619"
)

// liveHost is where the documented next and previous links point.
const liveHost = "https://trading.robinhood.com"

// Options configure the server (fakekit.PagedOptions). RateLimit is how
// many requests a minute a user account may make (default 300); PageSize
// is a list's page when the request names no limit (default 100), and a
// request's limit is capped at it.
type Options = fakekit.PagedOptions

type credential struct {
	pub      ed25519.PublicKey
	disabled bool
}

// Server is a fake Robinhood Crypto Trading API. It implements
// brokertest.Fake, AfterInjector, PathInjector and Counter.
type Server struct {
	fakekit.Base
	// RevokeAll deletes every credential; ExpireAccessTokens does nothing: every
	// request is signed anew.
	fakekit.Revocation
	opts  Options
	creds map[string]credential
	rate  *fakekit.Rate
	book  *book
}

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
)

// publicKey decodes a public key as the user registers it with Robinhood
// (base64 of the 32 bytes): the fake knows a credential by its public key
// only, as Robinhood does.
func publicKey(b64 string) (ed25519.PublicKey, error) {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw) != ed25519.PublicKeySize {
		return nil, errors.New("robinhood fake: a public key is not 32 bytes of base64")
	}
	return raw, nil
}

// New starts a server on opts.Addr.
func New(opts Options) (*Server, error) {
	demo, err := publicKey(DemoPublicKey)
	if err != nil {
		return nil, err
	}
	legacy, err := publicKey(LegacyPublicKey)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, creds: map[string]credential{
		DemoAPIKey: {pub: demo}, LegacyAPIKey: {pub: legacy}, DisabledAPIKey: {pub: demo, disabled: true},
	}}
	s.book = buildBook(fakekit.Now(opts.Now))
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 300), Per: time.Minute, Now: opts.Now,
		Scope: func(*http.Request, string) string { return "account:" + AccountNumber }}
	s.Injector.Write = writeFault
	return s, s.Start("robinhood fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns the --endpoints overrides.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL()}}
}

// Count says how many rows the server serves (brokertest.Counter).
func (s *Server) Count(list brokertest.List, _ string) int {
	fills := 0
	for _, o := range s.book.orders {
		fills += len(o.Executions)
	}
	return fakekit.CountOne(list, fakekit.CountWhere(s.book.holdings, func(h holding) bool { return h.qty != "0" }), fills)
}

// writeError writes the documented error body: validation_error for 400
// (attr names the field), client_error for other 4xx and server_error for
// 5xx (attr null).
func writeError(w http.ResponseWriter, status int, detail string, attr any) {
	typ := "client_error"
	switch {
	case status == http.StatusBadRequest:
		typ = "validation_error"
	case status >= 500:
		typ = "server_error"
	}
	fakekit.WriteJSON(w, status, map[string]any{"type": typ, "errors": []map[string]any{{"detail": detail, "attr": attr}}})
}

var writeFault = fakekit.Faults(func(w http.ResponseWriter, status int, _ struct{}, detail string) { writeError(w, status, detail, nil) },
	map[brokertest.Fault]fakekit.Answer[struct{}]{
		brokertest.ServerError:  {Status: http.StatusInternalServerError, Message: "Internal server error."},
		brokertest.Unauthorized: {Status: http.StatusUnauthorized, Message: "Invalid API key."},
		brokertest.RateLimited:  {Status: http.StatusTooManyRequests, Message: "Request was throttled.", RetryAfter: true},
	})

// Handler returns the routes.
func (s *Server) Handler() http.Handler {
	gate := fakekit.Gate{Auth: s.authenticate, Rate: s.rate,
		Deny: func(w http.ResponseWriter, r *http.Request) {
			status := http.StatusUnauthorized
			if c, ok := s.creds[r.Header.Get("x-api-key")]; ok && c.disabled {
				status = http.StatusForbidden
			}
			writeError(w, status, "Authentication credentials were not provided or are invalid.", nil)
		},
		Limited: func(w http.ResponseWriter, _ *http.Request) {
			writeError(w, http.StatusTooManyRequests, "Request was throttled.", nil)
		}}
	mux := http.NewServeMux()
	route := func(path string, h http.HandlerFunc) { mux.Handle("GET "+path, s.Guard(gate, h)) }
	route("/api/v1/crypto/trading/accounts/", s.account)
	route("/api/v1/crypto/trading/holdings/", s.holdings)
	route("/api/v1/crypto/trading/orders/", s.orders)
	route("/api/v1/crypto/marketdata/best_bid_ask/", s.bestBidAsk)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { writeError(w, http.StatusNotFound, "Not found.", nil) })
	return mux
}

// authenticate checks the three headers and the signature over the
// request as received (path with its raw query, method, body).
func (s *Server) authenticate(r *http.Request) (string, bool) {
	revoked := s.Revoked()
	key := r.Header.Get("x-api-key")
	c, ok := s.creds[key]
	if revoked || !ok || c.disabled {
		return "", false
	}
	tsText := r.Header.Get("x-timestamp")
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return "", false
	}
	if d := s.Now().Sub(time.Unix(ts, 0)); d > 30*time.Second || d < -30*time.Second {
		return "", false
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	return key, validSignature(c.pub, key, tsText, r.URL.RequestURI(), r.Method, string(body), r.Header.Get("x-signature"))
}

func (s *Server) account(w http.ResponseWriter, _ *http.Request) {
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"account_number": AccountNumber, "status": "active",
		"buying_power": s.book.buyingPower, "buying_power_currency": "USD"})
}

// pageOf cuts list at the request's cursor and limit and answers the
// documented envelope, next and previous on Robinhood's host.
func pageOf[T any](s *Server, w http.ResponseWriter, r *http.Request, path string, list []T) {
	q := r.URL.Query()
	most := cmp.Or(s.opts.PageSize, 100)
	size := fakekit.PositiveParam(q.Get("limit"), most, most)
	start := 0
	if c := q.Get("cursor"); c != "" {
		raw, err := base64.RawURLEncoding.DecodeString(c)
		n, err2 := strconv.Atoi(strings.TrimPrefix(string(raw), "o:"))
		if err != nil || err2 != nil || n < 0 || n > len(list) {
			writeError(w, http.StatusBadRequest, "Invalid cursor.", "cursor")
			return
		}
		start = n
	}
	end := min(start+size, len(list))
	link := func(at int) any {
		lq := maps.Clone(q)
		lq.Set("cursor", base64.RawURLEncoding.EncodeToString([]byte("o:"+strconv.Itoa(at))))
		return liveHost + path + "?" + lq.Encode()
	}
	var next, prev any
	if end < len(list) {
		next = link(end)
	}
	if start > 0 {
		prev = link(max(start-size, 0))
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"next": next, "previous": prev, "results": list[start:end]})
}

func (s *Server) holdings(w http.ResponseWriter, r *http.Request) {
	want := map[string]bool{}
	for _, c := range r.URL.Query()["asset_code"] {
		want[c] = true
	}
	var list []map[string]any
	for _, h := range s.book.holdings {
		if len(want) > 0 && !want[h.code] {
			continue
		}
		// v1 gives the quantities as JSON numbers.
		list = append(list, map[string]any{"account_number": AccountNumber, "asset_code": h.code,
			"total_quantity": jsonNumber(h.qty), "quantity_available_for_trading": jsonNumber(h.qty)})
	}
	pageOf(s, w, r, "/api/v1/crypto/trading/holdings/", list)
}

func (s *Server) orders(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	bound := func(name string) (time.Time, bool) {
		t, ok := fakekit.TimeParam(q.Get(name), time.RFC3339)
		if !ok {
			writeError(w, http.StatusBadRequest, "Enter a valid date/time.", name)
		}
		return t, ok
	}
	var times [4]time.Time
	for i, name := range []string{"created_at_start", "created_at_end", "updated_at_start", "updated_at_end"} {
		t, ok := bound(name)
		if !ok {
			return
		}
		times[i] = t
	}
	var list []wireOrder
	for _, o := range s.book.orders {
		if !fakekit.Within(o.created, times[0], times[1]) || !fakekit.Within(o.updated, times[2], times[3]) ||
			(q.Get("symbol") != "" && o.Symbol != q.Get("symbol")) || (q.Get("side") != "" && o.Side != q.Get("side")) ||
			(q.Get("state") != "" && o.State != q.Get("state")) || (q.Get("type") != "" && o.Type != q.Get("type")) ||
			(q.Get("id") != "" && o.ID != q.Get("id")) {
			continue
		}
		list = append(list, o.wireOrder)
	}
	pageOf(s, w, r, "/api/v1/crypto/trading/orders/", list)
}

func (s *Server) bestBidAsk(w http.ResponseWriter, r *http.Request) {
	out := []map[string]any{}
	for _, sym := range r.URL.Query()["symbol"] {
		asset, q, ok := strings.Cut(sym, "-")
		if !ok || q != "USD" || asset != strings.ToUpper(asset) {
			writeError(w, http.StatusBadRequest, "Only USD symbols are accepted, in upper case.", "symbol")
			return
		}
		px, ok := prices[asset]
		if !ok {
			continue
		}
		out = append(out, quoteOf(sym, px, s.Now()))
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"results": out})
}
