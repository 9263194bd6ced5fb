// Package fake is Wealthsimple's web-app API on loopback for tests and for
// running Latchkey against (--endpoints): the login page (wssdi cookie and
// the JS bundle holding the web client id), the OAuth token endpoint with its
// two-step quirk (invalid_grant plus x-wealthsimple-otp-required until the
// code rides in x-wealthsimple-otp), rotating refresh tokens, token/info and
// the GraphQL queries the integration sends.
//
// # Test logins
//
// Every e-mail takes the password "ws-password-1"; any other password is
// refused with 401 invalid_grant (and no OTP header).
//
//	ws_user@example.com    two-step code by SMS: 246810
//	ws_app@example.com     two-step code from an authenticator app: 246810
//	ws_nootp@example.com   no two-step verification
//	ws_locked@example.com  401 invalid_grant "account locked" (ErrAccountLocked)
//
// Each e-mail is its own identity, with the same three accounts (TFSA,
// non-registered with USD, cash). Access tokens last 30 minutes; a refresh
// token works once.
package fake

import (
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/wealthsimple"
)

// Test credentials.
const (
	Password = "ws-password-1"
	OTPCode  = "246810"
	// ClientID is the web client id the login page's bundle holds.
	ClientID = "4da53ac2b03225bed1550eba8e4611e086c7b905a3855e6ed12ea08c246758fa"
)

type user struct {
	identity string
	otp      string // "", "sms", "app"
	locked   bool
}

var users = map[string]user{
	"ws_user@example.com":   {identity: "identity-2kx9Yw0cB1", otp: "sms"},
	"ws_app@example.com":    {identity: "identity-7Hq2mZk4Pa", otp: "app"},
	"ws_nootp@example.com":  {identity: "identity-Qe4Tn8Ls2d"},
	"ws_locked@example.com": {identity: "identity-Lk0Cd9Rr3u", locked: true},
}

// Identity is ws_user@example.com's identity id.
const Identity = "identity-2kx9Yw0cB1"

// Options configure the fake.
type Options struct {
	// Now is the server's clock (nil: time.Now); data is anchored to its UTC
	// day.
	Now func() time.Time
	// Addr is the address to listen on (default 127.0.0.1:0).
	Addr string
}

// Server is a running fake: fakekit's listener, clock and faults, its
// token store (access tokens of 30 minutes, refresh tokens that work once),
// and the two-step claims it handed out.
type Server struct {
	fakekit.Base

	tokens *fakekit.Tokens

	mu       sync.Mutex
	otpClaim map[string]string // authenticated claim → e-mail
}

// New starts a fake on loopback.
func New(opts Options) (*Server, error) {
	s := &Server{otpClaim: map[string]string{},
		tokens: &fakekit.Tokens{Now: opts.Now, AccessLife: 30 * time.Minute, Rotate: true}}
	if err := s.Start("wealthsimple fake", opts.Addr, opts.Now, s.Handler()); err != nil {
		return nil, err
	}
	return s, nil
}

// Endpoints returns the overrides that point Latchkey at the fake (it
// serves both the auth and the app host).
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{wealthsimple.ID: {"auth": s.URL(), "api": s.URL()}}
}

// RevokeAll kills every access and refresh token.
func (s *Server) RevokeAll() { s.tokens.RevokeAll() }

// ExpireAccessTokens expires every access token; refresh tokens still work.
func (s *Server) ExpireAccessTokens() { s.tokens.ExpireAccess() }

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /app/login", s.loginPage)
	mux.HandleFunc("GET /app/assets/app-3f9a1c2b7d.js", s.bundle)
	mux.HandleFunc("POST /v1/oauth/v2/token", s.token)
	mux.HandleFunc("GET /v1/oauth/v2/token/info", s.tokenInfo)
	mux.Handle("POST /graphql", s.Wrap(http.HandlerFunc(s.graphql)))
	return mux
}

var writeJSON, random = fakekit.WriteJSON, fakekit.Random

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: "wssdi", Value: random(8), Path: "/", HttpOnly: true})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, "<!doctype html><html><head><title>Wealthsimple</title>\n"+
		`<script type="module" crossorigin src="/app/assets/app-3f9a1c2b7d.js"></script>`+"\n</head><body><div id=\"root\"></div></body></html>\n")
}

func (s *Server) bundle(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/javascript")
	_, _ = io.WriteString(w, `const e={"development":{apiUrl:"http://localhost",clientId:"0000"},"production":{apiUrl:"https://api.production.wealthsimple.com",clientId:"`+
		ClientID+`"}};export{e as c};`)
}

type tokenRequest struct {
	GrantType    string `json:"grant_type"`
	Username     string `json:"username"`
	Password     string `json:"password"`
	RefreshToken string `json:"refresh_token"`
	ClientID     string `json:"client_id"`
	Scope        string `json:"scope"`
}

func invalidGrant(w http.ResponseWriter, desc string) {
	writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_grant", "error_description": desc})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	var req tokenRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request"})
		return
	}
	if req.ClientID != ClientID || r.Header.Get("x-wealthsimple-client") != "@wealthsimple/wealthsimple" {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "Client authentication failed"})
		return
	}
	switch req.GrantType {
	case "password":
		s.passwordGrant(w, r, req)
	case "refresh_token":
		id, ok := s.tokens.Refresh(req.RefreshToken) // single use
		if !ok || r.Header.Get("Authorization") != "" {
			invalidGrant(w, "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.")
			return
		}
		s.issue(w, id)
	default:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
	}
}

