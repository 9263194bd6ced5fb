// Package fake is a stand-in for Public.com's individual API, for tests and
// for running Latchkey against with --endpoints.
//
// It reproduces what the integration relies on: POST
// /userapiauthservice/personal/access-tokens exchanging a personal secret
// for a short-lived access token ({"validityInMinutes", "secret"} →
// {"accessToken"}; validity 5 to 1440 minutes, 15 by default; errors as
// {"errorCode","message"}), Bearer access tokens refused with 401
// {"error":"Unauthorized","message":"Invalid access token"} once expired or
// revoked, GET /userapigateway/trading/account, GET
// /userapigateway/trading/{accountId}/portfolio/v2 and GET
// /userapigateway/trading/{accountId}/history?start&end&pageSize&nextToken
// (newest first, nextToken paging, pageSize at most 100, 25 by default),
// with every amount a decimal string.
//
// # Test logins
//
//	secret public-secret-good-0001   two accounts: 5PB10001 (BROKERAGE, margin) and 5PB10002 (ROTH_IRA)
//	secret public-secret-other-0002  another user: 5PB20001 (BROKERAGE, cash)
//
// Any other secret is refused (401 {"errorCode":"UNAUTHORIZED",...}).
// Public publishes no rate limit: Options.RateLimit, when set, limits the
// requests a minute per secret key (the grant).
// Positions include equities, an ETF, crypto, an option and a Treasury
// bill; history runs from February to November 2025.
package fake

import (
	"encoding/hex"
	"encoding/json"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// InstitutionID is the id of the integration the fake serves.
const InstitutionID = "public"

// Test secrets and account ids (see the package doc).
const (
	Secret      = "public-secret-good-0001"
	OtherSecret = "public-secret-other-0002"

	Brokerage   = "5PB10001"
	RothIRA     = "5PB10002"
	OtherBroker = "5PB20001"
)

// Options configure the fake (fakekit.Options). RateLimit, when set, is the
// data requests a minute each secret key may make before a 429 (none by
// default).
type Options = fakekit.Options

// Server is the fake.
type Server struct {
	fakekit.Base
	// Refused secrets; RevokeAll below also revokes the access tokens.
	fakekit.Revocation

	tokens   *fakekit.Tokens       // access tokens, their subject the secret
	users    map[string][]*account // secret → accounts
	accounts map[string]*account

	mu     sync.Mutex
	minted int
}

var (
	mainHoldings = []holding{
		{"AAPL", "Apple Inc.", "EQUITY", "24", "231.42", "187.30"},
		{"VTI", "Vanguard Total Stock Market ETF", "EQUITY", "15.5", "296.10", "251.80"},
		{"MSFT", "Microsoft Corporation", "EQUITY", "8", "428.15", "401.00"},
		{"BTC", "Bitcoin", "CRYPTO", "0.0421", "96512.33", "61200.00"},
		{"AAPL260116C00270000", "AAPL Jan 16 2026 270 Call", "OPTION", "2", "1.35", "2.10"},
		{"912797NP8", "U.S. Treasury Bill 02/26/2026", "TREASURY", "1000", "98.912", "98.100"},
	}
	iraHoldings = []holding{
		{"VOO", "Vanguard S&P 500 ETF", "EQUITY", "12", "541.20", "480.55"},
		{"SCHD", "Schwab U.S. Dividend Equity ETF", "EQUITY", "40", "27.84", "26.10"},
	}
	otherHoldings = []holding{
		{"NVDA", "NVIDIA Corporation", "EQUITY", "10", "181.20", "120.00"},
		{"KO", "The Coca-Cola Company", "EQUITY", "20", "69.75", "61.40"},
	}
)

// New starts the fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	s := &Server{tokens: &fakekit.Tokens{Now: opts.Now}, accounts: map[string]*account{}}
	main := []*account{
		buildAccount(Brokerage, "BROKERAGE", "MARGIN", mainHoldings, 40),
		buildAccount(RothIRA, "ROTH_IRA", "CASH", iraHoldings, 8),
	}
	other := []*account{buildAccount(OtherBroker, "BROKERAGE", "CASH", otherHoldings, 12)}
	s.users = map[string][]*account{Secret: main, OtherSecret: other}
	for _, list := range s.users {
		for _, a := range list {
			s.accounts[a.wire.AccountID] = a
		}
	}
	gate := fakekit.Gate{
		Auth: s.tokens.Bearer,
		Deny: func(w http.ResponseWriter, _ *http.Request) {
			fakekit.WriteJSON(w, http.StatusUnauthorized, map[string]string{"error": "Unauthorized", "message": "Invalid access token"})
		},
		Limited: func(w http.ResponseWriter, _ *http.Request) {
			fakekit.WriteJSON(w, http.StatusTooManyRequests, map[string]string{"errorCode": "TOO_MANY_REQUESTS", "message": "Rate limit exceeded"})
		}}
	if opts.RateLimit > 0 {
		gate.Rate = &fakekit.Rate{Limit: opts.RateLimit, Per: time.Minute, Now: opts.Now}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /userapiauthservice/personal/access-tokens", s.mint)
	data := func(path string, h func(http.ResponseWriter, *http.Request, string)) {
		mux.Handle("GET "+path, s.GuardAs(gate, h))
	}
	data("/userapigateway/trading/account", s.accountList)
	data("/userapigateway/trading/{accountId}/portfolio/v2", s.portfolio)
	data("/userapigateway/trading/{accountId}/history", s.history)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Not Found", "message": "No such endpoint"})
	})
	return s, s.Start("public fake", opts.Addr, opts.Now, mux)
}

