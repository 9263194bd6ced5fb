// Package fake is a fake Kotak Neo Trade API on loopback, for tests and for
// running Latchkey against it with --endpoints.
//
// The login follows the Trade API's TOTP flow: POST
// /login/1.0/tradeApiLogin (headers Authorization: <the application's
// access token> and neo-fin-key: neotradeapi; body mobileNumber, ucc, totp)
// answers a View token and sid; POST /login/1.0/tradeApiValidate (headers
// sid and Auth: the view token; body mpin) answers the Trade token, its sid
// and the baseUrl of the data — this fake's own address. With Auth, Sid and
// neo-fin-key, the data are POST /quick/user/limits (form jData; a flat
// answer of string amounts, "stat":"Ok"), GET /portfolio/v1/holdings
// ({"data":[...]} with mktValue and no last price), GET
// /quick/user/positions (cfBuyQty, flBuyQty, cfSellQty, flSellQty, buyAmt,
// sellAmt... as the documentation's Positions Calculations name them) and
// GET /quick/user/trades (today's fills: flDt "22-Jan-2025", trnsTp B/S).
//
// Refusals: 401 with {"code":...,"message":...} for a wrong access token,
// mobile number, UCC, TOTP or MPIN; 403 {"stat":"Not_Ok","stCode":403,
// "errMsg":"Invalid session, please re-login to continue"} for a session
// unknown, ended or revoked; 429 past Options.RateLimit requests a second
// per session (10 by default). Trade tokens are JWTs whose exp claim is
// their end, TokenLife after the login.
//
// # Test logins
//
// Access token AccessToken and TOTP TOTP ("246810") for both:
//
//	MainMobile / MainUCC / MainMPIN        six holdings (one an ETF), an
//	                                       index option, an index future,
//	                                       an MCX future, an intraday
//	                                       short, two fills today
//	SecondMobile / SecondUCC / SecondMPIN  two holdings, nothing today
package fake

import (
	"cmp"
	"encoding/json"
	"net/http"
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
const InstitutionID = "kotakneo"

// The test logins.
const (
	AccessToken  = "kotak-fake-trade-api-token-0001"
	TOTP         = "246810"
	MainMobile   = "+919999996708"
	MainUCC      = "ABC12"
	MainMPIN     = "654321"
	SecondMobile = "+919888877766"
	SecondUCC    = "XYZ98"
	SecondMPIN   = "112233"
)

// TokenLife is how long a trade session lasts in the fake.
const TokenLife = 24 * time.Hour

// Options configure the fake (its clock, address and rate limit): RateLimit
// is how many requests a second a session may make (default 10).
type Options = fakekit.Options

type user struct{ mobile, mpin string }

// Server is a running fake Kotak Neo Trade API.
type Server struct {
	fakekit.Base

	opts  Options
	start time.Time
	users map[string]user
	views *fakekit.Tokens // view token → ucc
	trade *fakekit.Tokens // trade token → ucc
	rate  *fakekit.Rate

	mu   sync.Mutex
	sids map[string]string // token → sid
}

// New starts a fake on opts.Addr.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, start: fakekit.Now(opts.Now), views: &fakekit.Tokens{Now: opts.Now}, trade: &fakekit.Tokens{Now: opts.Now},
		users: map[string]user{MainUCC: {MainMobile, MainMPIN}, SecondUCC: {SecondMobile, SecondMPIN}}, sids: map[string]string{}}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 10), Per: time.Second, Now: opts.Now}
	return s, s.Start("kotak neo fake", opts.Addr, opts.Now, s.routes())
}

// Endpoints returns institution id → endpoint name → URL.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"login": s.URL()}}
}

// RevokeAll ends every session, as a logout does.
func (s *Server) RevokeAll() { s.trade.RevokeAll(); s.views.RevokeAll() }

// ExpireAccessTokens does nothing: sessions do not refresh.
func (s *Server) ExpireAccessTokens() {}

func jwt(ucc string, exp time.Time) string {
	return fakekit.JWT(`{"alg":"RS256","typ":"JWT"}`, map[string]any{"sub": ucc, "ucc": ucc, "exp": exp.Unix(), "kType": "Trade"})
}

func refuse(w http.ResponseWriter, msg string) {
	fakekit.WriteJSON(w, http.StatusUnauthorized, map[string]string{"code": "900901", "message": msg, "description": msg})
}

