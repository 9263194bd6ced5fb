// Package fake is a Webull US OpenAPI server on loopback for tests and for
// running Latchkey against (--endpoints). It answers as the official SDKs
// expect (webull-inc/webull-openapi-python-sdk 2.0.12 and
// webull-inc/webull-openapi-java-sdk 1.1.19; see the webull package's doc
// for the commits and files): every request must carry x-version: v2 and a
// valid signature (HMAC-SHA1 with an MD5 body digest, or HMAC-SHA256 with a
// SHA-256 one, as x-signature-algorithm says); refusals are Webull's
// {"error_code", "message"} body. GET /openapi/config says whether an App
// Key needs an access token; tokens go PENDING → NORMAL as if the user
// approved them in the Webull app, and turn INVALID after 15 days without an
// API call. Two accounts serve balances, positions and six months of order
// history.
//
// # Test logins
//
// Every App Key below takes its own App Secret; a wrong secret (a bad
// signature) is refused with HTTP 401 UNAUTHORIZED.
//
//	App Key            App Secret             behaviour
//	wb-app-key         wb-app-secret-0001     2FA on: the token is PENDING, then NORMAL on the
//	                                          second Check Token (Options.ApproveAfterChecks)
//	wb-app-key-open    wb-app-secret-0002     2FA off: token_check_enabled is false, no token
//	wb-app-key-late    wb-app-secret-0003     the token stays PENDING, then EXPIRED (never approved)
//	wb-app-key-void    wb-app-secret-0004     Check Token says INVALID
//
// The first two are the same Webull user (user id 1111702234) with the same
// accounts: a MARGIN account and a CASH account.
//
// Routes (all x-version v2): GET /openapi/config, POST
// /openapi/auth/token/create, POST /openapi/auth/token/check, GET
// /app/subscriptions/list, /account/profile, /account/balance,
// /account/positions, /openapi/trade/order/history.
//
// # Hong Kong and Japan
//
// The same routes serve Webull Hong Kong under /hk and Webull Japan under
// /jp (Endpoints points webull-hk and webull-jp there); each region knows
// only its own App Keys (another region's key is 401 UNAUTHORIZED, as on
// another host). Hong Kong requires a token for every key (its regulatory
// rule: token_check_enabled is always true) and answers balances in HKD and
// USD; Japan is signed HMAC-SHA256 only (both SDKs sign api.webull.co.jp
// so; HMAC-SHA1 is refused there), answers the JPAccountBalance shape, pages
// positions by last_id and values US and Tokyo holdings in two tax types.
// In both, balances and positions are limited to Options.RateLimit calls
// per 2 seconds per App Key (default 2, the documented limit), 429
// TOO_MANY_REQUESTS past it; the order history to as many per second.
//
//	App Key               App Secret             behaviour
//	wb-hk-app-key         wb-hk-app-secret-01    Hong Kong: PENDING, NORMAL on the first Check Token
//	wb-hk-app-key-late    wb-hk-app-secret-02    Hong Kong: never verified (EXPIRED)
//	wb-hk-app-key-void    wb-hk-app-secret-03    Hong Kong: Check Token says INVALID
//	wb-jp-app-key         wb-jp-app-secret-01    Japan: 2FA on, NORMAL on the first Check Token
//	wb-jp-app-key-open    wb-jp-app-secret-02    Japan: 2FA off (no token)
package fake

import (
	"cmp"
	"crypto/subtle"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/webull"
)

// Options configure the fake.
type Options struct {
	// Now is the server's clock; nil means time.Now. Data is anchored to
	// Now's UTC day.
	Now func() time.Time
	// ApproveAfterChecks is the Check Token call on which a PENDING token of
	// wb-app-key turns NORMAL (default 2).
	ApproveAfterChecks int
	// NoConfig drops GET /openapi/config (HTTP 404), as a server that
	// predates it.
	NoConfig bool
	// Addr is the address to listen on (default 127.0.0.1:0).
	Addr string
	// OldOrderHistory serves Webull Japan's order history only at the path
	// its reference page names (/openapi/account/orders/history), the SDKs'
	// /openapi/trade/order/history answering 404.
	OldOrderHistory bool
	// PositionsPageSize is the largest page of positions the fake serves
	// (default 100, the documented maximum); a smaller one makes a short
	// list page.
	PositionsPageSize int
	// RateLimit is how many balance or positions calls an App Key may make
	// in 2 seconds in Hong Kong and Japan, and order-history calls a
	// second (default 2, the documented limits).
	RateLimit int
}

