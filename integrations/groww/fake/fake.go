// Package fake is a fake Groww Trade API on loopback, for tests and for
// running Latchkey against it with --endpoints.
//
// It serves what package groww reads, in the shapes of Groww's cURL
// documentation (groww.in/trade-api/docs/curl) and its envelope
// {"status":"SUCCESS","payload":...} or {"status":"FAILURE","error":{"code",
// "message","metadata"}}: POST /v1/token/api/access (Authorization: Bearer
// <TOTP API key>, {"key_type":"totp","totp":...}) answering, outside the
// envelope as the docs' example does, {token, tokenRefId, sessionName,
// expiry, isActive}; and, with Authorization: Bearer <access token>,
// Accept: application/json and X-API-VERSION: 1.0 (a request without the
// version is refused, GA001), GET /v1/user/detail, /v1/margins/detail/user,
// /v1/holdings/user, /v1/positions/user?segment=, /v1/order/list?segment=
// &page=&page_size= (the day's orders) and /v1/order/trades/{groww_order_id}
// ?segment=&page=&page_size= and /v1/live-data/ltp?segment=&exchange_symbols=
// (up to 50, "NSE_RELIANCE"). Every access token ends at 06:00 India time by
// the fake's clock ("Expires daily at 6:00 AM").
//
// Refusals: 401 GA005 for a token unknown, ended or revoked, and for an
// unknown API key at the token exchange; 400 GA001 for a wrong TOTP or a
// key_type other than totp; 404 GA004 for an unknown order; 429 past
// Options.RateLimit requests a second per token (the Non Trading limit is
// 20 a second; 20 by default).
//
// # Test logins
//
//	MainToken, or MainAPIKey + TOTP     UCC MainUCC: six holdings (one partly
//	                                    in T1, those shares also a carried-
//	                                    forward CNC position; an ETF), an
//	                                    index option, an index future, an
//	                                    MCX future and an intraday short;
//	                                    today two fills and a rejected order
//	SecondToken, or SecondAPIKey + TOTP UCC SecondUCC: two holdings, cash
//	                                    segment only, no orders today
//
// The TOTP code is TOTP ("246810") at any time.
package fake

import (
	"cmp"
	"encoding/json"
	"net/http"
	"strconv"
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
const InstitutionID = "groww"

// The test logins. MainUCC is the UCC of the docs' user profile example.
const (
	MainUCC      = "924189"
	MainToken    = "groww-fake-access-token-main-0001"
	MainAPIKey   = "groww-fake-totp-api-key-main-0001"
	SecondUCC    = "731552"
	SecondToken  = "groww-fake-access-token-second-0002"
	SecondAPIKey = "groww-fake-totp-api-key-second-0002"
	TOTP         = "246810"
)

// Options configure the fake (its clock, address and rate limit): RateLimit
// is how many requests a second a token may make (default 20).
type Options = fakekit.Options

// Server is a running fake Trade API.
type Server struct {
	fakekit.Base

	opts   Options
	start  time.Time
	tokens *fakekit.Tokens // access token → UCC
	rate   *fakekit.Rate
	keys   map[string]string // TOTP API key → UCC

	mu        sync.Mutex
	exchanges int
}

// New starts a fake on opts.Addr.
func New(opts Options) (*Server, error) {
	s := &Server{opts: opts, start: fakekit.Now(opts.Now), tokens: &fakekit.Tokens{Now: opts.Now},
		keys: map[string]string{MainAPIKey: MainUCC, SecondAPIKey: SecondUCC}}
	end := fakekit.DailyAt(s.start, fakekit.Kolkata, 6, 0)
	s.tokens.AddAccess(MainToken, MainUCC, end)
	s.tokens.AddAccess(SecondToken, SecondUCC, end)
	s.rate = &fakekit.Rate{Limit: cmp.Or(opts.RateLimit, 20), Per: time.Second, Now: opts.Now}
	return s, s.Start("groww fake", opts.Addr, opts.Now, s.routes())
}

// Endpoints returns institution id → endpoint name → URL.
func (s *Server) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{InstitutionID: {"api": s.URL()}}
}

// RevokeAll ends every access token, as revoking them on the Trading APIs
// page does.
func (s *Server) RevokeAll() { s.tokens.RevokeAll() }

// ExpireAccessTokens does nothing: tokens end at 06:00 India time.
func (s *Server) ExpireAccessTokens() {}

// Exchanges says how many tokens the TOTP exchange has issued.
func (s *Server) Exchanges() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.exchanges
}

func success(w http.ResponseWriter, payload any) {
	fakekit.WriteJSON(w, http.StatusOK, map[string]any{"status": "SUCCESS", "payload": payload})
}

