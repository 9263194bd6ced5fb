// Package fake is a stand-in for Saxo Bank's OpenAPI on loopback, both
// environments on one listener: the authentication server (a consent page
// with Approve and Deny, and the token endpoint of the authorization code
// grant with PKCE) and the portfolio and client-services endpoints Latchkey
// reads, with Saxo's paths, PascalCase JSON, {"__count","__next","Data"}
// envelopes, error bodies and rate-limit headers. The app runs it as a
// standalone server (see Endpoints); the package's tests and
// integrations/allfakes run the conformance suite against it (Harness).
//
// Routes: live auth under /live (authorize, token), SIM auth under /sim;
// live OpenAPI under /openapi, SIM under /sim/openapi. Tokens of one
// environment are refused by the other.
//
// # Test logins
//
// The consent page signs in as a Saxo user; its username field is
// pre-filled with "saxo_user":
//
//	saxo_user   client 9073876: a EUR account (••••3876) and a USD account (••••3877)
//	saxo_other  client 5550123: one DKK account (••••0123)
//
// Any client id (AppKey) is accepted without a secret; PKCE with S256 is
// required and the code_verifier is checked at the token endpoint.
//
// # Quirks reproduced
//
//   - Access tokens last 20 minutes, refresh tokens 1 hour; every refresh
//     returns a new refresh token and the used one is refused from then on
//     (400 invalid_grant); the answer names refresh_token_expires_in.
//   - Lists come in {"__count","__next","Data"} envelopes, Options.PageSize
//     rows at a time (at most $top), __next an absolute URL.
//   - Every amount is a JSON number; booking dates are YYYY-MM-DD.
//   - A missing, expired or revoked token is 401 with an empty body and
//     WWW-Authenticate; other errors are {"ErrorCode","Message"}.
//   - Limits per session (a login's tokens) and service group: the port
//     and cs groups each allow Options.RateLimit requests a minute, with
//     X-RateLimit-Session-Limit, -Remaining and -Reset (seconds to the
//     window's end) on every answer; past it 429 without Retry-After.
package fake

import (
	"cmp"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Institution ids the fake serves.
const (
	LiveID = "saxo"
	SimID  = "saxo-sim"
)

// Test logins.
const (
	User      = "saxo_user"
	OtherUser = "saxo_other"
)

// Lifetimes, as Saxo documents them.
const (
	AccessTokenLife  = 20 * time.Minute
	RefreshTokenLife = time.Hour
)

// Options configure a fake (fakekit.PagedOptions). RateLimit is the
// requests a minute each session may make to each service group before a
// 429 (default 120, Saxo's); PageSize the most rows one page of a list
// holds (default 100).
type Options = fakekit.PagedOptions

// env is one environment: its tokens, its authorization server and its
// rate windows by service group.
type env struct {
	tokens *fakekit.Tokens
	oauth  *fakekit.OAuth
	rate   map[string]*fakekit.Rate // "port", "cs"
}

// Server is a running fake.
type Server struct {
	fakekit.Base
	fakekit.TokenStores // every environment's tokens: RevokeAll, ExpireAccessTokens

	opts Options
	envs map[string]*env // "live", "sim"
}

var _ brokertest.Fake = (*Server)(nil)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	opts.RateLimit, opts.PageSize = cmp.Or(opts.RateLimit, 120), cmp.Or(opts.PageSize, 100)
	s := &Server{opts: opts, envs: map[string]*env{}}
	for _, name := range []string{"live", "sim"} {
		e := &env{tokens: &fakekit.Tokens{Now: opts.Now, AccessLife: AccessTokenLife, RefreshLife: RefreshTokenLife, Rotate: true},
			rate: map[string]*fakekit.Rate{}}
		e.oauth = &fakekit.OAuth{Name: "Saxo Bank", Tokens: e.tokens, Now: opts.Now, CodeLife: time.Minute,
			RequirePKCE: true, Users: []string{User, OtherUser},
			// A native app has no secret; the code exchange names the app.
			Client: func(_ *http.Request, p url.Values) (string, bool) {
				return p.Get("client_id"), p.Get("client_id") != "" || p.Get("grant_type") == "refresh_token"
			},
			Answer: func(t fakekit.Issued) map[string]any {
				return map[string]any{"access_token": t.Access, "token_type": "Bearer", "expires_in": t.ExpiresIn,
					"refresh_token": t.Refresh, "refresh_token_expires_in": int(RefreshTokenLife / time.Second), "base_uri": nil}
			}}
		for _, group := range []string{"port", "cs"} {
			e.rate[group] = &fakekit.Rate{Limit: opts.RateLimit, Per: time.Minute, Now: opts.Now, Headers: func(h http.Header, w fakekit.Window) {
				h.Set("X-RateLimit-Session-Limit", strconv.Itoa(w.Limit))
				h.Set("X-RateLimit-Session-Remaining", strconv.Itoa(w.Remaining()))
				h.Set("X-RateLimit-Session-Reset", strconv.Itoa(max(int(w.Reset.Sub(fakekit.Now(opts.Now))/time.Second), 1)))
			}}
		}
		s.envs[name] = e
		s.TokenStores = append(s.TokenStores, e.tokens)
	}
	s.Injector.Write = writeFault
	return s, s.Start("saxo fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns both institutions' endpoints pointing at the fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		LiveID: {"api": s.URL() + "/openapi", "auth": s.URL() + "/live"},
		SimID:  {"api": s.URL() + "/sim/openapi", "auth": s.URL() + "/sim"},
	}
}

