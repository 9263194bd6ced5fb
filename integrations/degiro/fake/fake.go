// Package fake is a DEGIRO web-trader API on loopback for tests and for
// running Latchkey against (--endpoints): the login with its status codes
// (6: a TOTP code, 12: approve in the app), sessions in the paths
// (;jsessionid=) and queries (sessionId=), the update's name/value rows,
// products/info, transactions and the account overview's cash movements.
//
// # Test logins
//
// Every username takes the password "dg-password-1"; any other password is
// refused (HTTP 400, status 3 badCredentials).
//
//	dg_user      logs in at once
//	dg_totp      asks for a TOTP code (status 6): 123456
//	dg_app       asks for approval in the DEGIRO app (status 12); approved on
//	             the second poll of /login/secure/login/in-app
//	             (Options.ApproveAfterPolls)
//	dg_deny      asks for approval in the app, which is refused
//	dg_blocked   HTTP 400, status 4 accountBlocked (a locked login)
//	dg_captcha   HTTP 400 with captchaRequired: true
//	dg_maint     HTTP 405 (scheduled maintenance)
//
// dg_user, dg_totp and dg_app are the same client (the same account, EUR
// base, with USD cash and positions); the others are other clients.
package fake

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/degiro"
)

// Password is every test user's password; TOTPCode is dg_totp's code.
const (
	Password = "dg-password-1"
	TOTPCode = "123456"
)

// Options configure the fake.
type Options struct {
	// Now is the server's clock (nil: time.Now); data is anchored to its
	// UTC day.
	Now func() time.Time
	// ApproveAfterPolls is the in-app poll on which dg_app is approved
	// (default 2).
	ApproveAfterPolls int
	// Addr is the address to listen on (default 127.0.0.1:0).
	Addr string
}

type user struct {
	name     string
	clientID int64
	account  int64
	mode     string
}

var users = map[string]user{
	"dg_user":    {"dg_user", 1234567, 31554891, ""},
	"dg_totp":    {"dg_totp", 1234567, 31554891, "totp"},
	"dg_app":     {"dg_app", 1234567, 31554891, "app"},
	"dg_deny":    {"dg_deny", 1234568, 31554892, "deny"},
	"dg_blocked": {"dg_blocked", 1234569, 31554893, "blocked"},
	"dg_captcha": {"dg_captcha", 1234570, 31554894, "captcha"},
	"dg_maint":   {"dg_maint", 1234571, 31554895, "maint"},
}

// IntAccount is the account number of the first three test users.
const IntAccount = 31554891

type pending struct {
	u     user
	polls int
}

// Server is a running fake, on fakekit's listener, clock and faults.
type Server struct {
	fakekit.Base

	approveAfter int

	mu       sync.Mutex
	sessions map[string]user
	inApp    map[string]*pending
}

// New starts a fake on loopback.
func New(opts Options) (*Server, error) {
	s := &Server{approveAfter: opts.ApproveAfterPolls, sessions: map[string]user{}, inApp: map[string]*pending{}}
	if s.approveAfter <= 0 {
		s.approveAfter = 2
	}
	if err := s.Start("degiro fake", opts.Addr, opts.Now, s.Handler()); err != nil {
		return nil, err
	}
	return s, nil
}

// Endpoints returns the overrides that point Latchkey at the fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{degiro.ID: {"api": s.URL()}}
}

// RevokeAll ends every session.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sessions = map[string]user{}
}

// ExpireAccessTokens does nothing: a DEGIRO session has no refresh.
func (s *Server) ExpireAccessTokens() {}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login/secure/login", s.login(""))
	mux.HandleFunc("POST /login/secure/login/totp", s.login("totp"))
	mux.HandleFunc("POST /login/secure/login/in-app", s.login("in-app"))
	data := func(h func(http.ResponseWriter, *http.Request, user)) http.Handler {
		return s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if u, ok := s.session(w, r); ok {
				h(w, r, u)
			}
		}))
	}
	mux.Handle("GET /pa/secure/client", data(s.client))
	mux.Handle("GET /trading/secure/v5/account/info/{acct}", data(s.accountInfo))
	mux.Handle("GET /trading/secure/v5/update/{acct}", data(s.update))
	mux.Handle("POST /product_search/secure/v5/products/info", data(s.products))
	mux.Handle("GET /portfolio-reports/secure/v4/transactions", data(s.transactions))
	mux.Handle("GET /portfolio-reports/secure/v6/accountoverview", data(s.overview))
	return mux
}

