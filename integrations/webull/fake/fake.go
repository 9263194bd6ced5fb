// Package fake is a Webull US OpenAPI server on loopback for tests and for
// running Latchkey against (--endpoints): App Key signatures (HMAC-SHA1) are
// verified, access tokens go PENDING → NORMAL as if the user approved them in
// the Webull app, and two accounts serve balances, positions and six months
// of order history.
//
// # Test logins
//
// Every App Key below takes its own App Secret; a wrong secret (a bad
// signature) is refused with HTTP 401 UNAUTHORIZED.
//
//	App Key            App Secret             behaviour
//	wb-app-key         wb-app-secret-0001     2FA on: the token is PENDING, then NORMAL on the
//	                                          second Check Token (Options.ApproveAfterChecks)
//	wb-app-key-open    wb-app-secret-0002     2FA off: the token is NORMAL at once
//	wb-app-key-late    wb-app-secret-0003     the token stays PENDING, then EXPIRED (never approved)
//	wb-app-key-void    wb-app-secret-0004     Check Token says INVALID
//
// The first two are the same Webull user (user id 1111702234) with the same
// accounts: a MARGIN account and a CASH account.
//
// Routes: POST /openapi/auth/token/create, POST /openapi/auth/token/check,
// GET /app/subscriptions/list, /account/profile, /account/balance,
// /account/positions, /openapi/account/orders/history.
package fake

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/webull"
)

// Options configure the fake.
type Options struct {
	// Now is the server's clock; nil means time.Now. Data is anchored to
	// Now's UTC day.
	Now func() time.Time
	// ApproveAfterChecks is the Check Token call on which a PENDING token of
	// wb-app-key turns NORMAL (default 2).
	ApproveAfterChecks int
	// Addr is the address to listen on (default 127.0.0.1:0).
	Addr string
}

// App is one registered application.
type App struct {
	Key, Secret string
	UserID      string
	mode        string
}

// Test apps.
var Apps = []App{
	{Key: "wb-app-key", Secret: "wb-app-secret-0001", UserID: "1111702234", mode: modeApprove},
	{Key: "wb-app-key-open", Secret: "wb-app-secret-0002", UserID: "1111702234", mode: modeOpen},
	{Key: "wb-app-key-late", Secret: "wb-app-secret-0003", UserID: "1111702235", mode: modeLate},
	{Key: "wb-app-key-void", Secret: "wb-app-secret-0004", UserID: "1111702236", mode: modeVoid},
}

const (
	modeApprove = "approve"
	modeOpen    = "open"
	modeLate    = "late"
	modeVoid    = "void"
)

type token struct {
	app     App
	status  string
	expires time.Time
	checks  int
}

// Server is a running fake.
type Server struct {
	brokertest.Injector

	opts Options
	ln   net.Listener
	srv  *http.Server
	url  string

	mu     sync.Mutex
	tokens map[string]*token
}

// New starts a fake on loopback.
func New(opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ApproveAfterChecks <= 0 {
		opts.ApproveAfterChecks = 2
	}
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, ln: ln, url: "http://" + ln.Addr().String(), tokens: map[string]*token{}}
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = s.srv.Serve(ln) }()
	return s, nil
}

// URL is the fake's base URL.
func (s *Server) URL() string { return s.url }

// Close stops the fake.
func (s *Server) Close() error { return s.srv.Close() }

// Endpoints returns the overrides that point Latchkey at the fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{webull.ID: {"api": s.url}}
}

// RevokeAll invalidates every token, as when the user deletes the app's
// access on webull.com.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.status = "INVALID"
	}
}

// ExpireAccessTokens does nothing: Webull tokens have no refresh; they end
// after 15 days unused.
func (s *Server) ExpireAccessTokens() {}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /openapi/auth/token/create", s.tokenCreate)
	mux.HandleFunc("POST /openapi/auth/token/check", s.tokenCheck)
	data := func(h func(http.ResponseWriter, *http.Request, *portfolio)) http.Handler {
		return s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p, ok := s.authorize(w, r)
			if ok {
				h(w, r, p)
			}
		}))
	}
	mux.Handle("GET /app/subscriptions/list", data(s.subscriptions))
	mux.Handle("GET /account/profile", data(s.profile))
	mux.Handle("GET /account/balance", data(s.balance))
	mux.Handle("GET /account/positions", data(s.positions))
	mux.Handle("GET /openapi/account/orders/history", data(s.orders))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no such API")
	})
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes Webull's error body.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"error_code": code, "message": msg})
}

