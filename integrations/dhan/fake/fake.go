// Package fake is a fake DhanHQ v2 Trading API on loopback, for tests and
// for running Latchkey against it with --endpoints.
//
// It serves what package dhan reads, in DhanHQ's documented shapes, under
// /v2: GET /profile (dhanClientId, tokenValidity "dd/MM/yyyy HH:mm" India
// time, activeSegment), /fundlimit (with Dhan's own spelling
// "availabelBalance"), /holdings (totalQty, dpQty, t1Qty, avgCostPrice,
// lastTradedPrice), /positions (netQty, buyAvg, sellAvg, costPrice,
// multiplier, drvOptionType), /trades (today's trade book) and
// /trades/{from-date}/{to-date}/{page} (the trade history with its charges,
// PageSize rows a page from page 0, an empty page past the end) and
// /ledger?from-date=&to-date= (the Ledger Report: an "Opening Balance"
// line, then pay-ins, the documented FUNDS WITHDRAWAL / PAYBNK pay-out, a
// BILL for each fill a day after it, DP charges after each sell, and for
// the main login interest and an auction adjustment, every field a string
// with its running balance; ledger.go). Every call carries the
// access-token and client-id headers.
//
// Errors are Dhan's envelope {"errorType","errorCode","errorMessage"}: 401
// DH-901 for a token that is unknown, ended, revoked or of another client
// id; 429 DH-904 past Options.RateLimit requests a second per token (20,
// "Non Trading APIs", by default); 500 DH-908.
//
// # Test logins
//
// Access tokens are made on web.dhan.co, so the fake knows two, valid for
// 24 hours from when the fake started by its clock:
//
//	MainClientID / MainToken      six holdings (one partly in T1, an ETF),
//	                              an index option, an index future, an MCX
//	                              future and an intraday short, about eight
//	                              months of fills, two of them today
//	SecondClientID / SecondToken  two holdings and three months of fills
//
// Mint makes a further token, a JWT whose exp claim is its end, as Dhan's
// tokens are.
package fake

import (
	"cmp"
	"math"
	"net/http"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/indiakit/indiafake"
)

// InstitutionID is the institution the fake stands in for.
const InstitutionID = "dhan"

// The test logins.
const (
	MainClientID   = "1100003626"
	MainToken      = "dhan-fake-access-token-main-0001"
	SecondClientID = "1100007781"
	SecondToken    = "dhan-fake-access-token-second-0002"
)

// PageSize is how many rows a page of the trade history holds.
const PageSize = 20

// TokenLife is how long a token lasts.
const TokenLife = 24 * time.Hour

// Options configure the fake (its clock, address and rate limit): RateLimit
// is how many requests a second a token may make (default 20).
type Options = fakekit.Options

type token struct {
	clientID string
	exp      time.Time
}

// Server is a running fake DhanHQ.
type Server struct {
	fakekit.Base
	// RevokeAll ends every token, as generating a new one on web.dhan.co does;
	// ExpireAccessTokens does nothing: Dhan's tokens do not refresh; they end 24
	// hours after they were made, by the fake's clock.
	fakekit.Revocation

	opts  Options
	rate  *fakekit.Rate
	start time.Time

	mu       sync.Mutex
	tokens   map[string]token
	consents map[string]*consent // consentAppId → its login
	tokenIDs map[string]*consent // tokenId → its login
	// ledgerCalls are the spans GET /ledger was asked for.
	ledgerCalls []string
}

// New starts a fake on opts.Addr.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, start: fakekit.Now(opts.Now), consents: map[string]*consent{}, tokenIDs: map[string]*consent{}}
	s.tokens = map[string]token{
		MainToken:   {MainClientID, s.start.Add(TokenLife)},
		SecondToken: {SecondClientID, s.start.Add(TokenLife)},
	}
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 20), Per: time.Second, Now: opts.Now}
	return s, s.Start("dhan fake", opts.Addr, opts.Now, s.routes())
}

// Endpoints returns institution id → endpoint name → URL.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL() + "/v2", "auth": s.URL()}}
}

// The API-key login: the app registration the fake accepts.
const (
	APIKey    = "dhan-fake-api-key"
	APISecret = "dhan-fake-api-secret"
)

// Mint issues a token for clientID ending at exp: a JWT (unsigned here)
// whose exp claim says so, as Dhan's tokens carry.
func (s *Server) Mint(clientID string, exp time.Time) string {
	tok := fakekit.JWT(`{"typ":"JWT","alg":"HS512"}`, map[string]any{"iss": "dhan", "partnerId": "", "exp": exp.Unix(),
		"tokenConsumerType": "SELF", "webhookUrl": "", "dhanClientId": clientID})
	s.mu.Lock()
	s.tokens[tok] = token{clientID, exp}
	s.mu.Unlock()
	return tok
}