// Endpoints maps the institution id to its "api" endpoint on this fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL()}}
}

// RevokeAll refuses every secret and access token from now on, as when the
// user deletes the secret key.
func (s *Server) RevokeAll() {
	s.Revocation.RevokeAll()
	s.tokens.RevokeAll()
}

// ExpireAccessTokens expires every access token issued so far.
func (s *Server) ExpireAccessTokens() { s.tokens.ExpireAccess() }

// Minted returns how many access tokens the fake has issued.
func (s *Server) Minted() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.minted
}

// Counts returns how many positions and history rows an account serves.
func (s *Server) Counts(accountID string) (positions, activities int) {
	a := s.accounts[accountID]
	if a == nil {
		return 0, 0
	}
	return len(a.portfolio.Positions), len(a.history)
}

func (s *Server) mint(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ValidityInMinutes *int `json:"validityInMinutes"`
		Secret            string
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"errorCode": "BAD_REQUEST", "message": "Malformed request body"})
		return
	}
	minutes := 15
	if req.ValidityInMinutes != nil {
		minutes = *req.ValidityInMinutes
	}
	if minutes < 5 || minutes > 1440 || len(req.Secret) < 5 {
		writeJSON(w, http.StatusBadRequest, map[string]string{"errorCode": "BAD_REQUEST", "message": "validityInMinutes must be between 5 and 1440"})
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.users[req.Secret]; !ok || s.Revoked() {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"errorCode": "UNAUTHORIZED", "message": "Invalid personal secret"})
		return
	}
	tok := "pat_" + fakekit.Random(24)
	s.tokens.AddAccess(tok, req.Secret, s.Now().Add(time.Duration(minutes)*time.Minute))
	s.minted++
	writeJSON(w, http.StatusOK, map[string]string{"accessToken": tok})
}

// owned returns the account of the path if the token's user owns it.
func (s *Server) owned(w http.ResponseWriter, r *http.Request, secret string) (*account, bool) {
	id := r.PathValue("accountId")
	for _, a := range s.users[secret] {
		if a.wire.AccountID == id {
			return a, true
		}
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"error": "Not Found", "message": "Account not found"})
	return nil, false
}

func (s *Server) accountList(w http.ResponseWriter, _ *http.Request, secret string) {
	var out []wireAccount
	for _, a := range s.users[secret] {
		out = append(out, a.wire)
	}
	writeJSON(w, http.StatusOK, map[string]any{"accounts": out})
}

func (s *Server) portfolio(w http.ResponseWriter, r *http.Request, secret string) {
	if a, ok := s.owned(w, r, secret); ok {
		writeJSON(w, http.StatusOK, a.portfolio)
	}
}

func (s *Server) history(w http.ResponseWriter, r *http.Request, secret string) {
	a, ok := s.owned(w, r, secret)
	if !ok {
		return
	}
	q := r.URL.Query()
	bad := func(msg string) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "Bad Request", "message": msg})
	}
	start, ok := fakekit.TimeParam(q.Get("start"), time.RFC3339)
	if !ok {
		bad("start must be an ISO 8601 timestamp with a time zone")
		return
	}
	end, ok := fakekit.TimeParam(q.Get("end"), time.RFC3339)
	if !ok {
		bad("end must be an ISO 8601 timestamp with a time zone")
		return
	}
	size, ok := fakekit.IntParam(q.Get("pageSize"), 25, 1, 100)
	if !ok {
		bad("pageSize must be between 1 and 100")
		return
	}
	offset := 0
	if v := q.Get("nextToken"); v != "" {
		raw, err := hex.DecodeString(v)
		if err != nil || len(raw) == 0 {
			bad("invalid nextToken")
			return
		}
		if offset, ok = fakekit.IntParam(string(raw), 0, 0, math.MaxInt); !ok {
			bad("invalid nextToken")
			return
		}
	}
	var rows []transaction
	for _, t := range a.history {
		if fakekit.Within(t.at, start, end) {
			rows = append(rows, t)
		}
	}
	page, next := fakekit.Page(rows, offset, size)
	resp := map[string]any{"pageSize": size}
	if next < len(rows) {
		resp["nextToken"] = hex.EncodeToString([]byte(strconv.Itoa(next)))
	}
	if page == nil {
		page = []transaction{}
	}
	resp["transactions"] = page
	if !start.IsZero() {
		resp["start"] = start.UTC().Format(stamp)
	}
	if !end.IsZero() {
		resp["end"] = end.UTC().Format(stamp)
	}
	writeJSON(w, http.StatusOK, resp)
}

func writeJSON(w http.ResponseWriter, status int, v any) { fakekit.WriteJSON(w, status, v) }

// Server is a brokertest.Fake.
var _ brokertest.Fake = (*Server)(nil)
