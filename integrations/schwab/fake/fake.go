// Package fake is a stand-in for the Charles Schwab Trader API on loopback:
// its OAuth 2.0 authorization server (a consent page with Approve and Deny,
// and the token endpoint) and the account endpoints Latchkey reads, with the
// real paths, JSON field names, number types and error bodies. The app runs
// it as a standalone server (see Endpoints) and the package's tests run the
// conformance suite against it.
//
// # Test logins
//
// The consent page signs in as a Schwab user; its username field is
// pre-filled with "schwab_user":
//
//	schwab_user   two accounts: a margin account (••••5926) and a cash IRA (••••2818)
//	schwab_other  one cash account (••••4142): another Schwab login
//
// Any other username is refused on the page. Any client id (app key) is
// accepted; its secret must be non-empty, and the secret "bad-secret" is
// refused with 401 invalid_client, as Schwab refuses a wrong app secret.
// The redirect URI is whatever the authorize request named; the token
// request must name the same one.
//
// # Quirks reproduced
//
//   - Access tokens last 30 minutes (expires_in 1800). A refresh returns a new
//     access token and the same refresh token. The refresh token dies 7 days
//     after the browser login, whatever happens in between: a later refresh is
//     answered 400 {"error":"unsupported_token_type",...
//     "refresh_token_authentication_error"...}, as Schwab answers.
//   - Accounts are addressed by their hashValue (GET /accounts/accountNumbers);
//     a plain account number in the path is 404.
//   - Every amount is a JSON number; timestamps look like
//     2025-04-23T19:59:12+0000.
//   - GET /accounts/{hash}/transactions requires startDate, endDate and
//     types; a range longer than a year is 400; at most Options.MaxTransactions
//     rows (3000) come back, the rest silently cut.
//   - Errors are {"errors":[{"id","status","title","detail"}]}; 401 for a
//     missing, expired or revoked token; 429 with Retry-After past
//     Options.RateLimit requests a minute per token.
package fake

import (
	"context"
	"crypto/rand"
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

// Institution id the fake serves.
const ID = "schwab"

// Test logins and app secrets.
const (
	User      = "schwab_user"
	OtherUser = "schwab_other"
	BadSecret = "bad-secret"
)

// Lifetimes, as Schwab documents them.
const (
	AccessTokenLife  = 30 * time.Minute
	RefreshTokenLife = 7 * 24 * time.Hour
)

// Options configure a fake.
type Options struct {
	// Now is the server's clock; nil means time.Now. The data is anchored to
	// Now's UTC day.
	Now func() time.Time
	// RateLimit is the data requests a minute each access token may make
	// before a 429 (default 120).
	RateLimit int
	// MaxTransactions caps a transactions answer (default 3000, Schwab's).
	MaxTransactions int
}

// Server is a running fake.
type Server struct {
	brokertest.Injector

	opts Options
	hs   *http.Server
	url  string

	mu        sync.Mutex
	consents  map[string]consent
	codes     map[string]authCode
	access    map[string]*token
	refresh   map[string]*token
	windows   map[string]*window
	revokedAt time.Time // tokens issued at or before are refused
}

type consent struct {
	redirect, state string
}

type authCode struct {
	user, redirect string
	expires        time.Time
}

type token struct {
	user     string
	issued   time.Time
	expires  time.Time
	login    time.Time // when the browser login happened
	refresh  string    // for access tokens: the refresh token they came from
	disabled bool
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
	if opts.MaxTransactions <= 0 {
		opts.MaxTransactions = 3000
	}
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{
		opts: opts, url: "http://" + ln.Addr().String(),
		consents: map[string]consent{}, codes: map[string]authCode{},
		access: map[string]*token{}, refresh: map[string]*token{}, windows: map[string]*window{},
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

// Endpoints returns the schwab endpoints pointing at the fake, ready to be
// written as an --endpoints file.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{ID: {"api": s.url + "/trader/v1", "auth": s.url + "/v1/oauth"}}
}

// RevokeAll refuses every token issued so far, as when the user removes the
// app's access at Schwab.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.revokedAt = s.opts.Now()
	for _, t := range s.access {
		t.disabled = true
	}
	for _, t := range s.refresh {
		t.disabled = true
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
	accts := portfolio(User, s.day())
	if list == brokertest.ListAccounts {
		return len(accts)
	}
	for _, a := range accts {
		if a.hash == accountID {
			if list == brokertest.ListPositions {
				return len(a.positions)
			}
			return len(a.txns)
		}
	}
	return 0
}

// AccountNumbers returns the full account numbers of a user (for tests that
// check they never leak).
func AccountNumbers(user string) []string {
	var out []string
	for _, a := range portfolio(user, time.Now()) {
		out = append(out, a.number)
	}
	return out
}

func (s *Server) day() time.Time { return s.opts.Now().UTC().Truncate(24 * time.Hour) }

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/oauth/authorize", s.handleAuthorize)
	mux.HandleFunc("POST /v1/oauth/consent", s.handleConsent)
	mux.HandleFunc("POST /v1/oauth/token", s.handleToken)
	data := func(h func(http.ResponseWriter, *http.Request, string)) http.Handler {
		return s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			user, ok := s.authorize(w, r)
			if ok {
				h(w, r, user)
			}
		}))
	}
	mux.Handle("GET /trader/v1/accounts/accountNumbers", data(s.handleAccountNumbers))
	mux.Handle("GET /trader/v1/accounts", data(s.handleAccounts))
	mux.Handle("GET /trader/v1/accounts/{hash}", data(s.handleAccount))
	mux.Handle("GET /trader/v1/accounts/{hash}/transactions", data(s.handleTransactions))
	mux.Handle("GET /trader/v1/userPreference", data(s.handlePreference))
	return mux
}

