// Package fake is a local stand-in for Questrade's login server and API
// (live and practice on one loopback listener), for tests and for running
// Latchkey against (`--endpoints`, see Server.Endpoints).
//
// It reproduces what the questrade package relies on: the token endpoint
// /oauth2/token (GET or POST, parameters in the query) for
// grant_type=refresh_token and grant_type=authorization_code, answering
// {"access_token","token_type":"Bearer","expires_in":1800,"refresh_token",
// "api_server"}: every answer names the API server for the calls that
// follow, refresh tokens are single-use (a used one gets 400 Bad Request),
// access tokens last 30 minutes; the API under <api_server>v1/: accounts
// (with userId), accounts/:id/balances (perCurrencyBalances in CAD and USD),
// accounts/:id/positions, accounts/:id/activities?startTime=&endTime=
// (refused with 400 when the range exceeds 31 days) and symbols?ids=;
// numbers as JSON numbers, times as 2011-02-16T00:00:00.000000-05:00;
// errors as {"code":1017,"message":"Access token is invalid"} (401) and
// 429 with X-RateLimit-Remaining and X-RateLimit-Reset past Options.RateLimit
// requests a second; the OAuth consent page at GET /oauth2/authorize with
// Approve and Deny buttons.
//
// The live login server is the root and the practice one /practice (see
// Endpoints); the api_server it names is <url>/ or <url>/practice/. Any
// client id is accepted with any loopback redirect_uri.
//
// # Test logins
//
//	live manual token      QTmanualLive7xK2pV9qR4wZ  (user 3000124: Margin and TFSA accounts)
//	practice manual token  QTmanualPrac3mN8bT5yH1cJ  (user 3000999: one Margin account)
//
// These two stand for tokens generated in the API Centre and, unlike real
// ones, can be redeemed any number of times (until RevokeAll), so a person
// can connect again; GenerateToken mints single-use ones, as Questrade's
// are. Every refresh token the fake issues is single-use.
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
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Institution ids the fake serves (the questrade package's ID and PracticeID).
const (
	LiveID     = "questrade"
	PracticeID = "questrade-practice"
)

// Reusable manual tokens.
const (
	LiveManualToken     = "QTmanualLive7xK2pV9qR4wZ"
	PracticeManualToken = "QTmanualPrac3mN8bT5yH1cJ"
)

const (
	accessLife  = 1800 * time.Second
	refreshLife = 7 * 24 * time.Hour
	codeLife    = 10 * time.Minute
	maxRange    = 31 * 24 * time.Hour
)

// Options configure a fake server.
type Options struct {
	// Now is the server's clock (default time.Now); the data is anchored to
	// its UTC day.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// RateLimit is the account calls a second each token may make (default
	// 30, Questrade's documented limit).
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

	mu            sync.Mutex
	codes         map[string]code
	access        map[string]*grant // access token → grant
	refresh       map[string]*grant // unused refresh tokens
	manualRevoked bool
	windows       map[string]*window
	cache         map[string]*User
}

type grant struct {
	env     string
	expires time.Time
	revoked bool
}

type code struct {
	env, clientID, redirect string
	expires                 time.Time
}

type window struct {
	second int64
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
		return nil, fmt.Errorf("questrade fake: %w", err)
	}
	s := &Server{opts: opts, ln: ln, url: "http://" + ln.Addr().String(), codes: map[string]code{},
		access: map[string]*grant{}, refresh: map[string]*grant{}, windows: map[string]*window{}, cache: map[string]*User{}}
	s.Injector.Write = s.writeFault
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go s.hs.Serve(ln) //nolint:errcheck // ErrServerClosed on Close
	return s, nil
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.url }

// Close stops the server.
func (s *Server) Close() error { return s.hs.Close() }

// Endpoints maps each institution id to its endpoints on this server.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		LiveID:     {"auth": s.url},
		PracticeID: {"auth": s.url + "/practice"},
	}
}

func prefix(env string) string {
	if env == PracticeID {
		return "/practice"
	}
	return ""
}

// GenerateToken mints a single-use manual refresh token for env, as
// "Generate new token" in the API Centre does.
func (s *Server) GenerateToken(env string) string {
	t := "QTgen" + random(12)
	s.mu.Lock()
	s.refresh[t] = &grant{env: env, expires: s.now().Add(refreshLife)}
	s.mu.Unlock()
	return t
}

// RevokeAll kills every access and refresh token and the manual tokens.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.access {
		g.revoked = true
	}
	for _, g := range s.refresh {
		g.revoked = true
	}
	s.manualRevoked = true
}