// Regions: the path prefix each region is served under.
const (
	RegionUS = ""
	RegionHK = "/hk"
	RegionJP = "/jp"
)

// App is one registered application.
type App struct {
	Key, Secret string
	UserID      string
	// Region is where the key is registered (RegionUS, RegionHK, RegionJP).
	Region string
	mode   string
	// approveAfter is the Check Token call that approves a PENDING token
	// (0: Options.ApproveAfterChecks).
	approveAfter int
}

// Test apps: Webull US first (their order is relied on), then Hong Kong and
// Japan.
var Apps = []App{
	{Key: "wb-app-key", Secret: "wb-app-secret-0001", UserID: "1111702234", mode: modeApprove},
	{Key: "wb-app-key-open", Secret: "wb-app-secret-0002", UserID: "1111702234", mode: modeOpen},
	{Key: "wb-app-key-late", Secret: "wb-app-secret-0003", UserID: "1111702235", mode: modeLate},
	{Key: "wb-app-key-void", Secret: "wb-app-secret-0004", UserID: "1111702236", mode: modeVoid},
	{Key: "wb-hk-app-key", Secret: "wb-hk-app-secret-01", UserID: "2226100418", Region: RegionHK, mode: modeApprove, approveAfter: 1},
	{Key: "wb-hk-app-key-late", Secret: "wb-hk-app-secret-02", UserID: "2226100419", Region: RegionHK, mode: modeLate},
	{Key: "wb-hk-app-key-void", Secret: "wb-hk-app-secret-03", UserID: "2226100420", Region: RegionHK, mode: modeVoid},
	{Key: "wb-jp-app-key", Secret: "wb-jp-app-secret-01", UserID: "3331800527", Region: RegionJP, mode: modeApprove, approveAfter: 1},
	{Key: "wb-jp-app-key-open", Secret: "wb-jp-app-secret-02", UserID: "3331800527", Region: RegionJP, mode: modeOpen},
}

// AppsIn returns the test apps of a region.
func AppsIn(region string) []App {
	var out []App
	for _, a := range Apps {
		if a.Region == region {
			out = append(out, a)
		}
	}
	return out
}

const (
	modeApprove = "approve"
	modeOpen    = "open"
	modeLate    = "late"
	modeVoid    = "void"
)

// Token statuses (Java TokenStatus).
const (
	statusPending = "PENDING"
	statusNormal  = "NORMAL"
	statusInvalid = "INVALID"
	statusExpired = "EXPIRED"
)

type token struct {
	app     App
	status  string
	expires time.Time
	checks  int
}

// Server is a running fake, on fakekit (listener, clock, fault injection).
type Server struct {
	fakekit.Base

	opts Options
	// balanceRate and orderRate are Hong Kong's and Japan's windows per
	// App Key: balance and positions per 2 seconds, orders per second.
	balanceRate, orderRate *fakekit.Rate

	mu      sync.Mutex
	tokens  map[string]*token
	revoked map[string]bool // App Keys whose access was revoked
}

// New starts a fake on loopback.
func New(opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.ApproveAfterChecks <= 0 {
		opts.ApproveAfterChecks = 2
	}
	limit := cmp.Or(opts.RateLimit, 2)
	s := &Server{opts: opts, tokens: map[string]*token{}, revoked: map[string]bool{},
		balanceRate: &fakekit.Rate{Limit: limit, Per: 2 * time.Second, Now: opts.Now},
		orderRate:   &fakekit.Rate{Limit: limit, Per: time.Second, Now: opts.Now}}
	s.Injector.Write = writeFault
	return s, s.Start("webull fake", opts.Addr, opts.Now, s.Handler())
}

