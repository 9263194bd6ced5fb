package fake

import (
	"crypto/rand"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

const requestTokenLife = 5 * time.Minute

// requestToken is a request_token waiting to be exchanged.
type requestToken struct {
	user, apiKey string
	exp          time.Time
}

const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomToken returns n random letters and digits, like Kite's tokens.
func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("fake: crypto/rand failed")
	}
	for i := range b {
		b[i] = alnum[int(b[i])%len(alnum)]
	}
	return string(b)
}

// writeError writes Kite's error envelope.
func writeError(w http.ResponseWriter, status int, errorType, msg string) {
	writeJSON(w, status, map[string]any{"status": "error", "message": msg, "data": nil, "error_type": errorType})
}

func writeJSON(w http.ResponseWriter, status int, v any) { fakekit.WriteJSON(w, status, v) }

func success(w http.ResponseWriter, data any) {
	writeJSON(w, http.StatusOK, map[string]any{"status": "success", "data": data})
}

// loginPage is Kite's login page as the fake serves it.
var loginPage = fakekit.LoginPage{Title: "Kite (fake) — login", Heading: "Kite by Zerodha (fake)",
	Intro:  "Log in to continue to the app. On Kite you would enter your user ID, password and TOTP here.",
	Action: "/connect/login", Field: "user_id", Label: "User ID", Users: "ZT1234, ZX5678"}

func loopback(raw string) bool {
	_, ok := fakekit.Loopback(raw)
	return ok
}

// loginProblem checks the login URL's parameters.
func loginProblem(q url.Values) string {
	switch {
	case q.Get("api_key") == "":
		return "Invalid `api_key`."
	case q.Get("v") != "3":
		return "Invalid `v`: this is Kite Connect 3."
	case !loopback(q.Get("redirect_uri")):
		return "This fake sends you to the redirect_uri of the login URL (Kite uses the app's registered URL); it must be a loopback URL."
	}
	return ""
}

func renderLogin(w http.ResponseWriter, status int, q url.Values, user, msg string) {
	loginPage.Write(w, status, fakekit.Hidden(q, "v", "api_key", "redirect_params", "redirect_uri"), user, msg)
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if msg := loginProblem(q); msg != "" {
		renderLogin(w, http.StatusBadRequest, q, UserMain, msg)
		return
	}
	renderLogin(w, http.StatusOK, q, UserMain, "")
}

// redirectBack sends the browser to the redirect URL with params and the
// decoded redirect_params.
func redirectBack(w http.ResponseWriter, r *http.Request, q url.Values, params url.Values) {
	extra, err := url.ParseQuery(q.Get("redirect_params"))
	if err != nil {
		extra = nil
	}
	fakekit.Redirect(w, r, q.Get("redirect_uri"), extra, params)
}

func (s *Server) handleLoginDecision(w http.ResponseWriter, r *http.Request) {
	q, ok := fakekit.PageForm(w, r)
	if !ok {
		return
	}
	if msg := loginProblem(q); msg != "" {
		renderLogin(w, http.StatusBadRequest, q, UserMain, msg)
		return
	}
	if q.Get("decision") != "approve" {
		redirectBack(w, r, q, url.Values{"action": {"login"}, "type": {"login"}, "status": {"cancelled"}, "error": {"access_denied"}})
		return
	}
	user := strings.ToUpper(strings.TrimSpace(q.Get("user_id")))
	if user != UserMain && user != UserSecond {
		renderLogin(w, http.StatusOK, q, user, "Invalid user ID: try ZT1234 or ZX5678.")
		return
	}
	rt := randomToken(32)
	s.mu.Lock()
	s.requests[rt] = &requestToken{user: user, apiKey: q.Get("api_key"), exp: s.Now().Add(requestTokenLife)}
	s.mu.Unlock()
	redirectBack(w, r, q, url.Values{"action": {"login"}, "type": {"login"}, "status": {"success"}, "request_token": {rt}})
}

func (s *Server) handleSessionToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, "InputException", "Invalid input.")
		return
	}
	f := r.PostForm
	apiKey, rt, checksum := f.Get("api_key"), f.Get("request_token"), f.Get("checksum")
	if apiKey == "" || rt == "" || checksum == "" {
		writeError(w, http.StatusBadRequest, "InputException", "Missing `api_key`, `request_token` or `checksum`.")
		return
	}
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	req := s.requests[rt]
	if req == nil || now.After(req.exp) || req.apiKey != apiKey {
		delete(s.requests, rt)
		writeError(w, http.StatusForbidden, "TokenException", "Token is invalid or has expired.")
		return
	}
	if !validChecksum(apiKey, rt, APISecret, checksum) {
		writeError(w, http.StatusForbidden, "TokenException", "Invalid `checksum`.")
		return
	}
	delete(s.requests, rt)
	access := randomToken(32)
	// A session is the access token of one user for one API key, until
	// 06:00 India time.
	s.sessions.AddAccess(access, req.user+"|"+apiKey, fakekit.DailyAt(now, fakekit.Kolkata, 6, 0))
	p := profileOf(req.user)
	p["api_key"] = apiKey
	p["access_token"] = access
	p["public_token"] = randomToken(32)
	p["enctoken"] = randomToken(64)
	p["refresh_token"] = ""
	p["silo"] = ""
	p["login_time"] = kiteTime(now)
	success(w, p)
}

// handleLogout invalidates a session (DELETE /session/token?api_key=&
// access_token=).
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	s.sessions.Revoke(r.URL.Query().Get("access_token"))
	success(w, true)
}

// credential reads Kite's "token api_key:access_token" header: the
// session's user and API key, when the session is live.
func (s *Server) credential(r *http.Request) (user, apiKey string, ok bool) {
	cred, _ := strings.CutPrefix(r.Header.Get("Authorization"), "token ")
	key, tok, _ := strings.Cut(cred, ":")
	subject, ok := s.sessions.Access(tok)
	user, owner, _ := strings.Cut(subject, "|")
	return user, key, ok && owner == key
}
