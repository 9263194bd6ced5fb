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
// Positions include equities, an ETF, crypto, an option and a Treasury
// bill; history runs from February to November 2025.
package fake

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
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

// Options configure the fake.
type Options struct {
	// Now is the fake's clock (token expiry); nil means time.Now.
	Now func() time.Time
}

type token struct {
	secret  string
	expires time.Time
}

// Server is the fake.
type Server struct {
	brokertest.Injector

	now      func() time.Time
	srv      *httptest.Server
	users    map[string][]*account // secret → accounts
	accounts map[string]*account

	mu      sync.Mutex
	tokens  map[string]*token
	revoked bool
	minted  int
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

// New starts the fake on a loopback port.
func New(opts Options) (*Server, error) {
	s := &Server{now: opts.Now, tokens: map[string]*token{}, accounts: map[string]*account{}}
	if s.now == nil {
		s.now = time.Now
	}
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
	mux := http.NewServeMux()
	mux.HandleFunc("POST /userapiauthservice/personal/access-tokens", s.mint)
	data := func(path string, h func(http.ResponseWriter, *http.Request, string)) {
		mux.Handle("GET "+path, s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			sec, ok := s.bearer(r)
			if !ok {
				writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "Unauthorized", "message": "Invalid access token"})
				return
			}
			h(w, r, sec)
		})))
	}
	data("/userapigateway/trading/account", s.accountList)
	data("/userapigateway/trading/{accountId}/portfolio/v2", s.portfolio)
	data("/userapigateway/trading/{accountId}/history", s.history)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "Not Found", "message": "No such endpoint"})
	})
	s.srv = httptest.NewServer(mux)
	return s, nil
}

// URL is the fake's base URL.
func (s *Server) URL() string { return s.srv.URL }

// Close stops the fake.
func (s *Server) Close() error {
	s.srv.Close()
	return nil
}

// Endpoints maps the institution id to its "api" endpoint on this fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.srv.URL}}
}

// RevokeAll refuses every secret and access token from now on, as when the
// user deletes the secret key.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	s.revoked = true
	s.tokens = map[string]*token{}
	s.mu.Unlock()
}

// ExpireAccessTokens expires every access token issued so far.
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	for _, t := range s.tokens {
		t.expires = time.Time{}
	}
	s.mu.Unlock()
}

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
	if _, ok := s.users[req.Secret]; !ok || s.revoked {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"errorCode": "UNAUTHORIZED", "message": "Invalid personal secret"})
		return
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	tok := "pat_" + hex.EncodeToString(b)
	s.tokens[tok] = &token{secret: req.Secret, expires: s.now().Add(time.Duration(minutes) * time.Minute)}
	s.minted++
	writeJSON(w, http.StatusOK, map[string]string{"accessToken": tok})
}

func (s *Server) bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	if len(h) < 8 || h[:7] != "Bearer " {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[h[7:]]
	if !ok || !s.now().Before(t.expires) {
		return "", false
	}
	return t.secret, true
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
	var start, end time.Time
	var err error
	if v := q.Get("start"); v != "" {
		if start, err = time.Parse(time.RFC3339, v); err != nil {
			bad("start must be an ISO 8601 timestamp with a time zone")
			return
		}
	}
	if v := q.Get("end"); v != "" {
		if end, err = time.Parse(time.RFC3339, v); err != nil {
			bad("end must be an ISO 8601 timestamp with a time zone")
			return
		}
	}
	size := 25
	if v := q.Get("pageSize"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > 100 {
			bad("pageSize must be between 1 and 100")
			return
		}
	}
	offset := 0
	if v := q.Get("nextToken"); v != "" {
		raw, err := hex.DecodeString(v)
		if err != nil || len(raw) == 0 {
			bad("invalid nextToken")
			return
		}
		if offset, err = strconv.Atoi(string(raw)); err != nil || offset < 0 {
			bad("invalid nextToken")
			return
		}
	}
	var rows []transaction
	for _, t := range a.history {
		if (!start.IsZero() && t.at.Before(start)) || (!end.IsZero() && t.at.After(end)) {
			continue
		}
		rows = append(rows, t)
	}
	if offset > len(rows) {
		offset = len(rows)
	}
	page := rows[offset:]
	resp := map[string]any{"pageSize": size}
	if len(page) > size {
		page = page[:size]
		resp["nextToken"] = hex.EncodeToString([]byte(strconv.Itoa(offset + size)))
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

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Server is a brokertest.Fake.
var _ brokertest.Fake = (*Server)(nil)
