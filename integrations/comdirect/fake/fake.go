// Package fake is a fake comdirect REST API on loopback, for tests and for
// running Latchkey against it with --endpoints.
//
// It follows the REST API's documented login (comdirect REST API
// Schnittstellenspezifikation, chapter 2): POST /oauth/token with
// grant_type=password (client_id, client_secret, username, password)
// answering a TWO_FACTOR token (expires_in 599, kdnr); GET
// /api/session/clients/user/v1/sessions; POST .../sessions/{id}/validate,
// whose answer's x-once-authentication-info header names the challenge
// (id, typ P_TAN_PUSH with a link to poll, or M_TAN with the masked phone
// number; availableTypes; a request header {"typ":...} switches type);
// GET /api/session/v1/authentications/{id} answering {"status":"PENDING"}
// until the push is approved, then "AUTHENTICATED" (or "REJECTED");
// PATCH .../sessions/{id} with x-once-authentication-info {"id":...} and,
// for M_TAN, x-once-authentication: <TAN>; POST /oauth/token with
// grant_type=cd_secondary (token: the first access token) answering the
// banking and brokerage token; grant_type=refresh_token, which rotates the
// pair. Tokens live 599 seconds, refresh tokens RefreshLife. Every API call
// checks x-http-request-info.
//
// Data, with the banking token: GET /api/brokerage/clients/user/v3/depots,
// GET /api/brokerage/v3/depots/{id}/positions (with-attr=instrument adds
// the instruments), GET /api/brokerage/v3/depots/{id}/transactions
// (min-bookingDate, bookingStatus, paging-first and paging-count), GET
// /api/banking/clients/user/v2/accounts/balances, GET
// /api/banking/v1/accounts/{id}/transactions (the settlement account's,
// cash.go says how). Refusals: 401 for a
// token unknown, expired or revoked; 422 with StandardErrorResponse for a
// wrong TAN or a session not validated; OAuth's {"error":"invalid_grant"} /
// "invalid_client" at /oauth/token; 429 past Options.RateLimit a second.
//
// # Test logins
//
// ClientID / ClientSecret for all, and:
//
//	PushUser / PIN     photoTAN push (approved at the first poll), a depot
//	                   of six positions (shares, ETFs, a fund, a bond) and
//	                   about two years of transactions (buys, sells,
//	                   transfers in and out) and of its settlement
//	                   account's (the trades' cash legs, deposits,
//	                   withdrawals, dividends, interest, fees, taxes)
//	MTANUser / PIN     mobileTAN only (the TAN is TAN), a smaller depot
//	                   whose settlement account has no transactions
//	DenyUser / PIN     photoTAN push, rejected in the app
//	SharedUser / PIN   photoTAN push, two depots listed in turn whose
//	                   defaultSettlementAccountId is one Girokonto (its
//	                   rows hold both depots' trades' cash legs)
package fake

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// InstitutionID is the institution the fake stands in for.
const InstitutionID = "comdirect"

// The test logins.
const (
	ClientID     = "User_FAKE0001"
	ClientSecret = "fake-comdirect-client-secret"
	PushUser     = "12345678"
	MTANUser     = "23456789"
	DenyUser     = "34567890"
	SharedUser   = "45678901"
	PIN          = "246810"
	TAN          = "135790"
)

// RefreshLife is how long a refresh token lives in the fake.
const RefreshLife = 20 * time.Minute

// Options configure the fake (its clock, address and rate limit): RateLimit
// is how many requests a second a token may make (default 10).
type Options = fakekit.Options

type session struct {
	user, id, challenge, typ, link string
	polls                          int
	active                         bool
}

// Server is a running fake comdirect.
type Server struct {
	fakekit.Base

	opts   Options
	start  time.Time
	first  *fakekit.Tokens // TWO_FACTOR tokens → user
	tokens *fakekit.Tokens // banking tokens → user
	rate   *fakekit.Rate

	mu       sync.Mutex
	sessions map[string]*session // first access token → its session
	books    map[string]*book
}

// New starts a fake on opts.Addr.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, start: fakekit.Now(opts.Now), sessions: map[string]*session{},
		first:  &fakekit.Tokens{Now: opts.Now, AccessLife: 599 * time.Second},
		tokens: &fakekit.Tokens{Now: opts.Now, AccessLife: 599 * time.Second, RefreshLife: RefreshLife, Rotate: true}}
	s.books = map[string]*book{PushUser: mainBook(s.start), MTANUser: smallBook(s.start), DenyUser: smallBook(s.start),
		SharedUser: sharedBook(s.start)}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 10), Per: time.Second, Now: opts.Now}
	return s, s.Start("comdirect fake", opts.Addr, opts.Now, s.routes())
}

// Endpoints returns institution id → endpoint name → URL.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL()}}
}

// RevokeAll ends every token, as DELETE /oauth/revoke does.
func (s *Server) RevokeAll() { s.tokens.RevokeAll(); s.first.RevokeAll() }

// ExpireAccessTokens expires every access token: the next call refreshes.
func (s *Server) ExpireAccessTokens() { s.tokens.ExpireAccess() }

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	fakekit.WriteJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

