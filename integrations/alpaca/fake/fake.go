// Package fake is a local stand-in for Alpaca's Trading API and OAuth
// server, live and paper on one loopback listener, for tests and for
// running Latchkey against (`--endpoints`, see Server.Endpoints).
//
// Its wire shapes are its own declarations (data.go), written from Alpaca's
// documentation (alpacahq/alpaca-docs@2080c5e data/webapi: the Account,
// Position, TradeActivity and NonTradeActivity entities and the
// account-activities endpoint; content/oauth/guide.md) and the official SDKs
// (alpacahq/alpaca-trade-api-go@0bb5314 alpaca/entities.go and rest.go;
// alpacahq/alpaca-py@bd1fa9e alpaca/trading/models.py and enums.py),
// never the alpaca package's. It serves: the APCA-API-KEY-ID and
// APCA-API-SECRET-KEY headers or an OAuth bearer token; GET /v2/account
// (decimals as JSON strings, without the pattern-day-trader fields Alpaca
// dropped on 2026-07-06), GET /v2/positions (a short's qty negative) and
// GET /v2/account/activities with date, after and until (a date or an RFC
// 3339 time, UTC when no zone is named, on when the row was created; date
// not with after or until), direction (default desc), page_size (default
// 100 and at most 100 without date; every row by default with date) and
// page_token (the id of the row the page starts after, in the page's
// direction; past the last row the page is []); errors as
// {"code":40110000,"message":"request is not authorized"}; X-RateLimit-Limit,
// -Remaining and -Reset (a Unix time) on every answer, and 429 without
// Retry-After past Options.RateLimit requests a minute; the OAuth consent
// page at GET /oauth/authorize (Approve and Deny buttons posting
// decision=approve|deny) and POST /oauth/token (authorization_code only,
// client_id and client_secret in the form, not HTTP Basic; the answer
// {"access_token","token_type":"bearer","scope"} with no expiry and no
// refresh token, as the OAuth guide shows it). It does not serve
// activity_types, category or /v2/account/activities/{activity_type},
// which Latchkey does not use.
//
// The live API is served at the root and the paper API under /paper (see
// Endpoints); OAuth is shared. Any client id is accepted, with any non-empty
// client secret, and any loopback redirect URI.
//
// # Test logins
//
//	live  key id AKLATCHKEYLIVE000001  secret key live-secret-6Jq2Vw9Rt4Yp8Zs1
//	paper key id PKLATCHKEYPAPER00001  secret key paper-secret-3Hn7Kc5Lm2Xb9Df4
//
// A key is refused on the other environment's host, and a wrong secret is
// refused (401). On the consent page, Approve issues a code; Deny sends
// error=access_denied back. Each environment holds one account with six
// positions (equities, among them the documentation's AAPL sample, a short,
// the documentation's BTCUSD crypto sample, an option) and about 150
// activities over the 120 days before the clock's day, among them the
// documentation's TradeActivity and NonTradeActivity samples, the Broker
// API's CSD sample and the Go SDK test's partial fill (re-dated into the
// window, their UUIDs kept), a fee created the day after its date, and one
// canceled deposit.
package fake