func writeError(w http.ResponseWriter, status int, typ, code, msg string) {
	fakekit.WriteJSON(w, status, map[string]string{"errorType": typ, "errorCode": code, "errorMessage": msg})
}

// auth checks the access-token and client-id headers.
func (s *Server) auth(r *http.Request) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.tokens[r.Header.Get("access-token")]
	if !ok || s.Revoked() || !s.Now().Before(t.exp) || r.Header.Get("client-id") != t.clientID {
		return "", false
	}
	return t.clientID, true
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	gate := fakekit.Gate{Rate: s.rate, Auth: s.auth,
		Deny: func(w http.ResponseWriter, _ *http.Request) {
			writeError(w, http.StatusUnauthorized, "Invalid_Authentication", "DH-901", "Client ID or user generated access token is invalid or expired.")
		},
		Limited: func(w http.ResponseWriter, _ *http.Request) {
			writeError(w, http.StatusTooManyRequests, "Rate_Limit", "DH-904", "Too many requests on server from single user breaching rate limits. Try throttling API calls.")
		}}
	data := fakekit.ServeAs(&s.Base, gate, s.book)
	mux.HandleFunc("POST /app/generate-consent", s.generateConsent)
	mux.HandleFunc("GET /login/consentApp-login", s.consentPage)
	mux.HandleFunc("POST /login/consentApp-login", s.consentDecision)
	mux.HandleFunc("GET /app/consumeApp-consent", s.consumeConsent)
	mux.Handle("GET /v2/profile", data(s.profile))
	mux.Handle("GET /v2/fundlimit", data(s.funds))
	mux.Handle("GET /v2/holdings", data(s.holdings))
	mux.Handle("GET /v2/positions", data(s.positions))
	mux.Handle("GET /v2/trades", data(s.tradeBook))
	mux.Handle("GET /v2/trades/{from}/{to}/{page}", data(s.tradeHistory))
	mux.Handle("GET /v2/ledger", data(s.ledger))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "Input_Exception", "DH-905", "Missing required fields, bad values for parameters etc.")
	})
	return mux
}

// book is the portfolio of a client id, anchored to the fake's start.
func (s *Server) book(clientID string) *indiafake.Book {
	return indiafake.Of(clientID, SecondClientID, s.start)
}

func dhanTime(t time.Time) string { return t.In(fakekit.Kolkata).Format(time.DateTime) }

func (s *Server) profile(w http.ResponseWriter, r *http.Request, b *indiafake.Book) {
	s.mu.Lock()
	exp := s.tokens[r.Header.Get("access-token")].exp
	s.mu.Unlock()
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{
		"dhanClientId": b.ClientID, "tokenValidity": exp.In(fakekit.Kolkata).Format("02/01/2006 15:04"),
		"activeSegment": "Equity, Derivative, Currency, Commodity", "ddpi": "Active", "mtf": "Active",
		"dataPlan": "Deactive", "dataValidity": "0",
	})
}

func (s *Server) funds(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{
		"dhanClientId": b.ClientID, "availabelBalance": b.Cash, "sodLimit": b.Cash.Add(b.Collateral),
		"collateralAmount": b.Collateral, "receiveableAmount": 0, "utilizedAmount": 0, "blockedPayoutAmount": 0,
		"withdrawableBalance": b.Cash,
	})
}

func (s *Server) holdings(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	rows := []any{}
	for _, h := range b.Holdings {
		rows = append(rows, map[string]any{
			"exchange": "ALL", "tradingSymbol": h.Symbol, "securityId": h.Token, "isin": h.ISIN, "totalQty": h.Units(),
			"dpQty": h.Qty, "t1Qty": h.T1, "availableQty": h.Qty, "collateralQty": 0, "avgCostPrice": h.Avg,
			"lastTradedPrice": h.LTP,
		})
	}
	fakekit.WriteJSON(w, http.StatusOK, rows)
}

// segments are DhanHQ's exchange segments (its annexure's enum).
var segments = indiafake.Segments{NSE: "NSE_EQ", BSE: "BSE_EQ", NFO: "NSE_FNO", MCX: "MCX_COMM"}

// products are DhanHQ's names of the book's products.
var products = map[string]string{"MIS": "INTRADAY", "NRML": "MARGIN"}