// --- errors ------------------------------------------------------------------------

type apiError struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Schwab-Client-Correlid", randomID(8))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, status int, title, detail string) {
	writeJSON(w, status, struct {
		Errors []apiError `json:"errors"`
	}{[]apiError{{ID: randomID(16), Status: strconv.Itoa(status), Title: title, Detail: detail}}})
}

// writeFault writes the suite's faults Schwab's way where Schwab has one.
func writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.Unauthorized:
		writeError(w, http.StatusUnauthorized, "Unauthorized", "Client not authorized "+brokertest.BodyCanary)
		return true
	case brokertest.ServerError:
		writeError(w, http.StatusInternalServerError, "Internal Server Error", "unexpected error "+brokertest.BodyCanary)
		return true
	}
	return false
}

// --- OAuth --------------------------------------------------------------------------

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Charles Schwab (fake) · Authorize</title>
<style>body{font-family:sans-serif;max-width:30rem;margin:3rem auto} .err{color:#b00}</style></head><body>
<h1>{{.Title}}</h1>
{{with .Error}}<p class="err">{{.}}</p>{{end}}
{{range .Lines}}<p>{{.}}</p>{{end}}
{{if .ID}}<form method="post" action="/v1/oauth/consent">
<input type="hidden" name="request_id" value="{{.ID}}">
<label>Login ID <input type="text" name="username" value="{{.User}}"></label>
<p>Accounts shared with the app: all of them.</p>
<button type="submit" name="decision" value="deny">Cancel</button>
<button type="submit" name="decision" value="approve">Allow</button>
</form>{{end}}
</body></html>`))

type pageData struct {
	Title, Error, ID, User string
	Lines                  []string
}

func render(w http.ResponseWriter, status int, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = page.Execute(w, d)
}

func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	redirect := q.Get("redirect_uri")
	u, err := url.Parse(redirect)
	if q.Get("client_id") == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		render(w, http.StatusBadRequest, pageData{Title: "Invalid request", Lines: []string{"client_id and an absolute redirect_uri are required."}})
		return
	}
	if q.Get("response_type") != "code" {
		redirectWith(w, r, redirect, url.Values{"error": {"unsupported_response_type"}, "state": {q.Get("state")}})
		return
	}
	id := randomID(16)
	s.mu.Lock()
	s.consents[id] = consent{redirect: redirect, state: q.Get("state")}
	s.mu.Unlock()
	render(w, http.StatusOK, pageData{Title: "Allow this app to access your Schwab accounts?", ID: id, User: User,
		Lines: []string{"Fake Schwab login. Users: " + User + " (two accounts), " + OtherUser + " (one account)."}})
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

func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	id := r.PostFormValue("request_id")
	s.mu.Lock()
	c, ok := s.consents[id]
	s.mu.Unlock()
	if !ok {
		render(w, http.StatusBadRequest, pageData{Title: "Request expired", Lines: []string{"Start again from the app."}})
		return
	}
	switch r.PostFormValue("decision") {
	case "deny":
		s.dropConsent(id)
		redirectWith(w, r, c.redirect, url.Values{"error": {"access_denied"}, "state": {c.state}})
		return
	case "approve":
	default:
		render(w, http.StatusBadRequest, pageData{Title: "Allow this app?", Error: "Choose Allow or Cancel.", ID: id, User: User})
		return
	}
	user := r.PostFormValue("username")
	if _, known := users[user]; !known {
		render(w, http.StatusUnauthorized, pageData{Title: "Allow this app?", Error: "Login ID or password is incorrect.", ID: id, User: user})
		return
	}
	s.dropConsent(id)
	// Schwab's codes end in "@" and come with a session id.
	code := "C0." + randomID(24) + "@"
	s.mu.Lock()
	s.codes[code] = authCode{user: user, redirect: c.redirect, expires: s.opts.Now().Add(30 * time.Second)}
	s.mu.Unlock()
	redirectWith(w, r, c.redirect, url.Values{"code": {code}, "session": {randomID(12)}, "state": {c.state}})
}

func (s *Server) dropConsent(id string) {
	s.mu.Lock()
	delete(s.consents, id)
	s.mu.Unlock()
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

type tokenResponse struct {
	ExpiresIn    int    `json:"expires_in"`
	TokenType    string `json:"token_type"`
	Scope        string `json:"scope"`
	RefreshToken string `json:"refresh_token"`
	AccessToken  string `json:"access_token"`
	IDToken      string `json:"id_token"`
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok || id == "" || secret == "" || secret == BadSecret {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "malformed body")
		return
	}
	now := s.opts.Now()
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		code := r.PostForm.Get("code")
		s.mu.Lock()
		c, ok := s.codes[code]
		delete(s.codes, code)
		s.mu.Unlock()
		if !ok || !now.Before(c.expires) || r.PostForm.Get("redirect_uri") != c.redirect {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Bad authorization code: AuthorizationCode not found")
			return
		}
		rt := randomID(32) + "@"
		s.mu.Lock()
		s.refresh[rt] = &token{user: c.user, issued: now, login: now, expires: now.Add(RefreshTokenLife)}
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, s.issue(c.user, rt, now))
	case "refresh_token":
		rt := r.PostForm.Get("refresh_token")
		s.mu.Lock()
		t, ok := s.refresh[rt]
		dead := !ok || t.disabled || !now.Before(t.expires)
		s.mu.Unlock()
		if dead {
			oauthError(w, http.StatusBadRequest, "unsupported_token_type",
				`400 Bad Request: "{"error_description":"Exception while authenticating refresh token [tokenDigest=`+randomID(16)+`]","error":"refresh_token_authentication_error"}"`)
			return
		}
		writeJSON(w, http.StatusOK, s.issue(t.user, rt, now))
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
	}
}

func (s *Server) issue(user, rt string, now time.Time) tokenResponse {
	at := "I0." + randomID(40) + "@"
	s.mu.Lock()
	s.access[at] = &token{user: user, issued: now, expires: now.Add(AccessTokenLife), refresh: rt}
	s.mu.Unlock()
	return tokenResponse{ExpiresIn: int(AccessTokenLife / time.Second), TokenType: "Bearer", Scope: "api",
		RefreshToken: rt, AccessToken: at, IDToken: "eyJ" + randomID(24)}
}

// authorize checks a data request's bearer token and rate limit.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request) (string, bool) {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	now := s.opts.Now()
	s.mu.Lock()
	t := s.access[tok]
	valid := ok && t != nil && !t.disabled && now.Before(t.expires)
	var limited bool
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
		writeError(w, http.StatusUnauthorized, "Unauthorized", "Client not authorized")
		return "", false
	case limited:
		w.Header().Set("Retry-After", "60")
		writeError(w, http.StatusTooManyRequests, "Too Many Requests", "Rate limit exceeded")
		return "", false
	}
	return t.user, true
}

// --- data ------------------------------------------------------------------------------

func (s *Server) account(w http.ResponseWriter, r *http.Request, user string) *account {
	for _, a := range portfolio(user, s.day()) {
		if a.hash == r.PathValue("hash") {
			return &a
		}
	}
	writeError(w, http.StatusNotFound, "Not Found", "Account not found")
	return nil
}

func (s *Server) handleAccountNumbers(w http.ResponseWriter, _ *http.Request, user string) {
	type row struct {
		AccountNumber string `json:"accountNumber"`
		HashValue     string `json:"hashValue"`
	}
	out := []row{}
	for _, a := range portfolio(user, s.day()) {
		out = append(out, row{a.number, a.hash})
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleAccounts(w http.ResponseWriter, r *http.Request, user string) {
	positions := r.URL.Query().Get("fields") == "positions"
	out := []any{}
	for _, a := range portfolio(user, s.day()) {
		out = append(out, a.wire(positions))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request, user string) {
	if a := s.account(w, r, user); a != nil {
		writeJSON(w, http.StatusOK, a.wire(r.URL.Query().Get("fields") == "positions"))
	}
}

func (s *Server) handlePreference(w http.ResponseWriter, _ *http.Request, user string) {
	type acct struct {
		AccountNumber  string `json:"accountNumber"`
		PrimaryAccount bool   `json:"primaryAccount"`
		Type           string `json:"type"`
		NickName       string `json:"nickName"`
		DisplayAcctID  string `json:"displayAcctId"`
	}
	var accts []acct
	for i, a := range portfolio(user, s.day()) {
		accts = append(accts, acct{a.number, i == 0, "BROKERAGE", a.nickname, "..." + a.number[len(a.number)-3:]})
	}
	writeJSON(w, http.StatusOK, map[string]any{"accounts": accts})
}

// parseTime reads Schwab's ISO-8601 query times.
func parseTime(s string) (time.Time, bool) {
	for _, l := range []string{"2006-01-02T15:04:05.000Z07:00", time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700", "2006-01-02"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func (s *Server) handleTransactions(w http.ResponseWriter, r *http.Request, user string) {
	a := s.account(w, r, user)
	if a == nil {
		return
	}
	q := r.URL.Query()
	start, ok1 := parseTime(q.Get("startDate"))
	end, ok2 := parseTime(q.Get("endDate"))
	if !ok1 || !ok2 || q.Get("types") == "" {
		writeError(w, http.StatusBadRequest, "Bad Request", "startDate, endDate and types are required (ISO-8601)")
		return
	}
	if end.Before(start) || end.Sub(start) > 366*24*time.Hour {
		writeError(w, http.StatusBadRequest, "Bad Request", "The date range must be at most one year")
		return
	}
	types := map[string]bool{}
	for _, t := range strings.Split(q.Get("types"), ",") {
		types[strings.TrimSpace(t)] = true
	}
	out := []wireTxn{}
	for _, t := range a.txns {
		if t.at.Before(start) || t.at.After(end) || !types[t.wire.Type] {
			continue
		}
		out = append(out, t.wire)
		if len(out) == s.opts.MaxTransactions {
			break
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Shutdown stops the server gracefully.
func (s *Server) Shutdown(ctx context.Context) error { return s.hs.Shutdown(ctx) }