func failure(w http.ResponseWriter, status int, code, msg string) {
	fakekit.WriteJSON(w, status, map[string]any{"status": "FAILURE", "error": map[string]any{"code": code, "message": msg, "metadata": nil}})
}

// token trades a TOTP API key and code for the day's access token.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	key, _ := fakekit.BearerToken(r)
	ucc, known := s.keys[key]
	var in struct {
		KeyType string `json:"key_type"`
		TOTP    string `json:"totp"`
	}
	switch {
	case !known:
		failure(w, http.StatusUnauthorized, "GA005", "User not authorised to perform this operation")
	case json.NewDecoder(r.Body).Decode(&in) != nil || in.KeyType != "totp" || in.TOTP != TOTP:
		failure(w, http.StatusBadRequest, "GA001", "Bad request")
	default:
		exp := fakekit.DailyAt(s.Now(), fakekit.Kolkata, 6, 0)
		tok := fakekit.JWT(`{"alg":"ES256","kid":"groww-fake"}`, map[string]any{"sub": ucc, "exp": exp.Unix(), "jti": fakekit.Random(8)})
		s.tokens.AddAccess(tok, ucc, exp)
		s.mu.Lock()
		s.exchanges++
		s.mu.Unlock()
		fakekit.WriteJSON(w, http.StatusOK, map[string]any{"token": tok, "tokenRefId": "ref-" + fakekit.Random(6),
			"sessionName": "latchkey", "expiry": exp.In(fakekit.Kolkata).Format("2006-01-02T15:04:05"), "isActive": true})
	}
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/token/api/access", s.token)
	gate := fakekit.Gate{Rate: s.rate, Auth: s.tokens.Bearer,
		Deny: func(w http.ResponseWriter, _ *http.Request) {
			failure(w, http.StatusUnauthorized, "GA005", "User not authorised to perform this operation")
		},
		Limited: func(w http.ResponseWriter, _ *http.Request) {
			failure(w, http.StatusTooManyRequests, "GA006", "Cannot process this request")
		}}
	data := fakekit.ServeAs(&s.Base, gate, s.book)
	mux.Handle("GET /v1/user/detail", data(s.profile))
	mux.Handle("GET /v1/margins/detail/user", data(s.margin))
	mux.Handle("GET /v1/holdings/user", data(s.holdings))
	mux.Handle("GET /v1/positions/user", data(s.positions))
	mux.Handle("GET /v1/order/list", data(s.orders))
	mux.Handle("GET /v1/order/trades/{id}", data(s.trades))
	mux.Handle("GET /v1/live-data/ltp", data(s.ltp))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		failure(w, http.StatusNotFound, "GA004", "Requested entity does not exist")
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/token/api/access" && r.Header.Get("X-API-VERSION") != "1.0" {
			failure(w, http.StatusBadRequest, "GA001", "Bad request")
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func (s *Server) book(ucc string) *indiafake.Book { return indiafake.Of(ucc, SecondUCC, s.start) }

// segments are the Trade API's segments of the book's exchanges, and the
// exchanges it names them on.
var (
	segments  = indiafake.Segments{NSE: "CASH", BSE: "CASH", NFO: "FNO", MCX: "COMMODITY"}
	exchanges = indiafake.Segments{NSE: "NSE", BSE: "BSE", NFO: "NSE", MCX: "MCX"}
)

func (s *Server) profile(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	active := []string{"CASH", "FNO", "COMMODITY"}
	if b.ClientID == SecondUCC {
		active = []string{"CASH"}
	}
	success(w, map[string]any{"vendor_user_id": fakekit.UUID(b.ClientID), "ucc": b.ClientID, "nse_enabled": true,
		"bse_enabled": true, "ddpi_enabled": false, "active_segments": active})
}

func (s *Server) margin(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	zero := decimal.Zero
	success(w, map[string]any{"clear_cash": b.Cash, "net_margin_used": zero, "brokerage_and_charges": zero,
		"collateral_used": zero, "collateral_available": b.Collateral, "adhoc_margin": zero,
		"fno_margin_details": map[string]any{"net_fno_margin_used": zero, "span_margin_used": zero, "exposure_margin_used": zero,
			"future_balance_available": b.Cash.Add(b.Collateral), "option_buy_balance_available": b.Cash,
			"option_sell_balance_available": b.Cash.Add(b.Collateral)},
		"equity_margin_details": map[string]any{"net_equity_margin_used": zero, "cnc_margin_used": zero, "mis_margin_used": zero,
			"cnc_balance_available": b.Cash, "mis_balance_available": b.Cash.Add(b.Collateral)}})
}

