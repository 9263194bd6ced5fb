// Package fake is a local stand-in for Alpaca's Trading API and OAuth
// server, live and paper on one loopback listener, for tests and for
// running Latchkey against (`--endpoints`, see Server.Endpoints).
//
// It reproduces what the alpaca package relies on: the APCA-API-KEY-ID and
// APCA-API-SECRET-KEY headers or an OAuth bearer token; GET /v2/account
// (decimals as JSON strings), GET /v2/positions and
// GET /v2/account/activities with after, until, direction (default desc),
// page_size (default and maximum 100) and page_token (the id of the row the
// page starts after, in the page's direction); errors as
// {"code":40110000,"message":"request is not authorized"}; X-RateLimit-Limit,
// -Remaining and -Reset (a Unix time) on every answer, and 429 without
// Retry-After past Options.RateLimit requests a minute; the OAuth consent
// page at GET /oauth/authorize (Approve and Deny buttons posting
// decision=approve|deny) and POST /oauth/token (authorization_code only; the
// token has no expiry and no refresh token, like Alpaca's).
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
// positions (equities, a short, crypto, an option) and about 140 activities
// over the 120 days before the clock's day.
package fake

import (
	"cmp"
	"math"
	"net/http"
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
	s.oauth = &fakekit.OAuth{Name: "Alpaca", Tokens: s.tokens, Now: opts.Now, RefreshFor: func(string) bool { return false }}
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

func (s *Server) activities(w http.ResponseWriter, r *http.Request, p *Portfolio) {
	q := r.URL.Query()
	// after and until: a date or an RFC 3339 time.
	after, ok := fakekit.TimeParam(q.Get("after"), time.DateOnly, time.RFC3339Nano)
	if !ok {
		writeError(w, http.StatusUnprocessableEntity, 42210000, "invalid after")
		return
	}
	until, ok := fakekit.TimeParam(q.Get("until"), time.DateOnly, time.RFC3339Nano)
	if !ok {
		writeError(w, http.StatusUnprocessableEntity, 42210000, "invalid until")
		return
	}
	size, ok := fakekit.IntParam(q.Get("page_size"), 100, 1, math.MaxInt)
	if !ok {
		writeError(w, http.StatusUnprocessableEntity, 42210000, "invalid page_size")
		return
	}
	size = min(size, 100)
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