func (s *Server) session(w http.ResponseWriter, ucc, token, kType string, base bool) {
	sid := fakekit.Random(12)
	s.mu.Lock()
	s.sids[token] = sid
	s.mu.Unlock()
	data := map[string]any{"token": token, "sid": sid, "rid": fakekit.Random(8), "hsServerId": "", "isUserPwdExpired": false,
		"ucc": ucc, "greetingName": "TRADER", "isTrialAccount": false, "dataCenter": "E21", "searchAPIKey": "",
		"derivativesRiskDisclosure": "", "mfAccess": 1, "dataCenterMap": nil, "dormancyStatus": "A", "asbaStatus": "",
		"clientType": "RI", "isNRI": false, "kId": "AVRPC7535J", "kType": kType, "status": "success", "incRange": 0,
		"incUpdFlag": "", "clientGroup": ""}
	if base {
		data["baseUrl"] = s.URL()
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"data": data})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var in map[string]string
	if r.Header.Get("Authorization") != AccessToken || r.Header.Get("neo-fin-key") != "neotradeapi" {
		refuse(w, "Invalid Credentials")
		return
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		fakekit.WriteJSON(w, http.StatusBadRequest, map[string]string{"code": "400", "message": "Invalid or missing input parameters"})
		return
	}
	ucc := strings.ToUpper(in["ucc"])
	u, ok := s.users[ucc]
	switch {
	case !ok || u.mobile != in["mobileNumber"]:
		refuse(w, "Invalid mobile number or UCC")
	case in["totp"] != TOTP:
		refuse(w, "Invalid TOTP")
	default:
		tok := fakekit.Random(24)
		s.views.AddAccess(tok, ucc, s.Now().Add(10*time.Minute))
		s.session(w, ucc, tok, "View", false)
	}
}

func (s *Server) validate(w http.ResponseWriter, r *http.Request) {
	view := r.Header.Get("Auth")
	ucc, ok := s.views.Access(view)
	s.mu.Lock()
	sidOK := ok && s.sids[view] == r.Header.Get("sid")
	s.mu.Unlock()
	var in map[string]string
	if r.Header.Get("Authorization") != AccessToken || !sidOK || json.NewDecoder(r.Body).Decode(&in) != nil {
		refuse(w, "Invalid session")
		return
	}
	if in["mpin"] != s.users[ucc].mpin {
		refuse(w, "Invalid MPIN")
		return
	}
	s.views.Revoke(view)
	exp := s.Now().Add(TokenLife)
	tok := jwt(ucc, exp)
	s.trade.AddAccess(tok, ucc, exp)
	s.session(w, ucc, tok, "Trade", true)
}

// auth checks Auth, Sid and neo-fin-key.
func (s *Server) auth(r *http.Request) (string, bool) {
	tok := r.Header.Get("Auth")
	ucc, ok := s.trade.Access(tok)
	s.mu.Lock()
	defer s.mu.Unlock()
	return ucc, ok && s.sids[tok] == r.Header.Get("Sid") && r.Header.Get("neo-fin-key") == "neotradeapi"
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /login/1.0/tradeApiLogin", s.login)
	mux.HandleFunc("POST /login/1.0/tradeApiValidate", s.validate)
	gate := fakekit.Gate{Rate: s.rate, Auth: s.auth,
		Deny: func(w http.ResponseWriter, _ *http.Request) {
			fakekit.WriteJSON(w, http.StatusForbidden, map[string]any{"stat": "Not_Ok", "stCode": 403, "errMsg": "Invalid session, please re-login to continue"})
		},
		Limited: func(w http.ResponseWriter, _ *http.Request) {
			fakekit.WriteJSON(w, http.StatusTooManyRequests, map[string]any{"stat": "Not_Ok", "stCode": 429, "errMsg": "Too many requests to the API"})
		}}
	data := fakekit.ServeAs(&s.Base, gate, s.book)
	mux.Handle("POST /quick/user/limits", data(s.limits))
	mux.Handle("GET /portfolio/v1/holdings", data(s.holdings))
	mux.Handle("GET /quick/user/positions", data(s.positions))
	mux.Handle("GET /quick/user/trades", data(s.trades))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		fakekit.WriteJSON(w, http.StatusNotFound, map[string]any{"stat": "Not_Ok", "stCode": 404, "errMsg": "Not found"})
	})
	return mux
}

func (s *Server) book(ucc string) *indiafake.Book { return indiafake.Of(ucc, SecondUCC, s.start) }

func str(d decimal.Decimal) string { return d.String() }

func (s *Server) limits(w http.ResponseWriter, r *http.Request, b *indiafake.Book) {
	var j map[string]string
	if err := r.ParseForm(); err != nil || json.Unmarshal([]byte(r.PostForm.Get("jData")), &j) != nil {
		fakekit.WriteJSON(w, http.StatusBadRequest, map[string]any{"stat": "Not_Ok", "stCode": 400, "errMsg": "Invalid or missing input parameters"})
		return
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"Category": "CLIENT_SPECIAL", "CollateralValue": str(b.Collateral),
		"Collateral": "0", "RmsCollateral": "0", "AdhocMargin": "0", "NotionalCash": "0", "MarginUsed": "0",
		"Net": str(b.Cash), "RmsPayInAmt": "0", "RmsPayOutAmt": "0", "TimeStamp": "1737540175823", "stCode": 200, "stat": "Ok"})
}

