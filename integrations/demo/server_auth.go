package demo

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ClientID is the demo's built-in public OAuth client: it needs no
// registration and no secret, uses PKCE S256, and may redirect to any
// loopback port (RFC 8252).
const ClientID = "latchkey-demo"

// tokenResponse is the body of a successful login or token request.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in,omitempty"`
	ExpiresAt    string `json:"expires_at,omitempty"`
	RefreshToken string `json:"refresh_token,omitempty"`
	// RefreshExpiresIn is the seconds until the login itself ends.
	RefreshExpiresIn int64  `json:"refresh_token_expires_in,omitempty"`
	Scope            string `json:"scope,omitempty"`
	UserID           string `json:"user_id,omitempty"`
}

// issueSession issues the session token of a credentials login.
func (s *Server) issueSession(user string, sc scenario) tokenResponse {
	now := s.now()
	gexp := now.Add(sc.grantLife())
	c := claims{Typ: typSession, Inst: ID, Sub: userID(user), User: user, GrantID: randomID("g_"),
		IssuedAt: s.issuedAt(), Expires: gexp.Unix(), GrantExp: gexp.Unix()}
	return tokenResponse{
		AccessToken: s.signer.sign(c), TokenType: "Bearer",
		ExpiresIn: gexp.Unix() - now.Unix(), ExpiresAt: time.Unix(gexp.Unix(), 0).UTC().Format(time.RFC3339),
		UserID: c.Sub,
	}
}

// issuePair issues an OAuth access token and the next refresh token of a grant.
func (s *Server) issuePair(user, gid string, gen int, gexp int64) tokenResponse {
	now := s.now()
	iat := s.issuedAt()
	aexp := min(now.Add(accessTokenLife).Unix(), gexp)
	sub := userID(user)
	at := claims{Typ: typAccess, Inst: ID, Sub: sub, User: user, GrantID: gid, IssuedAt: iat, Expires: aexp, GrantExp: gexp}
	rt := claims{Typ: typRefresh, Inst: ID, Sub: sub, User: user, GrantID: gid, Gen: gen, IssuedAt: iat, Expires: gexp, GrantExp: gexp}
	s.mu.Lock()
	if gen > s.refreshGen[gid] {
		s.refreshGen[gid] = gen
	}
	s.mu.Unlock()
	return tokenResponse{
		AccessToken: s.signer.sign(at), TokenType: "Bearer", ExpiresIn: aexp - now.Unix(),
		RefreshToken: s.signer.sign(rt), RefreshExpiresIn: gexp - now.Unix(), Scope: "read",
	}
}

// --- Credentials login -------------------------------------------------------

// challenge is a pending MFA challenge of a credentials login.
type challenge struct {
	id       string
	user     string
	sc       scenario
	kind     string // mfaCode, mfaChoice (until a method is chosen), mfaPush, mfaQuestions
	channel  string // for codes: "totp", "sms", "email"
	created  time.Time
	expires  time.Time
	attempts int
	decision string // push: "", "approved", "denied"
}

const maxAttempts = 5

type mfaRequired struct {
	Type        string        `json:"type"`
	Channel     string        `json:"channel,omitempty"`
	Destination string        `json:"destination,omitempty"`
	Message     string        `json:"message,omitempty"`
	Options     []mfaOption   `json:"options,omitempty"`
	Questions   []mfaQuestion `json:"questions,omitempty"`
	ApproveURL  string        `json:"approve_url,omitempty"`
	ExpiresIn   int64         `json:"expires_in,omitempty"`
}

type mfaOption struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

