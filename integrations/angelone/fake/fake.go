// Package fake is a fake Angel One SmartAPI on loopback, for tests and for
// running Latchkey against it with --endpoints.
//
// It serves what package angelone reads, in SmartAPI's documented shapes and
// envelope {"status":true,"message":"SUCCESS","errorcode":"","data":...}:
// POST /rest/auth/angelbroking/user/v1/loginByPassword (clientcode,
// password — the PIN — and totp, with the X-PrivateKey API key header)
// answering jwtToken, refreshToken and feedToken; and, with Authorization:
// Bearer <jwtToken>, GET .../user/v1/getProfile, .../user/v1/getRMS
// (amounts as strings), .../portfolio/v1/getAllHolding (holdings and
// totalholding), .../order/v1/getPosition (every number a string, data null
// when there are none) and .../order/v1/getTradeBook (today's fills, a time
// of day only). Sessions end at 05:00 India time by the fake's clock; the
// JWT's exp claim says so.
//
// Refusals: status false with errorcode AG8001 (invalid token) under HTTP
// 401 for a session unknown, ended or revoked; AB1050 for a wrong TOTP,
// AB1000 for a wrong client code or PIN, AG8004 for an unknown API key;
// 429 past Options.RateLimit requests a second per API key (the tightest
// documented limit is 1 a second; 10 by default).
//
// # Test logins
//
// API key APIKey for both:
//
//	MainClient / MainPIN      six holdings (one partly in T1, an ETF), an
//	                          index option, an index future, an MCX future
//	                          and an intraday short, two fills today
//	SecondClient / SecondPIN  two holdings, no fills today
//
// The TOTP code is TOTP ("246810") at any time.
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
const InstitutionID = "angelone"

// The test logins.
const (
	APIKey       = "angel-fake-api-key-01"
	MainClient   = "A1234567"
	MainPIN      = "4321"
	SecondClient = "B7654321"
	SecondPIN    = "8765"
	TOTP         = "246810"
)

// Options configure the fake (its clock, address and rate limit): RateLimit
// is how many requests a second an API key may make (default 10).
type Options = fakekit.Options

// Server is a running fake SmartAPI.
type Server struct {
	fakekit.Base

	opts     Options
	start    time.Time
	sessions *fakekit.Tokens // JWT → client code
	rate     *fakekit.Rate
	pins     map[string]string

	mu     sync.Mutex
	logins int
}

// New starts a fake on opts.Addr.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, start: fakekit.Now(opts.Now), sessions: &fakekit.Tokens{Now: opts.Now},
		pins: map[string]string{MainClient: MainPIN, SecondClient: SecondPIN}}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 10), Per: time.Second, Now: opts.Now,
		Scope: func(r *http.Request, _ string) string { return "key:" + r.Header.Get("X-PrivateKey") }}
	return s, s.Start("angel one fake", opts.Addr, opts.Now, s.routes())
}

// Endpoints returns institution id → endpoint name → URL.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL()}}
}

// RevokeAll ends every session, as a logout does.
func (s *Server) RevokeAll() { s.sessions.RevokeAll() }

// ExpireAccessTokens does nothing: sessions end at 05:00 India time.
func (s *Server) ExpireAccessTokens() {}

func envelope(w http.ResponseWriter, status int, ok bool, code, msg string, data any) {
	fakekit.WriteJSON(w, status, map[string]any{"status": ok, "message": msg, "errorcode": code, "data": data})
}

func success(w http.ResponseWriter, data any) { envelope(w, http.StatusOK, true, "", "SUCCESS", data) }

