// Package fake is a local stand-in for Tradier's Brokerage API (production
// and sandbox on one loopback listener) and its OAuth server, for tests and
// for running Latchkey against (`--endpoints`, see Server.Endpoints).
//
// It reproduces what the tradier package relies on: Authorization: Bearer;
// JSON only when the request says Accept: application/json (XML otherwise,
// Tradier's default); envelopes whose single item is an object rather than
// an array and whose empty list is the string "null"
// ({"positions":"null"}); JSON numbers with long tails of zeros;
// GET /v1/user/profile, /v1/accounts/{n}/balances, /positions,
// /history?page=&limit=&start=&end=&type= (newest first, limit default 25)
// and GET /v1/markets/quotes?symbols=; 401 "Invalid Access Token"; the
// X-Ratelimit-Allowed, -Used, -Available and -Expiry (Unix ms) headers, 429
// past 120 requests a minute per token (60 on the sandbox); OAuth at
// GET /v1/oauth/authorize (a consent page with Approve and Deny),
// POST /v1/oauth/accesstoken and POST /v1/oauth/refreshtoken (HTTP Basic
// client auth), access tokens that last 24 hours (expires_in 86399).
//
// Production is served at the root and the sandbox under /sandbox (see
// Endpoints). Any client id is accepted with any non-empty secret and any
// loopback redirect_uri (real Tradier uses the callback registered with the
// app); clients whose id starts with "partner" also get a refresh token,
// which does not rotate.
//
// # Test logins
//
//	production personal access token  TRDpat4QmZ8wX2vK7nR5yL1c  (user id-ekramer, three accounts)
//	sandbox personal access token     SBXpat9HsT3bV6jN2mQ8wE4d  (user id-sbx-jpeterman, one account)
//
// Any other token is refused (401). The production user's margin account
// has five positions and ~100 history events, its IRA one position (served
// as an object), its cash account none (served as "null") and one event.
package fake

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Institution ids the fake serves (the tradier package's ID and SandboxID).
const (
	LiveID    = "tradier"
	SandboxID = "tradier-sandbox"
)

// Test tokens.
const (
	LiveToken    = "TRDpat4QmZ8wX2vK7nR5yL1c"
	SandboxToken = "SBXpat9HsT3bV6jN2mQ8wE4d"
)

const (
	accessLife = 86399 * time.Second
	codeLife   = 10 * time.Minute
)

// Options configure a fake server.
type Options struct {
	// Now is the server's clock (default time.Now); the data is anchored to
	// its UTC day.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// RateLimit overrides the requests a minute per token (default 120 in
	// production, 60 on the sandbox).
	RateLimit int
}

// Server is a running fake. It implements brokertest.Fake and
// brokertest.AfterInjector.
type Server struct {
	brokertest.Injector

	opts Options
	ln   net.Listener
	hs   *http.Server
	url  string

	mu         sync.Mutex
	codes      map[string]code
	tokens     map[string]*token // OAuth access tokens
	refresh    map[string]bool   // refresh tokens → alive
	patRevoked bool
	windows    map[string]*window
	cache      map[string]*User
}

type code struct {
	clientID, redirect string
	expires            time.Time
}

type token struct {
	expires time.Time
	revoked bool
}

type window struct {
	minute int64
	n      int
}

var (
	_ brokertest.Fake          = (*Server)(nil)
	_ brokertest.AfterInjector = (*Server)(nil)
)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	addr := opts.Addr
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("tradier fake: %w", err)
	}
	s := &Server{opts: opts, ln: ln, url: "http://" + ln.Addr().String(), codes: map[string]code{},
		tokens: map[string]*token{}, refresh: map[string]bool{}, windows: map[string]*window{}, cache: map[string]*User{}}
	s.Injector.Write = s.writeFault
	s.hs = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go s.hs.Serve(ln) //nolint:errcheck // ErrServerClosed on Close
	return s, nil
}

// URL is the server's base URL.
func (s *Server) URL() string { return s.url }

// Close stops the server.
func (s *Server) Close() error { return s.hs.Close() }