// verify checks the request's signature and returns its app.
func (s *Server) verify(w http.ResponseWriter, r *http.Request) (App, []byte, bool) {
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_PARAMETER", "unreadable body")
		return App{}, nil, false
	}
	h := r.Header
	var app App
	for _, a := range Apps {
		if a.Key == h.Get(webull.HeaderAppKey) {
			app = a
		}
	}
	if app.Key == "" || h.Get(webull.HeaderSigAlgorithm) != webull.SigAlgorithm || h.Get(webull.HeaderSigVersion) != webull.SigVersion ||
		h.Get(webull.HeaderSigNonce) == "" {
		writeError(w, http.StatusUnauthorized, "UNAUTHORIZED", "Insufficient permission")
		return App{}, nil, false
	}
	if _, err := time.Parse(webull.TimestampLayout, h.Get(webull.HeaderTimestamp)); err != nil {
		writeError(w, http.StatusUnauthorized, "UNAUTHORIZED", "Invalid timestamp")
		return App{}, nil, false
	}
	want := webull.Signature(webull.SignInput{Path: r.URL.Path, Query: r.URL.Query(), Body: body, Host: r.Host,
		AppKey: app.Key, Timestamp: h.Get(webull.HeaderTimestamp), Nonce: h.Get(webull.HeaderSigNonce)}, app.Secret)
	if subtle.ConstantTimeCompare([]byte(want), []byte(h.Get(webull.HeaderSignature))) != 1 {
		writeError(w, http.StatusUnauthorized, "UNAUTHORIZED", "Signature verification failed")
		return App{}, nil, false
	}
	return app, body, true
}

func newToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request) {
	app, _, ok := s.verify(w, r)
	if !ok {
		return
	}
	if r.Header.Get(webull.HeaderVersion) != "v2" {
		writeError(w, 417, "INVALID_PARAMETER", "x-version must be v2")
		return
	}
	t := &token{app: app, status: "PENDING", expires: s.opts.Now().Add(webull.TokenLifetime)}
	if app.mode == modeOpen {
		t.status = "NORMAL"
	}
	id := newToken()
	s.mu.Lock()
	s.tokens[id] = t
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"token": id, "expires": t.expires.UnixMilli(), "status": t.status})
}

