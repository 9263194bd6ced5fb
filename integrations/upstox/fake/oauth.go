package fake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const codeLife = 10 * time.Minute

type authCode struct {
	user, clientID, redirectURI string
	exp                         time.Time
}

// token is an access token: it works until the next 03:30 India time after
// it was issued.
type token struct {
	user string
	seq  int64
	exp  time.Time
}

// sessionEnd is when a token issued at t ends: the next 03:30 IST.
func sessionEnd(t time.Time) time.Time {
	l := t.In(IST)
	end := time.Date(l.Year(), l.Month(), l.Day(), 3, 30, 0, 0, IST)
	if !l.Before(end) {
		end = end.AddDate(0, 0, 1)
	}
	return end
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("fake: crypto/rand failed")
	}
	return hex.EncodeToString(b)
}

// writeError writes Upstox's error envelope (both spellings of each field,
// as Upstox sends them).
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"status": "error", "errors": []map[string]any{{
		"errorCode": code, "message": msg, "propertyPath": nil, "invalidValue": nil,
		"error_code": code, "property_path": nil, "invalid_value": nil,
	}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

var consentPage = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Upstox (fake) — login</title></head>
<body style="font-family:sans-serif;max-width:32em;margin:3em auto">
<h1>Upstox (fake)</h1>
{{if .Error}}<p role="alert" style="color:#b00">{{.Error}}</p>{{end}}
<p>An app wants to access your Upstox account. On Upstox you would enter your mobile number, OTP and PIN here.</p>
<form method="post" action="/v2/login/authorization/dialog">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}<label for="user_id">Sign in as</label>
<input type="text" id="user_id" name="user_id" value="{{.User}}">
<p><small>Test users: 7JD3KQ, 5XY9PL.</small></p>
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>`))

func validRedirect(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}

// dialogOK checks the dialog parameters.
func dialogOK(q url.Values) bool {
	return q.Get("response_type") == "code" && q.Get("client_id") != "" && validRedirect(q.Get("redirect_uri"))
}

func renderConsent(w http.ResponseWriter, status int, q url.Values, user, msg string) {
	hidden := map[string]string{}
	for _, k := range []string{"response_type", "client_id", "redirect_uri", "state"} {
		if v := q.Get(k); v != "" {
			hidden[k] = v
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = consentPage.Execute(w, map[string]any{"Hidden": hidden, "User": user, "Error": msg})
}

func (s *Server) handleDialog(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if !dialogOK(q) {
		writeError(w, http.StatusBadRequest, "UDAPI100068", "Check your 'client_id' and 'redirect_uri'; one or both are incorrect.")
		return
	}
	renderConsent(w, http.StatusOK, q, UserMain, "")
}

func redirect(w http.ResponseWriter, r *http.Request, uri string, params url.Values) {
	u, _ := url.Parse(uri)
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || !dialogOK(r.PostForm) {
		writeError(w, http.StatusBadRequest, "UDAPI100068", "Check your 'client_id' and 'redirect_uri'; one or both are incorrect.")
		return
	}
	q := r.PostForm
	back := url.Values{}
	if st := q.Get("state"); st != "" {
		back.Set("state", st)
	}
	if q.Get("decision") != "approve" {
		back.Set("error", "access_denied")
		redirect(w, r, q.Get("redirect_uri"), back)
		return
	}
	user := strings.ToUpper(strings.TrimSpace(q.Get("user_id")))
	if user != UserMain && user != UserSecond {
		renderConsent(w, http.StatusOK, q, user, "Unknown user: try 7JD3KQ or 5XY9PL.")
		return
	}
	code := randomHex(3) // Upstox codes are short, e.g. "mk404x"
	s.mu.Lock()
	for s.codes[code] != nil {
		code = randomHex(3)
	}
	s.codes[code] = &authCode{user: user, clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"), exp: s.opts.now().Add(codeLife)}
	s.mu.Unlock()
	back.Set("code", code)
	redirect(w, r, q.Get("redirect_uri"), back)
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeError(w, http.StatusBadRequest, "UDAPI100036", "Invalid Input")
		return
	}
	f := r.PostForm
	if f.Get("client_id") == "" || f.Get("client_secret") == "" || f.Get("client_secret") == BadClientSecret {
		writeError(w, http.StatusUnauthorized, "UDAPI100016", "Invalid Credentials")
		return
	}
	if f.Get("grant_type") != "authorization_code" {
		writeError(w, http.StatusBadRequest, "UDAPI100036", "Invalid Input")
		return
	}
	now := s.opts.now()
	s.mu.Lock()
	c := s.codes[f.Get("code")]
	delete(s.codes, f.Get("code")) // single use, whether it works or not
	if c == nil || now.After(c.exp) || c.clientID != f.Get("client_id") || c.redirectURI != f.Get("redirect_uri") {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "UDAPI100057", "Invalid Auth code")
		return
	}
	s.seq++
	access := "eyJ" + randomHex(48)
	s.tokens[access] = &token{user: c.user, seq: s.seq, exp: sessionEnd(now)}
	s.mu.Unlock()
	p := profileOf(c.user)
	p["access_token"] = access
	p["extended_token"] = nil
	writeJSON(w, http.StatusOK, p)
}

// handleLogout ends the session of the token used.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	delete(s.tokens, tok)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"status": "success", "data": true})
}

// authed puts a data handler behind the bearer token check.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		s.mu.Lock()
		t := s.tokens[tok]
		ok := t != nil && t.seq > s.revokeSeq && s.opts.now().Before(t.exp)
		s.mu.Unlock()
		if !ok {
			writeError(w, http.StatusUnauthorized, "UDAPI100050", "Invalid token used to access API")
			return
		}
		h(w, r, t.user)
	}
}
