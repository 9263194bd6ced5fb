// Package fake is a stand-in for the Charles Schwab Trader API on loopback:
// its OAuth 2.0 authorization server (a consent page with Approve and Deny,
// and the token endpoint) and the account endpoints Latchkey reads, with the
// paths, JSON field names, number types and error bodies of the Trader
// API's specification (Accounts and Trading Production, OAS 1.0.0). The app
// runs it as a standalone server (see Endpoints); the package's tests and
// integrations/allfakes run the conformance suite against it (Harness).
//
// # Test logins
//
// The consent page signs in as a Schwab user; its username field is
// pre-filled with "schwab_user":
//
//	schwab_user   two accounts: a margin account (••••5926) and a cash IRA (••••2818)
//	schwab_other  one cash account (••••4142): another Schwab login
//
// Any other username is refused on the page. Any client id (app key) is
// accepted with HTTP Basic client authentication and a non-empty secret;
// the secret "bad-secret" is refused with 401 invalid_client, as Schwab
// refuses a wrong app secret. The token request must name the redirect URI
// the authorize request named.
//
// # Quirks reproduced
//
//   - Codes look like Schwab's: "C0.<...>@", sent back with a session
//     parameter.
//   - Access tokens last 30 minutes (expires_in 1800). A refresh returns a new
//     access token and the same refresh token. The refresh token dies 7 days
//     after the browser login, whatever happens in between: a later refresh is
//     answered 400 {"error":"unsupported_token_type",...
//     "refresh_token_authentication_error"...}, as Schwab answers.
//   - Accounts are addressed by their hashValue (GET /accounts/accountNumbers);
//     a plain account number in the path is 404.
//   - Balances as the spec's schemas: a margin account's currentBalances is a
//     MarginBalance (equity, buying power, no cash balance), a cash
//     account's a CashBalance (totalCash, no liquidation value); the value
//     now is in aggregatedBalance. Options carry optionMultiplier.
//   - Every amount is a JSON number; timestamps look like
//     2025-04-23T19:59:12+0000.
//   - GET /accounts/{hash}/transactions requires startDate, endDate and
//     types; a range longer than a year is 400; at most Options.MaxTransactions
//     rows (3000) come back, the rest silently cut.
//   - Errors are the spec's ServiceError {"message","errors":[...]}; 401 for a
//     missing, expired or revoked token; 429 past Options.RateLimit requests a
//     minute per access token (Schwab publishes neither the limit's headers
//     nor a Retry-After).
package fake

import (
	"cmp"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Institution id the fake serves.
const ID = "schwab"

// Test logins and app secrets.
const (
	User      = "schwab_user"
	OtherUser = "schwab_other"
	BadSecret = "bad-secret"
)

// Lifetimes, as Schwab documents them.
const (
	AccessTokenLife  = 30 * time.Minute
	RefreshTokenLife = 7 * 24 * time.Hour
)

// Options configure a fake.
type Options struct {
	// Now is the server's clock; nil means time.Now. The data is anchored to
	// Now's UTC day.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// RateLimit is the data requests a minute each access token may make
	// before a 429 (default 120).
	RateLimit int
	// MaxTransactions caps a transactions answer (default 3000, Schwab's).
	MaxTransactions int
}

// Server is a running fake.
type Server struct {
	fakekit.Base
	// tokens is its one store: RevokeAll refuses every token issued so far, as
	// when the user removes the app's access at Schwab; ExpireAccessTokens expires
	// every access token issued so far.
	fakekit.TokenStores

	opts   Options
	tokens *fakekit.Tokens
	oauth  *fakekit.OAuth
	rate   *fakekit.Rate
}

var _ brokertest.Fake = (*Server)(nil)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	opts.MaxTransactions = cmp.Or(opts.MaxTransactions, 3000)
	s := &Server{opts: opts}
	// The refresh token does not rotate and lives 7 days from the login.
	s.tokens = &fakekit.Tokens{Now: opts.Now, AccessLife: AccessTokenLife, RefreshLife: RefreshTokenLife}
	s.TokenStores = fakekit.TokenStores{s.tokens}
	s.oauth = &fakekit.OAuth{Name: "Charles Schwab", Tokens: s.tokens, Now: opts.Now, CodeLife: 30 * time.Second,
		Users: []string{User, OtherUser},
		Client: func(r *http.Request, p url.Values) (string, bool) {
			id, ok := fakekit.ClientSecretBasic(r, p)
			_, sec, _ := r.BasicAuth()
			return id, ok && sec != BadSecret
		},
		Answer: func(t fakekit.Issued) map[string]any {
			return map[string]any{"expires_in": t.ExpiresIn, "token_type": "Bearer", "scope": "api",
				"refresh_token": t.Refresh, "access_token": t.Access, "id_token": "eyJ" + fakekit.Random(24)}
		},
		Error: func(w http.ResponseWriter, status int, code, desc string) {
			if code == "invalid_grant" && strings.Contains(desc, "refresh token") {
				code, desc = "unsupported_token_type", `400 Bad Request: "{"error_description":"Exception while authenticating refresh token [tokenDigest=`+
					fakekit.Random(16)+`]","error":"refresh_token_authentication_error"}"`
			}
			fakekit.OAuthError(w, status, code, desc)
		}}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 120), Per: time.Minute, Now: opts.Now}
	s.Injector.Write = writeFault
	return s, s.Start("schwab fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns the schwab endpoints pointing at the fake, ready to be
// written as an --endpoints file.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{ID: {"api": s.URL() + "/trader/v1", "auth": s.URL() + "/v1/oauth"}}
}

