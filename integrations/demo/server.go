package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Server is the demo institution: an OAuth 2.0 authorization server with a
// consent page, a credentials login API with every MFA kind, a brokerage data
// API and a crypto exchange API, all on one loopback listener. The app starts
// one lazily (see New); tests and `latchkey demo serve` start their own with
// NewServer.
type Server struct {
	opts   Options
	signer *signer
	revs   *revocations
	hs     *http.Server
	ln     net.Listener
	url    string

	mu          sync.Mutex
	consents    map[string]*consentReq
	codes       map[string]*authCode
	challenges  map[string]*challenge
	refreshGen  map[string]int // grant id → newest refresh generation issued
	windows     map[string]*window
	injected    Fault
	faultsLeft  int
	revokeAllAt int64           // unix nanoseconds; tokens issued at or before are revoked
	expireAt    int64           // unix nanoseconds; access tokens issued at or before are expired
	conns       map[string]bool // demo-crypto connection ids seen
	cache       map[string]*portfolio
}

// Fault is a failure the server can be told to inject into its next data
// requests (see Inject), for tests and the conformance suite.
type Fault int

// Injectable faults.
const (
	FaultServerError  Fault = iota + 1 // 500 with a JSON error body
	FaultRateLimited                   // 429 with Retry-After: 7
	FaultMaintenance                   // 503 maintenance with Retry-After: 60
	FaultMalformed                     // 200 with a body that is not JSON
	FaultTruncated                     // 200 whose body stops half-way (connection closed)
	FaultUnauthorized                  // 401 invalid_token
)

// FaultRetryAfter is the Retry-After FaultRateLimited answers with.
const FaultRetryAfter = 7 * time.Second

func (f Fault) String() string {
	switch f {
	case FaultServerError:
		return "server-error"
	case FaultRateLimited:
		return "rate-limited"
	case FaultMaintenance:
		return "maintenance"
	case FaultMalformed:
		return "malformed"
	case FaultTruncated:
		return "truncated"
	case FaultUnauthorized:
		return "unauthorized"
	}
	return "fault(" + strconv.Itoa(int(f)) + ")"
}

// Defaults.
const (
	defaultApproveAfter = 5 * time.Second
	defaultPollInterval = time.Second
	defaultRateLimit    = 120
	defaultGrantLife    = 90 * 24 * time.Hour
	accessTokenLife     = 15 * time.Minute
	approveTimeout      = 2 * time.Minute
	challengeLife       = 10 * time.Minute
)

func (o Options) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o Options) approveAfter() time.Duration {
	if o.ApproveAfter == 0 {
		return defaultApproveAfter
	}
	return o.ApproveAfter
}

func (o Options) rateLimit() int {
	if o.RateLimit <= 0 {
		return defaultRateLimit
	}
	return o.RateLimit
}

// NewServer starts a demo server listening on opts.Addr (default
// 127.0.0.1:0, an ephemeral loopback port). Its signing key and revocation
// list live in opts.DataDir, or in memory when it is "".
func NewServer(opts Options) (*Server, error) {
	key, err := loadKey(opts.DataDir)
	if err != nil {
		return nil, err
	}
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("demo: %w", err)
	}
	s := newServer(opts, key)
	s.ln = ln
	s.url = "http://" + ln.Addr().String()
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go s.hs.Serve(ln) //nolint:errcheck // returns ErrServerClosed on Close
	return s, nil
}

func newServer(opts Options, key []byte) *Server {
	return &Server{
		opts:       opts,
		signer:     &signer{key: key},
		revs:       newRevocations(opts.DataDir),
		consents:   map[string]*consentReq{},
		codes:      map[string]*authCode{},
		challenges: map[string]*challenge{},
		refreshGen: map[string]int{},
		windows:    map[string]*window{},
		conns:      map[string]bool{},
		cache:      map[string]*portfolio{},
	}
}

// URL returns the server's base URL, e.g. http://127.0.0.1:54321.
func (s *Server) URL() string { return s.url }

// Close stops the server.
func (s *Server) Close() error {
	if s.hs == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := s.hs.Shutdown(ctx); err != nil {
		return s.hs.Close()
	}
	return nil
}

// Inject makes the next n data requests (/v1/me, accounts, balances,
// positions, activities, the crypto API; not logins or token requests) fail
// with f. It replaces any pending injection; Inject(f, 0) clears it.
func (s *Server) Inject(f Fault, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.injected, s.faultsLeft = f, max(n, 0)
}

// ExpireAccessTokens expires every OAuth access token issued so far, so the
// next data call of an OAuth client has to refresh. Sessions and API keys
// are not affected.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireAt = max(s.now().UnixNano(), s.expireAt, s.revokeAllAt)
}

