package fake

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Lifetimes, as Coinbase documents them.
const (
	accessLife  = time.Hour
	codeLife    = 10 * time.Minute
	refreshLife = 18 // months
)

// authCode is an authorization code waiting to be exchanged.
type authCode struct {
	user, clientID, redirectURI string
	challenge, method           string
	exp                         time.Time
}

// token is an access or refresh token.
type token struct {
	user string
	seq  int64     // issue order (revocation and expiry cut by it)
	exp  time.Time // access: 1 h; refresh: 1.5 years
	used bool      // refresh tokens work once
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("fake: crypto/rand failed")
	}
	return hex.EncodeToString(b)
}

var consentPage = template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Coinbase (fake) — authorize</title></head>
<body style="font-family:sans-serif;max-width:32em;margin:3em auto">
<h1>Coinbase (fake)</h1>
{{if .Error}}<p role="alert" style="color:#b00">{{.Error}}</p>{{end}}
<p>An app wants to <b>view your Coinbase user, accounts and transactions</b>{{if .Offline}} and stay signed in{{end}}.</p>
<form method="post" action="/oauth2/auth">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}<label for="username">Sign in as</label>
<input type="text" id="username" name="username" value="{{.Username}}">
<p><small>Test users: satoshi, hal.</small></p>
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>`))

type consentData struct {
	Hidden   map[string]string
	Username string
	Error    string
	Offline  bool
}

// authorizeParams are the authorize parameters the consent form carries.
var authorizeParams = []string{"response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method"}

// validRedirect accepts absolute http(s) redirect URIs on loopback: the fake
// runs on the user's machine and sends codes nowhere else.
func validRedirect(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Fragment != "" {
		return false
	}
	h := u.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// checkAuthorize validates authorize parameters; it returns a message for
// the user when they are unusable.
func checkAuthorize(q url.Values) string {
	switch {
	case q.Get("response_type") != "code":
		return "response_type must be code."
	case q.Get("client_id") == "":
		return "client_id is missing."
	case !validRedirect(q.Get("redirect_uri")):
		return "redirect_uri must be an absolute loopback URL (this fake runs on your computer)."
	case q.Get("state") != "" && len(q.Get("state")) < 8:
		return "state must be at least 8 characters long."
	case q.Get("code_challenge") != "" && q.Get("code_challenge_method") != "S256" && q.Get("code_challenge_method") != "plain" && q.Get("code_challenge_method") != "":
		return "code_challenge_method must be S256 or plain."
	}
	return ""
}

func renderConsent(w http.ResponseWriter, status int, q url.Values, username, msg string) {
	hidden := map[string]string{}
	for _, k := range authorizeParams {
		if v := q.Get(k); v != "" {
			hidden[k] = v
		}
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = consentPage.Execute(w, consentData{Hidden: hidden, Username: username, Error: msg,
		Offline: strings.Contains(q.Get("scope"), "offline_access")})
}

func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if msg := checkAuthorize(q); msg != "" {
		renderConsent(w, http.StatusBadRequest, q, UserSatoshi, msg)
		return
	}
	renderConsent(w, http.StatusOK, q, UserSatoshi, "")
}

func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	q := r.PostForm
	if msg := checkAuthorize(q); msg != "" {
		renderConsent(w, http.StatusBadRequest, q, UserSatoshi, msg)
		return
	}
	back := url.Values{}
	if st := q.Get("state"); st != "" {
		back.Set("state", st)
	}
	if q.Get("decision") != "approve" {
		back.Set("error", "access_denied")
		back.Set("error_description", "The resource owner denied the request.")
		redirect(w, r, q.Get("redirect_uri"), back)
		return
	}
	user := strings.TrimSpace(q.Get("username"))
	if user != UserSatoshi && user != UserHal {
		renderConsent(w, http.StatusOK, q, user, "Unknown user: try satoshi or hal.")
		return
	}
	code := randomHex(16)
	s.mu.Lock()
	s.codes[code] = &authCode{user: user, clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"),
		challenge: q.Get("code_challenge"), method: q.Get("code_challenge_method"), exp: s.opts.now().Add(codeLife)}
	s.mu.Unlock()
	back.Set("code", code)
	redirect(w, r, q.Get("redirect_uri"), back)
}

// redirect sends the browser to uri with params added to its query.
func redirect(w http.ResponseWriter, r *http.Request, uri string, params url.Values) {
	u, _ := url.Parse(uri)
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// oauthError writes the token endpoint's error body (Ory Hydra's shape).
func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": code, "error_description": desc, "status_code": status})
}

// pkceOK checks a code verifier against the challenge; Coinbase defaults to
// the plain method when none was given.
func pkceOK(challenge, method, verifier string) bool {
	if challenge == "" {
		return true
	}
	want := verifier
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		want = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return verifier != "" && subtle.ConstantTimeCompare([]byte(want), []byte(challenge)) == 1
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "The request is malformed.")
		return
	}
	f := r.PostForm
	clientID, secret := f.Get("client_id"), f.Get("client_secret")
	if id, sec, ok := r.BasicAuth(); ok {
		clientID, secret = id, sec
	}
	if clientID == "" || secret == "" || secret == BadClientSecret {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed.")
		return
	}
	now := s.opts.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var user string
	switch f.Get("grant_type") {
	case "authorization_code":
		code := s.codes[f.Get("code")]
		delete(s.codes, f.Get("code"))
		if code == nil || now.After(code.exp) || code.clientID != clientID || code.redirectURI != f.Get("redirect_uri") ||
			!pkceOK(code.challenge, code.method, f.Get("code_verifier")) {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.")
			return
		}
		user = code.user
	case "refresh_token":
		t := s.refresh[f.Get("refresh_token")]
		if t == nil || t.used || t.seq <= s.revokeSeq || now.After(t.exp) {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.")
			return
		}
		t.used = true // single use: the pair is replaced
		user = t.user
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "The authorization grant type is not supported by the authorization server.")
		return
	}
	s.seq++
	access, refresh := randomHex(32), randomHex(32)
	s.access[access] = &token{user: user, seq: s.seq, exp: now.Add(accessLife)}
	s.refresh[refresh] = &token{user: user, seq: s.seq, exp: now.AddDate(0, refreshLife, 0)}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"access_token": access, "token_type": "bearer", "expires_in": int(accessLife / time.Second),
		"refresh_token": refresh, "scope": "wallet:user:read wallet:accounts:read wallet:transactions:read offline_access",
	})
}

// handleRevoke revokes one token (POST /oauth2/revoke, token=...).
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	tok := r.PostForm.Get("token")
	s.mu.Lock()
	delete(s.access, tok)
	delete(s.refresh, tok)
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

// authed puts a handler behind the bearer token check.
func (s *Server) authed(h func(w http.ResponseWriter, r *http.Request, user string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(raw, "Bearer ")
		if !ok {
			writeErrors(w, http.StatusUnauthorized, "authentication_error", "invalid signature")
			return
		}
		s.mu.Lock()
		t := s.access[tok]
		var id, msg string
		switch {
		case t == nil:
			id, msg = "invalid_token", "The access token is invalid"
		case t.seq <= s.revokeSeq:
			id, msg = "revoked_token", "The access token was revoked"
		case t.seq <= s.expireSeq || !s.opts.now().Before(t.exp):
			id, msg = "expired_token", "The access token expired"
		}
		s.mu.Unlock()
		if id != "" {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeErrors(w, http.StatusUnauthorized, id, msg)
			return
		}
		h(w, r, t.user)
	}
}
