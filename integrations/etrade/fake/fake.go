// Package fake is a stand-in for the E*TRADE API, live and sandbox, for
// tests and for running Latchkey against with --endpoints.
//
// It reproduces what the integration relies on: OAuth 1.0a with HMAC-SHA1
// signatures in the Authorization header, checked on every request (the
// timestamp within five minutes of the wall clock); GET or POST
// /oauth/request_token with oauth_callback=oob answering a form-encoded
// oauth_token, oauth_token_secret and oauth_callback_confirmed=true; the
// authorize page GET /e/t/etws/authorize?key=CONSUMER_KEY&token=REQUEST_TOKEN
// with Approve and Deny buttons (a form POST with decision=approve|deny),
// after which the page shows a 5-character verification code to paste;
// /oauth/access_token with oauth_verifier; GET /oauth/renew_access_token and
// /oauth/revoke_access_token. Access tokens end at midnight US Eastern (then
// 401 oauth_problem=token_expired, and renewing is refused) and go inactive
// after two hours without a request (401 oauth_problem=token_expired until
// renewed); revoked or unknown tokens get oauth_problem=token_rejected.
// Errors are {"Error":{"message":"oauth_problem=..."}} with HTTP 401. The
// rate-limit guide's limits are kept per user (the access token): at most
// Options.RateLimit requests a second and Options.HourLimit an hour (2 and
// 7,000 by default), past which E*TRADE answers HTTP 400 with an HTML page
// "Number of requests exceeded the rate limit set".
//
// Data, always JSON (the .json suffix or Accept: application/json): GET
// /v1/accounts/list, /v1/accounts/{accountIdKey}/balance?instType=BROKERAGE
// (instType is required: 400 without), /v1/accounts/{accountIdKey}/portfolio
// (count, pageNumber; totalPages) and /v1/accounts/{accountIdKey}/transactions
// (startDate and endDate MMDDYYYY, count at most 50, marker paging with
// "next", "marker" and moreTransactions; 204 No Content when there are none).
// Amounts are bare JSON numbers, dates epoch milliseconds.
//
// # Test logins
//
// Consumer key etrade-consumer-key-0001 with secret
// etrade-consumer-secret-0001 (live), or etrade-sandbox-key-0002 with
// etrade-sandbox-secret-0002 (sandbox); any other key is refused with
// oauth_problem=consumer_key_rejected. Approving on the authorize page gives
// a verification code (also readable with Server.Verifier); a wrong code
// gets oauth_problem=verifier_invalid, a denied request
// oauth_problem=permission_denied. Both keys see the same user's two
// accounts: 84512376 (individual, margin) and 62019844 (Roth IRA).
package fake