// RevokeAll revokes every grant this server issued or saw so far, as if every
// user revoked Latchkey's access at once. Logins made afterwards work. It is
// kept in memory only.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revokeAllAt = max(s.now().UnixNano(), s.revokeAllAt, s.expireAt)
	s.revs.mu.Lock()
	defer s.revs.mu.Unlock()
	for c := range s.conns {
		s.revs.ids[c] = true
	}
	for gid := range s.refreshGen {
		s.revs.ids[gid] = true
	}
}

// Revoke revokes one grant on this server, and in the revocation list of
// its data folder when it has one (see the package function Revoke).
func (s *Server) Revoke(g integrations.Grant) error {
	gid, err := grantID(g)
	if err != nil {
		return err
	}
	return s.revs.add(gid, s.opts.now())
}

func (s *Server) now() time.Time { return s.opts.now() }

// issuedAt returns a token issue time after any RevokeAll.
func (s *Server) issuedAt() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.now().UnixNano()
	if m := max(s.revokeAllAt, s.expireAt); t <= m {
		t = m + 1
	}
	return t
}

// Handler returns the server's routes, for mounting in another server.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.handleIndex)
	// OAuth 2.0 authorization server.
	mux.HandleFunc("GET /oauth/authorize", s.handleAuthorize)
	mux.HandleFunc("POST /oauth/consent", s.handleConsent)
	mux.HandleFunc("POST /oauth/token", s.handleToken)
	mux.HandleFunc("POST /oauth/revoke", s.handleRevoke)
	// Credentials login with MFA.
	mux.HandleFunc("POST /v1/auth/login", s.handleLogin)
	mux.HandleFunc("POST /v1/auth/mfa", s.handleMFA)
	mux.HandleFunc("GET /v1/auth/mfa/{id}", s.handleMFAStatus)
	mux.HandleFunc("GET /mfa/approve/{id}", s.handleApprovePage)
	mux.HandleFunc("POST /mfa/approve/{id}", s.handleApproveDecision)
	// Brokerage data API (bearer tokens).
	mux.HandleFunc("GET /v1/me", s.bearer(s.handleMe))
	mux.HandleFunc("GET /v1/accounts", s.bearer(s.handleAccounts))
	mux.HandleFunc("GET /v1/accounts/{id}/balances", s.bearer(s.handleBalances))
	mux.HandleFunc("GET /v1/accounts/{id}/positions", s.bearer(s.handlePositions))
	mux.HandleFunc("GET /v1/accounts/{id}/activities", s.bearer(s.handleActivities))
	mux.HandleFunc("GET /v1/accounts/{id}/history", s.bearer(s.handleHistory))
	// Crypto exchange API (signed requests).
	mux.HandleFunc("GET /crypto/v1/account", s.signed(s.handleCryptoAccount))
	mux.HandleFunc("GET /crypto/v1/balances", s.signed(s.handleCryptoBalances))
	mux.HandleFunc("GET /crypto/v1/ledger", s.signed(s.handleCryptoLedger))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "not_found", "No such endpoint.")
	})
	return mux
}

