// Package fake is a local stand-in for SnapTrade's API and Connection
// Portal for one or more Personal API keys, for tests and for running
// Latchkey against (`--endpoints`, see Server.Endpoints).
//
// It follows api.yaml of passiv/snaptrade-sdks (see the snaptrade package's
// doc.go for the commit) and SnapTrade's docs in that repository:
//
//   - Every API request is signed (docs/request-signatures.md): clientId and
//     timestamp in the query, a Signature header holding base64
//     HMAC-SHA256, keyed with the consumer key, of the canonical JSON of
//     {content, path, query} with the path and raw query as sent; a wrong
//     signature, an unknown clientId or a timestamp more than five minutes
//     off the fake's clock is 401 {"default_detail":"Unable to verify
//     signature sent","default_code":1076}. A request carrying userId or
//     userSecret is refused with 400 (a Personal key must omit them; the
//     real API's answer to them is not documented, so this strictness is
//     the fake's).
//   - Paths are served at the root, as the SDKs call them, and under the
//     legacy /api/v1 prefix.
//   - GET /brokerages; GET /authorizations; GET /authorizations/{id};
//     GET /authorizations/{id}/accounts; POST /authorizations/{id}/refresh
//     (402 code 3003 when disabled, 403 1141 for a realtime connection, 429
//     "throttled" within an hour of the last); POST
//     /authorizations/{id}/disable (402 3011 when already disabled); DELETE
//     /connection/{id} (200, "queued"; the fake removes it at once);
//     GET /accounts/{id}/balances; GET /accounts/{id}/positions/all;
//     GET /accounts/{id}/activities?startDate&endDate&offset&limit&type
//     (newest first, {data, pagination {offset, limit, total}}).
//   - POST /snapTrade/login answers {redirectURI, sessionId}: a portal link
//     on this server, valid five minutes and once. The portal page
//     (GET /snapTrade/redeemToken) is a form: the brokerage (preselected
//     by broker) and the brokerage login; "connect" (or "approve") links
//     it, "abandon" leaves. It redirects to customRedirect with
//     ?status=SUCCESS&connection_id=…, ?status=ERROR&status_code=…&
//     error_code=… or ?status=ABANDONED (docs/implement-connection-portal.md).
//     In reconnect mode the login must be the connection's own (else ERROR
//     1023); success clears disabled and keeps the id and accounts. A new
//     login at a brokerage with a login already connected returns that
//     connection (SnapTrade de-dupes).
//   - Rate limits (docs/ratelimiting.md): 250 requests a minute per
//     clientId with X-RateLimit-Limit, -Remaining and -Reset (seconds until
//     the window frees), and 10 a minute per account on the account-data
//     endpoints with X-RateLimit-Account-*; past them 429
//     {"detail":"Request was throttled. Expected available in N
//     seconds.","status_code":429,"code":"0000"}.
//
// # Test keys and logins
//
//	Personal key  clientId LATCHKEY-FAKE-PERSONAL, consumerKey fake-consumer-key-9QmT4xV2
//	              (and fakekit.TestApp's, for the conformance harness)
//
// Each key's user starts with three connections: Webull Canada (login
// alex.webull: a CAD TFSA and a USD margin account, ~125 activities),
// Fidelity (alex.fidelity: two USD accounts, read once a day) and Vanguard US
// (alex.vanguard: disabled). At the portal, the login wrong-password fails
// with 1066, bad-code with 1086 and unreachable with 3000; any other login
// at another brokerage makes a new connection.
package fake

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/snaptrade"
)

// The documented test key.
const (
	ClientID    = "LATCHKEY-FAKE-PERSONAL"
	ConsumerKey = "fake-consumer-key-9QmT4xV2"
)

// Options configure a fake server.
type Options struct {
	// Now is the server's clock (default time.Now).
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// Keys maps Personal clientIds to their consumer keys (default: the
	// documented key and fakekit.TestApp).
	Keys map[string]string
	// RateLimit and AccountRateLimit override the requests a minute per
	// clientId (250) and per account (10).
	RateLimit, AccountRateLimit int
	// MaxPage is the most activities a page holds (default 1000, the API's
	// documented maximum); a smaller one makes paging visible.
	MaxPage int
	// IgnoreCustomRedirect makes the portal end on its own page instead of
	// sending the browser to customRedirect.
	IgnoreCustomRedirect bool
}

