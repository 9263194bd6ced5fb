// Package fake is a fake Upstox (API v2) on one loopback listener, for tests
// and for running Latchkey against it with --endpoints.
//
// It reproduces what package upstox relies on: the login dialog
// (GET /v2/login/authorization/dialog, a consent page with Approve and Deny
// and whom to sign in as) redirecting to the app's redirect_uri with a
// single-use code and the state; the token endpoint (POST
// /v2/login/authorization/token, form-encoded, whose answer is the user's
// profile plus access_token, without an envelope); the day-long access
// tokens that end at 03:30 India time with no refresh; and the data API with
// Upstox's envelope {"status":"success","data":...}: GET /v2/user/profile,
// /v2/user/get-funds-and-margin?segment=SEC|COM,
// /v2/portfolio/long-term-holdings, /v2/portfolio/short-term-positions (one
// position with "average_price": null, one closed) and
// /v2/charges/historical-trades (start_date, end_date, page_number,
// page_size, segment; meta_data.page with total_pages; only the last three
// financial years), /v2/user/payments/payin and /v2/user/payments/payout
// (the 20 most recent transactions, newest first, no parameters; completed,
// pending, failed, cancelled, rejected and reversed rows; 7JD3KQ in the
// field set the pages show now, with created_at and currency, 5XY9PL in the
// launch's, with last_updated_at, reason, total_charges and
// charges_category; AddPayment adds rows, RefusePayments refuses a user's
// lists). Errors use Upstox's envelope {"status":"error","errors":
// [{"errorCode":"UDAPI100050","message":...,"error_code":...}]}: 401
// UDAPI100050 for an invalid, expired or revoked token, 429 UDAPI10005, 400
// UDAPI100068 for a bad client_id or redirect_uri. Rate limits are
// Upstox's, "per-API, per-user" (rate-limiting page): Options.RateLimit
// requests a minute (default 500) per token and path.
//
// # Test logins
//
// Any API key (client id) is accepted, with any non-empty API secret except
// BadClientSecret ("bad-secret"), which the token endpoint refuses (401
// UDAPI100016). The consent page signs in as ("username"):
//
//	7JD3KQ  (the default) equity and commodity (MCX) enabled: seven holdings,
//	        an F&O option, an intraday equity position, an MCX future,
//	        about 120 trades over 14 months (EQ, FO, MF, COM), 17 pay-ins
//	        (14 SUCCESS) and 5 pay-outs (2 COMPLETED)
//	5XY9PL  equity only: two holdings, a few trades, 3 pay-ins (2 SUCCESS)
//	        and 3 pay-outs (COMPLETED, DEEMED_SUCCESS, APPROVED)
//
// Approve redirects with ?code=...&state=...; Deny with error=access_denied
// (a convention of the fake: Upstox's own answer to a cancelled login is not
// documented).
package fake

import (
	"cmp"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// InstitutionID is the institution the fake stands in for.
const InstitutionID = "upstox"

// BadClientSecret is the one API secret the token endpoint refuses.
const BadClientSecret = "bad-secret"

// Users of the consent page.
const (
	UserMain   = "7JD3KQ"
	UserSecond = "5XY9PL"
)

// Options configure the fake (its clock, address and rate limit). Data is
// anchored to the India date of Now; tokens end at 03:30 India time by it.
// RateLimit is how many requests a minute a token may make to one path
// (default 500, Upstox's per-minute limit).
type Options = fakekit.Options

// Server is a running fake Upstox. It implements brokertest.Fake,
// AfterInjector, PathInjector and Counter.
type Server struct {
	fakekit.Base

	tokens *fakekit.Tokens
	oauth  *fakekit.OAuth
	rate   *fakekit.Rate

	data fakekit.Daily[*dataset] // by user and India date

	mu      sync.Mutex
	added   map[string][]Payment // by user (AddPayment)
	refused map[string]bool      // users whose payment lists are refused (RefusePayments)
}

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
)

// New starts a fake on opts.Addr (default 127.0.0.1:0).
func New(opts Options) (*Server, error) {
	// The data is anchored to the India date, as midnight UTC of that date.
	s := &Server{data: fakekit.Daily[*dataset]{Build: build, Day: func(t time.Time) time.Time { return fakekit.DayIn(t, fakekit.Kolkata) }}}
	s.tokens = &fakekit.Tokens{Now: opts.Now}
	s.oauth = &fakekit.OAuth{Name: "Upstox", Tokens: s.tokens, Now: opts.Now, Users: []string{UserMain, UserSecond},
		RefreshFor: func(string) bool { return false },
		Client: func(r *http.Request, p url.Values) (string, bool) {
			id, ok := fakekit.ClientSecretPost(r, p)
			return id, ok && p.Get("client_secret") != BadClientSecret
		},
		// The answer is the user's profile with the token, which lasts until
		// the next 03:30 India time whenever it was issued.
		Answer: func(t fakekit.Issued) map[string]any {
			s.tokens.AddAccess(t.Access, t.Subject, fakekit.DailyAt(s.Now(), fakekit.Kolkata, 3, 30))
			p := profileOf(t.Subject)
			p["access_token"], p["extended_token"] = t.Access, nil
			return p
		},
		Error: func(w http.ResponseWriter, status int, code, _ string) {
			switch code {
			case "invalid_client":
				writeError(w, http.StatusUnauthorized, "UDAPI100016", "Invalid Credentials")
			case "invalid_grant":
				writeError(w, http.StatusBadRequest, "UDAPI100057", "Invalid Auth code")
			default:
				writeError(w, status, "UDAPI100036", "Invalid Input")
			}
		}}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 500), Per: time.Minute, Now: opts.Now,
		Scope: func(r *http.Request, who string) string { return "grant:" + who + " " + r.URL.Path }}
	s.Injector.Write = writeFault
	return s, s.Start("upstox fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns institution id → endpoint name → URL, ready to be
// written as an --endpoints file.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL()}}
}