func (s *Server) positions(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	rows := []any{}
	for _, p := range b.Positions {
		buyQty, sellQty := p.Sides()
		typ := "LONG"
		if p.Qty < 0 {
			typ = "SHORT"
		} else if p.Qty == 0 {
			typ = "CLOSED"
		}
		opt := "NA"
		switch p.OptionType {
		case "CE":
			opt = "CALL"
		case "PE":
			opt = "PUT"
		}
		expiry := "0001-01-01 00:00:00"
		if !p.Expiry.IsZero() {
			expiry = dhanTime(p.Expiry)
		}
		rows = append(rows, map[string]any{
			"dhanClientId": b.ClientID, "tradingSymbol": p.Symbol, "securityId": p.Token, "positionType": typ,
			"exchangeSegment": segments.Of(p.Segment), "productType": products[p.Product],
			"buyAvg": p.Avg, "costPrice": p.Avg, "buyQty": buyQty, "sellAvg": p.Avg, "sellQty": sellQty, "netQty": p.Qty,
			"realizedProfit": 0, "unrealizedProfit": p.LTP.Sub(p.Avg).Mul(decimalOf(p.Qty * p.Mult)), "rbiReferenceRate": 1,
			"multiplier": p.Mult, "carryForwardBuyQty": 0, "carryForwardSellQty": 0, "carryForwardBuyValue": 0,
			"carryForwardSellValue": 0, "dayBuyQty": buyQty, "daySellQty": sellQty, "dayBuyValue": 0, "daySellValue": 0,
			"drvExpiryDate": expiry, "drvOptionType": opt, "drvStrikePrice": p.Strike, "crossCurrency": false,
		})
	}
	fakekit.WriteJSON(w, http.StatusOK, rows)
}

func tradeRow(b *indiafake.Book, t indiafake.Trade, charges bool) map[string]any {
	row := map[string]any{
		"dhanClientId": b.ClientID, "orderId": t.OrderID, "exchangeOrderId": "1100000" + t.OrderID[3:], "exchangeTradeId": t.ID,
		"transactionType": t.Side, "exchangeSegment": segments.Of(t.Exchange), "productType": products[t.Product],
		"orderType": "LIMIT", "tradingSymbol": t.Symbol, "customSymbol": t.Symbol, "securityId": t.Token, "tradedQuantity": t.Qty,
		"tradedPrice": t.Price, "createTime": dhanTime(t.At.Add(-2 * time.Second)), "updateTime": dhanTime(t.At),
		"exchangeTime": dhanTime(t.At), "drvExpiryDate": "NA", "drvOptionType": "NA", "drvStrikePrice": 0,
	}
	if row["productType"] == "" {
		row["productType"] = t.Product
	}
	if charges {
		// The history lists each charge; the fake puts them all in brokerage.
		row["isin"], row["instrument"] = t.ISIN, "EQUITY"
		row["sebiTax"], row["stt"], row["serviceTax"], row["exchangeTransactionCharges"], row["stampDuty"] = 0, 0, 0, 0, 0
		row["brokerageCharges"] = t.Fee
	}
	return row
}

func (s *Server) tradeBook(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	rows := []any{}
	for _, t := range b.Today(s.Now()) {
		rows = append(rows, tradeRow(b, t, false))
	}
	fakekit.WriteJSON(w, http.StatusOK, rows)
}

func (s *Server) tradeHistory(w http.ResponseWriter, r *http.Request, b *indiafake.Book) {
	from, err1 := time.ParseInLocation(time.DateOnly, r.PathValue("from"), fakekit.Kolkata)
	to, err2 := time.ParseInLocation(time.DateOnly, r.PathValue("to"), fakekit.Kolkata)
	page, ok := fakekit.IntParam(r.PathValue("page"), 0, 0, math.MaxInt)
	if err1 != nil || err2 != nil || !ok || to.Before(from) {
		writeError(w, http.StatusBadRequest, "Input_Exception", "DH-905", "Missing required fields, bad values for parameters etc.")
		return
	}
	var all []indiafake.Trade
	for _, t := range b.TradesUntil(s.Now()) {
		if !t.At.Before(from) && t.At.Before(to.AddDate(0, 0, 1)) {
			all = append(all, t)
		}
	}
	rows := []any{}
	for i := page * PageSize; i < len(all) && i < (page+1)*PageSize; i++ {
		rows = append(rows, tradeRow(b, all[len(all)-1-i], true))
	}
	fakekit.WriteJSON(w, http.StatusOK, rows)
}

// Count says how many rows the fake serves MainClientID.
func (s *Server) Count(list brokertest.List, _ string) int {
	b := s.book(MainClientID)
	return fakekit.CountOne(list, len(b.Holdings)+len(b.Open()), len(b.TradesUntil(s.Now()))+ledgerListed(ledgerOf(b, s.Now())))
}

// AccountID is the id package dhan gives the account of a client id.
func AccountID(clientID string) string { return integrations.AccountHash(InstitutionID, clientID) }

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
)