var writeJSON = fakekit.WriteJSON

func newID() string { return strings.ToUpper(fakekit.Random(16)) }

type loginBody struct {
	Username        string `json:"username"`
	Password        string `json:"password"`
	OneTimePassword string `json:"oneTimePassword"`
	InAppToken      string `json:"inAppToken"`
}

func refuse(w http.ResponseWriter, status int, text string, extra map[string]any) {
	body := map[string]any{"status": status, "statusText": text}
	for k, v := range extra {
		body[k] = v
	}
	writeJSON(w, http.StatusBadRequest, body)
}

// login serves the three login calls.
func (s *Server) login(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var req loginBody
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
			refuse(w, 3, "badCredentials", nil)
			return
		}
		u, ok := users[req.Username]
		if u.mode == "maint" {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusMethodNotAllowed)
			_, _ = io.WriteString(w, `<html><div id="under-const-content"><p>Scheduled maintenance</p></div></html>`)
			return
		}
		if !ok || req.Password != Password {
			refuse(w, 3, "badCredentials", map[string]any{"loginFailures": 1})
			return
		}
		switch u.mode {
		case "blocked":
			refuse(w, 4, "accountBlocked", nil)
			return
		case "captcha":
			refuse(w, 3, "badCredentials", map[string]any{"captchaRequired": true})
			return
		case "totp":
			if kind != "totp" {
				refuse(w, 6, "totpNeeded", nil)
				return
			}
			if req.OneTimePassword != TOTPCode {
				refuse(w, 3, "badCredentials", nil)
				return
			}
		case "app", "deny":
			if kind != "in-app" {
				tok := newID()
				s.mu.Lock()
				s.inApp[tok] = &pending{u: u}
				s.mu.Unlock()
				refuse(w, 12, "inAppTOTPNeeded", map[string]any{"inAppToken": tok})
				return
			}
			s.mu.Lock()
			p, found := s.inApp[req.InAppToken]
			if found {
				p.polls++
			}
			s.mu.Unlock()
			switch {
			case !found || p.u.name != u.name:
				refuse(w, 3, "badCredentials", nil)
				return
			case u.mode == "deny":
				refuse(w, 13, "inAppTOTPRejected", nil)
				return
			case p.polls < s.approveAfter:
				refuse(w, 12, "inAppTOTPNeeded", map[string]any{"inAppToken": req.InAppToken})
				return
			}
		}
		id := newID() + ".prod_b_112_1"
		s.mu.Lock()
		s.sessions[id] = u
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"isPassCodeEnabled": false, "locale": "en_GB",
			"redirectUrl": "https://trader.degiro.nl/trader/", "sessionId": id, "status": 0, "statusText": "success"})
	}
}

// session finds the request's session: the sessionId query parameter or the
// ;jsessionid= of the path.
func (s *Server) session(w http.ResponseWriter, r *http.Request) (user, bool) {
	id := r.URL.Query().Get("sessionId")
	if i := strings.Index(r.URL.Path, ";jsessionid="); i >= 0 {
		id = r.URL.Path[i+len(";jsessionid="):]
	}
	s.mu.Lock()
	u, ok := s.sessions[id]
	s.mu.Unlock()
	if !ok || id == "" {
		w.WriteHeader(http.StatusUnauthorized)
		return user{}, false
	}
	return u, true
}

// accountOK checks the intAccount of a path ({acct};jsessionid=...) or query.
func accountOK(w http.ResponseWriter, r *http.Request, u user) bool {
	acct := r.URL.Query().Get("intAccount")
	if p := r.PathValue("acct"); p != "" {
		acct, _, _ = strings.Cut(p, ";")
	}
	if acct != strconv.FormatInt(u.account, 10) {
		writeJSON(w, http.StatusForbidden, map[string]any{"errors": []map[string]string{{"text": "no access to this account"}}})
		return false
	}
	return true
}