// Server is a running fake. It implements brokertest.Fake.
type Server struct {
	fakekit.Base
	opts Options
	keys map[string]string

	rate, acctRate *fakekit.Rate

	mu        sync.Mutex
	users     map[string][]*Authorization // by clientId
	sessions  map[string]*session         // by portal token
	lastLogin LoginRecord
	made      int
}

var _ brokertest.Fake = (*Server)(nil)

// LoginRecord is what the last POST /snapTrade/login asked for.
type LoginRecord struct {
	ClientID, Broker, Reconnect, CustomRedirect, ConnectionType string
	ImmediateRedirect                                           bool
}

// session is one portal link.
type session struct {
	clientID string
	rec      LoginRecord
	expires  time.Time
	used     bool
}

// New starts a fake.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, keys: opts.Keys, users: map[string][]*Authorization{}, sessions: map[string]*session{}}
	if s.keys == nil {
		s.keys = map[string]string{ClientID: ConsumerKey, fakekit.TestApp.ClientID: fakekit.TestApp.ClientSecret}
	}
	now := func() time.Time { return fakekit.Now(opts.Now) }
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 250), Per: time.Minute, Now: opts.Now,
		Headers: func(h http.Header, w fakekit.Window) { rateHeaders(h, w, now(), "X-RateLimit-") }}
	s.acctRate = &fakekit.Rate{Limit: cmp.Or(opts.AccountRateLimit, 10), Per: time.Minute, Now: opts.Now,
		Headers: func(h http.Header, w fakekit.Window) { rateHeaders(h, w, now(), "X-RateLimit-Account-") }}
	return s, s.Start("snaptrade fake", opts.Addr, opts.Now, s.handler())
}

func rateHeaders(h http.Header, w fakekit.Window, now time.Time, prefix string) {
	h.Set(prefix+"Limit", strconv.Itoa(w.Limit))
	h.Set(prefix+"Remaining", strconv.Itoa(w.Remaining()))
	h.Set(prefix+"Reset", strconv.Itoa(max(int(w.Reset.Sub(now).Seconds()), 0)))
}

// Endpoints maps the institution id to its endpoint on this server.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{snaptrade.ID: {"api": s.URL()}}
}

// RevokeAll disables every connection of every key, as when the
// brokerages stop accepting SnapTrade's tokens.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id := range s.keys {
		for _, a := range s.userLocked(id) {
			if !a.Disabled {
				a.Disabled, a.DisabledAt = true, s.Now()
			}
		}
	}
}

// ExpireAccessTokens does nothing: signed requests carry no token.
func (s *Server) ExpireAccessTokens() {}

// Disable disables one connection of a key (POST .../disable does it over
// the API).
func (s *Server) Disable(clientID, authID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.findLocked(clientID, authID); a != nil && !a.Disabled {
		a.Disabled, a.DisabledAt = true, s.Now()
	}
}

// Connection returns a copy of one connection of a key, and whether it
// exists.
func (s *Server) Connection(clientID, authID string) (Authorization, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.findLocked(clientID, authID); a != nil {
		return *a, true
	}
	return Authorization{}, false
}

// Connections returns the ids of a key's connections.
func (s *Server) Connections(clientID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, a := range s.userLocked(clientID) {
		out = append(out, a.ID)
	}
	return out
}

// LastLogin returns what the last portal link was asked for.
func (s *Server) LastLogin() LoginRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastLogin
}

// userLocked returns a key's connections, seeding them on first use.
func (s *Server) userLocked(clientID string) []*Authorization {
	u, ok := s.users[clientID]
	if !ok {
		u = seed(s.Now())
		s.users[clientID] = u
	}
	return u
}

func (s *Server) findLocked(clientID, authID string) *Authorization {
	for _, a := range s.userLocked(clientID) {
		if a.ID == authID {
			return a
		}
	}
	return nil
}

// accountLocked finds an account of any of a key's connections.
func (s *Server) accountLocked(clientID, accountID string) (*Authorization, *Account) {
	for _, a := range s.userLocked(clientID) {
		for _, acct := range a.Accounts {
			if acct.ID == accountID {
				return a, acct
			}
		}
	}
	return nil, nil
}