func apiError(w http.ResponseWriter, status int, code, key, msg string) {
	fakekit.WriteJSON(w, status, map[string]any{"code": code, "messages": []any{map[string]any{
		"severity": "ERROR", "key": key, "message": msg, "args": map[string]any{}, "origin": []string{}}}})
}

func (s *Server) tokenAnswer(w http.ResponseWriter, access, refresh, scope, user string) {
	w.Header().Set("Cache-Control", "no-store")
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"access_token": access, "token_type": "bearer", "refresh_token": refresh,
		"expires_in": 599, "scope": scope, "kdnr": "00" + user, "bpid": "1234567", "kontaktId": "9" + user})
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "bad form")
		return
	}
	f := r.PostForm
	if f.Get("client_id") != ClientID || f.Get("client_secret") != ClientSecret {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "Bad client credentials")
		return
	}
	switch f.Get("grant_type") {
	case "password":
		u := f.Get("username")
		if s.books[u] == nil || f.Get("password") != PIN {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Bad credentials")
			return
		}
		access, refresh := s.first.Issue(u, true)
		s.mu.Lock()
		s.sessions[access] = &session{user: u, id: strings.ToUpper(fakekit.Random(16))}
		s.mu.Unlock()
		s.tokenAnswer(w, access, refresh, "TWO_FACTOR", u)
	case "cd_secondary":
		tok := f.Get("token")
		u, ok := s.first.Access(tok)
		s.mu.Lock()
		sess := s.sessions[tok]
		s.mu.Unlock()
		if !ok || sess == nil || !sess.active {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Session TAN not active")
			return
		}
		access, refresh := s.tokens.Issue(u+"|"+sess.id, true)
		s.tokenAnswer(w, access, refresh, "BANKING_RW BROKERAGE_RW SESSION_RW", u)
	case "refresh_token":
		subject, ok := s.tokens.Refresh(f.Get("refresh_token"))
		if !ok {
			oauthError(w, http.StatusBadRequest, "invalid_grant", "Invalid refresh token")
			return
		}
		access, refresh := s.tokens.Issue(subject, true)
		u, _, _ := strings.Cut(subject, "|")
		s.tokenAnswer(w, access, refresh, "BANKING_RW BROKERAGE_RW SESSION_RW", u)
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "")
	}
}

// requestInfoOK checks x-http-request-info: a session id and a 9-digit
// request id.
func requestInfoOK(r *http.Request) bool {
	var info struct {
		ClientRequestID struct {
			SessionID string `json:"sessionId"`
			RequestID string `json:"requestId"`
		} `json:"clientRequestId"`
	}
	if json.Unmarshal([]byte(r.Header.Get("x-http-request-info")), &info) != nil {
		return false
	}
	id := info.ClientRequestID.RequestID
	return info.ClientRequestID.SessionID != "" && len(id) == 9 && strings.Trim(id, "0123456789") == ""
}

// firstSession is the session of a request's TWO_FACTOR bearer token; it
// answers 401 when there is none.
func (s *Server) firstSession(w http.ResponseWriter, r *http.Request) (*session, bool) {
	tok, _ := fakekit.BearerToken(r)
	_, ok := s.first.Access(tok)
	s.mu.Lock()
	sess := s.sessions[tok]
	s.mu.Unlock()
	if !ok || !requestInfoOK(r) || sess == nil {
		w.WriteHeader(http.StatusUnauthorized)
		return nil, false
	}
	return sess, true
}

