// Package fake is a local stand-in for Alpaca's Trading API and OAuth
// server, live and paper on one loopback listener, for tests and for
// running Latchkey against (`--endpoints`, see Server.Endpoints).
//
// It reproduces what the alpaca package relies on: the APCA-API-KEY-ID and
// APCA-API-SECRET-KEY headers or an OAuth bearer token; GET /v2/account
// (decimals as JSON strings), GET /v2/positions and
// GET /v2/account/activities with after, until, direction (default desc),
// page_size (default and maximum 100) and page_token (the id of the row the
// page starts after, in the page's direction); errors as
// {"code":40110000,"message":"request is not authorized"}; X-RateLimit-Limit,
// -Remaining and -Reset (a Unix time) on every answer, and 429 without
// Retry-After past Options.RateLimit requests a minute; the OAuth consent
// page at GET /oauth/authorize (Approve and Deny buttons posting
// decision=approve|deny) and POST /oauth/token (authorization_code only; the
// token has no expiry and no refresh token, like Alpaca's).
//
// The live API is served at the root and the paper API under /paper (see
// Endpoints); OAuth is shared. Any client id is accepted, with any non-empty
// client secret, and any loopback redirect URI.
//
// # Test logins
//
//	live  key id AKLATCHKEYLIVE000001  secret key live-secret-6Jq2Vw9Rt4Yp8Zs1
//	paper key id PKLATCHKEYPAPER00001  secret key paper-secret-3Hn7Kc5Lm2Xb9Df4
//
// A key is refused on the other environment's host, and a wrong secret is
// refused (401). On the consent page, Approve issues a code; Deny sends
// error=access_denied back. Each environment holds one account with six
// positions (equities, a short, crypto, an option) and about 140 activities
// over the 120 days before the clock's day.
package fake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Test credentials.
const (
	LiveKeyID        = "AKLATCHKEYLIVE000001"
	LiveSecretKey    = "live-secret-6Jq2Vw9Rt4Yp8Zs1"
	PaperKeyID       = "PKLATCHKEYPAPER00001"
	PaperSecretKey   = "paper-secret-3Hn7Kc5Lm2Xb9Df4"
	defaultRateLimit = 200
	codeLife         = 10 * time.Minute
)

// Institution ids the fake serves (the alpaca package's ID and PaperID).
const (
	LiveID  = "alpaca"
	PaperID = "alpaca-paper"
)

// Options configure a fake server.
type Options struct {
	// Now is the server's clock (default time.Now). The data is anchored to
	// its UTC day.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// RateLimit is how many data requests a minute each key or token may
	// make before 429 (default 200, Alpaca's documented limit).
	RateLimit int
}

// Server is a running fake. It implements brokertest.Fake and
// brokertest.AfterInjector.
type Server struct {
	brokertest.Injector

	opts Options
	ln   net.Listener
	hs   *http.Server
	url  string

	mu          sync.Mutex
	codes       map[string]authCode
	tokens      map[string]bool // issued access tokens → still valid
	keysRevoked bool
	windows     map[string]*window
	cache       map[string]*Portfolio
}

type authCode struct {
	clientID, redirect string
	expires            time.Time
}

type window struct {
	minute int64
	n      int
}

var (
	_ brokertest.Fake          = (*Server)(nil)
	_ brokertest.AfterInjector = (*Server)(nil)
)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("alpaca fake: %w", err)
	}
	s := &Server{opts: opts, ln: ln, url: "http://" + ln.Addr().String(),
		codes: map[string]authCode{}, tokens: map[string]bool{}, windows: map[string]*window{}, cache: map[string]*Portfolio{}}
	s.Injector.Write = s.writeFault
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go s.hs.Serve(ln) //nolint:errcheck // ErrServerClosed on Close
	return s, nil
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.url }

// Close stops the server.
func (s *Server) Close() error { return s.hs.Close() }

// Endpoints maps each institution id to its endpoints on this server, ready
// to be written as an --endpoints file.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		LiveID:  {"api": s.url, "auth": s.url, "oauth": s.url},
		PaperID: {"api": s.url + "/paper", "auth": s.url, "oauth": s.url},
	}
}

// RevokeAll kills every token issued so far and both key pairs, as when the
// user revokes the app and deletes the keys in the dashboard.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for t := range s.tokens {
		s.tokens[t] = false
	}
	s.keysRevoked = true
}