// ---- routing, signatures, rate limits ----

type ctxKey struct{}

func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	data := func(h http.HandlerFunc) http.Handler { return s.Wrap(h) }
	plain := func(h http.HandlerFunc) http.Handler { return h }
	routes := map[string]http.Handler{
		"GET /brokerages":                             plain(s.brokerages),
		"GET /authorizations":                         plain(s.authorizations),
		"GET /authorizations/{id}":                    data(s.authorization),
		"GET /authorizations/{id}/accounts":           data(s.accounts),
		"POST /authorizations/{id}/refresh":           plain(s.refresh),
		"POST /authorizations/{id}/disable":           plain(s.disable),
		"DELETE /connection/{id}":                     plain(s.deleteConnection),
		"GET /accounts/{id}/balances":                 data(s.perAccount(s.balances)),
		"GET /accounts/{id}/positions/all":            data(s.perAccount(s.positions)),
		"GET /accounts/{id}/activities":               data(s.perAccount(s.activities)),
		"POST /snapTrade/login":                       plain(s.login),
		"POST /snapTrade/registerUser":                plain(s.registerUser),
		"GET /accounts/{id}/holdings":                 plain(s.gone),
		"GET /accounts/{id}/positions":                plain(s.gone),
		"DELETE /authorizations/{id}":                 plain(s.gone),
		"GET /authorizations/{id}/returnRates":        plain(s.notImplemented),
		"POST /authorizations/{id}/transactions/sync": plain(s.notImplemented),
	}
	for pattern, h := range routes {
		method, path, _ := strings.Cut(pattern, " ")
		mux.Handle(pattern, s.signed(h))
		// The signature covers the path as sent: verify, then strip.
		mux.Handle(method+" /api/v1"+path, s.signed(http.StripPrefix("/api/v1", h)))
	}
	// Unsigned: the status check and the portal pages.
	mux.HandleFunc("GET /{$}", s.status)
	mux.HandleFunc("GET /api/v1/{$}", s.status)
	mux.HandleFunc("GET /snapTrade/redeemToken", s.portalPage)
	mux.HandleFunc("POST /snapTrade/portal", s.portalSubmit)
	return mux
}

// who returns the clientId a signed request was verified for.
func who(r *http.Request) string {
	id, _ := r.Context().Value(ctxKey{}).(string)
	return id
}

// signed verifies a request's signature and timestamp and counts it against
// its clientId's rate window.
func (s *Server) signed(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var body []byte
		if r.Body != nil {
			b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
			if err != nil {
				writeErr(w, http.StatusBadRequest, "Unable to verify data sent", "1076")
				return
			}
			body = b
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		if q.Has("userId") || q.Has("userSecret") {
			writeErr(w, http.StatusBadRequest, "userId and userSecret are not used with a Personal API key", "1012")
			return
		}
		clientID := q.Get("clientId")
		key, known := s.keys[clientID]
		ts, err := strconv.ParseInt(q.Get("timestamp"), 10, 64)
		skew := s.Now().Sub(time.Unix(ts, 0))
		if !known || err != nil || skew > 5*time.Minute || skew < -5*time.Minute {
			writeDefault(w, http.StatusUnauthorized, "Unable to verify signature sent", 1076)
			return
		}
		if !validSignature(key, r.URL.EscapedPath(), r.URL.RawQuery, body, r.Header.Get("Signature")) {
			writeDefault(w, http.StatusUnauthorized, "Unable to verify signature sent", 1076)
			return
		}
		if !s.rate.Take(r, "client:"+clientID, w.Header()) {
			s.throttled(w, r)
			return
		}
		h.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, clientID)))
	})
}

func (s *Server) throttled(w http.ResponseWriter, _ *http.Request) {
	wait := w.Header().Get("X-RateLimit-Reset")
	if w.Header().Get("X-RateLimit-Account-Remaining") == "0" {
		wait = w.Header().Get("X-RateLimit-Account-Reset")
	}
	fakekit.WriteJSON(w, http.StatusTooManyRequests, map[string]any{
		"detail": "Request was throttled. Expected available in " + cmp.Or(wait, "60") + " seconds.", "status_code": 429, "code": "0000"})
}

