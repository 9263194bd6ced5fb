// Package fake is a fake FYERS API v3 on loopback, for tests and for
// running Latchkey against it with --endpoints.
//
// Under /api/v3 it serves the login — GET /generate-authcode?client_id=
// &redirect_uri=&response_type=code&state= (a page with Approve and Deny
// standing in for FYERS' ID, TOTP and PIN pages) redirecting to the
// redirect_uri with s=ok&code=200&auth_code=...&state=...; POST
// /validate-authcode {"grant_type":"authorization_code","appIdHash":
// sha256(app_id:app_secret),"code":...} answering access_token and
// refresh_token (auth codes work once and for five minutes) — and, with
// "Authorization: app_id:access_token", GET /profile, /funds (fund_limit),
// /holdings (a settled HLD row and a T1 row where there are both),
// /positions (netPositions with ltp) and /tradebook (today's fills,
// orderDateTime "18-Mar-2026 09:42:17", side 1 or -1). Access tokens are
// JWTs whose exp claim is 06:00 India time the next morning.
//
// Refusals are FYERS' {"s":"error","code":...,"message":...}: 401 code -16
// for a token unknown, ended, revoked or of another app; 400 -371 for a
// wrong appIdHash, -374 for a bad auth code; 429 code -353 past
// Options.RateLimit requests a second per token (10 by default).
//
// Real FYERS redirects to the URL registered for the app; the fake has no
// registrations and uses the redirect_uri of the request.
//
// # Test logins
//
// Any App ID is accepted; its Secret ID must be AppSecret. The page signs in
// as MainUser (the default: six holdings, an index option, an index future,
// an MCX future, an intraday short, two fills today) or SecondUser (two
// holdings, nothing today), chosen by its fy_id field. Deny redirects with
// error=access_denied (a convention of the fake).
package fake

import (
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/indiakit/indiafake"
)

// InstitutionID is the institution the fake stands in for.
const InstitutionID = "fyers"

// The test logins.
const (
	AppSecret  = "fyers-fake-secret-id"
	MainUser   = "XA01234"
	SecondUser = "XB05678"
)

// Options configure the fake (its clock, address and rate limit): RateLimit
// is how many requests a second a token may make (default 10).
type Options = fakekit.Options

type authCode struct {
	user, appID string
	exp         time.Time
}

// Server is a running fake FYERS API.
type Server struct {
	fakekit.Base

	opts   Options
	start  time.Time
	tokens *fakekit.Tokens // access token → "user|app"
	rate   *fakekit.Rate

	mu    sync.Mutex
	codes map[string]authCode
}

// New starts a fake on opts.Addr.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, start: fakekit.Now(opts.Now), tokens: &fakekit.Tokens{Now: opts.Now}, codes: map[string]authCode{}}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 10), Per: time.Second, Now: opts.Now}
	return s, s.Start("fyers fake", opts.Addr, opts.Now, s.routes())
}

// Endpoints returns institution id → endpoint name → URL.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL() + "/api/v3"}}
}

// RevokeAll ends every token, as a logout does.
func (s *Server) RevokeAll() { s.tokens.RevokeAll() }

// ExpireAccessTokens does nothing: FYERS tokens end at 06:00 India time.
func (s *Server) ExpireAccessTokens() {}

func fail(w http.ResponseWriter, status, code int, msg string) {
	fakekit.WriteJSON(w, status, map[string]any{"s": "error", "code": code, "message": msg})
}

func ok(w http.ResponseWriter, fields map[string]any) {
	fields["s"], fields["code"], fields["message"] = "ok", 200, ""
	fakekit.WriteJSON(w, http.StatusOK, fields)
}

// page is the FYERS login page as the fake serves it.
var page = fakekit.LoginPage{Title: "FYERS (fake) — login", Heading: "FYERS (fake)",
	Intro:  "Log in to allow the app. On FYERS you would enter your FYERS ID, TOTP and PIN here.",
	Action: "generate-authcode", Field: "fy_id", Label: "FYERS ID", Users: "XA01234, XB05678"}

func problem(q url.Values) string {
	if q.Get("client_id") == "" || q.Get("response_type") != "code" {
		return "client_id and response_type=code are required."
	}
	if _, ok := fakekit.Loopback(q.Get("redirect_uri")); !ok {
		return "This fake sends you to the redirect_uri of the request; it must be a loopback URL."
	}
	return ""
}

func render(w http.ResponseWriter, status int, q url.Values, msg string) {
	page.Write(w, status, fakekit.Hidden(q, "client_id", "redirect_uri", "response_type", "state"), MainUser, msg)
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if msg := problem(q); msg != "" {
		render(w, http.StatusBadRequest, q, msg)
		return
	}
	render(w, http.StatusOK, q, "")
}