// apiError is the body of every JSON error the demo API answers with.
type apiError struct {
	Error   string `json:"error"`
	Message string `json:"message,omitempty"`
	// OAuth endpoints use error_description (RFC 6749).
	Description string `json:"error_description,omitempty"`
	RequestID   string `json:"request_id,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)+1))
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, apiError{Error: code, Message: msg, RequestID: randomID("req_")[:20]})
}

// principal is who a data request acts for.
type principal struct {
	inst    string
	user    string // demo username
	sub     string // institution-side user id
	grantID string
}

type dataHandler func(w http.ResponseWriter, r *http.Request, p principal)

// fault pops the next injected fault and answers with it; it reports
// whether it did.
func (s *Server) fault(w http.ResponseWriter) bool {
	s.mu.Lock()
	if s.faultsLeft == 0 {
		s.mu.Unlock()
		return false
	}
	f := s.injected
	s.faultsLeft--
	s.mu.Unlock()
	switch f {
	case FaultServerError:
		writeError(w, http.StatusInternalServerError, "internal_error", "An internal error occurred.")
	case FaultRateLimited:
		w.Header().Set("Retry-After", strconv.Itoa(int(FaultRetryAfter/time.Second)))
		writeError(w, http.StatusTooManyRequests, "rate_limited", "Too many requests.")
	case FaultMaintenance:
		w.Header().Set("Retry-After", "60")
		writeError(w, http.StatusServiceUnavailable, "maintenance", "Scheduled maintenance. Please try again later.")
	case FaultMalformed:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.Write([]byte(`{"accounts": [{"id": "x", <html>upstream error</html>`))
	case FaultTruncated:
		body := []byte(`{"accounts":[{"id":"ma_000000000000","account_number":"50000000","name":"Individual Margin (USD)","type":"MARGIN"`)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)*2))
		w.WriteHeader(http.StatusOK)
		w.Write(body)
		// Returning with fewer bytes than declared makes the server close
		// the connection: the client sees an unexpected EOF.
	case FaultUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		writeError(w, http.StatusUnauthorized, "invalid_token", "The access token is invalid.")
	default:
		writeError(w, http.StatusInternalServerError, "internal_error", "An internal error occurred.")
	}
	return true
}

// window is a fixed one-minute rate-limit window of one grant.
type window struct {
	reset time.Time
	used  int
}

// limit counts a request against the grant's window, sets the rate-limit
// headers, and answers 429 when the window is spent.
func (s *Server) limit(w http.ResponseWriter, gid string) bool {
	now := s.now()
	lim := s.opts.rateLimit()
	s.mu.Lock()
	win := s.windows[gid]
	if win == nil || !now.Before(win.reset) {
		win = &window{reset: now.Truncate(time.Second).Add(time.Minute)}
		s.windows[gid] = win
	}
	win.used++
	used, reset := win.used, win.reset
	s.mu.Unlock()
	remaining := max(lim-used, 0)
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(lim))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(remaining))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
	if used > lim {
		wait := int(reset.Sub(now).Round(time.Second) / time.Second)
		h.Set("Retry-After", strconv.Itoa(max(wait, 1)))
		writeError(w, http.StatusTooManyRequests, "rate_limited", fmt.Sprintf("Rate limit of %d requests per minute exceeded.", lim))
		return false
	}
	return true
}

// bearer authenticates a brokerage data request by its bearer token.
func (s *Server) bearer(h dataHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.fault(w) {
			return
		}
		tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || tok == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="demo"`)
			writeError(w, http.StatusUnauthorized, "invalid_token", "Missing bearer token.")
			return
		}
		c, err := s.signer.verify(tok, tokenTyp(tok))
		if err == nil && c.Typ != typAccess && c.Typ != typSession {
			err = errBadToken
		}
		var why string
		switch {
		case err != nil || c.Inst != ID:
			why = "The access token is invalid."
		case c.expired(s.now()) || s.accessExpired(c):
			why = "The access token expired."
		case s.isRevoked(c):
			why = "The grant was revoked by the user."
		}
		if why != "" {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeError(w, http.StatusUnauthorized, "invalid_token", why)
			return
		}
		if !s.limit(w, c.GrantID) {
			return
		}
		h(w, r, principal{inst: c.Inst, user: c.User, sub: c.Sub, grantID: c.GrantID})
	}
}

func tokenTyp(tok string) string {
	if len(tok) > 6 && strings.HasPrefix(tok, "dk_") {
		return tok[3:5]
	}
	return ""
}

func (s *Server) accessExpired(c claims) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return c.Typ == typAccess && c.IssuedAt <= s.expireAt
}

func (s *Server) isRevoked(c claims) bool {
	s.mu.Lock()
	before := s.revokeAllAt
	s.mu.Unlock()
	return c.IssuedAt <= before || s.revs.revoked(c.GrantID)
}

func (s *Server) portfolio(sub string, anchor int, exchange bool) *portfolio {
	k := fmt.Sprintf("%s|%d|%t", sub, anchor, exchange)
	s.mu.Lock()
	p := s.cache[k]
	s.mu.Unlock()
	if p != nil {
		return p
	}
	p = buildPortfolio(sub, anchor, exchange)
	s.mu.Lock()
	if len(s.cache) > 64 {
		clear(s.cache)
	}
	s.cache[k] = p
	s.mu.Unlock()
	return p
}

func (s *Server) anchor() int { return dayOf(s.now()) }

// owner is the institution-side user of a login: a brokerage username, or
// a demo-crypto API key's owner.
func owner(login string, exchange bool) string {
	if exchange {
		return cryptoUserID(apiKeys[login].user)
	}
	return userID(login)
}

// Counts says how many accounts the demo serves a login (a brokerage
// username, or a demo-crypto API key), and how many positions and
// activities the account accountID holds, on the server clock's day: what
// a conformance harness checks paging against.
func (s *Server) Counts(login string, exchange bool, accountID string) (accounts, positions, activities int) {
	p := s.portfolio(owner(login, exchange), s.anchor(), exchange)
	if a := p.account(accountID); a != nil {
		positions, activities = len(a.positions), len(a.activities)
	}
	return len(p.accounts), positions, activities
}

// AccountNumbers are the full account numbers the demo serves a login on
// now's day: they must never show unmasked.
func AccountNumbers(login string, exchange bool, now time.Time) []string {
	var out []string
	for _, a := range buildPortfolio(owner(login, exchange), dayOf(now), exchange).accounts {
		out = append(out, a.wire.Number)
	}
	return out
}