// ExpireAccessTokens does nothing: Alpaca's tokens and keys do not expire.
func (s *Server) ExpireAccessTokens() {}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth/authorize", s.authorizePage)
	mux.HandleFunc("POST /oauth/authorize", s.authorizeDecision)
	mux.HandleFunc("POST /oauth/token", s.token)
	for _, env := range []string{LiveID, PaperID} {
		prefix := ""
		if env == PaperID {
			prefix = "/paper"
		}
		mux.Handle("GET "+prefix+"/v2/account", s.data(env, s.account))
		mux.Handle("GET "+prefix+"/v2/positions", s.data(env, s.positions))
		mux.Handle("GET "+prefix+"/v2/account/activities", s.data(env, s.activities))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, 40410000, "endpoint not found")
	})
	return mux
}

// --- Errors and faults -------------------------------------------------------

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg})
}

// writeFault answers the brokertest faults Alpaca's way where it has one: a
// 429 with X-RateLimit-Reset and no Retry-After, a 401 with its JSON error.
func (s *Server) writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.RateLimited:
		s.rateHeaders(w, 0)
		writeError(w, http.StatusTooManyRequests, 42910000, "rate limit exceeded "+brokertest.BodyCanary)
		return true
	case brokertest.Unauthorized:
		writeError(w, http.StatusUnauthorized, 40110000, "request is not authorized "+brokertest.BodyCanary)
		return true
	}
	return false
}

func (s *Server) rateLimit() int {
	if s.opts.RateLimit > 0 {
		return s.opts.RateLimit
	}
	return defaultRateLimit
}

func (s *Server) rateHeaders(w http.ResponseWriter, remaining int) {
	now := s.now()
	reset := now.Truncate(time.Minute).Add(time.Minute)
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(s.rateLimit()))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(remaining, 0)))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(reset.Unix(), 10))
}

// --- Data ----------------------------------------------------------------------

// data wraps a data handler: fault injection, authentication for env, the
// rate limit and its headers.
func (s *Server) data(env string, h func(w http.ResponseWriter, r *http.Request, p *Portfolio)) http.Handler {
	return s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		who, ok := s.authenticate(env, r)
		if !ok {
			writeError(w, http.StatusUnauthorized, 40110000, "request is not authorized")
			return
		}
		remaining, ok := s.count(who)
		s.rateHeaders(w, remaining)
		if !ok {
			writeError(w, http.StatusTooManyRequests, 42910000, "rate limit exceeded")
			return
		}
		h(w, r, s.Portfolio(env))
	}))
}

// authenticate checks the key pair or bearer token of a request to env.
func (s *Server) authenticate(env string, r *http.Request) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		return "token:" + tok, s.tokens[tok]
	}
	id, key := r.Header.Get("APCA-API-KEY-ID"), r.Header.Get("APCA-API-SECRET-KEY")
	if s.keysRevoked || id == "" {
		return "", false
	}
	switch env {
	case LiveID:
		return "key:" + id, id == LiveKeyID && key == LiveSecretKey
	default:
		return "key:" + id, id == PaperKeyID && key == PaperSecretKey
	}
}

// count counts a request against who's minute; it reports the requests left
// and whether this one is allowed.
func (s *Server) count(who string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.now().Unix() / 60
	win := s.windows[who]
	if win == nil || win.minute != m {
		win = &window{minute: m}
		s.windows[who] = win
	}
	win.n++
	return s.rateLimit() - win.n, win.n <= s.rateLimit()
}

// Portfolio returns env's data for the server clock's day.
func (s *Server) Portfolio(env string) *Portfolio {
	day := s.now().UTC().Truncate(24 * time.Hour)
	key := env + day.Format(time.DateOnly)
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := s.cache[key]; p != nil {
		return p
	}
	p := Build(env, day)
	s.cache[key] = p
	return p
}

func (s *Server) account(w http.ResponseWriter, _ *http.Request, p *Portfolio) {
	writeJSON(w, http.StatusOK, p.Account)
}

func (s *Server) positions(w http.ResponseWriter, _ *http.Request, p *Portfolio) {
	writeJSON(w, http.StatusOK, p.Positions)
}

// parseBound reads an after or until value: a date or an RFC 3339 time.
func parseBound(v string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, v)
}

