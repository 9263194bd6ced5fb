// Package fake is a local stand-in for Questrade's login server and API
// (live and practice on one loopback listener), for tests and for running
// Latchkey against (`--endpoints`, see Server.Endpoints).
//
// It reproduces what the questrade package relies on: the token endpoint
// /oauth2/token (GET or POST, parameters in the query) for
// grant_type=refresh_token and grant_type=authorization_code, answering
// {"access_token","token_type":"Bearer","expires_in":1800,"refresh_token",
// "api_server"}: every answer names the API server for the calls that
// follow, refresh tokens are single-use (a used one gets 400 Bad Request),
// access tokens last 30 minutes; the API under <api_server>v1/: accounts
// (with userId), accounts/:id/balances (perCurrencyBalances in CAD and USD),
// accounts/:id/positions, accounts/:id/activities?startTime=&endTime=
// (refused with 400 when the range exceeds 31 days) and symbols?ids=;
// numbers as JSON numbers, times as 2011-02-16T00:00:00.000000-05:00;
// errors as {"code":1017,"message":"Access token is invalid"} (401) and
// 429 with X-RateLimit-Remaining and X-RateLimit-Reset past Options.RateLimit
// requests a second; the OAuth consent page at GET /oauth2/authorize with
// Approve and Deny buttons.
//
// The live login server is the root and the practice one /practice (see
// Endpoints); the api_server it names is <url>/ or <url>/practice/. Any
// client id is accepted with any loopback redirect_uri.
//
// # Test logins
//
//	live manual token      QTmanualLive7xK2pV9qR4wZ  (user 3000124: Margin and TFSA accounts)
//	practice manual token  QTmanualPrac3mN8bT5yH1cJ  (user 3000999: one Margin account)
//
// These two stand for tokens generated in the API Centre and, unlike real
// ones, can be redeemed any number of times (until RevokeAll), so a person
// can connect again; GenerateToken mints single-use ones, as Questrade's
// are. Every refresh token the fake issues is single-use.
package fake

import (
	"cmp"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Institution ids the fake serves (the questrade package's ID and PracticeID).
const (
	LiveID     = "questrade"
	PracticeID = "questrade-practice"
)

// Reusable manual tokens.
const (
	LiveManualToken     = "QTmanualLive7xK2pV9qR4wZ"
	PracticeManualToken = "QTmanualPrac3mN8bT5yH1cJ"
)

const maxRange = 31 * 24 * time.Hour

// Options configure a fake server (fakekit.Options). RateLimit is the
// account calls a second each token may make (default 30, Questrade's
// documented limit).
type Options = fakekit.Options

// Server is a running fake. It implements brokertest.Fake, AfterInjector
// and PathInjector.
type Server struct {
	fakekit.Base
	// tokens is its one store: RevokeAll kills every access and refresh token and
	// the manual tokens; ExpireAccessTokens expires every access token issued so
	// far.
	fakekit.TokenStores

	tokens *fakekit.Tokens // subject: the environment (institution id)
	oauth  map[string]*fakekit.OAuth
	rate   *fakekit.Rate

	data fakekit.Daily[*User] // by variant and day, from Build
}

var _ brokertest.Fake = (*Server)(nil)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	s := &Server{data: fakekit.Daily[*User]{Build: Build}, oauth: map[string]*fakekit.OAuth{}}
	// Access tokens last 30 minutes; refresh tokens 7 days, single-use.
	s.tokens = &fakekit.Tokens{Now: opts.Now, AccessLife: 1800 * time.Second, RefreshLife: 7 * 24 * time.Hour, Rotate: true}
	s.TokenStores = fakekit.TokenStores{s.tokens}
	s.tokens.AddRefresh(LiveManualToken, LiveID, true)
	s.tokens.AddRefresh(PracticeManualToken, PracticeID, true)
	for _, env := range []string{LiveID, PracticeID} {
		s.oauth[env] = &fakekit.OAuth{Name: "Questrade", Tokens: s.tokens, Now: opts.Now, Subject: env,
			Client: fakekit.PublicClient, ParamsInQuery: true,
			// Every answer names the API server the calls that follow go to.
			Answer: func(t fakekit.Issued) map[string]any {
				return map[string]any{"access_token": t.Access, "api_server": s.URL() + prefix(env) + "/",
					"expires_in": t.ExpiresIn, "refresh_token": t.Refresh, "token_type": "Bearer"}
			},
			// The login server refuses with a plain 400.
			Error: func(w http.ResponseWriter, _ int, _, _ string) {
				fakekit.WriteText(w, http.StatusBadRequest, "Bad Request")
			}}
	}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 30), Per: time.Second, Now: opts.Now, Headers: rateHeaders}
	// The suite's faults Questrade's way: a 401 with its JSON error, a 429
	// with the spent window's headers.
	s.Injector.Write = fakekit.Faults(writeError, map[brokertest.Fault]fakekit.Answer[int]{
		brokertest.Unauthorized: {Status: http.StatusUnauthorized, Code: 1017, Message: "Access token is invalid"},
		brokertest.RateLimited:  {Status: http.StatusTooManyRequests, Code: 1006, Message: "Rate limit exceeded", Header: s.rate.Exhausted},
	})
	return s, s.Start("questrade fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints maps each institution id to its endpoints on this server.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		LiveID:     {"auth": s.URL()},
		PracticeID: {"auth": s.URL() + "/practice"},
	}
}