type mfaQuestion struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type mfaResponse struct {
	ChallengeID string      `json:"challenge_id"`
	MFARequired mfaRequired `json:"mfa_required"`
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type mfaRequest struct {
	ChallengeID string            `json:"challenge_id"`
	Code        string            `json:"code,omitempty"`
	Method      string            `json:"method,omitempty"`
	Answers     map[string]string `json:"answers,omitempty"`
}

type mfaStatus struct {
	Status string `json:"status"` // pending, approved, denied, expired
	tokenResponse
}

func readJSON(r *http.Request, v any) bool {
	b, err := io.ReadAll(io.LimitReader(r.Body, 64<<10))
	return err == nil && json.Unmarshal(b, v) == nil
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if !readJSON(r, &req) {
		writeError(w, http.StatusBadRequest, "invalid_request", "Body must be JSON with username and password.")
		return
	}
	user, sc, known := lookupUser(req.Username)
	if known && sc.maintenance {
		w.Header().Set("Retry-After", "3600")
		writeError(w, http.StatusServiceUnavailable, "maintenance", "Latchkey Demo Brokerage is down for scheduled maintenance.")
		return
	}
	if known && sc.rateLimited {
		w.Header().Set("Retry-After", "60")
		writeError(w, http.StatusTooManyRequests, "rate_limited", "Too many login attempts. Try again in a minute.")
		return
	}
	if !known || subtle.ConstantTimeCompare([]byte(req.Password), []byte(GoodPassword)) != 1 {
		writeError(w, http.StatusUnauthorized, "invalid_credentials", "The username or password is incorrect.")
		return
	}
	if sc.locked {
		writeError(w, http.StatusLocked, "account_locked", "This login is locked. Call us to unlock it.")
		return
	}
	if sc.mfa == mfaNone {
		writeJSON(w, http.StatusOK, s.issueSession(user, sc))
		return
	}
	now := s.now()
	ch := &challenge{id: randomID("ch_"), user: user, sc: sc, kind: sc.mfa, created: now, expires: now.Add(challengeLife)}
	if sc.mfa == mfaCode {
		ch.channel = "totp"
	}
	if sc.mfa == mfaPush {
		ch.expires = now.Add(approveTimeout)
	}
	s.mu.Lock()
	s.challenges[ch.id] = ch
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, mfaResponse{ChallengeID: ch.id, MFARequired: s.describe(r, ch)})
}

// describe is what the client is told about a challenge.
func (s *Server) describe(r *http.Request, ch *challenge) mfaRequired {
	switch ch.kind {
	case mfaCode:
		m := mfaRequired{Type: mfaCode, Channel: ch.channel}
		switch ch.channel {
		case "sms":
			m.Destination, m.Message = destSMS, "We sent a 6-digit code by text message."
		case "email":
			m.Destination, m.Message = destEmail, "We sent a 6-digit code by e-mail."
		default:
			m.Destination, m.Message = destApp, "Enter the 6-digit code from your authenticator app."
		}
		return m
	case mfaChoice:
		return mfaRequired{Type: mfaChoice, Message: "Where should we send your verification code?",
			Options: []mfaOption{{"sms", "Text message to •••-•••-4821"}, {"email", "E-mail to d•••@example.com"}}}
	case mfaPush:
		return mfaRequired{Type: mfaPush, Message: "Approve the sign-in in the Latchkey Demo app on your phone.",
			ApproveURL: baseURL(r) + "/mfa/approve/" + ch.id, ExpiresIn: int64(approveTimeout / time.Second)}
	default:
		m := mfaRequired{Type: mfaQuestions, Message: "Answer your security questions."}
		for _, q := range questions {
			m.Questions = append(m.Questions, mfaQuestion{q.id, q.text})
		}
		return m
	}
}

// baseURL is the scheme and host the request came to.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// takeChallenge returns the live challenge with id; expired ones are dropped.
func (s *Server) takeChallenge(id string) *challenge {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := s.challenges[id]
	if ch != nil && !s.now().Before(ch.expires) {
		delete(s.challenges, id)
		return nil
	}
	return ch
}

func (s *Server) dropChallenge(id string) {
	s.mu.Lock()
	delete(s.challenges, id)
	s.mu.Unlock()
}

