// Package fake is a stand-in for the tastytrade Open API on loopback, the
// production and sandbox ("cert") environments on one listener: the OAuth
// 2.0 authorization page (Approve and Deny) and token endpoint, and the
// customer and account endpoints Latchkey reads, with tastytrade's paths,
// kebab-case keys, {"data":{"items":[...]}} envelopes, pagination block,
// error bodies and User-Agent rule. The app runs it as a standalone server
// (see Endpoints); the package's tests run the conformance suite against it.
//
// Routes: production API under /prod, its login pages under /prod-my;
// sandbox under /cert and /cert-my. Tokens of one environment are refused by
// the other.
//
// # Test logins
//
// The authorization page signs in as a tastytrade user; its username field
// is pre-filled with "tasty_user":
//
//	tasty_user   accounts 5WT00001 (individual margin, ••••0001) and 5WT00002 (Roth IRA, ••••0002)
//	tasty_other  account 5WT00077 (individual cash, ••••0077)
//
// Pasted refresh grants ("Create Grant" in the OAuth application):
// PastedRefreshToken for tasty_user, OtherRefreshToken for tasty_other, in
// either environment. Any client id is accepted; a client secret must be
// present, and one beginning with BadSecret is refused as tastytrade refuses a
// wrong one.
//
// # Quirks reproduced
//
//   - Every request needs a User-Agent of the form <product>/<version>;
//     without one, nginx answers 401 with an HTML page.
//   - Access tokens last 15 minutes (expires_in 900); refresh tokens never
//     expire and are not rotated; a refresh is a JSON body
//     {"grant_type":"refresh_token","refresh_token","client_secret"} (a form
//     body is accepted too).
//   - Responses are {"data":{...}} or {"data":{"items":[...]}}, keys in
//     kebab-case, amounts as decimal strings and quantities as numbers;
//     transactions page with per-page and page-offset and a "pagination"
//     block (total-pages, ...), at most Options.PageSize rows a page.
//   - Errors are {"error":{"code","message"}}; 401 for a missing, expired or
//     revoked token; past Options.RateLimit requests a minute per token, 429
//     with Retry-After.
package fake

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Institution ids the fake serves.
const (
	ProdID    = "tastytrade"
	SandboxID = "tastytrade-sandbox"
)

// Test logins and grants.
const (
	User               = "tasty_user"
	OtherUser          = "tasty_other"
	PastedRefreshToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9.tasty-user-pasted-grant-0001"
	OtherRefreshToken  = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9.tasty-other-pasted-grant-0077"
	BadSecret          = "bad-secret"
)

// AccessTokenLife is how long an access token lasts.
const AccessTokenLife = 15 * time.Minute

// Options configure a fake.
type Options struct {
	// Now is the server's clock; nil means time.Now. Data is anchored to
	// Now's UTC day.
	Now func() time.Time
	// RateLimit is the requests a minute each access token may make before a
	// 429 (default 120).
	RateLimit int
	// PageSize is the most transactions a page holds (default 250).
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

type consent struct{ env, redirect, state string }

type authCode struct {
	consent
	user    string
	expires time.Time
}

type token struct {
	env, user string
	expires   time.Time
	dead      bool
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
		opts.PageSize = 250
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, url: "http://" + ln.Addr().String(), consents: map[string]consent{},
		codes: map[string]authCode{}, access: map[string]*token{}, refresh: map[string]*token{}, windows: map[string]*window{}}
	for _, env := range []string{"prod", "cert"} {
		s.refresh[env+"\x00"+PastedRefreshToken] = &token{env: env, user: User}
		s.refresh[env+"\x00"+OtherRefreshToken] = &token{env: env, user: OtherUser}
	}
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
		ProdID:    {"api": s.url + "/prod", "auth": s.url + "/prod-my"},
		SandboxID: {"api": s.url + "/cert", "auth": s.url + "/cert-my"},
	}
}

