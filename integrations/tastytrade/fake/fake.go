// Package fake is a stand-in for the tastytrade Open API on loopback, the
// production and sandbox ("cert") environments on one listener: the OAuth
// 2.0 authorization page (Approve and Deny) and token endpoint, and the
// customer and account endpoints Latchkey reads, with tastytrade's paths,
// kebab-case keys, {"data":{"items":[...]}} envelopes, pagination block,
// error bodies and User-Agent rule. The app runs it as a standalone server
// (see Endpoints); the package's tests and integrations/allfakes run the
// conformance suite against it (Harness).
//
// Routes: production API under /prod, its login pages under /prod-my;
// sandbox under /cert and /cert-my. Tokens of one environment are refused by
// the other.
//
// # Test logins
//
// The authorization page signs in as a tastytrade user; its username field
// is pre-filled with "tasty_user":
//
//	tasty_user   accounts 5WT00001 (individual margin, ••••0001) and 5WT00002 (Roth IRA, ••••0002)
//	tasty_other  account 5WT00077 (individual cash, ••••0077)
//
// Pasted refresh grants ("Create Grant" in the OAuth application):
// PastedRefreshToken for tasty_user, OtherRefreshToken for tasty_other, in
// either environment. Any client id is accepted; a client secret must be
// present, and one beginning with BadSecret is refused as tastytrade refuses a
// wrong one.
//
// # Quirks reproduced
//
//   - Every request needs a User-Agent of the form <product>/<version>;
//     without one, nginx answers 401 with an HTML page.
//   - Access tokens last 15 minutes (expires_in 900); refresh tokens never
//     expire and are not rotated; a refresh is a JSON body
//     {"grant_type":"refresh_token","refresh_token","client_secret"} (a form
//     body is accepted too).
//   - Responses are {"data":{...}} or {"data":{"items":[...]}}, keys in
//     kebab-case, amounts as decimal strings and quantities as numbers;
//     transactions page with per-page and page-offset and a "pagination"
//     block (total-pages, ...), at most Options.PageSize rows a page.
//   - Positions carry "mark" and "mark-price" (today's price) only when asked
//     with include-marks=true; otherwise only the previous close-price.
//   - Errors are {"error":{"code","message"}}; 401 for a missing, expired or
//     revoked token; past Options.RateLimit requests a minute per login (the
//     grant), 429 with Retry-After (tastytrade publishes no limits).
package fake

import (
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Institution ids the fake serves.
const (
	ProdID    = "tastytrade"
	SandboxID = "tastytrade-sandbox"
)

// Test logins and grants.
const (
	User               = "tasty_user"
	OtherUser          = "tasty_other"
	PastedRefreshToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9.tasty-user-pasted-grant-0001"
	OtherRefreshToken  = "eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9.tasty-other-pasted-grant-0077"
	BadSecret          = "bad-secret"
)

// AccessTokenLife is how long an access token lasts.
const AccessTokenLife = 15 * time.Minute

// Options configure a fake (fakekit.PagedOptions). RateLimit is the
// requests a minute each login may make before a 429 (default 120);
// PageSize the most transactions a page holds (default 250).
type Options = fakekit.PagedOptions

// env is one environment: its tokens and authorization server.
type env struct {
	tokens *fakekit.Tokens
	oauth  *fakekit.OAuth
}

// Server is a running fake.
type Server struct {
	fakekit.Base
	fakekit.TokenStores // every environment's tokens: RevokeAll, ExpireAccessTokens

	opts Options
	envs map[string]*env // "prod", "cert"
	rate *fakekit.Rate
}

var _ brokertest.Fake = (*Server)(nil)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	opts.PageSize = cmp.Or(opts.PageSize, 250)
	s := &Server{opts: opts, envs: map[string]*env{}}
	for _, name := range []string{"prod", "cert"} {
		// Access tokens last 15 minutes; refresh tokens never expire and
		// do not rotate.
		e := &env{tokens: &fakekit.Tokens{Now: opts.Now, AccessLife: AccessTokenLife}}
		e.tokens.AddRefresh(PastedRefreshToken, User, true)
		e.tokens.AddRefresh(OtherRefreshToken, OtherUser, true)
		e.oauth = &fakekit.OAuth{Name: "tastytrade", Tokens: e.tokens, Now: opts.Now, Users: []string{User, OtherUser},
			// The client secret goes in the body; a wrong one is refused.
			Client: func(_ *http.Request, p url.Values) (string, bool) {
				sec := p.Get("client_secret")
				return p.Get("client_id"), sec != "" && !strings.HasPrefix(sec, BadSecret)
			},
			Answer: func(t fakekit.Issued) map[string]any {
				return map[string]any{"access_token": t.Access, "token_type": "Bearer", "expires_in": t.ExpiresIn,
					"refresh_token": t.Refresh, "id_token": "eyJ" + fakekit.Random(16)}
			}}
		s.envs[name] = e
		s.TokenStores = append(s.TokenStores, e.tokens)
	}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 120), Per: time.Minute, Now: opts.Now}
	s.Injector.Write = writeFault
	return s, s.Start("tastytrade fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns both institutions' endpoints pointing at the fake.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		ProdID:    {"api": s.URL() + "/prod", "auth": s.URL() + "/prod-my"},
		SandboxID: {"api": s.URL() + "/cert", "auth": s.URL() + "/cert-my"},
	}
}