func (s *Server) activities(w http.ResponseWriter, r *http.Request, p *Portfolio) {
	q := r.URL.Query()
	var after, until time.Time
	var err error
	if v := q.Get("after"); v != "" {
		if after, err = parseBound(v); err != nil {
			writeError(w, http.StatusUnprocessableEntity, 42210000, "invalid after")
			return
		}
	}
	if v := q.Get("until"); v != "" {
		if until, err = parseBound(v); err != nil {
			writeError(w, http.StatusUnprocessableEntity, 42210000, "invalid until")
			return
		}
	}
	size := 100
	if v := q.Get("page_size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusUnprocessableEntity, 42210000, "invalid page_size")
			return
		}
		size = min(n, 100)
	}
	desc := true
	switch q.Get("direction") {
	case "", "desc":
	case "asc":
		desc = false
	default:
		writeError(w, http.StatusUnprocessableEntity, 42210000, "invalid direction")
		return
	}
	rows := make([]Activity, 0, len(p.Activities))
	for _, a := range p.Activities {
		t := a.at
		if !after.IsZero() && !t.After(after) {
			continue
		}
		if !until.IsZero() && !t.Before(until) {
			continue
		}
		rows = append(rows, a)
	}
	if desc {
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].ID > rows[j].ID })
	}
	if tok := q.Get("page_token"); tok != "" {
		i := sort.Search(len(rows), func(i int) bool {
			if desc {
				return rows[i].ID < tok
			}
			return rows[i].ID > tok
		})
		rows = rows[i:]
	}
	if len(rows) > size {
		rows = rows[:size]
	}
	writeJSON(w, http.StatusOK, rows)
}

// --- OAuth -----------------------------------------------------------------------

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// loopbackRedirect accepts only http(s) redirect URIs on this machine.
func loopbackRedirect(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, false
	}
	h := u.Hostname()
	ip := net.ParseIP(h)
	return u, h == "localhost" || (ip != nil && ip.IsLoopback())
}

const consentPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>Alpaca (local fake): authorize an app</title></head>
<body style="font-family: sans-serif; max-width: 32em; margin: 3em auto">
<h1>Authorize %s</h1>
<p>The app <b>%s</b> asks to read your Alpaca %s account. This is Latchkey's local stand-in for Alpaca.</p>
<form method="post" action="/oauth/authorize">
<input type="hidden" name="client_id" value="%s">
<input type="hidden" name="redirect_uri" value="%s">
<input type="hidden" name="state" value="%s">
<input type="hidden" name="scope" value="%s">
<input type="hidden" name="env" value="%s">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>`

func (s *Server) authorizePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("response_type") != "code" || q.Get("client_id") == "" {
		http.Error(w, "response_type=code and client_id are required", http.StatusBadRequest)
		return
	}
	if _, ok := loopbackRedirect(q.Get("redirect_uri")); !ok {
		http.Error(w, "redirect_uri must be a loopback URL", http.StatusBadRequest)
		return
	}
	env := q.Get("env")
	if env != "paper" {
		env = "live"
	}
	e := html.EscapeString
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, consentPage, e(q.Get("client_id")), e(q.Get("client_id")), env,
		e(q.Get("client_id")), e(q.Get("redirect_uri")), e(q.Get("state")), e(q.Get("scope")), env)
}

func (s *Server) authorizeDecision(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	redirect, ok := loopbackRedirect(r.PostForm.Get("redirect_uri"))
	if !ok || r.PostForm.Get("client_id") == "" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	q := redirect.Query()
	if st := r.PostForm.Get("state"); st != "" {
		q.Set("state", st)
	}
	if r.PostForm.Get("decision") != "approve" {
		q.Set("error", "access_denied")
		q.Set("error_description", "The user denied the request")
	} else {
		code := randomToken(16)
		s.mu.Lock()
		s.codes[code] = authCode{clientID: r.PostForm.Get("client_id"), redirect: r.PostForm.Get("redirect_uri"), expires: s.now().Add(codeLife)}
		s.mu.Unlock()
		q.Set("code", code)
	}
	redirect.RawQuery = q.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "bad form")
		return
	}
	f := r.PostForm
	if f.Get("grant_type") != "authorization_code" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "only authorization_code")
		return
	}
	if f.Get("client_id") == "" || f.Get("client_secret") == "" {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "client_id and client_secret are required")
		return
	}
	s.mu.Lock()
	c, ok := s.codes[f.Get("code")]
	delete(s.codes, f.Get("code"))
	s.mu.Unlock()
	if !ok || s.now().After(c.expires) || c.clientID != f.Get("client_id") || c.redirect != f.Get("redirect_uri") {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the code is invalid, used or expired")
		return
	}
	tok := randomToken(24)
	s.mu.Lock()
	s.tokens[tok] = true
	s.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]string{"access_token": tok, "token_type": "bearer", "scope": ""})
}