import (
	"cmp"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"maps"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Institution ids the fake serves.
const (
	LiveID    = "etrade"
	SandboxID = "etrade-sandbox"
)

// Test consumer keys and account numbers (see the package doc).
const (
	ConsumerKey          = "etrade-consumer-key-0001"
	ConsumerSecret       = "etrade-consumer-secret-0001"
	SandboxConsumerKey   = "etrade-sandbox-key-0002"
	SandboxConsumerSecre = "etrade-sandbox-secret-0002"

	Individual = "84512376"
	RothIRA    = "62019844"
)

var consumers = map[string]string{ConsumerKey: ConsumerSecret, SandboxConsumerKey: SandboxConsumerSecre}

// Options configure the fake.
type Options struct {
	// Now is the fake's clock for token lifetimes (midnight US Eastern, two
	// hours idle); nil means time.Now. Signature timestamps are checked
	// against the wall clock.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// RateLimit is the data requests a second each access token may make
	// (default 2); HourLimit those an hour (default 7000).
	RateLimit, HourLimit int
}

type token struct {
	secret   string
	consumer string
	access   bool
	// request tokens
	verifier string
	denied   bool
	used     bool
	// access tokens
	expires  time.Time
	lastUsed time.Time
	inactive bool
	revoked  bool
}

// Server is the fake.
type Server struct {
	fakekit.Base

	rates    []*fakekit.Rate // per second, per hour
	accounts []*account

	mu     sync.Mutex
	tokens map[string]*token
}

// New starts the fake on a loopback port.
func New(opts Options) (*Server, error) {
	s := &Server{tokens: map[string]*token{}, rates: []*fakekit.Rate{
		{Limit: cmp.Or(opts.RateLimit, 2), Per: time.Second, Now: opts.Now},
		{Limit: cmp.Or(opts.HourLimit, 7000), Per: time.Hour, Now: opts.Now},
	}}
	s.accounts = []*account{
		buildAccount(Individual, "dBZOKt9xDrtRSAOl4MSiiA", "INDIVIDUAL", "MARGIN", "Brokerage", []holding{
			{"AAPL", "APPLE INC COM", "EQ", "LONG", "250.42", "100", "171.3"},
			{"MSFT", "MICROSOFT CORP COM", "EQ", "LONG", "428.15", "25", "390.02"},
			{"SPY", "SPDR S&P 500 ETF TRUST", "EQ", "LONG", "671.2", "12", "540.11"},
			{"VFIAX", "VANGUARD 500 INDEX FUND ADMIRAL", "MF", "LONG", "612.04", "8.513", "498.7"},
			{"AAPL Jan 16 '26 $270 Call", "AAPL Jan 16 '26 $270 Call", "OPTN", "LONG", "3.15", "2", "4.1"},
			{"TSLA", "TESLA INC COM", "EQ", "SHORT", "421.06", "5", "455.2"},
		}, 45, 1),
		buildAccount(RothIRA, "vQMsD1Ge0ihs8Hw6Dw1gQw", "ROTHIRA", "CASH", "Roth IRA", []holding{
			{"VTI", "VANGUARD TOTAL STOCK MARKET ETF", "EQ", "LONG", "301.18", "40", "244.9"},
			{"SCHD", "SCHWAB US DIVIDEND EQUITY ETF", "EQ", "LONG", "27.84", "150", "25.9"},
		}, 8, 2),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/oauth/request_token", s.requestToken)
	mux.HandleFunc("GET /e/t/etws/authorize", s.authorizePage)
	mux.HandleFunc("POST /e/t/etws/authorize", s.authorizeDecision)
	mux.HandleFunc("/oauth/access_token", s.accessToken)
	mux.HandleFunc("GET /oauth/renew_access_token", s.renew)
	mux.HandleFunc("GET /oauth/revoke_access_token", s.revoke)
	data := func(pattern string, h func(http.ResponseWriter, *http.Request)) {
		mux.Handle("GET "+pattern, s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			t, ok := s.authorized(w, r)
			if !ok {
				return
			}
			for _, rt := range s.rates {
				if !rt.Take(r, t.secret, w.Header()) {
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(http.StatusBadRequest)
					_, _ = w.Write([]byte("<html><body><p>Number of requests exceeded the rate limit set</p></body></html>"))
					return
				}
			}
			h(w, r)
		})))
	}
	data("/v1/accounts/{list}", s.list)
	data("/v1/accounts/{key}/{what}", s.accountData)
	return s, s.Start("etrade fake", opts.Addr, opts.Now, mux)
}

// Endpoints maps both institution ids to their endpoints on this fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{LiveID: {"api": s.URL(), "auth": s.URL()}, SandboxID: {"api": s.URL(), "auth": s.URL()}}
}

// RevokeAll revokes every access token, as when the user revokes the app.
func (s *Server) RevokeAll() { s.eachAccess(func(t *token) { t.revoked = true }) }

// ExpireAccessTokens makes every access token inactive, as after two idle
// hours: renew_access_token brings it back.
func (s *Server) ExpireAccessTokens() { s.eachAccess(func(t *token) { t.inactive = true }) }

// eachAccess changes every access token issued so far with set.
func (s *Server) eachAccess(set func(t *token)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if t.access {
			set(t)
		}
	}
}

// Verifier returns the verification code the authorize page showed for a
// request token, "" before it was approved.
func (s *Server) Verifier(requestToken string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t := s.tokens[requestToken]; t != nil {
		return t.verifier
	}
	return ""
}