// Count says how many rows the fake serves User (brokertest.Counter).
func (s *Server) Count(list brokertest.List, accountID string) int {
	accts := accountsOf(User, s.Day())
	return brokertest.CountRows(list, accountID, len(accts), func(i int) (string, int, int) {
		a := accts[i]
		return AccountID(a.number), len(a.positions), len(a.txns)
	})
}

// AccountNumbers returns a user's full account numbers (for leak checks).
func AccountNumbers(user string) []string {
	var out []string
	for _, a := range accountsOf(user, time.Now()) {
		out = append(out, a.number)
	}
	return out
}

var userAgentRE = regexp.MustCompile(`^[A-Za-z0-9._-]+/[A-Za-z0-9._-]+`)

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for name, e := range s.envs {
		mux.HandleFunc("GET /"+name+"-my/auth.html", e.oauth.Authorize)
		mux.HandleFunc("POST /"+name+"-my/auth.html", e.oauth.Decide)
		mux.HandleFunc("POST /"+name+"/oauth/token", jsonForm(e.oauth.Token()))
		gate := fakekit.Gate{Rate: s.rate,
			Auth: func(r *http.Request) (string, bool) {
				user, ok := e.tokens.Bearer(r)
				return name + "/" + user, ok
			},
			Deny: fakekit.Reply(writeError, http.StatusUnauthorized, "token_invalid", "This token is invalid or has expired"),
			Limited: func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "30")
				writeError(w, http.StatusTooManyRequests, "rate_limit_exceeded", "Too many requests")
			}}
		data := fakekit.ServeBearer(&s.Base, gate, e.tokens)
		mux.Handle("GET /"+name+"/customers/me/accounts", data(s.handleAccounts))
		mux.Handle("GET /"+name+"/accounts/{number}/balances", data(fakekit.Narrowed(s.accountOf, s.handleBalances)))
		mux.Handle("GET /"+name+"/accounts/{number}/positions", data(fakekit.Narrowed(s.accountOf, s.handlePositions)))
		mux.Handle("GET /"+name+"/accounts/{number}/transactions", data(fakekit.Narrowed(s.accountOf, s.handleTransactions)))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		api := strings.HasPrefix(r.URL.Path, "/prod/") || strings.HasPrefix(r.URL.Path, "/cert/")
		if api && !userAgentRE.MatchString(r.Header.Get("User-Agent")) {
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, "<html><head><title>401 Authorization Required</title></head><body><center><h1>401 Authorization Required</h1></center><hr><center>nginx</center></body></html>")
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// jsonForm lets the token endpoint take tastytrade's JSON body as well as a
// form: the JSON's string fields become the form.
func jsonForm(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			var m map[string]string
			if json.NewDecoder(io.LimitReader(r.Body, 64<<10)).Decode(&m) != nil {
				fakekit.OAuthError(w, http.StatusBadRequest, "invalid_request", "malformed body")
				return
			}
			f := url.Values{}
			for k, v := range m {
				f.Set(k, v)
			}
			r.PostForm, r.Form = f, f
		}
		next(w, r)
	}
}

// --- errors ---------------------------------------------------------------------

func writeJSON(w http.ResponseWriter, status int, v any) { fakekit.WriteJSON(w, status, v) }

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg}})
}

var writeFault = fakekit.Faults(writeError, map[brokertest.Fault]fakekit.Answer[string]{
	brokertest.ServerError:  {Status: http.StatusInternalServerError, Code: "internal_error", Message: "Internal error"},
	brokertest.Unauthorized: {Status: http.StatusUnauthorized, Code: "token_invalid", Message: "This token is invalid"},
})