// Count says how many rows the fake serves User (brokertest.Counter).
func (s *Server) Count(list brokertest.List, accountID string) int {
	accts := portfolio(User, s.Day())
	return brokertest.CountRows(list, accountID, len(accts), func(i int) (string, int, int) {
		a := accts[i]
		return a.hash, len(a.positions), len(a.txns)
	})
}

// AccountNumbers returns the full account numbers of a user (for tests that
// check they never leak).
func AccountNumbers(user string) []string {
	var out []string
	for _, a := range portfolio(user, time.Now()) {
		out = append(out, a.number)
	}
	return out
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/oauth/authorize", s.oauth.Authorize)
	mux.HandleFunc("POST /v1/oauth/authorize", func(w http.ResponseWriter, r *http.Request) {
		s.oauth.Decide(schwabCodes{w}, r)
	})
	token := s.oauth.Token()
	mux.HandleFunc("POST /v1/oauth/token", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err == nil {
			// Schwab's codes: "C0.<code>@".
			c := strings.TrimSuffix(strings.TrimPrefix(r.PostForm.Get("code"), "C0."), "@")
			r.PostForm.Set("code", c)
		}
		token(w, r)
	})
	gate := fakekit.Gate{Rate: s.rate,
		Auth: s.tokens.PerToken(""),
		Deny: func(w http.ResponseWriter, _ *http.Request) {
			writeError(w, http.StatusUnauthorized, "Client not authorized")
		},
		Limited: func(w http.ResponseWriter, _ *http.Request) {
			writeError(w, http.StatusTooManyRequests, "Rate limit exceeded")
		}}
	data := fakekit.ServeBearer(&s.Base, gate, s.tokens)
	mux.Handle("GET /trader/v1/accounts/accountNumbers", data(s.handleAccountNumbers))
	mux.Handle("GET /trader/v1/accounts", data(s.handleAccounts))
	mux.Handle("GET /trader/v1/accounts/{hash}", data(fakekit.Narrowed(s.account, s.handleAccount)))
	mux.Handle("GET /trader/v1/accounts/{hash}/transactions", data(fakekit.Narrowed(s.account, s.handleTransactions)))
	mux.Handle("GET /trader/v1/userPreference", data(s.handlePreference))
	return mux
}

// schwabCodes rewrites the consent page's redirect the way Schwab sends it:
// the code as "C0.<code>@" and a session id beside it.
type schwabCodes struct{ http.ResponseWriter }

func (w schwabCodes) WriteHeader(status int) {
	if loc, err := url.Parse(w.Header().Get("Location")); err == nil && status == http.StatusFound {
		if q := loc.Query(); q.Get("code") != "" {
			q.Set("code", "C0."+q.Get("code")+"@")
			q.Set("session", fakekit.Random(12))
			loc.RawQuery = q.Encode()
			w.Header().Set("Location", loc.String())
		}
	}
	w.ResponseWriter.WriteHeader(status)
}