func redirect(w http.ResponseWriter, r *http.Request, q url.Values, params url.Values) {
	if st := q.Get("state"); st != "" {
		params.Set("state", st)
	}
	fakekit.Redirect(w, r, q.Get("redirect_uri"), params)
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	q, ok := fakekit.PageForm(w, r)
	if !ok {
		return
	}
	if msg := problem(q); msg != "" {
		render(w, http.StatusBadRequest, q, msg)
		return
	}
	if q.Get("decision") != "approve" {
		redirect(w, r, q, url.Values{"s": {"error"}, "code": {"-1"}, "error": {"access_denied"}})
		return
	}
	user := strings.ToUpper(strings.TrimSpace(q.Get("fy_id")))
	if user != MainUser && user != SecondUser {
		render(w, http.StatusOK, q, "Invalid FYERS ID: try XA01234 or XB05678.")
		return
	}
	code := fakekit.Random(24)
	s.mu.Lock()
	s.codes[code] = authCode{user: user, appID: q.Get("client_id"), exp: s.Now().Add(5 * time.Minute)}
	s.mu.Unlock()
	redirect(w, r, q, url.Values{"s": {"ok"}, "code": {"200"}, "auth_code": {code}})
}

func jwt(user string, exp time.Time) string {
	return fakekit.JWT(`{"typ":"JWT","alg":"HS256"}`, map[string]any{"iss": "api.fyers.in", "sub": "access", "fy_id": user, "exp": exp.Unix()})
}

func (s *Server) validate(w http.ResponseWriter, r *http.Request) {
	var in map[string]string
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in["grant_type"] != "authorization_code" {
		fail(w, http.StatusBadRequest, -374, "Please provide authorization code.")
		return
	}
	s.mu.Lock()
	c, found := s.codes[in["code"]]
	delete(s.codes, in["code"])
	s.mu.Unlock()
	if !found || !s.Now().Before(c.exp) {
		fail(w, http.StatusBadRequest, -374, "Please provide authorization code.")
		return
	}
	if !validAppIDHash(c.appID, AppSecret, in["appIdHash"]) {
		fail(w, http.StatusBadRequest, -371, "Please provide sha256 hash of appId and app secret")
		return
	}
	exp := fakekit.DailyAt(s.Now(), fakekit.Kolkata, 6, 0)
	tok := jwt(c.user, exp)
	s.tokens.AddAccess(tok, c.user+"|"+c.appID, exp)
	ok(w, map[string]any{"access_token": tok, "refresh_token": fakekit.Random(24)})
}

// auth reads "Authorization: app_id:access_token".
func (s *Server) auth(r *http.Request) (string, bool) {
	app, tok, _ := strings.Cut(r.Header.Get("Authorization"), ":")
	subject, found := s.tokens.Access(tok)
	user, owner, _ := strings.Cut(subject, "|")
	return user, found && owner == app
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v3/generate-authcode", s.loginPage)
	mux.HandleFunc("POST /api/v3/generate-authcode", s.decide)
	mux.HandleFunc("POST /api/v3/validate-authcode", s.validate)
	gate := fakekit.Gate{Rate: s.rate, Auth: s.auth,
		Deny:    fakekit.Reply(fail, http.StatusUnauthorized, -16, "Could not authenticate the user"),
		Limited: fakekit.Reply(fail, http.StatusTooManyRequests, -353, "API Limit exceeded")}
	data := fakekit.ServeAs(&s.Base, gate, s.book)
	mux.Handle("GET /api/v3/profile", data(s.profile))
	mux.Handle("GET /api/v3/funds", data(s.funds))
	mux.Handle("GET /api/v3/holdings", data(s.holdings))
	mux.Handle("GET /api/v3/positions", data(s.positions))
	mux.Handle("GET /api/v3/tradebook", data(s.tradebook))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) { fail(w, http.StatusNotFound, -1, "Not found") })
	return mux
}

func (s *Server) book(user string) *indiafake.Book { return indiafake.Of(user, SecondUser, s.start) }

func (s *Server) profile(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	ok(w, map[string]any{"data": map[string]any{"fy_id": b.ClientID, "name": b.Name, "email_id": "", "PAN": "",
		"display_name": b.Name, "pin_change_date": "", "pwd_change_date": "", "totp": true}})
}

func (s *Server) funds(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	total := b.Cash.Add(b.Collateral)
	line := func(id int, title string, eq decimal.Decimal) map[string]any {
		return map[string]any{"id": id, "title": title, "equityAmount": eq, "commodityAmount": 0}
	}
	ok(w, map[string]any{"fund_limit": []any{
		line(1, "Total Balance", total), line(2, "Utilized Amount", decimal.Zero), line(3, "Clear Balance", b.Cash),
		line(4, "Realized Profit and Loss", decimal.Zero), line(5, "Collaterals", b.Collateral),
		line(6, "Fund Transfer", decimal.Zero), line(7, "Receivables", decimal.Zero), line(8, "Adhoc Limit", decimal.Zero),
		line(9, "Limit at start of the day", total), line(10, "Available Balance", b.Cash),
	}})
}

