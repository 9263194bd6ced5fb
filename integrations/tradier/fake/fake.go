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
	"cmp"
	"encoding/json"
	"html"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
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

// oauthSubject owns the OAuth tokens: they are production tokens.
const oauthSubject = LiveID

// Options configure a fake server (fakekit.Options). RateLimit overrides
// the requests a minute per token (default 120 in production, 60 on the
// sandbox).
type Options = fakekit.Options

// Server is a running fake. It implements brokertest.Fake, AfterInjector
// and PathInjector.
type Server struct {
	fakekit.Base
	// tokens is its one store: RevokeAll kills every access and refresh token and
	// both personal tokens; ExpireAccessTokens expires every OAuth access token
	// issued so far (personal tokens do not expire).
	fakekit.TokenStores

	tokens *fakekit.Tokens // personal tokens (no expiry) and OAuth tokens
	oauth  *fakekit.OAuth
	rate   map[string]*fakekit.Rate // per environment

	data fakekit.Daily[*User] // by variant and day, from Build
}

var _ brokertest.Fake = (*Server)(nil)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	s := &Server{data: fakekit.Daily[*User]{Build: Build}}
	// Access tokens last 24 hours; partners' refresh tokens do not rotate.
	s.tokens = &fakekit.Tokens{Now: opts.Now, AccessLife: 86399 * time.Second}
	s.TokenStores = fakekit.TokenStores{s.tokens}
	s.tokens.AddAccess(LiveToken, LiveID, time.Time{})
	s.tokens.AddAccess(SandboxToken, SandboxID, time.Time{})
	s.oauth = &fakekit.OAuth{Name: "Tradier", Tokens: s.tokens, Now: opts.Now, Subject: oauthSubject,
		Client:     fakekit.ClientSecretBasic,
		RefreshFor: func(clientID string) bool { return strings.HasPrefix(clientID, "partner") },
		Answer: func(t fakekit.Issued) map[string]any {
			m := map[string]any{"access_token": t.Access, "expires_in": t.ExpiresIn, "scope": "read", "status": "approved",
				"issued_at": fakekit.Now(opts.Now).In(time.FixedZone("EST", -5*3600)).Format(time.RFC3339)}
			if t.Refresh != "" {
				m["refresh_token"] = t.Refresh
			}
			return m
		}}
	s.rate = map[string]*fakekit.Rate{
		LiveID:    {Limit: cmp.Or(opts.RateLimit, 120), Per: time.Minute, Now: opts.Now, Headers: rateHeaders},
		SandboxID: {Limit: cmp.Or(opts.RateLimit, 60), Per: time.Minute, Now: opts.Now, Headers: rateHeaders},
	}
	s.Injector.Write = s.writeFault
	return s, s.Start("tradier fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints maps each institution id to its endpoints on this server.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		LiveID:    {"api": s.URL(), "auth": s.URL()},
		SandboxID: {"api": s.URL() + "/sandbox"},
	}
}

// User returns env's data for the server clock's day.
func (s *Server) User(env string) *User {
	return s.data.Get(env, s.Now())
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/oauth/authorize", s.oauth.Authorize)
	mux.HandleFunc("POST /v1/oauth/authorize", s.oauth.Decide)
	mux.HandleFunc("POST /v1/oauth/accesstoken", s.oauth.Token("authorization_code"))
	mux.HandleFunc("POST /v1/oauth/refreshtoken", s.oauth.Token("refresh_token"))
	for _, env := range []string{LiveID, SandboxID} {
		p := ""
		if env == SandboxID {
			p = "/sandbox"
		}
		gate := fakekit.Gate{Rate: s.rate[env],
			Auth: s.tokens.PerToken(env),
			Deny: func(w http.ResponseWriter, _ *http.Request) {
				fakekit.WriteText(w, http.StatusUnauthorized, "Invalid Access Token")
			},
			Limited: func(w http.ResponseWriter, _ *http.Request) {
				fakekit.WriteText(w, http.StatusTooManyRequests, "Rate limit exceeded")
			}}
		data := fakekit.ServeAs(&s.Base, gate, func(string) *User { return s.User(env) })
		mux.Handle("GET "+p+"/v1/user/profile", data(s.profile))
		mux.Handle("GET "+p+"/v1/accounts/{n}/balances", data(fakekit.Narrowed(s.account, s.balances)))
		mux.Handle("GET "+p+"/v1/accounts/{n}/positions", data(fakekit.Narrowed(s.account, s.positions)))
		mux.Handle("GET "+p+"/v1/accounts/{n}/history", data(fakekit.Narrowed(s.account, s.history)))
		mux.Handle("GET "+p+"/v1/markets/quotes", data(s.quotes))
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
		fakekit.WriteText(w, http.StatusUnauthorized, "Invalid Access Token "+brokertest.BodyCanary)
		return true
	case brokertest.RateLimited:
		s.rate[LiveID].Exhausted(w.Header())
		fakekit.WriteText(w, http.StatusTooManyRequests, "Rate limit exceeded "+brokertest.BodyCanary)
		return true
	}
	return false
}

// rateHeaders are Tradier's: X-Ratelimit-Allowed, -Used, -Available and
// -Expiry (the window's end in Unix milliseconds).
func rateHeaders(h http.Header, w fakekit.Window) {
	h.Set("X-Ratelimit-Allowed", strconv.Itoa(w.Limit))
	h.Set("X-Ratelimit-Used", strconv.Itoa(w.Used))
	h.Set("X-Ratelimit-Available", strconv.Itoa(w.Remaining()))
	h.Set("X-Ratelimit-Expiry", strconv.FormatInt(w.Reset.UnixMilli(), 10))
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
	fakekit.WriteText(w, http.StatusBadRequest, "Invalid account number")
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

func (s *Server) balances(w http.ResponseWriter, r *http.Request, a *Account) {
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

func (s *Server) positions(w http.ResponseWriter, r *http.Request, a *Account) {
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

func (s *Server) history(w http.ResponseWriter, r *http.Request, a *Account) {
	q := r.URL.Query()
	page := fakekit.PositiveParam(q.Get("page"), 1, math.MaxInt)
	limit := fakekit.PositiveParam(q.Get("limit"), 25, 10000)
	var start, end time.Time
	if v := q.Get("start"); v != "" {
		start, _ = time.Parse(time.DateOnly, v)
	}
	if v := q.Get("end"); v != "" {
		end, _ = time.Parse(time.DateOnly, v)
	}
	var rows []any
	for _, e := range a.Events {
		if !fakekit.Within(e.Date, start, end) {
			continue
		}
		if t := q.Get("type"); t != "" && !strings.Contains(","+t+",", ","+e.Type+",") {
			continue
		}
		// The detail sits under the type's name, but a dividend's under
		// "adjustment", as in Tradier's documented history example.
		key := e.Type
		if e.Type == "dividend" {
			key = "adjustment"
		}
		rows = append(rows, map[string]any{"amount": e.Amount, "date": e.Date.Format("2006-01-02T15:04:05Z"),
			"type": e.Type, key: e.Detail})
	}
	rows, _ = fakekit.Page(rows, (page-1)*limit, limit)
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