// segments are the Trade API's exchange segments (exSeg).
var segments = indiafake.Segments{NSE: "nse_cm", BSE: "bse_cm", NFO: "nse_fo", MCX: "mcx_fo"}

func (s *Server) holdings(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	rows := []any{}
	for _, h := range b.Holdings {
		q := decimal.NewFromInt(h.Units())
		typ := "Equity"
		if strings.HasPrefix(h.ISIN, "INF") {
			typ = "ETF"
		}
		rows = append(rows, map[string]any{
			"displaySymbol": h.Symbol, "averagePrice": h.Avg, "quantity": h.Units(), "exchangeSegment": segments.Of(h.Exchange),
			"exchangeIdentifier": h.Token, "holdingCost": q.Mul(h.Avg).Round(4), "mktValue": q.Mul(h.LTP).Round(2),
			"scripId": fakekit.Random(20), "instrumentToken": 0, "instrumentType": typ, "isAlternateScrip": false,
			"closingPrice": h.Close, "symbol": h.Symbol, "sellableQuantity": h.Qty,
		})
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"data": rows})
}

func (s *Server) positions(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	rows := []any{}
	for _, p := range b.Positions {
		buy, sell := p.Sides()
		mult := decimal.NewFromInt(p.Mult)
		sym := strings.TrimSuffix(p.Symbol, "FUT")
		if p.Segment == "NSE" {
			sym = p.Symbol
		}
		trd := p.Symbol
		if p.Segment == "NSE" {
			trd += "-EQ"
		}
		opt := "XX"
		if p.OptionType != "" {
			opt = p.OptionType
		}
		rows = append(rows, map[string]any{
			"trdSym": trd, "sym": sym, "exSeg": segments.Of(p.Segment), "prod": p.Product, "optTp": opt, "stkPrc": str(p.Strike),
			"cfBuyQty": 0, "flBuyQty": buy, "cfSellQty": 0, "flSellQty": sell,
			"buyAmt": str(decimal.NewFromInt(buy).Mul(p.Avg).Mul(mult)), "sellAmt": str(decimal.NewFromInt(sell).Mul(p.Avg).Mul(mult)),
			"cfBuyAmt": "0.00", "cfSellAmt": "0.00", "lotSz": "1", "multiplier": str(mult), "genNum": "1", "genDen": "1",
			"prcNum": "1", "prcDen": "1", "precision": "2", "brdLtQty": 1, "expDt": "NA", "series": "EQ", "tok": p.Token,
		})
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"stat": "ok", "stCode": 200, "data": rows})
}

func (s *Server) trades(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	fills := b.Today(s.Now())
	if len(fills) == 0 {
		fakekit.WriteJSON(w, http.StatusOK, map[string]any{"stat": "ok", "stCode": 200, "data": nil})
		return
	}
	rows := []any{}
	for _, t := range fills {
		at := t.At.In(fakekit.Kolkata)
		side := "B"
		if t.Side == "SELL" {
			side = "S"
		}
		trd := t.Symbol
		if t.Exchange == "NSE" {
			trd += "-EQ"
		}
		rows = append(rows, map[string]any{
			"actId": "", "avgPrc": str(t.Price), "exSeg": segments.Of(t.Exchange), "exTm": at.Format("02-Jan-2006 15:04:05"),
			"fldQty": t.Qty, "flDt": at.Format("02-Jan-2006"), "flId": t.ID, "flLeg": 1, "flTm": at.Format(time.TimeOnly),
			"nOrdNo": t.OrderID, "prod": t.Product, "rptTp": "fill", "series": "EQ", "stkPrc": "0.00", "sym": t.Symbol,
			"trdSym": trd, "trnsTp": side, "genDen": "1", "genNum": "1", "lotSz": "1", "multiplier": "1", "prcNum": "1",
			"prcDen": "1", "precision": "2",
		})
	}
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"stat": "ok", "stCode": 200, "data": rows})
}

// Count says how many rows the fake serves MainUCC.
func (s *Server) Count(list brokertest.List, _ string) int {
	b := s.book(MainUCC)
	return fakekit.CountOne(list, len(b.Holdings)+len(b.Open()), len(b.Today(s.Now())))
}

// AccountID is the id package kotakneo gives a UCC's account.
func AccountID(ucc string) string { return integrations.AccountHash(InstitutionID, ucc) }

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
)