// jwt makes a session token whose exp claim is its end.
func jwt(client string, exp time.Time) string {
	return fakekit.JWT(`{"alg":"HS512"}`, map[string]any{"username": client, "roles": 0, "userdata": map[string]any{"token": fakekit.Random(8)},
		"iss": "angel", "exp": exp.Unix()})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var in struct{ ClientCode, Password, TOTP string }
	var raw map[string]string
	if err := json.NewDecoder(r.Body).Decode(&raw); err != nil {
		envelope(w, http.StatusBadRequest, false, "AB1004", "Something Went Wrong, Please Try After Sometime", nil)
		return
	}
	in.ClientCode, in.Password, in.TOTP = strings.ToUpper(raw["clientcode"]), raw["password"], raw["totp"]
	switch {
	case r.Header.Get("X-PrivateKey") != APIKey:
		envelope(w, http.StatusOK, false, "AG8004", "Invalid API Key", nil)
	case s.pins[in.ClientCode] == "" || s.pins[in.ClientCode] != in.Password:
		envelope(w, http.StatusOK, false, "AB1000", "Invalid clientcode or password", nil)
	case in.TOTP != TOTP:
		envelope(w, http.StatusOK, false, "AB1050", "Invalid totp", nil)
	default:
		exp := fakekit.DailyAt(s.Now(), fakekit.Kolkata, 5, 0)
		tok := jwt(in.ClientCode, exp)
		s.sessions.AddAccess(tok, in.ClientCode, exp)
		s.mu.Lock()
		s.logins++
		s.mu.Unlock()
		success(w, map[string]string{"jwtToken": tok, "refreshToken": fakekit.Random(24), "feedToken": fakekit.Random(12)})
	}
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /rest/auth/angelbroking/user/v1/loginByPassword", s.login)
	gate := fakekit.Gate{Rate: s.rate,
		Auth: func(r *http.Request) (string, bool) {
			if r.Header.Get("X-PrivateKey") != APIKey {
				return "", false
			}
			return s.sessions.Bearer(r)
		},
		Deny: func(w http.ResponseWriter, _ *http.Request) {
			envelope(w, http.StatusUnauthorized, false, "AG8001", "Invalid Token", "")
		},
		Limited: func(w http.ResponseWriter, _ *http.Request) {
			fakekit.WriteText(w, http.StatusTooManyRequests, "Access denied because of exceeding access rate")
		}}
	data := fakekit.ServeAs(&s.Base, gate, s.book)
	mux.Handle("GET /rest/secure/angelbroking/user/v1/getProfile", data(s.profile))
	mux.Handle("GET /rest/secure/angelbroking/user/v1/getRMS", data(s.rms))
	mux.Handle("GET /rest/secure/angelbroking/portfolio/v1/getAllHolding", data(s.holdings))
	mux.Handle("GET /rest/secure/angelbroking/order/v1/getPosition", data(s.positions))
	mux.Handle("GET /rest/secure/angelbroking/order/v1/getTradeBook", data(s.tradeBook))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		envelope(w, http.StatusNotFound, false, "AB2000", "Error not specified", nil)
	})
	return mux
}

func (s *Server) book(client string) *indiafake.Book {
	return indiafake.Of(client, SecondClient, s.start)
}

func str(d decimal.Decimal) string { return d.String() }

func (s *Server) profile(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	success(w, map[string]any{"clientcode": b.ClientID, "name": b.Name, "email": "", "mobileno": "",
		"exchanges": []string{"NSE", "BSE", "NFO", "MCX"}, "products": []string{"MARGIN", "MIS", "NRML", "CNC", "CO", "BO"},
		"lastlogintime": "", "broker": ""})
}

func (s *Server) rms(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	success(w, map[string]string{"net": str(b.Cash.Add(b.Collateral)), "availablecash": str(b.Cash),
		"availableintradaypayin": "0", "availablelimitmargin": "0", "collateral": str(b.Collateral), "m2munrealized": "0",
		"m2mrealized": "0", "utiliseddebits": "0", "utilisedspan": "0", "utilisedoptionpremium": "0",
		"utilisedholdingsales": "0", "utilisedexposure": "0", "utilisedturnover": "0", "utilisedpayout": "0"})
}