// Endpoints maps each institution id to its endpoints on this server.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		LiveID:    {"api": s.url, "auth": s.url},
		SandboxID: {"api": s.url + "/sandbox"},
	}
}

// RevokeAll kills every access and refresh token and both personal tokens.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.revoked = true
	}
	for r := range s.refresh {
		s.refresh[r] = false
	}
	s.patRevoked = true
}

// ExpireAccessTokens expires every OAuth access token issued so far
// (personal tokens do not expire).
func (s *Server) ExpireAccessTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.expires = time.Time{}
	}
}

func (s *Server) now() time.Time {
	if s.opts.Now != nil {
		return s.opts.Now()
	}
	return time.Now()
}

// User returns env's data for the server clock's day.
func (s *Server) User(env string) *User {
	day := s.now().UTC().Truncate(24 * time.Hour)
	key := env + day.Format(time.DateOnly)
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := s.cache[key]; u != nil {
		return u
	}
	u := Build(env, day)
	s.cache[key] = u
	return u
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/oauth/authorize", s.authorizePage)
	mux.HandleFunc("POST /v1/oauth/authorize", s.authorizeDecision)
	mux.HandleFunc("POST /v1/oauth/accesstoken", s.accessToken)
	mux.HandleFunc("POST /v1/oauth/refreshtoken", s.refreshToken)
	for _, env := range []string{LiveID, SandboxID} {
		p := ""
		if env == SandboxID {
			p = "/sandbox"
		}
		mux.Handle("GET "+p+"/v1/user/profile", s.data(env, s.profile))
		mux.Handle("GET "+p+"/v1/accounts/{n}/balances", s.data(env, s.balances))
		mux.Handle("GET "+p+"/v1/accounts/{n}/positions", s.data(env, s.positions))
		mux.Handle("GET "+p+"/v1/accounts/{n}/history", s.data(env, s.history))
		mux.Handle("GET "+p+"/v1/markets/quotes", s.data(env, s.quotes))
	}
	return mux
}

// --- Answers -----------------------------------------------------------------------

// write answers v as JSON when the request accepts it, else as XML, as
// Tradier does.
func write(w http.ResponseWriter, r *http.Request, v map[string]any) {
	if !strings.Contains(r.Header.Get("Accept"), "application/json") {
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusOK)
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>`)
		writeXML(&b, "", v)
		_, _ = w.Write([]byte(b.String()))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(v)
}

func writeXML(b *strings.Builder, name string, v any) {
	open := func() {
		if name != "" {
			b.WriteString("<" + name + ">")
		}
	}
	closeTag := func() {
		if name != "" {
			b.WriteString("</" + name + ">")
		}
	}
	switch x := v.(type) {
	case map[string]any:
		open()
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			writeXML(b, k, x[k])
		}
		closeTag()
	case []any:
		for _, e := range x {
			writeXML(b, name, e)
		}
	default:
		open()
		var t string
		if j, err := json.Marshal(x); err == nil {
			t = strings.Trim(string(j), `"`)
		}
		b.WriteString(html.EscapeString(t))
		closeTag()
	}
}

// one is Tradier's list quirk: "null" for none, the object for one, an
// array for several.
func one(items []any) any {
	switch len(items) {
	case 0:
		return "null"
	case 1:
		return items[0]
	default:
		return items
	}
}

func (s *Server) writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.Unauthorized:
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte("Invalid Access Token " + brokertest.BodyCanary))
		return true
	case brokertest.RateLimited:
		s.rateHeaders(w, LiveID, 0)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte("Rate limit exceeded " + brokertest.BodyCanary))
		return true
	}
	return false
}

func (s *Server) limit(env string) int {
	switch {
	case s.opts.RateLimit > 0:
		return s.opts.RateLimit
	case env == SandboxID:
		return 60
	default:
		return 120
	}
}

func (s *Server) rateHeaders(w http.ResponseWriter, env string, used int) {
	reset := s.now().Truncate(time.Minute).Add(time.Minute)
	h := w.Header()
	h.Set("X-Ratelimit-Allowed", strconv.Itoa(s.limit(env)))
	h.Set("X-Ratelimit-Used", strconv.Itoa(used))
	h.Set("X-Ratelimit-Available", strconv.Itoa(max(s.limit(env)-used, 0)))
	h.Set("X-Ratelimit-Expiry", strconv.FormatInt(reset.UnixMilli(), 10))
}