func (s *Server) client(w http.ResponseWriter, r *http.Request, u user) {
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
		"id": u.clientID, "intAccount": u.account, "username": u.name, "clientRole": "basic",
		"effectiveClientRole": "basic", "contractType": "PRIVATE", "language": "en", "displayLanguage": "en",
	}})
}

func (s *Server) accountInfo(w http.ResponseWriter, r *http.Request, u user) {
	if accountOK(w, r, u) {
		writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{
			"clientId": u.clientID, "baseCurrency": "EUR", "marginType": "CASH",
			"currencyPairs": map[string]any{"EURUSD": map[string]any{"id": 705366, "price": "1.0873"}},
		}})
	}
}

func (s *Server) update(w http.ResponseWriter, r *http.Request, u user) {
	if !accountOK(w, r, u) {
		return
	}
	// The web trader (and degiro-connector's ActionGetUpdate) also send the
	// account and the session as query parameters.
	q := r.URL.Query()
	_, jsession, _ := strings.Cut(r.URL.Path, ";jsessionid=")
	if q.Get("intAccount") != strconv.FormatInt(u.account, 10) || q.Get("sessionId") != jsession {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errors": []map[string]string{{"text": "intAccount and sessionId are required"}}})
		return
	}
	p := build(u.clientID, fakekit.Day(s.Now()))
	writeJSON(w, http.StatusOK, p.update(s.Now()))
}

func (s *Server) products(w http.ResponseWriter, r *http.Request, u user) {
	if !accountOK(w, r, u) {
		return
	}
	// Ids as strings (the web trader) or numbers (degiro-connector's
	// product_list: list[int]).
	var ids []json.Number
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&ids); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errors": []map[string]string{{"text": "bad request"}}})
		return
	}
	out := map[string]any{}
	for _, n := range ids {
		if p, ok := productsByID[n.String()]; ok {
			out[n.String()] = p
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": out})
}

func dateRange(w http.ResponseWriter, r *http.Request) (string, string, bool) {
	q := r.URL.Query()
	from, err1 := time.Parse("02/01/2006", q.Get("fromDate"))
	to, err2 := time.Parse("02/01/2006", q.Get("toDate"))
	if err1 != nil || err2 != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"errors": []map[string]string{{"text": "fromDate and toDate are dd/mm/yyyy"}}})
		return "", "", false
	}
	return from.Format(time.DateOnly), to.Format(time.DateOnly), true
}

func (s *Server) transactions(w http.ResponseWriter, r *http.Request, u user) {
	if p, from, to, ok := s.report(w, r, u); ok {
		rows := dated(p.trades, func(t wireTransaction) string { return t.Date }, from, to)
		writeJSON(w, http.StatusOK, map[string]any{"data": rows})
	}
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request, u user) {
	if p, from, to, ok := s.report(w, r, u); ok {
		rows := dated(p.moves, func(m wireCashMovement) string { return m.Date }, from, to)
		writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"cashMovements": rows}})
	}
}

// report checks a report request (its account, its date range) and returns
// u's portfolio and the range; false when it answered a refusal.
func (s *Server) report(w http.ResponseWriter, r *http.Request, u user) (p *portfolio, from, to string, ok bool) {
	if !accountOK(w, r, u) {
		return nil, "", "", false
	}
	if from, to, ok = dateRange(w, r); !ok {
		return nil, "", "", false
	}
	return build(u.clientID, fakekit.Day(s.Now())), from, to, true
}

// dated returns the rows whose date (its first ten characters, yyyy-mm-dd)
// lies in from..to.
func dated[T any](rows []T, date func(T) string, from, to string) []T {
	out := []T{}
	for _, x := range rows {
		if d := date(x)[:10]; d >= from && d <= to {
			out = append(out, x)
		}
	}
	return out
}

// Count says how many rows the fake serves dg_user (positions with a size;
// trades and cash movements that are activities of their own).
func (s *Server) Count(list brokertest.List, _ string) int {
	p := build(users["dg_user"].clientID, fakekit.Day(s.Now()))
	own := func(m wireCashMovement) bool { return m.Type != "TRANSACTION" && m.Type != "CASH_FUND_TRANSACTION" }
	return fakekit.CountOne(list, len(p.positions), len(p.trades)+fakekit.CountWhere(p.moves, own))
}