// Endpoints returns the overrides that point Latchkey at the fake: Webull
// US at its root, Hong Kong under /hk, Japan under /jp.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{
		webull.ID:         {"api": s.URL()},
		webull.IDHongKong: {"api": s.URL() + RegionHK},
		webull.IDJapan:    {"api": s.URL() + RegionJP},
	}
}

// RevokeAll invalidates every token and revokes the App Keys that use none,
// as when the user deletes the app's access on webull.com.
func (s *Server) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.status = statusInvalid
	}
	for _, a := range Apps {
		if a.mode == modeOpen {
			s.revoked[a.Key] = true
		}
	}
}

// ExpireAccessTokens does nothing: Webull tokens are not refreshed; they
// end after 15 days without an API call.
func (s *Server) ExpireAccessTokens() {}

// Handler returns the fake's routes, for each region under its prefix.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, region := range []string{RegionUS, RegionHK, RegionJP} {
		s.routes(mux, region)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no such API")
	})
	return mux
}

func (s *Server) routes(mux *http.ServeMux, region string) {
	p := region
	mux.Handle("GET "+p+"/openapi/config", s.signed(region, s.config))
	mux.Handle("POST "+p+"/openapi/auth/token/create", s.signed(region, s.tokenCreate))
	mux.Handle("POST "+p+"/openapi/auth/token/check", s.signed(region, s.tokenCheck))
	data := func(rate *fakekit.Rate, h func(http.ResponseWriter, *http.Request, *portfolio)) http.Handler {
		return s.Wrap(s.signed(region, func(w http.ResponseWriter, r *http.Request, app App, _ []byte) {
			pf, ok := s.authorize(w, r, app)
			if !ok {
				return
			}
			if region != RegionUS && rate != nil && !rate.Take(r, app.Key, w.Header()) {
				writeError(w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "Too many requests, please try again later.")
				return
			}
			h(w, r, pf)
		}))
	}
	mux.Handle("GET "+p+"/app/subscriptions/list", data(nil, s.subscriptions))
	mux.Handle("GET "+p+"/account/profile", data(nil, s.profile))
	mux.Handle("GET "+p+"/account/balance", data(s.balanceRate, s.balance))
	mux.Handle("GET "+p+"/account/positions", data(s.balanceRate, s.positions))
	if region == RegionJP && s.opts.OldOrderHistory {
		mux.Handle("GET "+p+"/openapi/account/orders/history", data(s.orderRate, s.orders))
		return
	}
	mux.Handle("GET "+p+"/openapi/trade/order/history", data(s.orderRate, s.orders))
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeError writes Webull's error body (both SDKs read error_code and
// message: Python client._parse_error_info_from_response_body, Java
// HttpResponse).
func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"error_code": code, "message": msg})
}

// writeFault writes injected faults in Webull's envelope where it has one.
var writeFault = fakekit.Faults(writeError, map[brokertest.Fault]fakekit.Answer[string]{
	brokertest.ServerError:  {Status: http.StatusInternalServerError, Code: "INTERNAL_ERROR", Message: "Internal error."},
	brokertest.RateLimited:  {Status: http.StatusTooManyRequests, Code: "TOO_MANY_REQUESTS", Message: "Too many requests.", RetryAfter: true},
	brokertest.Unauthorized: {Status: http.StatusUnauthorized, Code: "INVALID_TOKEN", Message: "Header x-access-token is missing or invalid."},
})

// Refusals of missing headers: the codes and messages of developer.webull.com
// Errors (api-doc/develop/error), the HTTP status 401 of
// developer.webull.hk/apis/docs/error-codes, which gives 401 to every
// missing signing header (the US list gives no status).
var missing = []struct{ header, code string }{
	{hAppKey, "MISSING_APP_KEY"},
	{hSignature, "MISSING_SIGNATURE"},
	{hSigAlgorithm, "MISSING_ALGORITHM"},
	{hSigNonce, "MISSING_NONCE"},
	{hTimestamp, "MISSING_TIMESTAMP"},
	{hVersion, "MISSING_VERSION"},
}