func (s *Server) passwordGrant(w http.ResponseWriter, r *http.Request, req tokenRequest) {
	u, ok := users[req.Username]
	if r.Header.Get("x-ws-device-id") == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "missing device"})
		return
	}
	if !ok || req.Password != Password {
		invalidGrant(w, "Invalid email or password")
		return
	}
	if u.locked {
		invalidGrant(w, "Your account has been locked. Contact support.")
		return
	}
	if u.otp != "" {
		code, _, _ := strings.Cut(r.Header.Get("x-wealthsimple-otp"), ";")
		claim := r.Header.Get("x-wealthsimple-otp-authenticated-claim")
		s.mu.Lock()
		claimUser, claimOK := s.otpClaim[claim]
		s.mu.Unlock()
		if code == "" || subtle.ConstantTimeCompare([]byte(code), []byte(OTPCode)) != 1 || !claimOK || claimUser != req.Username {
			nc := "eyJhbGciOiJIUzI1NiJ9." + base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"`+u.identity+`"}`)) + "." + random(16)
			s.mu.Lock()
			s.otpClaim[nc] = req.Username
			s.mu.Unlock()
			h := w.Header()
			h.Set("x-wealthsimple-otp-required", "true")
			h.Set("x-wealthsimple-otp", "required; method="+u.otp+"; digits=6")
			h.Set("x-wealthsimple-otp-authenticated-claim", nc)
			invalidGrant(w, "Two-step verification code required")
			return
		}
	}
	s.issue(w, u.identity)
}

func (s *Server) issue(w http.ResponseWriter, identity string) {
	at, rt := s.tokens.Issue(identity, true)
	now := s.Now()
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": at, "token_type": "Bearer", "expires_in": 1800, "refresh_token": rt,
		"scope": "invest.read trade.read tax.read", "created_at": now.Unix(), "identity_canonical_id": identity,
		"expires_at": now.Add(30 * time.Minute).UTC().Format("2006-01-02T15:04:05.000Z"),
		"profiles":   map[string]any{"trade": map[string]string{"default": "user-" + identity[9:]}},
	})
}

func (s *Server) tokenInfo(w http.ResponseWriter, r *http.Request) {
	id, ok := s.tokens.Bearer(r)
	if !ok {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_token"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"resource_owner_id": id, "identity_canonical_id": id,
		"scope": []string{"invest.read", "trade.read", "tax.read"}, "expires_in": 1500, "application": map[string]string{"uid": ClientID}})
}

type gqlRequest struct {
	OperationName string          `json:"operationName"`
	Query         string          `json:"query"`
	Variables     json.RawMessage `json:"variables"`
}

func gqlError(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusOK, map[string]any{"errors": []map[string]any{{"message": msg, "extensions": map[string]string{"code": "BAD_REQUEST"}}}})
}

func (s *Server) graphql(w http.ResponseWriter, r *http.Request) {
	identity, ok := s.tokens.Bearer(r)
	if !ok {
		// The quirk: an expired token is refused in the GraphQL body.
		writeJSON(w, http.StatusOK, map[string]any{"errors": []map[string]any{{"message": "Not Authorized.", "extensions": map[string]string{"code": "UNAUTHENTICATED"}}}})
		return
	}
	var req gqlRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&req); err != nil {
		gqlError(w, "Bad request")
		return
	}
	if !strings.Contains(req.Query, "query "+req.OperationName) {
		gqlError(w, "Unknown operation")
		return
	}
	p := build(identity, fakekit.Day(s.Now()))
	var data any
	var err string
	switch req.OperationName {
	case "FetchAllAccountFinancials":
		data, err = p.accounts(req.Variables)
	case "FetchAccountsWithBalance":
		data, err = p.balances(req.Variables)
	case "FetchIdentityPositions":
		data, err = p.positions(req.Variables)
	case "FetchActivityFeedItems":
		data, err = p.activities(req.Variables)
	default:
		err = "Cannot query operation " + req.OperationName
	}
	if err != "" {
		gqlError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": data})
}

// cursor encodes an offset as an opaque cursor.
func cursor(n int) string {
	return base64.StdEncoding.EncodeToString([]byte("offset:" + strconv.Itoa(n)))
}

func offset(c string) (int, bool) {
	if c == "" {
		return 0, true
	}
	b, err := base64.StdEncoding.DecodeString(c)
	if err != nil {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimPrefix(string(b), "offset:"))
	return n, err == nil && n >= 0
}

// Count says how many rows the fake serves ws_user@example.com.
func (s *Server) Count(list brokertest.List, accountID string) int {
	p := build(Identity, fakekit.Day(s.Now()))
	switch list {
	case brokertest.ListAccounts:
		return len(p.accts)
	case brokertest.ListPositions:
		if a := p.find(accountID); a != nil {
			return len(a.positions)
		}
		return 0
	}
	if a := p.find(accountID); a != nil {
		return fakekit.CountWhere(a.activities, func(x activity) bool { return x.Status != "rejected" })
	}
	return 0
}

// FullAccountNumbers are the unmasked account numbers of the fake.
func FullAccountNumbers() []string {
	var out []string
	for _, a := range build(Identity, fakekit.Day(time.Now())).accts {
		out = append(out, a.number)
	}
	return out
}