// ExpireAccessTokens expires every access token issued so far.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.access {
		g.expires = time.Time{}
	}
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// User returns env's data for the server clock's day.
func (s *Server) User(env string) *User {
	day := s.now().UTC().Truncate(24 * time.Hour)
	key := env + day.Format(time.DateOnly)
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.cache[key]; u != nil {
		return u
	}
	u := Build(env, day)
	s.cache[key] = u
	return u
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, env := range []string{LiveID, PracticeID} {
		p := prefix(env)
		mux.HandleFunc("GET "+p+"/oauth2/authorize", s.authorizePage(env))
		mux.HandleFunc("POST "+p+"/oauth2/authorize", s.authorizeDecision(env))
		mux.HandleFunc(p+"/oauth2/token", s.token(env))
		mux.Handle("GET "+p+"/v1/accounts", s.data(env, s.accounts))
		mux.Handle("GET "+p+"/v1/accounts/{n}/balances", s.data(env, s.balances))
		mux.Handle("GET "+p+"/v1/accounts/{n}/positions", s.data(env, s.positions))
		mux.Handle("GET "+p+"/v1/accounts/{n}/activities", s.data(env, s.activities))
		mux.Handle("GET "+p+"/v1/symbols", s.data(env, s.symbols))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, 1001, "Invalid endpoint")
	})
	return mux
}

// --- Answers --------------------------------------------------------------------------

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"code": code, "message": msg})
}

func (s *Server) writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.Unauthorized:
		writeError(w, http.StatusUnauthorized, 1017, "Access token is invalid "+brokertest.BodyCanary)
		return true
	case brokertest.RateLimited:
		s.rateHeaders(w, 0)
		writeError(w, http.StatusTooManyRequests, 1006, "Rate limit exceeded "+brokertest.BodyCanary)
		return true
	}
	return false
}

func (s *Server) limit() int {
	if s.opts.RateLimit > 0 {
		return s.opts.RateLimit
	}
	return 30
}

func (s *Server) rateHeaders(w http.ResponseWriter, remaining int) {
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(remaining, 0)))
	w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(s.now().Unix()+1, 10))
}

// data wraps a data handler: faults, the access token, the rate limit.
func (s *Server) data(env string, h func(w http.ResponseWriter, r *http.Request, u *User)) http.Handler {
	return s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		g := s.access[tok]
		ok := tok != "" && g != nil && !g.revoked && g.env == env && s.now().Before(g.expires)
		s.mu.Unlock()
		if !ok {
			writeError(w, http.StatusUnauthorized, 1017, "Access token is invalid")
			return
		}
		left, allowed := s.count(tok)
		s.rateHeaders(w, left)
		if !allowed {
			writeError(w, http.StatusTooManyRequests, 1006, "Rate limit exceeded")
			return
		}
		h(w, r, s.User(env))
	}))
}

func (s *Server) count(tok string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sec := s.now().Unix()
	win := s.windows[tok]
	if win == nil || win.second != sec {
		win = &window{second: sec}
		s.windows[tok] = win
	}
	win.n++
	return s.limit() - win.n, win.n <= s.limit()
}

func (s *Server) accounts(w http.ResponseWriter, _ *http.Request, u *User) {
	var rows []map[string]any
	for i, a := range u.Accounts {
		rows = append(rows, map[string]any{"type": a.Type, "number": a.Number, "status": "Active",
			"isPrimary": i == 0, "isBilling": i == 0, "clientAccountType": a.ClientAccountType})
	}
	writeJSON(w, http.StatusOK, map[string]any{"accounts": rows, "userId": u.ID})
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, u *User) *Account {
	for _, a := range u.Accounts {
		if a.Number == r.PathValue("n") {
			return a
		}
	}
	writeError(w, http.StatusBadRequest, 1002, "Invalid or malformed argument: id")
	return nil
}

func (s *Server) balances(w http.ResponseWriter, r *http.Request, u *User) {
	a := s.account(w, r, u)
	if a == nil {
		return
	}
	per := balances(a)
	writeJSON(w, http.StatusOK, map[string]any{"perCurrencyBalances": per, "combinedBalances": per,
		"sodPerCurrencyBalances": per, "sodCombinedBalances": per})
}

func (s *Server) positions(w http.ResponseWriter, r *http.Request, u *User) {
	a := s.account(w, r, u)
	if a == nil {
		return
	}
	rows := a.Positions
	if rows == nil {
		rows = []Position{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"positions": rows})
}

// parseTime reads an ISO 8601 time with an offset.
func parseTime(v string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, v)
}

func (s *Server) activities(w http.ResponseWriter, r *http.Request, u *User) {
	a := s.account(w, r, u)
	if a == nil {
		return
	}
	q := r.URL.Query()
	start, err1 := parseTime(q.Get("startTime"))
	end, err2 := parseTime(q.Get("endTime"))
	switch {
	case err1 != nil:
		writeError(w, http.StatusBadRequest, 1002, "Invalid or malformed argument: startTime")
		return
	case err2 != nil:
		writeError(w, http.StatusBadRequest, 1002, "Invalid or malformed argument: endTime")
		return
	case end.Before(start):
		writeError(w, http.StatusBadRequest, 1002, "Invalid or malformed argument: endTime")
		return
	case end.Sub(start) > maxRange:
		writeError(w, http.StatusBadRequest, 1003, "Argument length exceeds imposed limit")
		return
	}
	rows := []Activity{}
	for _, x := range a.Activities {
		if !x.at.Before(start) && !x.at.After(end) {
			rows = append(rows, x)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"activities": rows})
}