// Counts returns how many positions and transactions an account serves.
func (s *Server) Counts(accountIDKey string) (positions, activities int) {
	for _, a := range s.accounts {
		if a.wire.AccountIDKey == accountIDKey {
			return len(a.positions), len(a.history)
		}
	}
	return 0, 0
}

// AccountKeys returns the accountIdKey of each account.
func (s *Server) AccountKeys() []string {
	var out []string
	for _, a := range s.accounts {
		out = append(out, a.wire.AccountIDKey)
	}
	return out
}

func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func oauthError(w http.ResponseWriter, status int, problem string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"Error": map[string]any{"message": "oauth_problem=" + problem}})
}

// signed checks the consumer key, the timestamp and the signature of a
// request made with the given token secret lookup. It writes the failure.
func (s *Server) signed(w http.ResponseWriter, r *http.Request, tokenSecret func(p map[string]string) (string, bool)) (map[string]string, bool) {
	p, err := AuthParams(r.Header.Get("Authorization"))
	if err != nil {
		oauthError(w, http.StatusUnauthorized, "parameter_absent")
		return nil, false
	}
	cs, ok := consumers[p["oauth_consumer_key"]]
	if !ok {
		oauthError(w, http.StatusUnauthorized, "consumer_key_rejected")
		return nil, false
	}
	ts, err := strconv.ParseInt(p["oauth_timestamp"], 10, 64)
	if err != nil || time.Since(time.Unix(ts, 0)).Abs() > 5*time.Minute || p["oauth_nonce"] == "" {
		oauthError(w, http.StatusUnauthorized, "timestamp_refused")
		return nil, false
	}
	sec, ok := tokenSecret(p)
	if !ok {
		return nil, false
	}
	if !Verify(r, p, cs, sec) {
		oauthError(w, http.StatusUnauthorized, "signature_invalid")
		return nil, false
	}
	return p, true
}

func (s *Server) requestToken(w http.ResponseWriter, r *http.Request) {
	p, ok := s.signed(w, r, func(map[string]string) (string, bool) { return "", true })
	if !ok {
		return
	}
	if p["oauth_callback"] != "oob" {
		oauthError(w, http.StatusBadRequest, "parameter_rejected")
		return
	}
	tok, sec := randomToken(24), randomToken(24)
	s.mu.Lock()
	s.tokens[tok] = &token{secret: sec, consumer: p["oauth_consumer_key"]}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
	_, _ = w.Write([]byte(url.Values{"oauth_token": {tok}, "oauth_token_secret": {sec}, "oauth_callback_confirmed": {"true"}}.Encode()))
}

const pageStyle = `<style>body{font-family:sans-serif;max-width:32em;margin:3em auto}</style>`

func (s *Server) authorizePage(w http.ResponseWriter, r *http.Request) {
	key, tok := r.URL.Query().Get("key"), r.URL.Query().Get("token")
	s.mu.Lock()
	t := s.tokens[tok]
	valid := t != nil && !t.access && t.consumer == key && !t.used
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if !valid {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`<!doctype html><title>E*TRADE</title>` + pageStyle + `<p>This authorization request is not valid. Start again from the application.</p>`))
		return
	}
	_, _ = fmt.Fprintf(w, `<!doctype html><title>E*TRADE (fake): authorize</title>%s
<h1>Authorize application access</h1>
<p>An application is asking to access your E*TRADE accounts. The demo user is logged in.</p>
<form method="post" action="/e/t/etws/authorize">
<input type="hidden" name="key" value="%s"><input type="hidden" name="token" value="%s">
<button type="submit" name="decision" value="approve">Accept</button>
<button type="submit" name="decision" value="deny">Decline</button>
</form>`, pageStyle, html.EscapeString(key), html.EscapeString(tok))
}