// data wraps a data handler: faults, the bearer token, the rate limit.
func (s *Server) data(env string, h func(w http.ResponseWriter, r *http.Request, u *User)) http.Handler {
	return s.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !s.valid(env, tok) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte("Invalid Access Token"))
			return
		}
		used := s.count(tok)
		s.rateHeaders(w, env, used)
		if used > s.limit(env) {
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte("Rate limit exceeded"))
			return
		}
		h(w, r, s.User(env))
	}))
}

func (s *Server) valid(env, tok string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case tok == "":
		return false
	case tok == LiveToken:
		return env == LiveID && !s.patRevoked
	case tok == SandboxToken:
		return env == SandboxID && !s.patRevoked
	}
	t := s.tokens[tok]
	return env == LiveID && t != nil && !t.revoked && s.now().Before(t.expires)
}

func (s *Server) count(tok string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.now().Unix() / 60
	win := s.windows[tok]
	if win == nil || win.minute != m {
		win = &window{minute: m}
		s.windows[tok] = win
	}
	win.n++
	return win.n
}

func (s *Server) profile(w http.ResponseWriter, r *http.Request, u *User) {
	var accts []any
	for _, a := range u.Accounts {
		accts = append(accts, map[string]any{"account_number": a.Number, "classification": a.Classification,
			"date_created": "2016-08-01T21:08:55.000Z", "day_trader": false, "option_level": 2,
			"status": "active", "type": a.Type, "last_update_date": "2016-08-01T21:08:55.000Z"})
	}
	write(w, r, map[string]any{"profile": map[string]any{"account": one(accts), "id": u.ID, "name": u.Name}})
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, u *User) *Account {
	n := r.PathValue("n")
	for _, a := range u.Accounts {
		if a.Number == n {
			return a
		}
	}
	w.Header().Set("Content-Type", "text/plain")
	w.WriteHeader(http.StatusBadRequest)
	_, _ = w.Write([]byte("Invalid account number"))
	return nil
}

// value is the market value of a's positions at the quotes' prices.
func value(a *Account) (long, short decimal.Decimal) {
	l, sh := decimal.Zero, decimal.Zero
	for _, p := range a.Positions {
		sec := Securities[p.Symbol]
		mult := dec("1")
		if sec.ContractSize > 0 {
			mult = dec(strconv.FormatInt(sec.ContractSize, 10))
		}
		v := dec(string(p.Quantity)).Mul(sec.Last).Mul(mult)
		if v.IsNegative() {
			sh = sh.Add(v)
		} else {
			l = l.Add(v)
		}
	}
	return l, sh
}

func (s *Server) balances(w http.ResponseWriter, r *http.Request, u *User) {
	a := s.account(w, r, u)
	if a == nil {
		return
	}
	l, sh := value(a)
	long, short := fixed(l, 21), fixed(sh, 21)
	equity := a.Cash.Add(l).Add(sh)
	b := map[string]any{
		"option_short_value": 0, "total_equity": fixed(equity, 21), "account_number": a.Number,
		"account_type": a.Type, "close_pl": 0, "current_requirement": 0, "equity": 0,
		"long_market_value": long, "market_value": fixed(l.Add(sh), 21),
		"open_pl": Num("546.900000000000000000000"), "option_long_value": 0, "option_requirement": 0,
		"pending_orders_count": 0, "short_market_value": short, "stock_long_value": long,
		"total_cash": fixed(a.Cash, 21), "uncleared_funds": 0, "pending_cash": 0,
	}
	if a.Type == "margin" {
		b["margin"] = map[string]any{"fed_call": 0, "maintenance_call": 0, "option_buying_power": fixed(a.Cash, 21),
			"stock_buying_power": fixed(a.Cash.Mul(dec("2")), 21), "stock_short_value": short, "sweep": 0}
	} else {
		b["cash"] = map[string]any{"cash_available": fixed(a.Cash, 20), "sweep": 0, "unsettled_funds": Num("0.00000000000000000000")}
	}
	write(w, r, map[string]any{"balances": b})
}