func (s *Server) holdings(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	rows := []any{}
	total, cost := decimal.Zero, decimal.Zero
	for _, h := range b.Holdings {
		q := decimal.NewFromInt(h.Units())
		total, cost = total.Add(q.Mul(h.LTP)), cost.Add(q.Mul(h.Avg))
		sym := h.Symbol
		if h.Exchange == "NSE" {
			sym += "-EQ"
		}
		rows = append(rows, map[string]any{
			"tradingsymbol": sym, "exchange": h.Exchange, "isin": h.ISIN, "t1quantity": h.T1, "realisedquantity": h.Qty,
			"quantity": h.Qty, "authorisedquantity": 0, "product": "DELIVERY", "collateralquantity": nil, "collateraltype": nil,
			"haircut": 0.0, "averageprice": h.Avg, "ltp": h.LTP, "symboltoken": h.Token, "close": h.Close,
			"profitandloss": q.Mul(h.LTP.Sub(h.Avg)).Round(2), "pnlpercentage": 0,
		})
	}
	success(w, map[string]any{"holdings": rows, "totalholding": map[string]any{"totalholdingvalue": total.Round(2),
		"totalinvvalue": cost.Round(2), "totalprofitandloss": total.Sub(cost).Round(2), "totalpnlpercentage": 0}})
}

func (s *Server) positions(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	if len(b.Positions) == 0 {
		success(w, nil)
		return
	}
	rows := []any{}
	for _, p := range b.Positions {
		buy, sell := p.Sides()
		inst, opt := map[string]string{"EQ": ""}[p.Instrument], p.OptionType
		if p.Instrument != "EQ" {
			inst = p.Instrument
		}
		sym := p.Symbol
		if p.Segment == "NSE" {
			sym += "-EQ"
		}
		rows = append(rows, map[string]any{
			"exchange": p.Segment, "symboltoken": p.Token, "producttype": map[string]string{"MIS": "INTRADAY", "NRML": "CARRYFORWARD"}[p.Product],
			"tradingsymbol": sym, "symbolname": p.Symbol, "instrumenttype": inst, "priceden": "1", "pricenum": "1",
			"genden": "1", "gennum": "1", "precision": "2", "multiplier": "-1", "boardlotsize": "1",
			"buyqty": str(decimal.NewFromInt(buy)), "sellqty": str(decimal.NewFromInt(sell)), "buyamount": str(decimal.NewFromInt(buy).Mul(p.Avg)),
			"sellamount": str(decimal.NewFromInt(sell).Mul(p.Avg)), "symbolgroup": "EQ", "strikeprice": str(p.Strike), "optiontype": opt,
			"expirydate": "", "lotsize": "1", "cfbuyqty": "0", "cfsellqty": "0", "cfbuyamount": "0", "cfsellamount": "0",
			"buyavgprice": str(p.Avg), "sellavgprice": str(p.Avg), "avgnetprice": str(p.Avg), "netvalue": "0",
			"netqty": str(decimal.NewFromInt(p.Qty)), "totalbuyvalue": "0", "totalsellvalue": "0", "cfbuyavgprice": "0",
			"cfsellavgprice": "0", "totalbuyavgprice": str(p.Avg), "totalsellavgprice": "0", "netprice": str(p.Avg),
		})
	}
	success(w, rows)
}

func (s *Server) tradeBook(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	fills := b.Today(s.Now())
	if len(fills) == 0 {
		success(w, nil)
		return
	}
	rows := []any{}
	for _, t := range fills {
		rows = append(rows, map[string]any{
			"exchange": t.Exchange, "producttype": map[string]string{"MIS": "INTRADAY", "NRML": "CARRYFORWARD", "CNC": "DELIVERY"}[t.Product],
			"tradingsymbol": t.Symbol, "instrumenttype": "", "symbolgroup": "EQ", "strikeprice": "-1", "optiontype": "",
			"expirydate": "", "marketlot": "1", "precision": "2", "multiplier": "-1", "tradevalue": str(t.Value()),
			"transactiontype": t.Side, "fillprice": str(t.Price), "fillsize": str(decimal.NewFromInt(t.Qty)), "orderid": t.OrderID,
			"fillid": t.ID, "filltime": t.At.In(fakekit.Kolkata).Format(time.TimeOnly),
		})
	}
	success(w, rows)
}

// Count says how many rows the fake serves MainClient.
func (s *Server) Count(list brokertest.List, _ string) int {
	b := s.book(MainClient)
	return fakekit.CountOne(list, len(b.Holdings)+len(b.Open()), len(b.Today(s.Now())))
}

// AccountID is the id package angelone gives a client code's account.
func AccountID(client string) string { return integrations.AccountHash(InstitutionID, client) }

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
)