func (s *Server) handleMFA(w http.ResponseWriter, r *http.Request) {
	var req mfaRequest
	if !readJSON(r, &req) {
		writeError(w, http.StatusBadRequest, "invalid_request", "Body must be JSON with challenge_id.")
		return
	}
	ch := s.takeChallenge(req.ChallengeID)
	if ch == nil {
		writeError(w, http.StatusGone, "challenge_expired", "The verification expired. Sign in again.")
		return
	}
	switch ch.kind {
	case mfaChoice:
		if req.Method != "sms" && req.Method != "email" {
			writeError(w, http.StatusBadRequest, "invalid_request", "method must be sms or email.")
			return
		}
		s.mu.Lock()
		ch.kind, ch.channel = mfaCode, req.Method
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, mfaResponse{ChallengeID: ch.id, MFARequired: s.describe(r, ch)})
	case mfaCode:
		s.answer(w, ch, strings.TrimSpace(req.Code) == MFACode, "invalid_mfa_code", "The code is incorrect.")
	case mfaQuestions:
		ok := true
		for _, q := range questions {
			if !strings.EqualFold(strings.TrimSpace(req.Answers[q.id]), q.answer) {
				ok = false
			}
		}
		s.answer(w, ch, ok, "invalid_mfa_answer", "One or more answers are incorrect.")
	default: // push: answered by approval, polled with GET
		writeError(w, http.StatusConflict, "approval_pending", "Approve the sign-in in the app; poll the challenge for its status.")
	}
}

// answer finishes a challenge with a session, or counts a wrong answer.
func (s *Server) answer(w http.ResponseWriter, ch *challenge, ok bool, code, msg string) {
	if ok {
		s.dropChallenge(ch.id)
		writeJSON(w, http.StatusOK, s.issueSession(ch.user, ch.sc))
		return
	}
	s.mu.Lock()
	ch.attempts++
	left := maxAttempts - ch.attempts
	if left <= 0 {
		delete(s.challenges, ch.id)
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusUnauthorized, struct {
		apiError
		AttemptsRemaining int `json:"attempts_remaining"`
	}{apiError{Error: code, Message: msg}, left})
}

func (s *Server) handleMFAStatus(w http.ResponseWriter, r *http.Request) {
	ch := s.takeChallenge(r.PathValue("id"))
	if ch == nil {
		writeJSON(w, http.StatusOK, mfaStatus{Status: "expired"})
		return
	}
	if ch.kind != mfaPush {
		writeError(w, http.StatusConflict, "not_a_push_challenge", "This challenge is answered with POST /v1/auth/mfa.")
		return
	}
	s.mu.Lock()
	decision := ch.decision
	if decision == "" && s.opts.approveAfter() >= 0 && s.now().Sub(ch.created) >= s.opts.approveAfter() {
		decision = "approved" // the user approved on their phone
	}
	s.mu.Unlock()
	switch decision {
	case "approved":
		s.dropChallenge(ch.id)
		writeJSON(w, http.StatusOK, mfaStatus{Status: "approved", tokenResponse: s.issueSession(ch.user, ch.sc)})
	case "denied":
		s.dropChallenge(ch.id)
		writeJSON(w, http.StatusOK, mfaStatus{Status: "denied"})
	default:
		writeJSON(w, http.StatusOK, mfaStatus{Status: "pending"})
	}
}