// perAccount puts an account-data handler behind the per-account window
// and finds the account.
func (s *Server) perAccount(h func(w http.ResponseWriter, r *http.Request, a *Authorization, acct *Account)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		if !s.acctRate.Take(r, who(r)+"/"+id, w.Header()) {
			s.throttled(w, r)
			return
		}
		s.mu.Lock()
		auth, acct := s.accountLocked(who(r), id)
		s.mu.Unlock()
		if acct == nil {
			writeDefault(w, http.StatusNotFound, "The requested resource does not exist.", 1011)
			return
		}
		h(w, r, auth, acct)
	}
}

func writeErr(w http.ResponseWriter, status int, detail, code string) {
	fakekit.WriteJSON(w, status, map[string]any{"detail": detail, "status_code": status, "code": code})
}

func writeDefault(w http.ResponseWriter, status int, detail string, code int) {
	fakekit.WriteJSON(w, status, map[string]any{"default_detail": detail, "default_code": code})
}

// ---- API handlers ----

func (s *Server) status(w http.ResponseWriter, _ *http.Request) {
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"version": 151, "timestamp": s.Now().UTC().Format(time.RFC3339Nano), "online": true})
}

func (s *Server) gone(w http.ResponseWriter, _ *http.Request) {
	writeErr(w, http.StatusGone, "This endpoint is no longer available.", "1000")
}

func (s *Server) notImplemented(w http.ResponseWriter, _ *http.Request) {
	fakekit.WriteJSON(w, http.StatusNotImplemented, map[string]any{"error": "not implemented by the fake"})
}

func (s *Server) registerUser(w http.ResponseWriter, _ *http.Request) {
	// docs/personal-vs-commercial.md: "Do not call registerUser for
	// Personal API key authentication".
	writeErr(w, http.StatusForbidden, "Personal API keys cannot register users.", "1066")
}

func (s *Server) brokerages(w http.ResponseWriter, _ *http.Request) {
	out := make([]any, 0, len(catalogue))
	for _, b := range catalogue {
		out = append(out, wireBrokerage(b))
	}
	fakekit.WriteJSON(w, http.StatusOK, out)
}

func wireBrokerage(b Brokerage) map[string]any {
	return map[string]any{
		"id": uuid("brokerage/" + b.Slug), "slug": b.Slug, "name": b.Name, "display_name": b.DisplayName,
		"description":            b.Name + " (fake)",
		"aws_s3_logo_url":        "https://passiv-brokerage-logos.s3.ca-central-1.amazonaws.com/" + strings.ToLower(b.Slug) + "-logo.png",
		"aws_s3_square_logo_url": nil, "url": nil, "enabled": b.Enabled, "maintenance_mode": b.Maintenance,
		"is_degraded": b.Degraded, "allows_trading": b.AllowsTrading, "allows_fractional_units": nil, "has_reporting": nil,
		"is_real_time_connection": true, "brokerage_type": map[string]any{"id": uuid("type/" + b.Type), "name": b.Type},
		"exchanges": []any{}, "open_url": nil,
	}
}

func (s *Server) wireAuthorization(a *Authorization) map[string]any {
	b, _ := brokerage(a.Slug)
	var disabledDate any
	if a.Disabled {
		disabledDate = a.DisabledAt.UTC().Format("2006-01-02T15:04:05.000000Z07:00")
	}
	return map[string]any{
		"id": a.ID, "created_date": a.Created.UTC().Format(time.RFC3339Nano), "brokerage": wireBrokerage(b), "name": a.Name,
		"type": "read", "disabled": a.Disabled, "disabled_date": disabledDate, "meta": map[string]any{},
		"updated_date": a.Updated.UTC().Format(time.RFC3339Nano), "is_eligible_for_payout": false,
		"data_freshness_mode": a.Freshness,
	}
}

func (s *Server) authorizations(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	out := []any{}
	for _, a := range s.userLocked(who(r)) {
		out = append(out, s.wireAuthorization(a))
	}
	s.mu.Unlock()
	fakekit.WriteJSON(w, http.StatusOK, out)
}