func (s *Server) authorizeDecision(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	key, tok, decision := r.PostForm.Get("key"), r.PostForm.Get("token"), r.PostForm.Get("decision")
	s.mu.Lock()
	t := s.tokens[tok]
	valid := t != nil && !t.access && t.consumer == key && !t.used
	code := ""
	if valid {
		if decision == "approve" {
			b := make([]byte, 4)
			_, _ = rand.Read(b)
			code = strings.ToUpper(hex.EncodeToString(b))[:5]
			t.verifier, t.denied = code, false
		} else {
			t.denied = true
		}
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	switch {
	case !valid:
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`<!doctype html><title>E*TRADE</title>` + pageStyle + `<p>This authorization request is not valid.</p>`))
	case code == "":
		_, _ = w.Write([]byte(`<!doctype html><title>E*TRADE</title>` + pageStyle + `<p>You declined access. You can close this page.</p>`))
	default:
		_, _ = fmt.Fprintf(w, `<!doctype html><title>E*TRADE (fake): verification code</title>%s
<p>Enter this verification code in the application:</p><p id="verifier" style="font-size:2em;letter-spacing:.2em"><b>%s</b></p>`, pageStyle, code)
	}
}

func (s *Server) accessToken(w http.ResponseWriter, r *http.Request) {
	var t *token
	p, ok := s.signed(w, r, func(p map[string]string) (string, bool) {
		s.mu.Lock()
		t = s.tokens[p["oauth_token"]]
		s.mu.Unlock()
		if t == nil || t.access || t.used || t.consumer != p["oauth_consumer_key"] {
			oauthError(w, http.StatusUnauthorized, "token_rejected")
			return "", false
		}
		return t.secret, true
	})
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case t.denied:
		t.used = true
		oauthError(w, http.StatusUnauthorized, "permission_denied")
		return
	case t.verifier == "" || !strings.EqualFold(strings.TrimSpace(p["oauth_verifier"]), t.verifier):
		oauthError(w, http.StatusUnauthorized, "verifier_invalid")
		return
	}
	t.used = true
	tok, sec := randomToken(24), randomToken(24)
	now := s.Now()
	s.tokens[tok] = &token{secret: sec, consumer: t.consumer, access: true, expires: fakekit.MidnightAfter(now, fakekit.NewYork), lastUsed: now}
	w.Header().Set("Content-Type", "application/x-www-form-urlencoded")
	_, _ = w.Write([]byte(url.Values{"oauth_token": {tok}, "oauth_token_secret": {sec}}.Encode()))
}

// access checks an access-token request. It writes the failure.
func (s *Server) access(w http.ResponseWriter, r *http.Request, renewing bool) (*token, bool) {
	var t *token
	_, ok := s.signed(w, r, func(p map[string]string) (string, bool) {
		s.mu.Lock()
		t = s.tokens[p["oauth_token"]]
		s.mu.Unlock()
		if t == nil || !t.access || t.consumer != p["oauth_consumer_key"] {
			oauthError(w, http.StatusUnauthorized, "token_rejected")
			return "", false
		}
		return t.secret, true
	})
	if !ok {
		return nil, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.Now()
	switch {
	case t.revoked:
		oauthError(w, http.StatusUnauthorized, "token_rejected")
		return nil, false
	case !now.Before(t.expires):
		oauthError(w, http.StatusUnauthorized, "token_expired")
		return nil, false
	case !renewing && (t.inactive || now.Sub(t.lastUsed) > 2*time.Hour):
		t.inactive = true
		oauthError(w, http.StatusUnauthorized, "token_expired")
		return nil, false
	}
	t.lastUsed, t.inactive = now, false
	return t, true
}

func (s *Server) authorized(w http.ResponseWriter, r *http.Request) (*token, bool) {
	return s.access(w, r, false)
}

func (s *Server) renew(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.access(w, r, true); ok {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("Access Token has been renewed"))
	}
}

func (s *Server) revoke(w http.ResponseWriter, r *http.Request) {
	if t, ok := s.access(w, r, true); ok {
		s.mu.Lock()
		t.revoked = true
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("Revoked Access Token"))
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, map[string]any{"Error": map[string]any{"code": code, "message": msg}})
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	if strings.TrimSuffix(r.PathValue("list"), ".json") != "list" {
		apiError(w, http.StatusNotFound, 100, "Resource not found")
		return
	}
	var accts []wireAccount
	for _, a := range s.accounts {
		accts = append(accts, a.wire)
	}
	writeJSON(w, http.StatusOK, map[string]any{"AccountListResponse": map[string]any{"Accounts": map[string]any{"Account": accts}}})
}