// Count says how many rows the fake serves User (brokertest.Counter).
func (s *Server) Count(list brokertest.List, accountID string) int {
	c := clientOf(User, s.Day())
	return brokertest.CountRows(list, accountID, len(c.accounts), func(i int) (string, int, int) {
		a := c.accounts[i]
		return a.key, len(a.positions), len(a.bookings)
	})
}

// AccountNumbers returns a user's full account ids (for leak checks).
func AccountNumbers(user string) []string {
	var out []string
	for _, a := range clientOf(user, time.Now()).accounts {
		out = append(out, a.id)
	}
	return out
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for name, e := range s.envs {
		mux.HandleFunc("GET /"+name+"/authorize", e.oauth.Authorize)
		mux.HandleFunc("POST /"+name+"/authorize", e.oauth.Decide)
		mux.HandleFunc("POST /"+name+"/token", e.oauth.Token())
		prefix := map[string]string{"live": "/openapi", "sim": "/sim/openapi"}[name]
		data := func(group string, h func(http.ResponseWriter, *http.Request, *client)) http.Handler {
			gate := fakekit.Gate{Rate: e.rate[group],
				Auth:    e.tokens.Bearer,
				Deny:    func(w http.ResponseWriter, _ *http.Request) { writeUnauthorized(w) },
				Limited: fakekit.Reply(writeError, http.StatusTooManyRequests, "RateLimitExceeded", "Request rate limit exceeded")}
			return s.GuardAs(gate, func(w http.ResponseWriter, r *http.Request, user string) {
				c := clientOf(user, s.Day())
				h(w, r, &c)
			})
		}
		mux.Handle("GET "+prefix+"/port/v1/users/me", data("port", s.handleUser))
		mux.Handle("GET "+prefix+"/port/v1/clients/me", data("port", s.handleClient))
		mux.Handle("GET "+prefix+"/port/v1/accounts/me", data("port", s.handleAccounts))
		mux.Handle("GET "+prefix+"/port/v1/balances", data("port", fakekit.Narrowed(s.account, s.handleBalances)))
		mux.Handle("GET "+prefix+"/port/v1/positions", data("port", fakekit.Narrowed(s.account, s.handlePositions)))
		mux.Handle("GET "+prefix+"/cs/v1/reports/bookings/{clientKey}", data("cs", s.handleBookings))
	}
	return mux
}

// --- errors --------------------------------------------------------------------------

func writeJSON(w http.ResponseWriter, status int, v any) { fakekit.WriteJSON(w, status, v) }

func writeError(w http.ResponseWriter, status int, code, msg string) {
	fakekit.WriteJSON(w, status, map[string]string{"ErrorCode": code, "Message": msg})
}

func writeUnauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
	w.WriteHeader(http.StatusUnauthorized)
}

func writeFault(w http.ResponseWriter, _ *http.Request, f brokertest.Fault) bool {
	switch f {
	case brokertest.ServerError:
		writeError(w, http.StatusInternalServerError, "InternalServerError", "An error occurred "+brokertest.BodyCanary)
		return true
	case brokertest.Unauthorized:
		writeUnauthorized(w)
		_, _ = w.Write([]byte(brokertest.BodyCanary))
		return true
	}
	return false
}