// withAuth finds the path's connection of the caller's key.
func (s *Server) withAuth(w http.ResponseWriter, r *http.Request, f func(a *Authorization)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.findLocked(who(r), r.PathValue("id"))
	if a == nil {
		writeDefault(w, http.StatusNotFound, "The requested resource does not exist.", 1011)
		return
	}
	f(a)
}

func (s *Server) authorization(w http.ResponseWriter, r *http.Request) {
	s.withAuth(w, r, func(a *Authorization) { fakekit.WriteJSON(w, http.StatusOK, s.wireAuthorization(a)) })
}

func (s *Server) accounts(w http.ResponseWriter, r *http.Request) {
	s.withAuth(w, r, func(a *Authorization) {
		b, _ := brokerage(a.Slug)
		out := []any{}
		for _, acct := range a.Accounts {
			out = append(out, map[string]any{
				"id": acct.ID, "brokerage_authorization": a.ID, "name": acct.Name, "number": acct.Number,
				"institution_account_id": acct.Number, "institution_name": b.Name,
				"created_date": a.Created.UTC().Format(time.RFC3339Nano), "funding_date": nil, "opening_date": nil,
				"sync_status": map[string]any{
					"transactions": map[string]any{"initial_sync_completed": true, "last_successful_sync": s.Now().UTC().AddDate(0, 0, -1).Format(time.DateOnly), "first_transaction_date": nil},
					"holdings": map[string]any{"initial_sync_completed": true, "last_successful_sync": s.Now().UTC().Format("2006-01-02 15:04:05.000000+00:00"),
						"holdings_unavailable": acct.HoldingsUnavailable},
				},
				"balance": map[string]any{"total": map[string]any{"amount": json.Number(acct.Total().String()), "currency": acct.Currency}},
				"status":  "open", "raw_type": acct.RawType, "account_category": acct.Category,
				"meta":            map[string]any{"type": acct.RawType, "institution_name": b.Name},
				"portfolio_group": uuid("group/" + acct.ID), "cash_restrictions": []any{}, "is_paper": false,
			})
		}
		fakekit.WriteJSON(w, http.StatusOK, out)
	})
}

func (s *Server) refresh(w http.ResponseWriter, r *http.Request) {
	s.withAuth(w, r, func(a *Authorization) {
		switch {
		case a.Disabled:
			writeErr(w, http.StatusPaymentRequired, "Unable to sync with brokerage account because the connection is disabled.", "3003")
		case a.Freshness == "realtime":
			fakekit.WriteJSON(w, http.StatusForbidden, map[string]any{"detail": "Feature is not enabled for this customer or this connection", "default_code": 1141})
		case !a.LastRefresh.IsZero() && s.Now().Sub(a.LastRefresh) < time.Hour:
			writeErr(w, http.StatusTooManyRequests, "Connection refreshed too recently. Please try again later.", "throttled")
		default:
			a.LastRefresh, a.Refreshes = s.Now(), a.Refreshes+1
			fakekit.WriteJSON(w, http.StatusOK, map[string]any{"detail": "Connection " + a.ID + " scheduled for refresh"})
		}
	})
}

func (s *Server) disable(w http.ResponseWriter, r *http.Request) {
	s.withAuth(w, r, func(a *Authorization) {
		if a.Disabled {
			writeErr(w, http.StatusPaymentRequired, "This connection is already disabled.", "3011")
			return
		}
		a.Disabled, a.DisabledAt = true, s.Now()
		fakekit.WriteJSON(w, http.StatusOK, map[string]any{"detail": "Connection " + a.ID + " has been disabled"})
	})
}

func (s *Server) deleteConnection(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, list := r.PathValue("id"), s.userLocked(who(r))
	for i, a := range list {
		if a.ID == id {
			s.users[who(r)] = append(list[:i:i], list[i+1:]...)
			fakekit.WriteJSON(w, http.StatusOK, map[string]any{
				"detail": "Connection queued for deletion; please wait for webhook for confirmation.", "connection_id": id})
			return
		}
	}
	writeDefault(w, http.StatusNotFound, "The requested resource does not exist.", 1011)
}

func money(v string) json.Number { return json.Number(v) }