// signed wraps a handler behind Webull's request checks: the signing
// headers and x-version present, a known and unrevoked App Key, a supported
// algorithm and version, a well-formed timestamp and a matching signature.
func (s *Server) signed(region string, h func(w http.ResponseWriter, r *http.Request, app App, body []byte)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil {
			writeError(w, http.StatusBadRequest, "INVALID_PARAMETER", "unreadable body")
			return
		}
		hd := r.Header
		for _, m := range missing {
			if hd.Get(m.header) == "" {
				writeError(w, http.StatusUnauthorized, m.code, "Parameter error, missing "+m.header+" header.")
				return
			}
		}
		if v := hd.Get(hVersion); v != apiVersion {
			writeError(w, http.StatusBadRequest, "UNSUPPORTED_API_VERSION", "Unsupported api version.")
			return
		}
		alg := hd.Get(hSigAlgorithm)
		if (alg != algSHA1 && alg != algSHA256) || (region == RegionJP && alg != algSHA256) {
			writeError(w, http.StatusUnauthorized, "SIGNATURE_ALGORITHM_NOT_SUPPORTED", "Signature algorithm not supported.")
			return
		}
		if hd.Get(hSigVersion) != sigVersion {
			writeError(w, http.StatusUnauthorized, "VERSION_NOT_SUPPORTED", "The signature version only supports 1.0.")
			return
		}
		if _, err := time.Parse(timestampLayout, hd.Get(hTimestamp)); err != nil {
			writeError(w, http.StatusUnauthorized, "ILLEAGAL_TIMESTAMP", "x-timestamp format error.")
			return
		}
		var app App
		for _, a := range Apps {
			if a.Key == hd.Get(hAppKey) && a.Region == region {
				app = a
			}
		}
		s.mu.Lock()
		revoked := s.revoked[app.Key]
		s.mu.Unlock()
		if app.Key == "" || revoked {
			writeError(w, http.StatusUnauthorized, "UNAUTHORIZED", "Invalid credentials. Please verify your credentials and ensure you are connecting to the correct environment.")
			return
		}
		want := signature(app.Secret, r.URL.Path, r.Host, hd, r.URL.Query(), body)
		if subtle.ConstantTimeCompare([]byte(want), []byte(hd.Get(hSignature))) != 1 {
			writeError(w, http.StatusUnauthorized, "UNAUTHORIZED", "Header x-signature is invalid.")
			return
		}
		h(w, r, app, body)
	})
}

func newToken() string { return fakekit.Random(16) }

// config answers GET /openapi/config (Java ApiConfig): whether the App Key
// needs a token.
func (s *Server) config(w http.ResponseWriter, r *http.Request, app App, _ []byte) {
	if s.opts.NoConfig {
		writeError(w, http.StatusNotFound, "NOT_FOUND", "no such API")
		return
	}
	// Hong Kong's rules require a token of every key.
	writeJSON(w, http.StatusOK, map[string]any{"token_check_enabled": app.mode != modeOpen || app.Region == RegionHK})
}

// tokenJSON is the answer of Create and Check Token (Java AccessToken:
// token, expires in Unix milliseconds, status).
func tokenJSON(id string, t *token) map[string]any {
	return map[string]any{"token": id, "expires": t.expires.UnixMilli(), "status": t.status}
}

// tokenCreate creates a token, or, given a NORMAL token of the same app in
// {"token": ...} (the SDKs send their stored one), answers it again with its
// life extended. The body is a JSON object, {} for none.
func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request, app App, body []byte) {
	var req struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "INVALID_PARAMETER", "the body must be a JSON object")
		return
	}
	now := s.opts.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.tokens[req.Token]; ok && t.app.Key == app.Key && t.status == statusNormal && now.Before(t.expires) {
		t.expires = now.Add(tokenLifetime)
		writeJSON(w, http.StatusOK, tokenJSON(req.Token, t))
		return
	}
	t := &token{app: app, status: statusPending, expires: now.Add(tokenLifetime)}
	if app.mode == modeOpen && app.Region != RegionHK {
		t.status = statusNormal
	}
	id := newToken()
	s.tokens[id] = t
	writeJSON(w, http.StatusOK, tokenJSON(id, t))
}