func (s *Server) positions(w http.ResponseWriter, r *http.Request, u *User) {
	a := s.account(w, r, u)
	if a == nil {
		return
	}
	var rows []any
	for _, p := range a.Positions {
		rows = append(rows, map[string]any{"cost_basis": p.CostBasis, "date_acquired": p.DateAcquired,
			"id": p.ID, "quantity": p.Quantity, "symbol": p.Symbol})
	}
	if len(rows) == 0 {
		write(w, r, map[string]any{"positions": "null"})
		return
	}
	write(w, r, map[string]any{"positions": map[string]any{"position": one(rows)}})
}

func (s *Server) history(w http.ResponseWriter, r *http.Request, u *User) {
	a := s.account(w, r, u)
	if a == nil {
		return
	}
	q := r.URL.Query()
	page, limit := 1, 25
	if v := q.Get("page"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			page = n
		}
	}
	if v := q.Get("limit"); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n > 0 {
			limit = min(n, 10000)
		}
	}
	var start, end time.Time
	if v := q.Get("start"); v != "" {
		start, _ = time.Parse(time.DateOnly, v)
	}
	if v := q.Get("end"); v != "" {
		end, _ = time.Parse(time.DateOnly, v)
	}
	var rows []any
	for _, e := range a.Events {
		if (!start.IsZero() && e.Date.Before(start)) || (!end.IsZero() && e.Date.After(end)) {
			continue
		}
		if t := q.Get("type"); t != "" && !strings.Contains(","+t+",", ","+e.Type+",") {
			continue
		}
		rows = append(rows, map[string]any{"amount": e.Amount, "date": e.Date.Format("2006-01-02T15:04:05Z"),
			"type": e.Type, e.Type: e.Detail})
	}
	from := (page - 1) * limit
	if from >= len(rows) {
		rows = nil
	} else {
		rows = rows[from:min(from+limit, len(rows))]
	}
	if len(rows) == 0 {
		write(w, r, map[string]any{"history": "null"})
		return
	}
	write(w, r, map[string]any{"history": map[string]any{"event": one(rows)}})
}

func (s *Server) quotes(w http.ResponseWriter, r *http.Request, _ *User) {
	var rows, unmatched []any
	for _, sym := range strings.Split(r.URL.Query().Get("symbols"), ",") {
		sec, ok := Securities[strings.TrimSpace(sym)]
		if !ok {
			if sym != "" {
				unmatched = append(unmatched, sym)
			}
			continue
		}
		q := map[string]any{"symbol": sec.Symbol, "description": sec.Description, "exch": sec.Exch, "type": sec.Type,
			"last": fixed(sec.Last, 2), "change": Num("-0.35"), "volume": 1203411, "open": fixed(sec.Last, 2),
			"high": fixed(sec.Last.Add(dec("1.2")), 2), "low": fixed(sec.Last.Sub(dec("1.3")), 2), "close": nil,
			"bid": fixed(sec.Last.Sub(dec("0.01")), 2), "ask": fixed(sec.Last.Add(dec("0.01")), 2),
			"prevclose": fixed(sec.Last.Add(dec("0.35")), 2), "root_symbols": sec.Symbol}
		if sec.ContractSize > 0 {
			q["contract_size"] = sec.ContractSize
			q["underlying"] = "SPY"
			q["option_type"] = "call"
			q["root_symbol"] = "SPY"
			delete(q, "root_symbols")
		}
		rows = append(rows, q)
	}
	body := map[string]any{"quote": one(rows)}
	if len(unmatched) > 0 {
		body["unmatched_symbols"] = map[string]any{"symbol": one(unmatched)}
	}
	if len(rows) == 0 {
		delete(body, "quote")
	}
	write(w, r, map[string]any{"quotes": body})
}

// --- OAuth -------------------------------------------------------------------------

func random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func loopbackRedirect(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, false
	}
	ip := net.ParseIP(u.Hostname())
	return u, u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback())
}

const consentPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>Tradier (local fake): authorize an app</title></head>
<body style="font-family: sans-serif; max-width: 32em; margin: 3em auto">
<h1>Allow access?</h1>
<p>The app <b>%s</b> asks for the scopes <b>%s</b> on your Tradier Brokerage accounts. This is Latchkey's local stand-in for Tradier.</p>
<form method="post" action="/v1/oauth/authorize">
<input type="hidden" name="client_id" value="%s">
<input type="hidden" name="redirect_uri" value="%s">
<input type="hidden" name="state" value="%s">
<button type="submit" name="decision" value="approve">Approve</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>`

func (s *Server) authorizePage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("client_id") == "" {
		http.Error(w, "client_id is required", http.StatusBadRequest)
		return
	}
	if _, ok := loopbackRedirect(q.Get("redirect_uri")); !ok {
		http.Error(w, "this fake needs a loopback redirect_uri (Tradier uses the app's registered callback)", http.StatusBadRequest)
		return
	}
	e := html.EscapeString
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, consentPage, e(q.Get("client_id")), e(q.Get("scope")), e(q.Get("client_id")), e(q.Get("redirect_uri")), e(q.Get("state")))
}

func (s *Server) authorizeDecision(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	redirect, ok := loopbackRedirect(r.PostForm.Get("redirect_uri"))
	if !ok || r.PostForm.Get("client_id") == "" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	q := redirect.Query()
	q.Set("state", r.PostForm.Get("state"))
	if r.PostForm.Get("decision") != "approve" {
		q.Set("error", "access_denied")
	} else {
		c := random(12)
		s.mu.Lock()
		s.codes[c] = code{clientID: r.PostForm.Get("client_id"), redirect: r.PostForm.Get("redirect_uri"), expires: s.now().Add(codeLife)}
		s.mu.Unlock()
		q.Set("code", c)
	}
	redirect.RawQuery = q.Encode()
	http.Redirect(w, r, redirect.String(), http.StatusFound)
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

// client reads HTTP Basic client credentials.
func client(r *http.Request) (string, bool) {
	h, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Basic ")
	if !ok {
		return "", false
	}
	raw, err := base64.StdEncoding.DecodeString(h)
	if err != nil {
		return "", false
	}
	id, secret, ok := strings.Cut(string(raw), ":")
	id, _ = url.QueryUnescape(id)
	return id, ok && id != "" && secret != ""
}

// issue answers a new access token (and the refresh token, for partners).
func (s *Server) issue(w http.ResponseWriter, clientID, refresh string) {
	tok := random(14)
	now := s.now()
	s.mu.Lock()
	s.tokens[tok] = &token{expires: now.Add(accessLife)}
	if refresh == "" && strings.HasPrefix(clientID, "partner") {
		refresh = random(16)
		s.refresh[refresh] = true
	}
	s.mu.Unlock()
	body := map[string]any{"access_token": tok, "expires_in": int(accessLife / time.Second),
		"issued_at": now.In(time.FixedZone("EST", -5*3600)).Format(time.RFC3339), "scope": "read", "status": "approved"}
	if refresh != "" {
		body["refresh_token"] = refresh
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(body)
}

func (s *Server) accessToken(w http.ResponseWriter, r *http.Request) {
	id, ok := client(r)
	if !ok {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "HTTP Basic client credentials are required")
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "authorization_code" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be authorization_code")
		return
	}
	c := r.PostForm.Get("code")
	s.mu.Lock()
	got, found := s.codes[c]
	delete(s.codes, c)
	s.mu.Unlock()
	if !found || got.clientID != id || s.now().After(got.expires) {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the code is invalid, used or expired")
		return
	}
	s.issue(w, id, "")
}

func (s *Server) refreshToken(w http.ResponseWriter, r *http.Request) {
	id, ok := client(r)
	if !ok {
		oauthError(w, http.StatusUnauthorized, "invalid_client", "HTTP Basic client credentials are required")
		return
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "refresh_token" {
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be refresh_token")
		return
	}
	rt := r.PostForm.Get("refresh_token")
	s.mu.Lock()
	alive := s.refresh[rt]
	s.mu.Unlock()
	if !alive {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "the refresh token is invalid or revoked")
		return
	}
	s.issue(w, id, rt)
}