func (s *Server) balances(w http.ResponseWriter, _ *http.Request, _ *Authorization, acct *Account) {
	fakekit.WriteJSON(w, http.StatusOK, []any{map[string]any{
		"currency": map[string]any{"id": uuid("currency/" + acct.Currency), "code": acct.Currency, "name": acct.Currency},
		"cash":     money(acct.Cash.String()), "buying_power": money(acct.BuyingPower.String()),
	}})
}

func (s *Server) positions(w http.ResponseWriter, _ *http.Request, _ *Authorization, acct *Account) {
	out := []any{}
	for _, p := range acct.Positions {
		var in map[string]any
		if p.Kind == "option" {
			in = map[string]any{"kind": "option", "id": uuid("instrument/" + p.Symbol), "symbol": p.Symbol, "option_type": p.OptionType,
				"strike_price": p.Strike.String(), "expiration_date": p.Expiry, "multiplier": "100", "description": p.Description,
				"underlying": map[string]any{"kind": "stock", "id": uuid("instrument/" + p.Underlying), "symbol": p.Underlying,
					"raw_symbol": p.Underlying, "description": nil, "currency": p.Currency, "exchange": "XNAS", "figi_instrument": nil}}
		} else {
			raw, _, _ := strings.Cut(p.Symbol, ".")
			in = map[string]any{"kind": p.Kind, "id": uuid("instrument/" + p.Symbol), "symbol": p.Symbol, "raw_symbol": raw,
				"description": p.Description, "currency": p.Currency, "exchange": nilIfEmpty(p.Exchange), "figi_instrument": nil}
		}
		row := map[string]any{"instrument": in, "units": p.Units.String(), "price": p.Price.String(), "currency": p.Currency,
			"cost_basis": nilIfEmpty(p.CostBasis.String())}
		if p.Kind == "mutualfund" {
			row["cash_equivalent"] = p.CashEquivalent
		}
		out = append(out, row)
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"results": out, "data_freshness": map[string]any{"as_of": s.Now().UTC().Format(time.RFC3339)}})
}

func nilIfEmpty(s string) any {
	if s == "" || s == "0" {
		return nil
	}
	return s
}

func (s *Server) activities(w http.ResponseWriter, r *http.Request, _ *Authorization, acct *Account) {
	q := r.URL.Query()
	var from, to string
	for _, p := range []struct {
		name string
		dst  *string
	}{{"startDate", &from}, {"endDate", &to}} {
		if v := q.Get(p.name); v != "" {
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				writeErr(w, http.StatusBadRequest, "Invalid date "+p.name, "1012")
				return
			}
			*p.dst = v
		}
	}
	offset, ok := fakekit.IntParam(q.Get("offset"), 0, 0, math.MaxInt)
	if !ok {
		writeErr(w, http.StatusBadRequest, "Invalid offset", "1012")
		return
	}
	limit, ok := fakekit.IntParam(q.Get("limit"), 1000, 1, math.MaxInt)
	if !ok {
		writeErr(w, http.StatusBadRequest, "Invalid limit", "1012")
		return
	}
	limit = min(limit, 1000, cmp.Or(s.opts.MaxPage, 1000))
	types := map[string]bool{}
	for _, t := range strings.Split(q.Get("type"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			types[t] = true
		}
	}
	var rows []Activity
	for _, a := range acct.Activities { // newest first
		day := a.Trade.UTC().Format(time.DateOnly)
		if from != "" && day < from || to != "" && day > to || len(types) > 0 && !types[a.Type] {
			continue
		}
		rows = append(rows, a)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Trade.After(rows[j].Trade) })
	total := len(rows)
	page := []any{}
	for i := offset; i < total && i < offset+limit; i++ {
		page = append(page, wireActivity(rows[i]))
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"data": page, "pagination": map[string]any{"offset": offset, "limit": limit, "total": total}})
}

