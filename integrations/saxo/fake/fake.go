// Package fake is a stand-in for Saxo Bank's OpenAPI on loopback, both
// environments on one listener: the authentication server (a consent page
// with Approve and Deny, and the token endpoint of the authorization code
// grant with PKCE) and the portfolio and client-services endpoints Latchkey
// reads, with Saxo's paths, PascalCase JSON, {"__count","__next","Data"}
// envelopes, error bodies and rate-limit headers. The app runs it as a
// standalone server (see Endpoints); the package's tests run the conformance
// suite against it.
//
// Routes: live auth under /live (authorize, token), SIM auth under /sim;
// live OpenAPI under /openapi, SIM under /sim/openapi. Tokens of one
// environment are refused by the other.
//
// # Test logins
//
// The consent page signs in as a Saxo user; its username field is
// pre-filled with "saxo_user":
//
//	saxo_user   client 9073876: a EUR account (••••3876) and a USD account (••••3877)
//	saxo_other  client 5550123: one DKK account (••••0123)
//
// Any client id (AppKey) is accepted without a secret; PKCE with S256 is
// required and the code_verifier is checked at the token endpoint.
//
// # Quirks reproduced
//
//   - Access tokens last 20 minutes, refresh tokens 1 hour; every refresh
//     returns a new refresh token and the used one is refused from then on
//     (400 invalid_grant); a refresh may carry the login's code_verifier,
//     which must then match.
//   - Lists come in {"__count","__next","Data"} envelopes, Options.PageSize
//     rows at a time (at most $top), __next an absolute URL.
//   - Every amount is a JSON number; booking dates are YYYY-MM-DD.
//   - A missing, expired or revoked token is 401 with an empty body and
//     WWW-Authenticate; other errors are {"ErrorCode","Message"}; past
//     Options.RateLimit requests a minute per session, 429 with
//     X-RateLimit-Session-Remaining: 0 and X-RateLimit-Session-Reset (no
//     Retry-After).
package fake

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Institution ids the fake serves.
const (
	LiveID = "saxo"
	SimID  = "saxo-sim"
)

// Test logins.
const (
	User      = "saxo_user"
	OtherUser = "saxo_other"
)

// Lifetimes, as Saxo documents them.
const (
	AccessTokenLife  = 20 * time.Minute
	RefreshTokenLife = time.Hour
)

// Options configure a fake.
type Options struct {
	// Now is the server's clock; nil means time.Now. The data is anchored to
	// Now's UTC day.
	Now func() time.Time
	// RateLimit is the requests a minute each session may make before a 429
	// (default 120, Saxo's per service group).
	RateLimit int
	// PageSize is the most rows one page of a list holds (default 100).
	PageSize int
}

// Server is a running fake.
type Server struct {
	brokertest.Injector

	opts Options
	hs   *http.Server
	url  string

	mu       sync.Mutex
	consents map[string]consent
	codes    map[string]authCode
	access   map[string]*token
	refresh  map[string]*token
	windows  map[string]*window
}

type consent struct {
	env, redirect, state, challenge string
}

type authCode struct {
	consent
	user    string
	expires time.Time
}

type token struct {
	env, user, session, challenge string
	expires                       time.Time
	dead                          bool
}

type window struct {
	start time.Time
	n     int
}

// New starts a fake on 127.0.0.1 on an ephemeral port.
func New(opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.RateLimit <= 0 {
		opts.RateLimit = 120
	}
	if opts.PageSize <= 0 {
		opts.PageSize = 100
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, url: "http://" + ln.Addr().String(),
		consents: map[string]consent{}, codes: map[string]authCode{}, access: map[string]*token{},
		refresh: map[string]*token{}, windows: map[string]*window{}}
	s.Injector.Write = writeFault
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go s.hs.Serve(ln) //nolint:errcheck // ends with ErrServerClosed
	return s, nil
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.url }

// Close stops the server.
func (s *Server) Close() error { return s.hs.Close() }

// Endpoints returns both institutions' endpoints pointing at the fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		LiveID: {"api": s.url + "/openapi", "auth": s.url + "/live"},
		SimID:  {"api": s.url + "/sim/openapi", "auth": s.url + "/sim"},
	}
}

// RevokeAll ends every session, as signing out everywhere does.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.access {
		t.dead = true
	}
	for _, t := range s.refresh {
		t.dead = true
	}
}

// ExpireAccessTokens expires every access token issued so far.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	for _, t := range s.access {
		if t.expires.After(now) {
			t.expires = now
		}
	}
}

// Count says how many rows the fake serves User (brokertest.Counter).
func (s *Server) Count(list brokertest.List, accountID string) int {
	c := clientOf(User, s.day())
	if list == brokertest.ListAccounts {
		return len(c.accounts)
	}
	for _, a := range c.accounts {
		if a.key == accountID {
			if list == brokertest.ListPositions {
				return len(a.positions)
			}
			return len(a.bookings)
		}
	}
	return 0
}