func (s *Server) sessions_(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.firstSession(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	fakekit.WriteJSON(w, http.StatusOK, []any{map[string]any{"identifier": sess.id, "sessionTanActive": sess.active, "activated2FA": sess.active}})
}

func (s *Server) validate(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.firstSession(w, r)
	if !ok {
		return
	}
	var body struct {
		Identifier       string `json:"identifier"`
		SessionTanActive bool   `json:"sessionTanActive"`
		Activated2FA     bool   `json:"activated2FA"`
	}
	if json.NewDecoder(r.Body).Decode(&body) != nil || body.Identifier != sess.id || r.PathValue("session") != sess.id ||
		!body.SessionTanActive || !body.Activated2FA {
		apiError(w, http.StatusUnprocessableEntity, "request.object.invalid", "session.invalid", "Die Session ist ungültig.")
		return
	}
	available := []string{"P_TAN_PUSH", "P_TAN", "M_TAN"}
	typ := "P_TAN" // the favourite: a photoTAN graphic, which a client switches away from
	if sess.user == MTANUser {
		available, typ = []string{"M_TAN"}, "M_TAN"
	}
	var want struct {
		Typ string `json:"typ"`
	}
	if h := r.Header.Get("x-once-authentication-info"); h != "" {
		if json.Unmarshal([]byte(h), &want) != nil || !slices.Contains(available, want.Typ) {
			apiError(w, http.StatusUnprocessableEntity, "request.object.invalid", "tan.type.invalid", "TAN-Verfahren nicht verfügbar.")
			return
		}
		typ = want.Typ
	}
	s.mu.Lock()
	sess.challenge, sess.typ, sess.polls = strconv.Itoa(600000000+len(s.sessions)*7+int(fakekit.Now(s.opts.Now).Unix()%1000)), typ, 0
	sess.link = strings.ToUpper(fakekit.Random(16))
	info := map[string]any{"id": sess.challenge, "typ": typ, "availableTypes": available}
	switch typ {
	case "P_TAN_PUSH":
		info["link"] = map[string]string{"href": "/api/session/v1/authentications/" + sess.link, "rel": "related", "method": "GET", "type": "application/json"}
	case "M_TAN":
		info["challenge"] = "+49-160-99XXXX"
	case "P_TAN":
		info["challenge"] = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
	}
	s.mu.Unlock()
	b, _ := json.Marshal(info)
	w.Header().Set("x-once-authentication-info", string(b))
	fakekit.WriteJSON(w, http.StatusCreated, body)
}

func (s *Server) authStatus(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.firstSession(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if sess.link == "" || r.PathValue("id") != sess.link {
		apiError(w, http.StatusNotFound, "not.found", "authentication.unknown", "Unbekannte Authentifizierung.")
		return
	}
	sess.polls++
	status := "AUTHENTICATED"
	if sess.user == DenyUser {
		status = "REJECTED"
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"authenticationId": sess.link, "status": status})
}

func (s *Server) activate(w http.ResponseWriter, r *http.Request) {
	sess, ok := s.firstSession(w, r)
	if !ok {
		return
	}
	var info struct {
		ID string `json:"id"`
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if json.Unmarshal([]byte(r.Header.Get("x-once-authentication-info")), &info) != nil || info.ID != sess.challenge || r.PathValue("session") != sess.id {
		apiError(w, http.StatusUnprocessableEntity, "request.object.invalid", "challenge.invalid", "Die TAN-Challenge ist ungültig.")
		return
	}
	switch {
	case sess.typ == "M_TAN" && r.Header.Get("x-once-authentication") != TAN:
		apiError(w, http.StatusUnprocessableEntity, "expression.invalid", "tan.invalid", "Die TAN ist ungültig.")
		return
	case sess.typ == "P_TAN_PUSH" && (sess.polls == 0 || sess.user == DenyUser):
		apiError(w, http.StatusUnprocessableEntity, "expression.invalid", "tan.not.approved", "Die TAN wurde nicht freigegeben.")
		return
	case sess.typ == "P_TAN" && r.Header.Get("x-once-authentication") == "":
		apiError(w, http.StatusUnprocessableEntity, "expression.invalid", "tan.invalid", "Die TAN ist ungültig.")
		return
	}
	sess.active = true
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"identifier": sess.id, "sessionTanActive": true, "activated2FA": true})
}

// user reads a data request's banking token.
func (s *Server) user(r *http.Request) (string, bool) {
	subject, ok := s.tokens.Bearer(r)
	u, _, _ := strings.Cut(subject, "|")
	return u, ok && requestInfoOK(r)
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/token", s.token)
	mux.HandleFunc("GET /api/session/clients/user/v1/sessions", s.sessions_)
	mux.HandleFunc("POST /api/session/clients/user/v1/sessions/{session}/validate", s.validate)
	mux.HandleFunc("PATCH /api/session/clients/user/v1/sessions/{session}", s.activate)
	mux.HandleFunc("GET /api/session/v1/authentications/{id}", s.authStatus)
	gate := fakekit.Gate{Rate: s.rate, Auth: s.user,
		Deny: func(w http.ResponseWriter, _ *http.Request) {
			oauthError(w, http.StatusUnauthorized, "invalid_token", "Access token expired or invalid")
		},
		Limited: func(w http.ResponseWriter, _ *http.Request) {
			apiError(w, http.StatusTooManyRequests, "too.many.requests", "rate.limit", "Zu viele Anfragen.")
		}}
	data := fakekit.ServeAs(&s.Base, gate, func(u string) *book { return s.books[u] })
	mux.Handle("GET /api/brokerage/clients/user/v3/depots", data(s.depots))
	mux.Handle("GET /api/brokerage/v3/depots/{depot}/positions", data(s.positions))
	mux.Handle("GET /api/brokerage/v3/depots/{depot}/transactions", data(s.transactions))
	mux.Handle("GET /api/banking/clients/user/v2/accounts/balances", data(s.balances))
	mux.Handle("GET /api/banking/v1/accounts/{account}/transactions", data(s.accountTransactions))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		apiError(w, http.StatusNotFound, "not.found", "resource.unknown", "Ressource nicht gefunden.")
	})
	return mux
}

// Count says how many rows the fake serves PushUser's depot: its
// transactions and its settlement account's booked ones but the cash legs
// of its trades.
func (s *Server) Count(list brokertest.List, _ string) int {
	b := s.books[PushUser]
	return fakekit.CountOne(list, len(b.positions), len(b.transactions)+
		fakekit.CountWhere(b.account, func(r cashRow) bool { return r.booked && !r.leg }))
}

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
	_                    = fmt.Sprint
)