func wireActivity(a Activity) map[string]any {
	var sym any
	if a.Symbol != "" {
		raw, _, _ := strings.Cut(a.Symbol, ".")
		sym = map[string]any{"id": uuid("symbol/" + a.Symbol), "symbol": a.Symbol, "raw_symbol": raw, "description": nil,
			"currency": map[string]any{"id": uuid("currency/" + a.Currency), "code": a.Currency, "name": a.Currency},
			"type":     map[string]any{"id": uuid("type/cs"), "code": "cs", "description": "Common Stock"}, "figi_code": nil}
	}
	return map[string]any{
		"id": a.ID, "symbol": sym, "option_symbol": nil, "currency_universal_symbol": nil,
		"price": json.Number(a.Price.String()), "units": json.Number(a.Units.String()), "amount": json.Number(a.Amount.String()),
		"currency": map[string]any{"id": uuid("currency/" + a.Currency), "code": a.Currency, "name": a.Currency},
		"type":     a.Type, "option_type": "", "description": a.Description,
		"trade_date": a.Trade.UTC().Format(time.RFC3339), "settlement_date": a.Settle.UTC().Format(time.RFC3339),
		"fee": json.Number(a.Fee.String()), "fx_rate": nil, "institution": "Fake", "external_reference_id": nil,
	}
}

// ---- the Connection Portal ----

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Broker            string `json:"broker"`
		ImmediateRedirect bool   `json:"immediateRedirect"`
		CustomRedirect    string `json:"customRedirect"`
		Reconnect         string `json:"reconnect"`
		ConnectionType    string `json:"connectionType"`
		Locale            string `json:"locale"`
	}
	if r.ContentLength != 0 {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			writeErr(w, http.StatusBadRequest, "Invalid JSON", "1012")
			return
		}
	}
	bad := func(what string) { writeErr(w, http.StatusBadRequest, "Invalid "+what, "1012") }
	switch body.ConnectionType {
	case "", "read", "trade", "trade-if-available":
	default:
		bad("connectionType")
		return
	}
	if l := strings.ToLower(strings.ReplaceAll(body.Locale, "_", "-")); l != "" && l != "en" && !strings.HasPrefix(l, "en-") && l != "pt-br" {
		bad("locale")
		return
	}
	if body.Broker != "" {
		if b, ok := brokerage(body.Broker); !ok || !b.Enabled {
			bad("broker")
			return
		}
	}
	if body.CustomRedirect != "" {
		if u, err := url.Parse(body.CustomRedirect); err != nil || u.Scheme == "" || u.Host == "" {
			bad("customRedirect")
			return
		}
	}
	client := who(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	if body.Reconnect != "" && s.findLocked(client, body.Reconnect) == nil {
		bad("reconnect")
		return
	}
	rec := LoginRecord{ClientID: client, Broker: body.Broker, Reconnect: body.Reconnect, CustomRedirect: body.CustomRedirect,
		ConnectionType: body.ConnectionType, ImmediateRedirect: body.ImmediateRedirect}
	s.lastLogin = rec
	token, sessionID := fakekit.Random(24), uuid("session/"+fakekit.Random(8))
	s.sessions[token] = &session{clientID: client, rec: rec, expires: s.Now().Add(5 * time.Minute)}
	q := url.Values{"token": {token}, "clientId": {client}, "connectionPortalVersion": {"v4"}, "sessionId": {sessionID}}
	if body.Broker != "" {
		q.Set("broker", body.Broker)
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"redirectURI": s.URL() + "/snapTrade/redeemToken?" + q.Encode(), "sessionId": sessionID})
}

// portalPage is the portal: a form naming the brokerage and its login.
func (s *Server) portalPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	s.mu.Lock()
	ses := s.sessions[token]
	broker, login, reconnect := "", "", false
	if ses != nil {
		broker = ses.rec.Broker
		if a := s.findLocked(ses.clientID, ses.rec.Reconnect); a != nil {
			broker, login, reconnect = a.Slug, a.Login, true
		}
		if login == "" {
			login = map[string]string{"WEBULL-CANADA": WebullLogin, "FIDELITY": FidelityLogin, "VANGUARD": VanguardLogin}[broker]
		}
	}
	s.mu.Unlock()
	if ses == nil || ses.used || s.Now().After(ses.expires) {
		portalText(w, http.StatusBadRequest, "This link has expired. Go back to the app and start again.")
		return
	}
	title := "Connect your brokerage"
	if reconnect {
		title = "Reconnect your brokerage"
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, `<!doctype html><meta charset=utf-8><title>SnapTrade (fake)</title><h1>`+title+`</h1>
<form method="post" action="/snapTrade/portal">
<input type="hidden" name="token" value="`+htmlEscape(token)+`">
<label>Brokerage <input name="broker" value="`+htmlEscape(broker)+`"></label>
<label>Login at the brokerage <input name="login" value="`+htmlEscape(cmp.Or(login, "new.user"))+`"></label>
<button name="decision" value="connect">Connect</button>
<button name="decision" value="abandon">Exit</button>
</form>`)
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