func (s *Server) symbols(w http.ResponseWriter, r *http.Request, _ *User) {
	rows := []Symbol{}
	for _, id := range strings.Split(r.URL.Query().Get("ids"), ",") {
		n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, 1002, "Invalid or malformed argument: ids")
			return
		}
		if sym, ok := Symbols[n]; ok {
			sym.IsTradable, sym.IsQuotable = true, true
			rows = append(rows, sym)
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"symbols": rows})
}

// --- Login server -------------------------------------------------------------------------

func random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// badRequest is the login server's refusal: 400 and a plain body.
func badRequest(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte("Bad Request"))
}

// apiServer is the api_server a token answer names for env.
func (s *Server) apiServer(env string) string { return s.url + prefix(env) + "/" }

// issue answers a fresh access and refresh token for env.
func (s *Server) issue(w http.ResponseWriter, env string) {
	at, rt := random(16), random(16)
	now := s.now()
	s.mu.Lock()
	s.access[at] = &grant{env: env, expires: now.Add(accessLife)}
	s.refresh[rt] = &grant{env: env, expires: now.Add(refreshLife)}
	s.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"access_token": at, "api_server": s.apiServer(env),
		"expires_in": int(accessLife / time.Second), "refresh_token": rt, "token_type": "Bearer"})
}

func (s *Server) token(env string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		_ = r.ParseForm() // the query, and a form body if one was sent
		p := r.Form
		switch p.Get("grant_type") {
		case "refresh_token":
			rt := p.Get("refresh_token")
			manual := (env == LiveID && rt == LiveManualToken) || (env == PracticeID && rt == PracticeManualToken)
			s.mu.Lock()
			g := s.refresh[rt]
			delete(s.refresh, rt) // single-use
			ok := (manual && !s.manualRevoked) || (g != nil && !g.revoked && g.env == env && s.now().Before(g.expires))
			s.mu.Unlock()
			if !ok {
				badRequest(w)
				return
			}
			s.issue(w, env)
		case "authorization_code":
			c := p.Get("code")
			s.mu.Lock()
			got, found := s.codes[c]
			delete(s.codes, c)
			s.mu.Unlock()
			if !found || got.env != env || got.clientID != p.Get("client_id") || got.redirect != p.Get("redirect_uri") || s.now().After(got.expires) {
				badRequest(w)
				return
			}
			s.issue(w, env)
		default:
			badRequest(w)
		}
	}
}

func loopbackRedirect(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, false
	}
	ip := net.ParseIP(u.Hostname())
	return u, u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback())
}

const consentPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>Questrade (local fake): authorize an app</title></head>
<body style="font-family: sans-serif; max-width: 32em; margin: 3em auto">
<h1>Authorize %s</h1>
<p>The app <b>%s</b> asks to read your Questrade %s accounts. This is Latchkey's local stand-in for Questrade.</p>
<form method="post" action="%s/oauth2/authorize">
<input type="hidden" name="client_id" value="%s">
<input type="hidden" name="redirect_uri" value="%s">
<input type="hidden" name="state" value="%s">
<button type="submit" name="decision" value="approve">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>`

func (s *Server) authorizePage(env string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if q.Get("client_id") == "" || q.Get("response_type") != "code" {
			http.Error(w, "client_id and response_type=code are required", http.StatusBadRequest)
			return
		}
		if _, ok := loopbackRedirect(q.Get("redirect_uri")); !ok {
			http.Error(w, "redirect_uri must be a loopback URL", http.StatusBadRequest)
			return
		}
		which := "live"
		if env == PracticeID {
			which = "practice"
		}
		e := html.EscapeString
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, consentPage, e(q.Get("client_id")), e(q.Get("client_id")), which, prefix(env),
			e(q.Get("client_id")), e(q.Get("redirect_uri")), e(q.Get("state")))
	}
}

func (s *Server) authorizeDecision(env string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
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
		q.Set("state", r.PostForm.Get("state"))
		if r.PostForm.Get("decision") != "approve" {
			q.Set("error", "access_denied")
		} else {
			c := random(12)
			s.mu.Lock()
			s.codes[c] = code{env: env, clientID: r.PostForm.Get("client_id"), redirect: r.PostForm.Get("redirect_uri"), expires: s.now().Add(codeLife)}
			s.mu.Unlock()
			q.Set("code", c)
		}
		redirect.RawQuery = q.Encode()
		http.Redirect(w, r, redirect.String(), http.StatusFound)
	}
}