func (s *Server) tokenCheck(w http.ResponseWriter, r *http.Request, app App, body []byte) {
	var req struct {
		Token string `json:"token"`
	}
	if err := json.Unmarshal(body, &req); err != nil || req.Token == "" {
		writeError(w, http.StatusBadRequest, "INVALID_PARAMETER", "token is required")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t, found := s.tokens[req.Token]
	if !found || t.app.Key != app.Key {
		writeJSON(w, http.StatusOK, map[string]any{"token": req.Token, "expires": 0, "status": statusInvalid})
		return
	}
	t.checks++
	if t.status == statusPending {
		switch app.mode {
		case modeApprove:
			if t.checks >= cmp.Or(app.approveAfter, s.opts.ApproveAfterChecks) {
				t.status = statusNormal
			}
		case modeLate:
			if t.checks >= 2 {
				t.status = statusExpired
			}
		case modeVoid:
			t.status = statusInvalid
		}
	}
	writeJSON(w, http.StatusOK, tokenJSON(req.Token, t))
}

// authorize checks a data request's token: an App Key with 2FA on needs a
// NORMAL token that was used within the last 15 days; each use extends it.
func (s *Server) authorize(w http.ResponseWriter, r *http.Request, app App) (*portfolio, bool) {
	if app.mode != modeOpen || app.Region == RegionHK {
		now := s.opts.Now()
		s.mu.Lock()
		t, found := s.tokens[r.Header.Get(hAccessToken)]
		valid := found && t.app.Key == app.Key && t.status == statusNormal && now.Before(t.expires)
		if valid {
			t.expires = now.Add(tokenLifetime)
		} else if found && t.status == statusNormal {
			t.status = statusInvalid // unused for 15 days
		}
		s.mu.Unlock()
		if !valid {
			writeError(w, http.StatusUnauthorized, "INVALID_TOKEN", "Header x-access-token is missing or invalid.")
			return nil, false
		}
	}
	return portfolioOf(app, fakekit.Day(s.opts.Now())), true
}

func (s *Server) account(w http.ResponseWriter, r *http.Request, p *portfolio) *acct {
	a := p.find(r.URL.Query().Get("account_id"))
	if a == nil {
		writeError(w, http.StatusBadRequest, "ACCOUNT_NOT_FOUND", "account not found")
	}
	return a
}

func (s *Server) subscriptions(w http.ResponseWriter, r *http.Request, p *portfolio) {
	after := r.URL.Query().Get("subscription_id")
	rows := []map[string]string{}
	started := after == ""
	for _, a := range p.accounts {
		if !started {
			started = a.subscriptionID == after
			continue
		}
		rows = append(rows, map[string]string{"subscription_id": a.subscriptionID, "user_id": p.userID,
			"account_id": a.id, "account_number": a.number, "account_type": a.typ})
		if len(rows) == 100 {
			break
		}
	}
	writeJSON(w, http.StatusOK, rows)
}

func (s *Server) profile(w http.ResponseWriter, r *http.Request, p *portfolio) {
	if a := s.account(w, r, p); a != nil {
		writeJSON(w, http.StatusOK, map[string]string{"account_number": a.number, "account_type": a.typ, "account_status": "NORMAL"})
	}
}

func (s *Server) balance(w http.ResponseWriter, r *http.Request, p *portfolio) {
	a := s.account(w, r, p)
	if a == nil {
		return
	}
	switch p.region {
	case RegionJP:
		writeJSON(w, http.StatusOK, a.jpBalance())
	case RegionHK:
		writeJSON(w, http.StatusOK, a.regionalBalance())
	default:
		writeJSON(w, http.StatusOK, a.balance())
	}
}

func (s *Server) positions(w http.ResponseWriter, r *http.Request, p *portfolio) {
	a := s.account(w, r, p)
	if a == nil {
		return
	}
	size := fakekit.PositiveParam(r.URL.Query().Get("page_size"), 10, cmp.Or(s.opts.PositionsPageSize, 100))
	// Webull Japan pages by the position's own id (last_id: one instrument
	// may be held twice, in SPECIFIC and GENERAL tax accounts).
	param, key := "last_instrument_id", func(h wireHolding) string { return h.InstrumentID }
	if p.region == RegionJP {
		param, key = "last_id", func(h wireHolding) string { return h.ID }
	}
	after := r.URL.Query().Get(param)
	start := 0
	if after != "" {
		start = len(a.holdings)
		for i, h := range a.holdings {
			if key(h) == after {
				start = i + 1
			}
		}
	}
	end := min(start+size, len(a.holdings))
	// has_next is a String in the Java SDK's AccountPositions.
	writeJSON(w, http.StatusOK, map[string]any{"has_next": strconv.FormatBool(end < len(a.holdings)), "holdings": a.holdings[start:end]})
}

// orders answers GET /openapi/trade/order/history: a bare JSON array of
// order-history entries, newest first, placed from start_date to end_date
// (yyyy-MM-dd; the last 7 days when both are empty, to today when only
// start_date is given), page_size (default 10) a page after
// last_client_order_id.
func (s *Server) orders(w http.ResponseWriter, r *http.Request, p *portfolio) {
	a := s.account(w, r, p)
	if a == nil {
		return
	}
	q := r.URL.Query()
	today := s.opts.Now().UTC().Format(time.DateOnly)
	from, to := q.Get("start_date"), q.Get("end_date")
	if from == "" && to == "" {
		from = s.opts.Now().UTC().AddDate(0, 0, -7).Format(time.DateOnly)
	}
	if to == "" {
		to = today
	}
	for _, d := range []string{from, to} {
		if _, err := time.Parse(time.DateOnly, d); d != "" && err != nil {
			writeError(w, http.StatusBadRequest, "INVALID_PARAMETER", "start_date and end_date are yyyy-MM-dd")
			return
		}
	}
	var list []order
	for _, o := range a.orders {
		if d := o.placed.Format(time.DateOnly); (from == "" || d >= from) && d <= to {
			list = append(list, o)
		}
	}
	size := fakekit.PositiveParam(r.URL.Query().Get("page_size"), 10, 100)
	start := 0
	if after := q.Get("last_client_order_id"); after != "" {
		start = len(list)
		for i, o := range list {
			if o.wire.ClientOrderID == after {
				start = i + 1
			}
		}
	}
	end := min(start+size, len(list))
	page := make([]wireOrderHistory, 0, end-start)
	for _, o := range list[start:end] {
		page = append(page, o.wire)
	}
	writeJSON(w, http.StatusOK, page)
}

// Count says how many rows the fake serves wb-app-key's user.
func (s *Server) Count(list brokertest.List, accountID string) int {
	return s.CountFor(Apps[0], list, accountID)
}

// CountFor says how many rows the fake serves app's user.
func (s *Server) CountFor(app App, list brokertest.List, accountID string) int {
	p := portfolioOf(app, fakekit.Day(s.opts.Now()))
	if list == brokertest.ListAccounts {
		return len(p.accounts)
	}
	a := p.find(accountID)
	if a == nil {
		return 0
	}
	if list == brokertest.ListPositions {
		return len(a.holdings)
	}
	return fakekit.CountWhere(a.orders, func(o order) bool { return o.filled })
}

// FullAccountNumbers returns the unmasked account numbers of a Webull US
// user.
func FullAccountNumbers(userID string) []string {
	return FullAccountNumbersOf(App{UserID: userID})
}

// FullAccountNumbersOf returns the unmasked account numbers of app's user.
func FullAccountNumbersOf(app App) []string {
	var out []string
	for _, a := range portfolioOf(app, fakekit.Day(time.Now())).accounts {
		out = append(out, a.number)
	}
	return out
}