func (s *Server) accountData(w http.ResponseWriter, r *http.Request) {
	var a *account
	for _, x := range s.accounts {
		if x.wire.AccountIDKey == r.PathValue("key") {
			a = x
		}
	}
	if a == nil {
		apiError(w, http.StatusBadRequest, 100, "Invalid account key")
		return
	}
	q := r.URL.Query()
	switch strings.TrimSuffix(r.PathValue("what"), ".json") {
	case "balance":
		if q.Get("instType") == "" {
			apiError(w, http.StatusBadRequest, 100, "instType is required")
			return
		}
		writeJSON(w, http.StatusOK, a.balance)
	case "portfolio":
		s.portfolio(w, q, a)
	case "transactions":
		s.transactions(w, r, q, a)
	default:
		apiError(w, http.StatusNotFound, 100, "Resource not found")
	}
}

func (s *Server) portfolio(w http.ResponseWriter, q url.Values, a *account) {
	count, ok := fakekit.IntParam(q.Get("count"), 50, 1, 1000)
	page, pageOK := fakekit.IntParam(q.Get("pageNumber"), 1, 1, math.MaxInt)
	if !ok || !pageOK {
		apiError(w, http.StatusBadRequest, 100, "Invalid count or pageNumber")
		return
	}
	pages := (len(a.positions) + count - 1) / count
	positions, _ := fakekit.Page(a.positions, (page-1)*count, count)
	writeJSON(w, http.StatusOK, map[string]any{"PortfolioResponse": map[string]any{"AccountPortfolio": []any{map[string]any{
		"accountId": a.wire.AccountID, "totalPages": pages, "Position": positions}}}})
}

const mmddyyyy = "01022006"

func (s *Server) transactions(w http.ResponseWriter, r *http.Request, q url.Values, a *account) {
	count, ok := fakekit.IntParam(q.Get("count"), 50, 1, 50)
	if !ok {
		apiError(w, http.StatusBadRequest, 100, "count must be between 1 and 50")
		return
	}
	start, ok := fakekit.TimeParam(q.Get("startDate"), mmddyyyy)
	if !ok {
		apiError(w, http.StatusBadRequest, 100, "startDate must be MMDDYYYY")
		return
	}
	end, ok := fakekit.TimeParam(q.Get("endDate"), mmddyyyy)
	if !ok {
		apiError(w, http.StatusBadRequest, 100, "endDate must be MMDDYYYY")
		return
	}
	var rows []transaction
	for _, t := range a.history {
		day := fakekit.DayIn(t.at, fakekit.NewYork)
		if fakekit.Within(day, start, end) {
			rows = append(rows, t)
		}
	}
	offset := 0
	if m := q.Get("marker"); m != "" {
		b, err := base64.RawURLEncoding.DecodeString(m)
		if err == nil {
			offset, err = strconv.Atoi(string(b))
		}
		if err != nil || offset < 0 || offset > len(rows) {
			apiError(w, http.StatusBadRequest, 100, "Invalid marker")
			return
		}
	}
	if len(rows) == 0 || offset == len(rows) {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	page := rows[offset:min(offset+count, len(rows))]
	resp := map[string]any{"transactionCount": len(page), "totalCount": len(rows), "moreTransactions": offset+len(page) < len(rows),
		"Transaction": page}
	if offset+len(page) < len(rows) {
		m := base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(offset + len(page))))
		nq := maps.Clone(q)
		nq.Set("marker", m)
		resp["marker"] = m
		resp["next"] = "http://" + r.Host + r.URL.Path + "?" + nq.Encode()
	}
	writeJSON(w, http.StatusOK, map[string]any{"TransactionListResponse": resp})
}

// Server is a brokertest.Fake.
var _ brokertest.Fake = (*Server)(nil)