func (s *Server) holdings(w http.ResponseWriter, _ *http.Request, b *indiafake.Book) {
	rows := []any{}
	for _, h := range b.Holdings {
		rows = append(rows, map[string]any{"isin": h.ISIN, "trading_symbol": h.Symbol, "quantity": h.Units(), "average_price": h.Avg,
			"pledge_quantity": 0, "demat_locked_quantity": 0, "groww_locked_quantity": 0, "repledge_quantity": 0,
			"t1_quantity": h.T1, "demat_free_quantity": h.Qty, "corporate_action_additional_quantity": 0,
			"active_demat_transfer_quantity": 0})
	}
	success(w, map[string]any{"holdings": rows})
}

// segmentParam reads a request's segment: one of the API's, else false.
func segmentParam(w http.ResponseWriter, r *http.Request) (string, bool) {
	seg := r.URL.Query().Get("segment")
	switch seg {
	case "CASH", "FNO", "COMMODITY":
		return seg, true
	}
	failure(w, http.StatusBadRequest, "GA001", "Bad request")
	return "", false
}

func (s *Server) positions(w http.ResponseWriter, r *http.Request, b *indiafake.Book) {
	seg, ok := segmentParam(w, r)
	if !ok {
		return
	}
	rows := []any{}
	for _, p := range b.Positions {
		if segments.Of(p.Segment) != seg {
			continue
		}
		buy, sell := p.Sides()
		rows = append(rows, map[string]any{
			"trading_symbol": p.Symbol, "segment": seg, "credit_quantity": buy, "credit_price": p.Avg,
			"debit_quantity": sell, "debit_price": p.Avg, "carry_forward_credit_quantity": 0, "carry_forward_credit_price": 0,
			"carry_forward_debit_quantity": 0, "carry_forward_debit_price": 0, "exchange": exchanges.Of(p.Segment),
			"symbol_isin": "", "quantity": p.Qty, "product": p.Product, "net_carry_forward_quantity": 0,
			"net_price": p.Avg, "net_carry_forward_price": 0, "realised_pnl": 0,
		})
	}
	if seg == "CASH" {
		// Shares bought yesterday for delivery (T1 in the holdings) are
		// carried forward in a CNC row, as the docs' sample carries 10: the
		// same shares the holdings list.
		for _, h := range b.Holdings {
			if h.T1 == 0 {
				continue
			}
			rows = append(rows, map[string]any{
				"trading_symbol": h.Symbol, "segment": seg, "credit_quantity": 0, "credit_price": 0,
				"debit_quantity": 0, "debit_price": 0, "carry_forward_credit_quantity": h.T1, "carry_forward_credit_price": h.Avg,
				"carry_forward_debit_quantity": 0, "carry_forward_debit_price": 0, "exchange": h.Exchange,
				"symbol_isin": h.ISIN, "quantity": h.T1, "product": "CNC", "net_carry_forward_quantity": h.T1,
				"net_price": h.Avg, "net_carry_forward_price": h.Avg, "realised_pnl": 0,
			})
		}
	}
	success(w, map[string]any{"positions": rows})
}

// ltp answers the last prices of up to 50 exchange_symbols of a segment
// ("NSE_RELIANCE"): a holding's on NSE or BSE (CASH), a position's on its
// exchange and segment; an instrument the book does not hold is left out.
func (s *Server) ltp(w http.ResponseWriter, r *http.Request, b *indiafake.Book) {
	seg, ok := segmentParam(w, r)
	if !ok {
		return
	}
	syms := strings.Split(r.URL.Query().Get("exchange_symbols"), ",")
	if len(syms) == 0 || syms[0] == "" || len(syms) > 50 {
		failure(w, http.StatusBadRequest, "GA001", "Bad request")
		return
	}
	prices := map[string]decimal.Decimal{}
	if seg == "CASH" {
		for _, h := range b.Holdings {
			prices["NSE_"+h.Symbol], prices["BSE_"+h.Symbol] = h.LTP, h.LTP
		}
	}
	for _, p := range b.Positions {
		if segments.Of(p.Segment) == seg {
			prices[exchanges.Of(p.Segment)+"_"+p.Symbol] = p.LTP
		}
	}
	out := map[string]any{}
	for _, sym := range syms {
		if p, ok := prices[sym]; ok {
			out[sym] = p
		}
	}
	success(w, out)
}

// order is one of the day's orders: its fills, or none (rejected).
type order struct {
	id, seg string
	fills   []indiafake.Trade
	status  string
}