// RevokeAll revokes every grant and token, as deleting the OAuth grants in
// tastytrade's settings does.
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
	accts := accountsOf(User, s.day())
	if list == brokertest.ListAccounts {
		return len(accts)
	}
	for _, a := range accts {
		if AccountID(a.number) == accountID {
			if list == brokertest.ListPositions {
				return len(a.positions)
			}
			return len(a.txns)
		}
	}
	return 0
}

// AccountNumbers returns a user's full account numbers (for leak checks).
func AccountNumbers(user string) []string {
	var out []string
	for _, a := range accountsOf(user, time.Now()) {
		out = append(out, a.number)
	}
	return out
}

func (s *Server) day() time.Time { return s.opts.Now().UTC().Truncate(24 * time.Hour) }

// userAgentRE is tastytrade's rule: <product>/<version>.
var userAgentRE = regexp.MustCompile(`^[A-Za-z0-9._-]+/[A-Za-z0-9._+-]+( .*)?$`)

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, env := range []string{"prod", "cert"} {
		mux.HandleFunc("GET /"+env+"-my/auth.html", s.handleAuthorize)
		mux.HandleFunc("POST /"+env+"-my/consent", s.handleConsent)
		mux.HandleFunc("POST /"+env+"/oauth/token", s.handleToken)
		data := func(h func(http.ResponseWriter, *http.Request, string)) http.Handler {
			return s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if user, ok := s.authorize(w, r, env); ok {
					h(w, r, user)
				}
			}))
		}
		mux.Handle("GET /"+env+"/customers/me/accounts", data(s.handleAccounts))
		mux.Handle("GET /"+env+"/accounts/{number}/balances", data(s.handleBalances))
		mux.Handle("GET /"+env+"/accounts/{number}/positions", data(s.handlePositions))
		mux.Handle("GET /"+env+"/accounts/{number}/transactions", data(s.handleTransactions))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api := strings.HasPrefix(r.URL.Path, "/prod/") || strings.HasPrefix(r.URL.Path, "/cert/")
		if api && !userAgentRE.MatchString(r.Header.Get("User-Agent")) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, "<html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center><hr><center>nginx</center></body></html>")
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// --- errors ---------------------------------------------------------------------

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

func writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.ServerError:
		writeError(w, http.StatusInternalServerError, "internal_error", "Internal error "+brokertest.BodyCanary)
		return true
	case brokertest.Unauthorized:
		writeError(w, http.StatusUnauthorized, "token_invalid", "This token is invalid "+brokertest.BodyCanary)
		return true
	}
	return false
}

// --- OAuth -----------------------------------------------------------------------

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>tastytrade (fake) · Authorize</title>
<style>body{font-family:sans-serif;max-width:30rem;margin:3rem auto} .err{color:#b00}</style></head><body>
<h1>{{.Title}}</h1>
{{with .Error}}<p class="err">{{.}}</p>{{end}}
{{range .Lines}}<p>{{.}}</p>{{end}}
{{if .ID}}<form method="post" action="{{.Action}}">
<input type="hidden" name="request_id" value="{{.ID}}">
<label>Username <input type="text" name="username" value="{{.User}}"></label>
<button type="submit" name="decision" value="deny">Deny</button>
<button type="submit" name="decision" value="approve">Authorize</button>
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
	if strings.HasPrefix(r.URL.Path, "/cert") {
		return "cert"
	}
	return "prod"
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
		render(w, http.StatusBadRequest, pageData{Title: "Invalid request", Lines: []string{"client_id and redirect_uri are required."}})
		return
	}
	if q.Get("response_type") != "code" {
		redirectWith(w, r, redirect, url.Values{"error": {"unsupported_response_type"}, "state": {q.Get("state")}})
		return
	}
	env := envOf(r)
	id := randomID(16)
	s.mu.Lock()
	s.consents[id] = consent{env: env, redirect: redirect, state: q.Get("state")}
	s.mu.Unlock()
	render(w, http.StatusOK, pageData{Title: "Authorize the application?", ID: id, User: User, Action: "/" + env + "-my/consent",
		Lines: []string{"Fake tastytrade (" + env + "). Scopes: " + q.Get("scope") + ". Users: " + User + ", " + OtherUser + "."}})
}