import (
	"cmp"
	"math"
	"net/http"
	"net/url"
	"sort"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Test credentials.
const (
	LiveKeyID      = "AKLATCHKEYLIVE000001"
	LiveSecretKey  = "live-secret-6Jq2Vw9Rt4Yp8Zs1"
	PaperKeyID     = "PKLATCHKEYPAPER00001"
	PaperSecretKey = "paper-secret-3Hn7Kc5Lm2Xb9Df4"
)

// Institution ids the fake serves (the alpaca package's ID and PaperID).
const (
	LiveID  = "alpaca"
	PaperID = "alpaca-paper"
)

// Options configure a fake server (fakekit.Options). RateLimit is how many
// data requests a minute each key or token may make before 429 (default
// 200, Alpaca's documented limit).
type Options = fakekit.Options

// Server is a running fake. It implements brokertest.Fake, AfterInjector
// and PathInjector.
type Server struct {
	fakekit.Base
	// tokens is its one store: RevokeAll kills every token issued so far and both
	// key pairs, as when the user revokes the app and deletes the keys in the
	// dashboard; ExpireAccessTokens changes nothing: Alpaca's tokens and keys do
	// not expire.
	fakekit.TokenStores

	tokens *fakekit.Tokens // OAuth tokens, and the key pairs as "id:secret"
	oauth  *fakekit.OAuth
	rate   *fakekit.Rate

	data fakekit.Daily[*Portfolio] // by variant and day, from Build
}

var _ brokertest.Fake = (*Server)(nil)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	s := &Server{data: fakekit.Daily[*Portfolio]{Build: Build}}
	// Alpaca's tokens and keys never expire, and it issues no refresh token.
	s.tokens = &fakekit.Tokens{Now: opts.Now}
	s.TokenStores = fakekit.TokenStores{s.tokens}
	s.tokens.AddAccess(LiveKeyID+":"+LiveSecretKey, LiveID, time.Time{})
	s.tokens.AddAccess(PaperKeyID+":"+PaperSecretKey, PaperID, time.Time{})
	s.oauth = &fakekit.OAuth{Name: "Alpaca", Tokens: s.tokens, Now: opts.Now, RefreshFor: func(string) bool { return false },
		Client: clientInForm, Answer: tokenAnswer}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 200), Per: time.Minute, Now: opts.Now, Headers: fakekit.XRateLimit}
	// The suite's faults Alpaca's way where it has one: a 429 with
	// X-RateLimit-Reset and no Retry-After, a 401 with its JSON error.
	s.Injector.Write = fakekit.Faults(writeError, map[brokertest.Fault]fakekit.Answer[int]{
		brokertest.RateLimited:  {Status: http.StatusTooManyRequests, Code: 42910000, Message: "rate limit exceeded", Header: s.rate.Exhausted},
		brokertest.Unauthorized: {Status: http.StatusUnauthorized, Code: 40110000, Message: "request is not authorized"},
	})
	return s, s.Start("alpaca fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints maps each institution id to its endpoints on this server, ready
// to be written as an --endpoints file.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		LiveID:  {"api": s.URL(), "auth": s.URL(), "oauth": s.URL()},
		PaperID: {"api": s.URL() + "/paper", "auth": s.URL(), "oauth": s.URL()},
	}
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /oauth/authorize", s.oauth.Authorize)
	mux.HandleFunc("POST /oauth/authorize", s.oauth.Decide)
	mux.HandleFunc("POST /oauth/token", s.oauth.Token("authorization_code"))
	for _, env := range []string{LiveID, PaperID} {
		prefix := ""
		if env == PaperID {
			prefix = "/paper"
		}
		gate := fakekit.Gate{Auth: s.authenticate(env), Rate: s.rate,
			Deny:    fakekit.Reply(writeError, http.StatusUnauthorized, 40110000, "request is not authorized"),
			Limited: fakekit.Reply(writeError, http.StatusTooManyRequests, 42910000, "rate limit exceeded")}
		data := fakekit.ServeAs(&s.Base, gate, func(string) *Portfolio { return s.Portfolio(env) })
		mux.Handle("GET "+prefix+"/v2/account", data(s.account))
		mux.Handle("GET "+prefix+"/v2/positions", data(s.positions))
		mux.Handle("GET "+prefix+"/v2/account/activities", data(s.activities))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, 40410000, "endpoint not found")
	})
	return mux
}

// clientInForm authenticates a token request as Alpaca's OAuth guide asks
// it: client_id and client_secret among the form's parameters
// (application/x-www-form-urlencoded), not in an Authorization header.
func clientInForm(r *http.Request, p url.Values) (string, bool) {
	if _, _, basic := r.BasicAuth(); basic {
		return "", false
	}
	return p.Get("client_id"), p.Get("client_id") != "" && p.Get("client_secret") != ""
}

// tokenAnswer is the token answer of Alpaca's OAuth guide:
// {"access_token":"...","token_type":"bearer","scope":"account:write
// trading"}, with no expires_in and no refresh_token. Latchkey asks for no
// scope (read-only, the default), so the scope granted is "".
func tokenAnswer(t fakekit.Issued) map[string]any {
	return map[string]any{"access_token": t.Access, "token_type": "bearer", "scope": ""}
}