// AccountNumbers returns a user's full account ids (for leak checks).
func AccountNumbers(user string) []string {
	var out []string
	for _, a := range clientOf(user, time.Now()).accounts {
		out = append(out, a.id)
	}
	return out
}

func (s *Server) day() time.Time { return s.opts.Now().UTC().Truncate(24 * time.Hour) }

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, env := range []string{"live", "sim"} {
		mux.HandleFunc("GET /"+env+"/authorize", s.handleAuthorize)
		mux.HandleFunc("POST /"+env+"/consent", s.handleConsent)
		mux.HandleFunc("POST /"+env+"/token", s.handleToken)
	}
	for prefix, env := range map[string]string{"/openapi": "live", "/sim/openapi": "sim"} {
		data := func(h func(http.ResponseWriter, *http.Request, *client)) http.Handler {
			return s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if c := s.authorize(w, r, env); c != nil {
					h(w, r, c)
				}
			}))
		}
		mux.Handle("GET "+prefix+"/port/v1/users/me", data(s.handleUser))
		mux.Handle("GET "+prefix+"/port/v1/clients/me", data(s.handleClient))
		mux.Handle("GET "+prefix+"/port/v1/accounts/me", data(s.handleAccounts))
		mux.Handle("GET "+prefix+"/port/v1/balances", data(s.handleBalances))
		mux.Handle("GET "+prefix+"/port/v1/positions", data(s.handlePositions))
		mux.Handle("GET "+prefix+"/cs/v1/reports/bookings/{clientKey}", data(s.handleBookings))
	}
	return mux
}

// --- errors --------------------------------------------------------------------------

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"ErrorCode": code, "Message": msg})
}

func writeUnauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	w.WriteHeader(http.StatusUnauthorized)
}

func writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.ServerError:
		writeError(w, http.StatusInternalServerError, "InternalServerError", "An error occurred "+brokertest.BodyCanary)
		return true
	case brokertest.Unauthorized:
		writeUnauthorized(w)
		_, _ = w.Write([]byte(brokertest.BodyCanary))
		return true
	}
	return false
}