func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	id := r.PostFormValue("request_id")
	s.mu.Lock()
	c, ok := s.consents[id]
	delete(s.consents, id)
	s.mu.Unlock()
	if !ok || !strings.HasPrefix(r.URL.Path, "/"+c.env+"-my/") {
		render(w, http.StatusBadRequest, pageData{Title: "Request expired", Lines: []string{"Start again from the application."}})
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
		render(w, http.StatusUnauthorized, pageData{Title: "Authorize the application?", Error: "Invalid login.", ID: id, User: user, Action: "/" + c.env + "-my/consent"})
		return
	}
	code := randomID(20)
	s.mu.Lock()
	s.codes[code] = authCode{consent: c, user: user, expires: s.opts.Now().Add(5 * time.Minute)}
	s.mu.Unlock()
	redirectWith(w, r, c.redirect, url.Values{"code": {code}, "state": {c.state}})
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// tokenRequest reads a token request from a JSON or a form body.
func tokenRequest(r *http.Request) (map[string]string, bool) {
	b, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	if err != nil {
		return nil, false
	}
	out := map[string]string{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		return out, json.Unmarshal(b, &out) == nil
	}
	f, err := url.ParseQuery(string(b))
	if err != nil {
		return nil, false
	}
	for k := range f {
		out[k] = f.Get(k)
	}
	return out, true
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	f, ok := tokenRequest(r)
	if !ok {
		oauthError(w, http.StatusBadRequest, "invalid_request", "malformed body")
		return
	}
	if f["client_secret"] == "" || strings.HasPrefix(f["client_secret"], BadSecret) {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		return
	}
	env, now := envOf(r), s.opts.Now()
	switch f["grant_type"] {
	case "authorization_code":
		s.mu.Lock()
		c, ok := s.codes[f["code"]]
		delete(s.codes, f["code"])
		s.mu.Unlock()
		if f["client_id"] == "" || !ok || c.env != env || !now.Before(c.expires) || f["redirect_uri"] != c.redirect {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Grant is invalid")
			return
		}
		rt := "eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9." + randomID(32)
		s.mu.Lock()
		s.refresh[env+"\x00"+rt] = &token{env: env, user: c.user}
		s.mu.Unlock()
		at := s.issue(env, c.user)
		writeJSON(w, http.StatusOK, map[string]any{"access_token": at, "token_type": "Bearer",
			"expires_in": int(AccessTokenLife / time.Second), "refresh_token": rt, "id_token": "eyJ" + randomID(16)})
	case "refresh_token":
		s.mu.Lock()
		t, ok := s.refresh[env+"\x00"+f["refresh_token"]]
		valid := ok && !t.dead
		s.mu.Unlock()
		if !valid {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Grant is invalid")
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"access_token": s.issue(env, t.user), "token_type": "Bearer",
			"expires_in": int(AccessTokenLife / time.Second), "id_token": "eyJ" + randomID(16)})
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type is not supported")
	}
}

func (s *Server) issue(env, user string) string {
	at := "eyJhbGciOiJFZERTQSJ9." + randomID(40)
	s.mu.Lock()
	s.access[at] = &token{env: env, user: user, expires: s.opts.Now().Add(AccessTokenLife)}
	s.mu.Unlock()
	return at
}

func (s *Server) authorize(w http.ResponseWriter, r *http.Request, env string) (string, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	now := s.opts.Now()
	s.mu.Lock()
	t := s.access[tok]
	valid := ok && t != nil && !t.dead && t.env == env && now.Before(t.expires)
	limited := false
	if valid {
		win := s.windows[tok]
		if win == nil || now.Sub(win.start) >= time.Minute {
			win = &window{start: now}
			s.windows[tok] = win
		}
		win.n++
		limited = win.n > s.opts.RateLimit
	}
	s.mu.Unlock()
	switch {
	case !valid:
		writeError(w, http.StatusUnauthorized, "token_invalid", "This token is invalid or has expired")
		return "", false
	case limited:
		w.Header().Set("Retry-After", "30")
		writeError(w, http.StatusTooManyRequests, "rate_limit_exceeded", "Too many requests")
		return "", false
	}
	return t.user, true
}

func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