func prefix(env string) string {
	if env == PracticeID {
		return "/practice"
	}
	return ""
}

// GenerateToken mints a single-use manual refresh token for env, as
// "Generate new token" in the API Centre does.
func (s *Server) GenerateToken(env string) string {
	t := "QTgen" + fakekit.Random(12)
	s.tokens.AddRefresh(t, env, false)
	return t
}

// User returns env's data for the server clock's day.
func (s *Server) User(env string) *User {
	return s.data.Get(env, s.Now())
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, env := range []string{LiveID, PracticeID} {
		p := prefix(env)
		o := s.oauth[env]
		mux.HandleFunc("GET "+p+"/oauth2/authorize", o.Authorize)
		mux.HandleFunc("POST "+p+"/oauth2/authorize", o.Decide)
		mux.HandleFunc("GET "+p+"/oauth2/token", o.Token())
		mux.HandleFunc("POST "+p+"/oauth2/token", o.Token())
		gate := fakekit.Gate{Rate: s.rate,
			Auth:    s.tokens.PerToken(env),
			Deny:    fakekit.Reply(writeError, http.StatusUnauthorized, 1017, "Access token is invalid"),
			Limited: fakekit.Reply(writeError, http.StatusTooManyRequests, 1006, "Rate limit exceeded")}
		data := fakekit.ServeAs(&s.Base, gate, func(string) *User { return s.User(env) })
		mux.Handle("GET "+p+"/v1/accounts", data(s.accounts))
		mux.Handle("GET "+p+"/v1/accounts/{n}/balances", data(fakekit.Narrowed(s.account, s.balances)))
		mux.Handle("GET "+p+"/v1/accounts/{n}/positions", data(fakekit.Narrowed(s.account, s.positions)))
		mux.Handle("GET "+p+"/v1/accounts/{n}/activities", data(fakekit.Narrowed(s.account, s.activities)))
		mux.Handle("GET "+p+"/v1/symbols", data(s.symbols))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, 1001, "Invalid endpoint")
	})
	return mux
}

// --- Answers --------------------------------------------------------------------------

func writeError(w http.ResponseWriter, status, code int, msg string) {
	fakekit.WriteJSON(w, status, map[string]any{"code": code, "message": msg})
}

// rateHeaders are Questrade's: X-RateLimit-Remaining and X-RateLimit-Reset
// (a Unix time).
func rateHeaders(h http.Header, w fakekit.Window) {
	h.Set("X-RateLimit-Remaining", strconv.Itoa(w.Remaining()))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(w.Reset.Unix(), 10))
}

func (s *Server) accounts(w http.ResponseWriter, _ *http.Request, u *User) {
	var rows []map[string]any
	for i, a := range u.Accounts {
		rows = append(rows, map[string]any{"type": a.Type, "number": a.Number, "status": "Active",
			"isPrimary": i == 0, "isBilling": i == 0, "clientAccountType": a.ClientAccountType})
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"accounts": rows, "userId": u.ID})
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, u *User) *Account {
	for _, a := range u.Accounts {
		if a.Number == r.PathValue("n") {
			return a
		}
	}
	writeError(w, http.StatusBadRequest, 1002, "Invalid or malformed argument: id")
	return nil
}

func (s *Server) balances(w http.ResponseWriter, r *http.Request, a *Account) {
	per := balances(a)
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"perCurrencyBalances": per, "combinedBalances": per,
		"sodPerCurrencyBalances": per, "sodCombinedBalances": per})
}

func (s *Server) positions(w http.ResponseWriter, r *http.Request, a *Account) {
	rows := a.Positions
	if rows == nil {
		rows = []Position{}
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"positions": rows})
}

// parseTime reads an ISO 8601 time with an offset.
func parseTime(v string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, v)
}

func (s *Server) activities(w http.ResponseWriter, r *http.Request, a *Account) {
	q := r.URL.Query()
	start, err1 := parseTime(q.Get("startTime"))
	end, err2 := parseTime(q.Get("endTime"))
	switch {
	case err1 != nil:
		writeError(w, http.StatusBadRequest, 1002, "Invalid or malformed argument: startTime")
		return
	case err2 != nil:
		writeError(w, http.StatusBadRequest, 1002, "Invalid or malformed argument: endTime")
		return
	case end.Before(start):
		writeError(w, http.StatusBadRequest, 1002, "Invalid or malformed argument: endTime")
		return
	case end.Sub(start) > maxRange:
		writeError(w, http.StatusBadRequest, 1003, "Argument length exceeds imposed limit")
		return
	}
	rows := []Activity{}
	for _, x := range a.Activities {
		if !x.at.Before(start) && !x.at.After(end) {
			rows = append(rows, x)
		}
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"activities": rows})
}

func (s *Server) symbols(w http.ResponseWriter, r *http.Request, _ *User) {
	rows := []Symbol{}
	for _, id := range strings.Split(r.URL.Query().Get("ids"), ",") {
		n, err := strconv.ParseInt(strings.TrimSpace(id), 10, 64)
		if err != nil {
			writeError(w, http.StatusBadRequest, 1002, "Invalid or malformed argument: ids")
			return
		}
		if sym, ok := Symbols[n]; ok {
			sym.IsTradable, sym.IsQuotable = true, true
			rows = append(rows, sym)
		}
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"symbols": rows})
}