func portalText(w http.ResponseWriter, status int, text string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, "<!doctype html><meta charset=utf-8><title>SnapTrade (fake)</title><p>"+htmlEscape(text)+"</p>")
}

// portalSubmit links (or relinks) the connection and sends the browser on.
func (s *Server) portalSubmit(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		portalText(w, http.StatusBadRequest, "Bad form.")
		return
	}
	s.mu.Lock()
	ses := s.sessions[r.PostForm.Get("token")]
	if ses == nil || ses.used || s.Now().After(ses.expires) {
		s.mu.Unlock()
		if ses != nil {
			s.finish(w, r, ses.rec, url.Values{"status": {"ERROR"}, "status_code": {"400"}, "error_code": {"1006"}})
			return
		}
		portalText(w, http.StatusBadRequest, "This link has expired. Go back to the app and start again.")
		return
	}
	ses.used = true
	res := s.connectLocked(ses, r.PostForm.Get("decision"), strings.ToUpper(strings.TrimSpace(r.PostForm.Get("broker"))),
		strings.TrimSpace(r.PostForm.Get("login")))
	rec := ses.rec
	s.mu.Unlock()
	s.finish(w, r, rec, res)
}

// connectLocked does what the portal does on submit and returns the
// redirect's query.
func (s *Server) connectLocked(ses *session, decision, broker, login string) url.Values {
	fail := func(status, code string) url.Values {
		return url.Values{"status": {"ERROR"}, "status_code": {status}, "error_code": {code}}
	}
	switch decision {
	case "connect", "approve":
	default:
		return url.Values{"status": {"ABANDONED"}}
	}
	switch login {
	case WrongPasswordLogin:
		return fail("403", "1066")
	case BadCodeLogin:
		return fail("400", "1086")
	case UnreachableLogin:
		return fail("500", "3000")
	case "":
		return fail("400", "1012")
	}
	now := s.Now()
	list := s.userLocked(ses.clientID)
	if ses.rec.Reconnect != "" {
		a := s.findLocked(ses.clientID, ses.rec.Reconnect)
		switch {
		case a == nil:
			return fail("400", "1012")
		case a.Login != login:
			return fail("400", "1023")
		}
		a.Disabled, a.DisabledAt, a.Updated = false, time.Time{}, now
		return url.Values{"status": {"SUCCESS"}, "connection_id": {a.ID}}
	}
	if b, ok := brokerage(broker); !ok || !b.Enabled || b.Maintenance {
		return fail("400", "1012")
	}
	for _, a := range list {
		if a.Slug == broker && a.Login == login {
			a.Disabled, a.DisabledAt, a.Updated = false, time.Time{}, now
			return url.Values{"status": {"SUCCESS"}, "connection_id": {a.ID}}
		}
	}
	s.made++
	a := newConnection(uuid("auth/made/"+ses.clientID+"/"+broker+"/"+login+"/"+strconv.Itoa(s.made)), broker, login, len(list)+1, now)
	s.users[ses.clientID] = append(list, a)
	return url.Values{"status": {"SUCCESS"}, "connection_id": {a.ID}}
}

// finish sends the browser to customRedirect with the result, or ends on
// the portal's own page.
func (s *Server) finish(w http.ResponseWriter, r *http.Request, rec LoginRecord, res url.Values) {
	if rec.CustomRedirect == "" || s.opts.IgnoreCustomRedirect {
		portalText(w, http.StatusOK, "Done: "+res.Get("status")+". You can close this window.")
		return
	}
	sep := "?"
	if strings.Contains(rec.CustomRedirect, "?") {
		sep = "&"
	}
	target := rec.CustomRedirect + sep + res.Encode()
	if !rec.ImmediateRedirect {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, `<!doctype html><meta charset=utf-8><title>SnapTrade (fake)</title><p>Done.</p><a href="`+htmlEscape(target)+`">Back to the app</a>`)
		return
	}
	http.Redirect(w, r, target, http.StatusFound)
}