// --- OAuth ---------------------------------------------------------------------------

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Saxo Bank (fake) · Log in</title>
<style>body{font-family:sans-serif;max-width:30rem;margin:3rem auto} .err{color:#b00}</style></head><body>
<h1>{{.Title}}</h1>
{{with .Error}}<p class="err">{{.}}</p>{{end}}
{{range .Lines}}<p>{{.}}</p>{{end}}
{{if .ID}}<form method="post" action="{{.Action}}">
<input type="hidden" name="request_id" value="{{.ID}}">
<label>User ID <input type="text" name="username" value="{{.User}}"></label>
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="approve">Allow</button>
</form>{{end}}
</body></html>`))

type pageData struct {
	Title, Error, ID, User, Action string
	Lines                          []string
}

func render(w http.ResponseWriter, status int, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = page.Execute(w, d)
}

func envOf(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/sim/") {
		return "sim"
	}
	return "live"
}

func redirectWith(w http.ResponseWriter, r *http.Request, redirect string, params url.Values) {
	u, _ := url.Parse(redirect)
	q := u.Query()
	for k, v := range params {
		if len(v) > 0 && v[0] != "" {
			q[k] = v
		}
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	if q.Get("client_id") == "" || err != nil || u.Scheme == "" || u.Host == "" {
		render(w, http.StatusBadRequest, pageData{Title: "Invalid request", Lines: []string{"client_id and the app's redirect_uri are required."}})
		return
	}
	state := q.Get("state")
	if q.Get("response_type") != "code" {
		redirectWith(w, r, redirect, url.Values{"error": {"unsupported_response_type"}, "state": {state}})
		return
	}
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" {
		redirectWith(w, r, redirect, url.Values{"error": {"invalid_request"}, "error_description": {"PKCE S256 is required"}, "state": {state}})
		return
	}
	id := randomID(16)
	env := envOf(r)
	s.mu.Lock()
	s.consents[id] = consent{env: env, redirect: redirect, state: state, challenge: q.Get("code_challenge")}
	s.mu.Unlock()
	render(w, http.StatusOK, pageData{Title: "Allow the app to access your Saxo accounts?", ID: id, User: User, Action: "/" + env + "/consent",
		Lines: []string{"Fake Saxo Bank (" + env + "). Users: " + User + ", " + OtherUser + "."}})
}

func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	id := r.PostFormValue("request_id")
	s.mu.Lock()
	c, ok := s.consents[id]
	if ok {
		delete(s.consents, id)
	}
	s.mu.Unlock()
	if !ok || c.env != envOf(r) {
		render(w, http.StatusBadRequest, pageData{Title: "Request expired", Lines: []string{"Start again from the app."}})
		return
	}
	if r.PostFormValue("decision") != "approve" {
		redirectWith(w, r, c.redirect, url.Values{"error": {"access_denied"}, "state": {c.state}})
		return
	}
	user := r.PostFormValue("username")
	if _, known := users[user]; !known {
		s.mu.Lock()
		s.consents[id] = c
		s.mu.Unlock()
		render(w, http.StatusUnauthorized, pageData{Title: "Log in", Error: "Incorrect user ID or password.", ID: id, User: user, Action: "/" + c.env + "/consent"})
		return
	}
	code := randomID(24)
	s.mu.Lock()
	s.codes[code] = authCode{consent: c, user: user, expires: s.opts.Now().Add(time.Minute)}
	s.mu.Unlock()
	redirectWith(w, r, c.redirect, url.Values{"code": {code}, "state": {c.state}})
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

func s256(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "malformed body")
		return
	}
	env, now := envOf(r), s.opts.Now()
	f := r.PostForm
	switch f.Get("grant_type") {
	case "authorization_code":
		code := f.Get("code")
		s.mu.Lock()
		c, ok := s.codes[code]
		delete(s.codes, code)
		s.mu.Unlock()
		switch {
		case f.Get("client_id") == "":
			oauthError(w, http.StatusUnauthorized, "invalid_client", "client_id is required")
		case !ok || c.env != env || !now.Before(c.expires) || f.Get("redirect_uri") != c.redirect:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "The authorization code is invalid or expired")
		case subtle.ConstantTimeCompare([]byte(s256(f.Get("code_verifier"))), []byte(c.challenge)) != 1:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "code_verifier does not match")
		default:
			writeJSON(w, http.StatusOK, s.issue(env, c.user, randomID(8), c.challenge))
		}
	case "refresh_token":
		rt := f.Get("refresh_token")
		s.mu.Lock()
		t, ok := s.refresh[rt]
		valid := ok && !t.dead && t.env == env && now.Before(t.expires)
		if valid {
			t.dead = true // single use: the next refresh token replaces it
		}
		s.mu.Unlock()
		switch {
		case !valid:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "The refresh token is invalid, used or expired")
		case f.Get("code_verifier") != "" && s256(f.Get("code_verifier")) != t.challenge:
			oauthError(w, http.StatusBadRequest, "invalid_grant", "code_verifier does not match")
		default:
			writeJSON(w, http.StatusOK, s.issue(env, t.user, t.session, t.challenge))
		}
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
	}
}

type tokenResponse struct {
	AccessToken           string  `json:"access_token"`
	TokenType             string  `json:"token_type"`
	ExpiresIn             int     `json:"expires_in"`
	RefreshToken          string  `json:"refresh_token"`
	RefreshTokenExpiresIn int     `json:"refresh_token_expires_in"`
	BaseURI               *string `json:"base_uri"`
}

func (s *Server) issue(env, user, session, challenge string) tokenResponse {
	now := s.opts.Now()
	at, rt := "eyJhbGciOiJFUzI1NiIsIng1dCI6IjI3."+randomID(48), randomID(24)
	s.mu.Lock()
	s.access[at] = &token{env: env, user: user, session: session, expires: now.Add(AccessTokenLife)}
	s.refresh[rt] = &token{env: env, user: user, session: session, challenge: challenge, expires: now.Add(RefreshTokenLife)}
	s.mu.Unlock()
	return tokenResponse{AccessToken: at, TokenType: "Bearer", ExpiresIn: int(AccessTokenLife / time.Second),
		RefreshToken: rt, RefreshTokenExpiresIn: int(RefreshTokenLife / time.Second)}
}

// authorize checks a data request's token, environment and rate limit.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, env string) *client {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	now := s.opts.Now()
	s.mu.Lock()
	t := s.access[tok]
	valid := ok && t != nil && !t.dead && t.env == env && now.Before(t.expires)
	remaining, reset := 0, 0
	if valid {
		win := s.windows[t.session]
		if win == nil || now.Sub(win.start) >= time.Minute {
			win = &window{start: now}
			s.windows[t.session] = win
		}
		win.n++
		remaining = s.opts.RateLimit - win.n
		reset = int((time.Minute - now.Sub(win.start)).Seconds())
	}
	s.mu.Unlock()
	if !valid {
		writeUnauthorized(w)
		return nil
	}
	h := w.Header()
	h.Set("X-RateLimit-Session-Limit", strconv.Itoa(s.opts.RateLimit))
	h.Set("X-RateLimit-Session-Remaining", strconv.Itoa(max(remaining, 0)))
	h.Set("X-RateLimit-Session-Reset", strconv.Itoa(max(reset, 1)))
	if remaining < 0 {
		writeError(w, http.StatusTooManyRequests, "RateLimitExceeded", "Request rate limit exceeded")
		return nil
	}
	c := clientOf(t.user, s.day())
	return &c
}

func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