func writeError(w http.ResponseWriter, status int, code int, msg string) {
	fakekit.WriteJSON(w, status, map[string]any{"code": code, "message": msg})
}

// authenticate checks the key pair or bearer token of a request to env and
// names it for the rate window.
func (s *Server) authenticate(env string) func(r *http.Request) (string, bool) {
	return func(r *http.Request) (string, bool) {
		if tok, ok := fakekit.BearerToken(r); ok {
			_, live := s.tokens.Access(tok)
			return "token:" + tok, live
		}
		id := r.Header.Get("APCA-API-KEY-ID")
		owner, ok := s.tokens.Access(id + ":" + r.Header.Get("APCA-API-SECRET-KEY"))
		return "key:" + id, ok && id != "" && owner == env
	}
}

// Portfolio returns env's data for the server clock's day.
func (s *Server) Portfolio(env string) *Portfolio {
	return s.data.Get(env, s.Now())
}

func (s *Server) account(w http.ResponseWriter, _ *http.Request, p *Portfolio) {
	fakekit.WriteJSON(w, http.StatusOK, p.Account)
}

func (s *Server) positions(w http.ResponseWriter, _ *http.Request, p *Portfolio) {
	fakekit.WriteJSON(w, http.StatusOK, p.Positions)
}

// activities serves GET /v2/account/activities as the Trading API reference
// describes it: date, until and after in either of the formats "YYYY-MM-DD"
// and "YYYY-MM-DDTHH:MM:SSZ" (UTC when no zone is named), filtering on when
// the activity was created; date not with until or after; without date,
// page_size defaults to 100 and goes no higher, with date the default is
// every row; direction desc unless asc; page_token the id the page starts
// after, in the page's direction.
func (s *Server) activities(w http.ResponseWriter, r *http.Request, p *Portfolio) {
	q := r.URL.Query()
	var bounds [3]time.Time // date, after, until
	for i, name := range []string{"date", "after", "until"} {
		t, ok := fakekit.TimeParam(q.Get(name), time.DateOnly, time.RFC3339Nano)
		if !ok {
			writeError(w, http.StatusUnprocessableEntity, 42210000, "invalid "+name)
			return
		}
		bounds[i] = t
	}
	date, after, until := bounds[0], bounds[1], bounds[2]
	if !date.IsZero() && (!after.IsZero() || !until.IsZero()) {
		writeError(w, http.StatusUnprocessableEntity, 42210000, "date cannot be used with after or until")
		return
	}
	if !date.IsZero() {
		after, until = date.Add(-time.Nanosecond), date.AddDate(0, 0, 1)
	}
	size, ok := fakekit.IntParam(q.Get("page_size"), 100, 1, math.MaxInt)
	if !ok {
		writeError(w, http.StatusUnprocessableEntity, 42210000, "invalid page_size")
		return
	}
	switch {
	case date.IsZero():
		size = min(size, 100)
	case !q.Has("page_size"):
		size = math.MaxInt
	}
	desc := true
	switch q.Get("direction") {
	case "", "desc":
	case "asc":
		desc = false
	default:
		writeError(w, http.StatusUnprocessableEntity, 42210000, "invalid direction")
		return
	}
	rows := make([]Activity, 0, len(p.Activities))
	for _, a := range p.Activities {
		t := a.at
		if !after.IsZero() && !t.After(after) {
			continue
		}
		if !until.IsZero() && !t.Before(until) {
			continue
		}
		rows = append(rows, a)
	}
	if desc {
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].ID > rows[j].ID })
	}
	if tok := q.Get("page_token"); tok != "" {
		i := sort.Search(len(rows), func(i int) bool {
			if desc {
				return rows[i].ID < tok
			}
			return rows[i].ID > tok
		})
		rows = rows[i:]
	}
	if len(rows) > size {
		rows = rows[:size]
	}
	fakekit.WriteJSON(w, http.StatusOK, rows)
}