// --- errors ------------------------------------------------------------------------

// writeError writes the spec's ServiceError with Schwab's correlation id.
func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Schwab-Client-CorrelId", fakekit.Random(8))
	fakekit.WriteJSON(w, status, map[string]any{"message": msg, "errors": []string{http.StatusText(status)}})
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Schwab-Client-CorrelId", fakekit.Random(8))
	fakekit.WriteJSON(w, http.StatusOK, v)
}

// writeFault writes the suite's faults Schwab's way where Schwab has one.
var writeFault = fakekit.Faults(func(w http.ResponseWriter, status int, _ struct{}, msg string) { writeError(w, status, msg) },
	map[brokertest.Fault]fakekit.Answer[struct{}]{
		brokertest.Unauthorized: {Status: http.StatusUnauthorized, Message: "Client not authorized"},
		brokertest.ServerError:  {Status: http.StatusInternalServerError, Message: "unexpected error"},
	})

// --- data ------------------------------------------------------------------------------

func (s *Server) account(w http.ResponseWriter, r *http.Request, user string) *account {
	for _, a := range portfolio(user, s.Day()) {
		if a.hash == r.PathValue("hash") {
			return &a
		}
	}
	writeError(w, http.StatusNotFound, "Account not found")
	return nil
}

func (s *Server) handleAccountNumbers(w http.ResponseWriter, _ *http.Request, user string) {
	type row struct {
		AccountNumber string `json:"accountNumber"`
		HashValue     string `json:"hashValue"`
	}
	out := []row{}
	for _, a := range portfolio(user, s.Day()) {
		out = append(out, row{a.number, a.hash})
	}
	writeJSON(w, out)
}

func (s *Server) handleAccounts(w http.ResponseWriter, r *http.Request, user string) {
	positions := r.URL.Query().Get("fields") == "positions"
	out := []any{}
	for _, a := range portfolio(user, s.Day()) {
		out = append(out, a.wire(positions))
	}
	writeJSON(w, out)
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request, a *account) {
	writeJSON(w, a.wire(r.URL.Query().Get("fields") == "positions"))
}

// handlePreference answers the spec's UserPreference: a list of one.
func (s *Server) handlePreference(w http.ResponseWriter, _ *http.Request, user string) {
	type acct struct {
		AccountNumber  string `json:"accountNumber"`
		PrimaryAccount bool   `json:"primaryAccount"`
		Type           string `json:"type"`
		NickName       string `json:"nickName"`
		DisplayAcctID  string `json:"displayAcctId"`
	}
	var accts []acct
	for i, a := range portfolio(user, s.Day()) {
		accts = append(accts, acct{a.number, i == 0, "BROKERAGE", a.nickname, "..." + a.number[len(a.number)-3:]})
	}
	writeJSON(w, []any{map[string]any{"accounts": accts}})
}

// parseTime reads Schwab's ISO-8601 query times, which are required.
func parseTime(s string) (time.Time, bool) {
	t, ok := fakekit.TimeParam(s, "2006-01-02T15:04:05.000Z07:00", time.RFC3339Nano, "2006-01-02T15:04:05.000Z0700", "2006-01-02")
	return t, ok && s != ""
}

func (s *Server) handleTransactions(w http.ResponseWriter, r *http.Request, a *account) {
	q := r.URL.Query()
	start, ok1 := parseTime(q.Get("startDate"))
	end, ok2 := parseTime(q.Get("endDate"))
	if !ok1 || !ok2 || q.Get("types") == "" {
		writeError(w, http.StatusBadRequest, "startDate, endDate and types are required (ISO-8601)")
		return
	}
	if end.Before(start) || end.Sub(start) > 366*24*time.Hour {
		writeError(w, http.StatusBadRequest, "The date range must be at most one year")
		return
	}
	types := map[string]bool{}
	for _, t := range strings.Split(q.Get("types"), ",") {
		types[strings.TrimSpace(t)] = true
	}
	out := []object{}
	for _, t := range a.txns {
		if t.at.Before(start) || t.at.After(end) || !types[t.typ] {
			continue
		}
		out = append(out, t.wire)
		if len(out) == s.opts.MaxTransactions {
			break
		}
	}
	writeJSON(w, out)
}