// Handler returns the fake's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	dialog := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			_ = r.ParseForm()
			if !dialogOK(r.Form) {
				writeError(w, http.StatusBadRequest, "UDAPI100068", "Check your 'client_id' and 'redirect_uri'; one or both are incorrect.")
				return
			}
			h(w, r)
		}
	}
	mux.HandleFunc("GET /v2/login/authorization/dialog", dialog(s.oauth.Authorize))
	mux.HandleFunc("POST /v2/login/authorization/dialog", dialog(s.oauth.Decide))
	mux.HandleFunc("POST /v2/login/authorization/token", s.oauth.Token("authorization_code"))
	mux.HandleFunc("DELETE /v2/logout", func(w http.ResponseWriter, r *http.Request) {
		tok, _ := fakekit.BearerToken(r)
		s.tokens.Revoke(tok)
		writeJSON(w, http.StatusOK, map[string]any{"status": "success", "data": true})
	})
	gate := fakekit.Gate{Rate: s.rate,
		Auth:    s.tokens.Bearer,
		Deny:    fakekit.Reply(writeError, http.StatusUnauthorized, "UDAPI100050", "Invalid token used to access API"),
		Limited: fakekit.Reply(writeError, http.StatusTooManyRequests, "UDAPI10005", "Too Many Request Sent")}
	data := s.GuardsAs(gate)
	mux.Handle("GET /v2/user/profile", data(s.handleProfile))
	mux.Handle("GET /v2/user/get-funds-and-margin", data(s.handleFunds))
	mux.Handle("GET /v2/portfolio/long-term-holdings", data(s.handleHoldings))
	mux.Handle("GET /v2/portfolio/short-term-positions", data(s.handlePositions))
	mux.Handle("GET /v2/charges/historical-trades", data(s.handleTrades))
	mux.Handle("GET /v2/user/payments/payin", data(s.handlePayments(false)))
	mux.Handle("GET /v2/user/payments/payout", data(s.handlePayments(true)))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "UDAPI10000", "This request is not supported by Upstox API")
	})
	return mux
}

// dialogOK checks the dialog parameters: Upstox answers UDAPI100068 before
// any page when the client id or the redirect URI is wrong.
func dialogOK(q url.Values) bool {
	_, loop := fakekit.Loopback(q.Get("redirect_uri"))
	return q.Get("response_type") == "code" && q.Get("client_id") != "" && loop
}

// writeError writes Upstox's error envelope (both spellings of each field,
// as Upstox sends them).
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"status": "error", "errors": []map[string]any{{
		"errorCode": code, "message": msg, "propertyPath": nil, "invalidValue": nil,
		"error_code": code, "property_path": nil, "invalid_value": nil,
	}}})
}

func writeJSON(w http.ResponseWriter, status int, v any) { fakekit.WriteJSON(w, status, v) }

// RevokeAll ends every session, as when the user logs out everywhere.
func (s *Server) RevokeAll() { s.tokens.RevokeAll() }

// ExpireAccessTokens does nothing: Upstox tokens do not refresh; they end at
// 03:30 India time by the fake's clock.
func (s *Server) ExpireAccessTokens() {}

// Count says how many rows the fake serves the default user (7JD3KQ) per
// Latchkey account, as package upstox reads them.
func (s *Server) Count(list brokertest.List, accountID string) int {
	d := s.dataset(UserMain)
	seg := "equity"
	if strings.HasSuffix(accountID, "commodity") {
		seg = "commodity"
	}
	switch list {
	case brokertest.ListAccounts:
		return 2
	case brokertest.ListPositions:
		n := 0
		if seg == "equity" {
			n = len(d.holdings)
		}
		return n + fakekit.CountWhere(d.positions, func(p position) bool { return p.qty != 0 && (p.exchange == "MCX") == (seg == "commodity") })
	default:
		n := fakekit.CountWhere(d.trades, func(t trade) bool { return (t.segment == "COM") == (seg == "commodity") })
		if seg == "equity" {
			moves := func(p Payment) bool { return moved[p.Status] }
			n += fakekit.CountWhere(s.served(UserMain, false), moves) + fakekit.CountWhere(s.served(UserMain, true), moves)
		}
		return n
	}
}