func exchangeCode(ex string) int {
	switch ex {
	case "BSE":
		return 12
	case "MCX":
		return 11
	}
	return 10
}

func (s *Server) holdings(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	rows := []any{}
	row := func(h indiafake.Holding, typ string, qty int64) map[string]any {
		q := decimal.NewFromInt(qty)
		return map[string]any{"holdingType": typ, "quantity": qty, "costPrice": h.Avg, "marketVal": q.Mul(h.LTP).Round(2),
			"remainingQuantity": qty, "pl": q.Mul(h.LTP.Sub(h.Avg)).Round(2), "ltp": h.LTP, "id": 0, "fyToken": h.Token,
			"exchange": exchangeCode(h.Exchange), "symbol": h.Exchange + ":" + h.Symbol + "-EQ", "segment": 10, "isin": h.ISIN,
			"qty_t1": map[bool]int64{true: qty}[typ == "T1"], "remainingPledgeQuantity": 0, "collateralQuantity": 0}
	}
	for _, h := range b.Holdings {
		if h.Qty > 0 {
			rows = append(rows, row(h, "HLD", h.Qty))
		}
		if h.T1 > 0 {
			rows = append(rows, row(h, "T1", h.T1))
		}
	}
	ok(w, map[string]any{"holdings": rows, "overall": map[string]any{"count_total": len(rows)}})
}

func segCode(segment string) (string, int) {
	switch segment {
	case "NFO":
		return "NSE", 11
	case "MCX":
		return "MCX", 20
	}
	return segment, 10
}

func (s *Server) positions(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	rows := []any{}
	for _, p := range b.Positions {
		ex, seg := segCode(p.Segment)
		sym := ex + ":" + p.Symbol
		if seg == 10 {
			sym += "-EQ"
		}
		side := 1
		if p.Qty < 0 {
			side = -1
		} else if p.Qty == 0 {
			side = 0
		}
		q := decimal.NewFromInt(p.Qty)
		bought, sold := p.Sides()
		rows = append(rows, map[string]any{"netQty": p.Qty, "qty": p.Qty, "avgPrice": p.Avg, "netAvg": p.Avg, "side": side,
			"productType": map[string]string{"MIS": "INTRADAY", "NRML": "MARGIN"}[p.Product], "realized_profit": 0,
			"unrealized_profit": q.Mul(p.LTP.Sub(p.Avg)).Mul(decimal.NewFromInt(p.Mult)).Round(2), "pl": 0, "ltp": p.LTP,
			"buyQty": bought, "buyAvg": p.Avg, "sellQty": sold, "sellAvg": p.Avg, "fyToken": p.Token,
			"crossCurrency": "", "rbiRefRate": 1, "qtyMulti_com": p.Mult, "segment": seg, "symbol": sym,
			"id": sym + "-" + p.Product, "exchange": exchangeCode(ex)})
	}
	ok(w, map[string]any{"netPositions": rows, "overall": map[string]any{"count_total": len(rows)}})
}

func (s *Server) tradebook(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	rows := []any{}
	for _, t := range b.Today(s.Now()) {
		ex, seg := segCode(t.Exchange)
		sym := ex + ":" + t.Symbol
		if seg == 10 {
			sym += "-EQ"
		}
		side := 1
		if t.Side == "SELL" {
			side = -1
		}
		rows = append(rows, map[string]any{"clientId": b.ClientID, "orderDateTime": t.At.In(fakekit.Kolkata).Format("02-Jan-2006 15:04:05"),
			"orderNumber": t.OrderID, "exchangeOrderNo": "1100000" + t.OrderID[3:], "exchange": exchangeCode(ex), "side": side,
			"segment": seg, "orderType": 1, "fyToken": t.Token, "productType": t.Product, "tradedQty": t.Qty, "tradePrice": t.Price,
			"tradeValue": t.Value(), "tradeNumber": t.ID, "row": 0, "symbol": sym, "orderTag": ""})
	}
	ok(w, map[string]any{"tradeBook": rows})
}

// Count says how many rows the fake serves MainUser.
func (s *Server) Count(list brokertest.List, _ string) int {
	b := s.book(MainUser)
	settled := fakekit.CountWhere(b.Holdings, func(h indiafake.Holding) bool { return h.Qty > 0 })
	unsettled := fakekit.CountWhere(b.Holdings, func(h indiafake.Holding) bool { return h.T1 > 0 })
	return fakekit.CountOne(list, len(b.Open())+settled+unsettled, len(b.Today(s.Now())))
}

// AccountID is the id package fyers gives a FYERS ID's account.
func AccountID(user string) string { return integrations.AccountHash(InstitutionID, user) }

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
)