// --- Pages -------------------------------------------------------------------

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{.Title}} · Latchkey Demo Brokerage</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;color:#1d2330}
main{max-width:26rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0002}
h1{font-size:1.3rem;margin-top:0} .err{color:#b00020} label{display:block;margin:.8rem 0 .2rem}
input[type=text],input[type=password]{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
.buttons{margin-top:1.5rem;display:flex;gap:.8rem} button{flex:1;padding:.6rem;font-size:1rem;border-radius:8px;border:1px solid #889;cursor:pointer}
button.primary{background:#2457d6;color:#fff;border-color:#2457d6} small{color:#667}
</style></head><body><main>
<h1>{{.Title}}</h1>
{{with .Error}}<p class="err">{{.}}</p>{{end}}
{{range .Lines}}<p>{{.}}</p>{{end}}
{{if .Action}}<form method="post" action="{{.Action}}">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">{{end}}
{{if .Login}}<label for="username">Username</label><input type="text" id="username" name="username" value="{{.Username}}" autocomplete="username">
<label for="password">Password</label><input type="password" id="password" name="password" value="pass_good" autocomplete="current-password">
<small>Demo logins: user_good, user_expiring, user_expire_fast… password pass_good.</small>{{end}}
<div class="buttons"><button type="submit" name="decision" value="deny">Deny</button>
<button class="primary" type="submit" name="decision" value="approve">Approve</button></div>
</form>{{end}}
</main></body></html>
`))

type pageData struct {
	Title    string
	Error    string
	Lines    []string
	Action   string
	Hidden   map[string]string
	Login    bool
	Username string
}

func renderPage(w http.ResponseWriter, status int, d pageData) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Frame-Options", "DENY")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' http://127.0.0.1:* http://localhost:* http://[::1]:*")
	w.WriteHeader(status)
	page.Execute(w, d) //nolint:errcheck // the client went away
}

func (s *Server) handleIndex(w http.ResponseWriter, r *http.Request) {
	renderPage(w, http.StatusOK, pageData{Title: "Latchkey Demo Brokerage", Lines: []string{
		"This is the demo institution built into Latchkey. It runs on your own computer and holds no real data.",
		"Usernames: user_good, user_mfa_code, user_mfa_choice, user_mfa_push, user_mfa_questions, user_locked, user_rate_limited, user_maintenance, user_expiring, user_expire_fast. Password: pass_good. Codes: 123456. Security answers: blue, rex.",
		"Latchkey Demo Crypto API key: demo_key, secret: demo_secret.",
	}})
}

func (s *Server) handleApprovePage(w http.ResponseWriter, r *http.Request) {
	ch := s.takeChallenge(r.PathValue("id"))
	if ch == nil || ch.kind != mfaPush {
		renderPage(w, http.StatusNotFound, pageData{Title: "Sign-in request not found", Lines: []string{"This sign-in request expired or was already answered."}})
		return
	}
	renderPage(w, http.StatusOK, pageData{
		Title:  "Approve sign-in?",
		Lines:  []string{"Latchkey is signing in to your Latchkey Demo Brokerage account as " + ch.user + ".", "Approve only if this is you."},
		Action: "/mfa/approve/" + ch.id,
	})
}

func (s *Server) handleApproveDecision(w http.ResponseWriter, r *http.Request) {
	ch := s.takeChallenge(r.PathValue("id"))
	if ch == nil || ch.kind != mfaPush {
		renderPage(w, http.StatusNotFound, pageData{Title: "Sign-in request not found", Lines: []string{"This sign-in request expired or was already answered."}})
		return
	}
	d := r.PostFormValue("decision")
	s.mu.Lock()
	if ch.decision == "" {
		switch d {
		case "approve":
			ch.decision = "approved"
		case "deny":
			ch.decision = "denied"
		}
	}
	decided := ch.decision
	s.mu.Unlock()
	switch decided {
	case "approved":
		renderPage(w, http.StatusOK, pageData{Title: "Sign-in approved", Lines: []string{"You can return to Latchkey."}})
	case "denied":
		renderPage(w, http.StatusOK, pageData{Title: "Sign-in denied", Lines: []string{"Latchkey was not signed in. If this was not you, change your password."}})
	default:
		renderPage(w, http.StatusBadRequest, pageData{Title: "Approve sign-in?", Error: "Choose Approve or Deny.", Action: "/mfa/approve/" + ch.id})
	}
}

// --- OAuth 2.0 ---------------------------------------------------------------

type consentReq struct {
	redirectURI, state, challenge, scope string
	expires                              time.Time
}

type authCode struct {
	consentReq
	user    string
	expires time.Time
}

// loopbackRedirect reports whether u is an http loopback redirect URI
// (RFC 8252 §7.3): any port, any path, no fragment.
func loopbackRedirect(u string) bool {
	p, err := url.Parse(u)
	if err != nil || p.Scheme != "http" || p.Fragment != "" || p.User != nil {
		return false
	}
	h := p.Hostname()
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// redirectWith sends the browser back to the client with params.
func redirectWith(w http.ResponseWriter, r *http.Request, redirectURI string, params url.Values) {
	u, _ := url.Parse(redirectURI)
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusSeeOther)
}

func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") != ClientID {
		renderPage(w, http.StatusBadRequest, pageData{Title: "Unknown application", Lines: []string{"The application asking for access is not registered with Latchkey Demo Brokerage (client_id must be " + ClientID + ")."}})
		return
	}
	redirect := q.Get("redirect_uri")
	if !loopbackRedirect(redirect) {
		renderPage(w, http.StatusBadRequest, pageData{Title: "Invalid redirect", Lines: []string{"The redirect_uri must be an http loopback address (127.0.0.1, [::1] or localhost) on any port."}})
		return
	}
	state := q.Get("state")
	fail := func(code, desc string) {
		v := url.Values{"error": {code}, "error_description": {desc}}
		if state != "" {
			v.Set("state", state)
		}
		redirectWith(w, r, redirect, v)
	}
	if q.Get("response_type") != "code" {
		fail("unsupported_response_type", "response_type must be code")
		return
	}
	if q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" {
		fail("invalid_request", "PKCE with code_challenge_method S256 is required")
		return
	}
	if sc := q.Get("scope"); sc != "" && sc != "read" {
		fail("invalid_scope", "the only scope is read")
		return
	}
	req := &consentReq{redirectURI: redirect, state: state, challenge: q.Get("code_challenge"), scope: "read",
		expires: s.now().Add(challengeLife)}
	id := randomID("cr_")
	s.mu.Lock()
	s.consents[id] = req
	s.mu.Unlock()
	s.renderConsent(w, http.StatusOK, id, "user_good", "")
}

func (s *Server) renderConsent(w http.ResponseWriter, status int, id, username, errMsg string) {
	renderPage(w, status, pageData{
		Title: "Allow Latchkey to access your accounts?",
		Error: errMsg,
		Lines: []string{
			"Sign in to Latchkey Demo Brokerage to let Latchkey (on this computer) read your accounts, balances, holdings and activity.",
			"Latchkey will not be able to trade or move money.",
		},
		Action:   "/oauth/consent",
		Hidden:   map[string]string{"request_id": id},
		Login:    true,
		Username: username,
	})
}

func (s *Server) handleConsent(w http.ResponseWriter, r *http.Request) {
	id := r.PostFormValue("request_id")
	s.mu.Lock()
	req := s.consents[id]
	if req != nil && !s.now().Before(req.expires) {
		delete(s.consents, id)
		req = nil
	}
	s.mu.Unlock()
	if req == nil {
		renderPage(w, http.StatusBadRequest, pageData{Title: "Request expired", Lines: []string{"This access request expired or was already answered. Start again from Latchkey."}})
		return
	}
	withState := func(v url.Values) url.Values {
		if req.state != "" {
			v.Set("state", req.state)
		}
		return v
	}
	switch r.PostFormValue("decision") {
	case "deny":
		s.dropConsent(id)
		redirectWith(w, r, req.redirectURI, withState(url.Values{"error": {"access_denied"}, "error_description": {"The user denied access."}}))
		return
	case "approve":
	default:
		s.renderConsent(w, http.StatusBadRequest, id, r.PostFormValue("username"), "Choose Approve or Deny.")
		return
	}
	user, sc, known := lookupUser(r.PostFormValue("username"))
	if !known || r.PostFormValue("password") != GoodPassword {
		s.renderConsent(w, http.StatusUnauthorized, id, r.PostFormValue("username"), "The username or password is incorrect.")
		return
	}
	s.dropConsent(id)
	switch {
	case sc.maintenance || sc.rateLimited:
		redirectWith(w, r, req.redirectURI, withState(url.Values{"error": {"temporarily_unavailable"}, "error_description": {"Try again later."}}))
		return
	case sc.locked:
		redirectWith(w, r, req.redirectURI, withState(url.Values{"error": {"access_denied"}, "error_description": {"This login is locked."}}))
		return
	}
	code := randomID("ac_")
	s.mu.Lock()
	s.codes[code] = &authCode{consentReq: *req, user: user, expires: s.now().Add(time.Minute)}
	s.mu.Unlock()
	redirectWith(w, r, req.redirectURI, withState(url.Values{"code": {code}}))
}

func (s *Server) dropConsent(id string) {
	s.mu.Lock()
	delete(s.consents, id)
	s.mu.Unlock()
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, apiError{Error: code, Description: desc})
}

func pkceS256(verifier string) string {
	h := sha256.Sum256([]byte(verifier))
	return b64.EncodeToString(h[:])
}

func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "body must be form-encoded")
		return
	}
	clientID := r.PostForm.Get("client_id")
	if u, _, ok := r.BasicAuth(); ok {
		clientID = u
	}
	if clientID != ClientID {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "unknown client")
		return
	}
	switch r.PostForm.Get("grant_type") {
	case "authorization_code":
		s.exchangeCode(w, r)
	case "refresh_token":
		s.refresh(w, r)
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
	}
}

func (s *Server) exchangeCode(w http.ResponseWriter, r *http.Request) {
	code := r.PostForm.Get("code")
	s.mu.Lock()
	ac := s.codes[code]
	delete(s.codes, code) // single use, even when the exchange fails
	s.mu.Unlock()
	switch {
	case ac == nil || !s.now().Before(ac.expires):
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the authorization code is invalid, expired or already used")
	case r.PostForm.Get("redirect_uri") != ac.redirectURI:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "redirect_uri does not match the authorization request")
	case subtle.ConstantTimeCompare([]byte(pkceS256(r.PostForm.Get("code_verifier"))), []byte(ac.challenge)) != 1:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "code_verifier does not match the code_challenge")
	default:
		sc := scenarios[ac.user]
		gexp := s.now().Add(sc.grantLife()).Unix()
		writeJSON(w, http.StatusOK, s.issuePair(ac.user, randomID("g_"), 1, gexp))
	}
}

func (s *Server) refresh(w http.ResponseWriter, r *http.Request) {
	c, err := s.signer.verify(r.PostForm.Get("refresh_token"), typRefresh)
	if err != nil || c.Inst != ID {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the refresh token is invalid")
		return
	}
	if c.expired(s.now()) {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the refresh token expired")
		return
	}
	if s.isRevoked(c) {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the grant was revoked by the user")
		return
	}
	s.mu.Lock()
	newest := s.refreshGen[c.GrantID]
	s.mu.Unlock()
	if c.Gen < newest {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the refresh token was already used")
		return
	}
	writeJSON(w, http.StatusOK, s.issuePair(c.User, c.GrantID, c.Gen+1, c.GrantExp))
}

// handleRevoke is token revocation (RFC 7009): it revokes the whole grant.
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	tok := r.PostFormValue("token")
	c, err := s.signer.verify(tok, tokenTyp(tok))
	if err == nil && c.GrantID != "" {
		if err := s.revs.add(c.GrantID, s.now()); err != nil {
			oauthError(w, http.StatusServiceUnavailable, "temporarily_unavailable", "could not record the revocation")
			return
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(0))
	w.WriteHeader(http.StatusOK) // RFC 7009: 200 even for an unknown token
}