func (s *Server) tokenCheck(w http.ResponseWriter, r *http.Request) {
	app, body, ok := s.verify(w, r)
	if !ok {
		return
	}
	var req struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.Token == "" {
		writeError(w, 417, "INVALID_PARAMETER", "token is required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, found := s.tokens[req.Token]
	if !found || t.app.Key != app.Key {
		writeJSON(w, http.StatusOK, map[string]any{"token": req.Token, "expires": 0, "status": "INVALID"})
		return
	}
	t.checks++
	if t.status == "PENDING" {
		switch app.mode {
		case modeApprove:
			if t.checks >= s.opts.ApproveAfterChecks {
				t.status = "NORMAL"
			}
		case modeLate:
			if t.checks >= 2 {
				t.status = "EXPIRED"
			}
		case modeVoid:
			t.status = "INVALID"
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"token": req.Token, "expires": t.expires.UnixMilli(), "status": t.status})
}

// authorize checks a data request: a valid signature and an approved token.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) (*portfolio, bool) {
	app, _, ok := s.verify(w, r)
	if !ok {
		return nil, false
	}
	s.mu.Lock()
	t, found := s.tokens[r.Header.Get(webull.HeaderAccessToken)]
	valid := found && t.app.Key == app.Key && t.status == "NORMAL" && s.opts.Now().Before(t.expires)
	if valid {
		t.expires = s.opts.Now().Add(webull.TokenLifetime) // unused for 15 days → invalid
	}
	s.mu.Unlock()
	if !valid {
		writeError(w, http.StatusUnauthorized, "INVALID_TOKEN", "Token is invalid or expired")
		return nil, false
	}
	return buildPortfolio(app.UserID, anchor(s.opts.Now())), true
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, p *portfolio) *acct {
	a := p.find(r.URL.Query().Get("account_id"))
	if a == nil {
		writeError(w, 417, "ACCOUNT_NOT_FOUND", "account not found")
	}
	return a
}

func (s *Server) subscriptions(w http.ResponseWriter, r *http.Request, p *portfolio) {
	after := r.URL.Query().Get("subscription_id")
	rows := []map[string]string{}
	started := after == ""
	for _, a := range p.accounts {
		if !started {
			started = a.subscriptionID == after
			continue
		}
		rows = append(rows, map[string]string{"subscription_id": a.subscriptionID, "user_id": p.userID,
			"account_id": a.id, "account_number": a.number})
		if len(rows) == 100 {
			break
		}
	}
	writeJSON(w, http.StatusOK, rows)
}

func (s *Server) profile(w http.ResponseWriter, r *http.Request, p *portfolio) {
	if a := s.account(w, r, p); a != nil {
		writeJSON(w, http.StatusOK, map[string]string{"account_number": a.number, "account_type": a.typ, "account_status": "NORMAL"})
	}
}

func (s *Server) balance(w http.ResponseWriter, r *http.Request, p *portfolio) {
	a := s.account(w, r, p)
	if a == nil {
		return
	}
	writeJSON(w, http.StatusOK, a.balance())
}

func (s *Server) positions(w http.ResponseWriter, r *http.Request, p *portfolio) {
	a := s.account(w, r, p)
	if a == nil {
		return
	}
	size := pageSize(r, 10, 100)
	after := r.URL.Query().Get("last_instrument_id")
	start := 0
	if after != "" {
		start = len(a.holdings)
		for i, h := range a.holdings {
			if h.InstrumentID == after {
				start = i + 1
			}
		}
	}
	end := min(start+size, len(a.holdings))
	writeJSON(w, http.StatusOK, map[string]any{"has_next": end < len(a.holdings), "holdings": a.holdings[start:end]})
}

func pageSize(r *http.Request, def, most int) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page_size"))
	if err != nil || n <= 0 {
		return def
	}
	return min(n, most)
}

func (s *Server) orders(w http.ResponseWriter, r *http.Request, p *portfolio) {
	a := s.account(w, r, p)
	if a == nil {
		return
	}
	q := r.URL.Query()
	size := pageSize(r, 10, 100)
	var list []order
	if from := q.Get("start_date"); from != "" {
		if _, err := time.Parse(time.DateOnly, from); err != nil {
			writeError(w, 417, "INVALID_PARAMETER", "start_date must be yyyy-MM-dd")
			return
		}
		for _, o := range a.orders {
			if o.placed.Format(time.DateOnly) >= from {
				list = append(list, o)
			}
		}
	} else {
		list = a.orders
	}
	start := 0
	if after := q.Get("last_client_order_id"); after != "" {
		start = len(list)
		for i, o := range list {
			if o.wire.ClientOrderID == after {
				start = i + 1
			}
		}
	}
	end := min(start+size, len(list))
	page := make([]wireOrder, 0, end-start)
	for _, o := range list[start:end] {
		page = append(page, o.wire)
	}
	writeJSON(w, http.StatusOK, map[string]any{"has_next": end < len(list), "orders": page})
}

// Count says how many rows the fake serves wb-app-key's user.
func (s *Server) Count(list brokertest.List, accountID string) int {
	p := buildPortfolio(Apps[0].UserID, anchor(s.opts.Now()))
	if list == brokertest.ListAccounts {
		return len(p.accounts)
	}
	a := p.find(accountID)
	if a == nil {
		return 0
	}
	if list == brokertest.ListPositions {
		return len(a.holdings)
	}
	n := 0
	for _, o := range a.orders {
		if o.filled {
			n++
		}
	}
	return n
}

// FullAccountNumbers returns the unmasked account numbers of a user.
func FullAccountNumbers(userID string) []string {
	var out []string
	for _, a := range buildPortfolio(userID, anchor(time.Now())).accounts {
		out = append(out, a.number)
	}
	return out
}