// orders are the book's orders today, in the order placed: each of the
// day's fills is its own order; the main login also has a rejected order.
func (s *Server) dayOrders(b *indiafake.Book) []order {
	var out []order
	for _, t := range b.Today(s.Now()) {
		out = append(out, order{id: "GMK" + strings.ReplaceAll(t.OrderID, "-", ""), seg: segments.Of(t.Exchange), fills: []indiafake.Trade{t}, status: "EXECUTED"})
	}
	if len(out) > 0 {
		out = append(out, order{id: "GMKREJECTED01", seg: "CASH", status: "REJECTED"})
	}
	return out
}

// pageParams reads page (from 0) and page_size (1 to most; def when absent).
func pageParams(w http.ResponseWriter, r *http.Request, def, most int) (page, size int, ok bool) {
	q := r.URL.Query()
	page, okPage := fakekit.IntParam(q.Get("page"), 0, 0, 1000)
	size, okSize := fakekit.IntParam(q.Get("page_size"), def, 1, most)
	if !okPage || !okSize {
		failure(w, http.StatusBadRequest, "GA001", "Bad request")
		return 0, 0, false
	}
	return page, size, true
}

func (s *Server) orders(w http.ResponseWriter, r *http.Request, b *indiafake.Book) {
	seg, ok := segmentParam(w, r)
	if !ok {
		return
	}
	page, size, ok := pageParams(w, r, 25, 100)
	if !ok {
		return
	}
	rows := []any{}
	for _, o := range s.dayOrders(b) {
		if o.seg != seg {
			continue
		}
		row := map[string]any{"groww_order_id": o.id, "trading_symbol": "IDEA", "order_status": o.status,
			"remark": "Order rejected", "quantity": 1, "price": 0, "trigger_price": 0, "filled_quantity": 0,
			"remaining_quantity": 1, "average_fill_price": 0, "deliverable_quantity": 0, "amo_status": "NA", "validity": "DAY",
			"exchange": "NSE", "order_type": "MARKET", "transaction_type": "BUY", "segment": seg, "product": "CNC",
			"created_at": s.Now().In(fakekit.Kolkata).Format("2006-01-02T15:04:05"), "order_reference_id": "Lk-" + o.id}
		for _, t := range o.fills {
			at := t.At.In(fakekit.Kolkata).Format("2006-01-02T15:04:05")
			row["trading_symbol"], row["remark"], row["quantity"], row["price"] = t.Symbol, "Order placed successfully", t.Qty, t.Price
			row["filled_quantity"], row["remaining_quantity"], row["average_fill_price"] = t.Qty, 0, t.Price
			row["exchange"], row["transaction_type"], row["product"] = exchanges.Of(t.Exchange), t.Side, t.Product
			row["order_type"], row["created_at"], row["exchange_time"], row["trade_date"] = "LIMIT", at, at, at
		}
		rows = append(rows, row)
	}
	part, _ := fakekit.Page(rows, page*size, size)
	success(w, map[string]any{"order_list": part})
}

func (s *Server) trades(w http.ResponseWriter, r *http.Request, b *indiafake.Book) {
	seg, ok := segmentParam(w, r)
	if !ok {
		return
	}
	page, size, ok := pageParams(w, r, 10, 50)
	if !ok {
		return
	}
	for _, o := range s.dayOrders(b) {
		if o.id != r.PathValue("id") || o.seg != seg {
			continue
		}
		rows := []any{}
		for i, t := range o.fills {
			at := t.At.In(fakekit.Kolkata).Format(time.RFC3339)
			rows = append(rows, map[string]any{"price": t.Price, "isin": t.ISIN, "quantity": t.Qty, "groww_order_id": o.id,
				"groww_trade_id": "GTR" + t.ID + "-" + strconv.Itoa(i), "exchange_trade_id": "EX" + t.ID, "exchange_order_id": "EXO" + t.OrderID,
				"trade_status": "EXECUTED", "trading_symbol": t.Symbol, "remark": "Trade executed successfully",
				"exchange": exchanges.Of(t.Exchange), "segment": seg, "product": t.Product, "transaction_type": t.Side,
				"created_at": at, "trade_date_time": at, "settlement_number": "SETTLE" + t.ID})
		}
		part, _ := fakekit.Page(rows, page*size, size)
		success(w, map[string]any{"trade_list": part})
		return
	}
	failure(w, http.StatusNotFound, "GA004", "Requested entity does not exist")
}

// Count says how many rows the fake serves MainUCC.
func (s *Server) Count(list brokertest.List, _ string) int {
	b := s.book(MainUCC)
	return fakekit.CountOne(list, len(b.Holdings)+len(b.Open()), len(b.Today(s.Now())))
}

// AccountID is the id package groww gives a UCC's account.
func AccountID(ucc string) string { return integrations.AccountHash(InstitutionID, ucc) }

var (
	_ brokertest.Fake    = (*Server)(nil)
	_ brokertest.Counter = (*Server)(nil)
)
