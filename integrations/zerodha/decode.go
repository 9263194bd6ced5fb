package zerodha

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// errMalformed is an answer that could not be understood.
var errMalformed = integrations.Malformed("Zerodha")

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

// wireSession is POST /session/token's data (and, without the tokens,
// GET /user/profile's).
type wireSession struct {
	UserID      string   `json:"user_id"`
	UserName    string   `json:"user_name"`
	Exchanges   []string `json:"exchanges"`
	AccessToken string   `json:"access_token"`
	LoginTime   string   `json:"login_time"`
}

func decodeSession(data json.RawMessage) (wireSession, error) {
	return httpx.Row(data, errMalformed, func(s wireSession) bool { return strings.TrimSpace(s.UserID) != "" && s.AccessToken != "" })
}

func decodeProfile(data json.RawMessage) (wireSession, error) {
	return httpx.Row(data, errMalformed, func(s wireSession) bool { return strings.TrimSpace(s.UserID) != "" })
}

// Segments: one Latchkey account each (package indiakit).
const (
	segEquity    = indiakit.SegEquity
	segCommodity = indiakit.SegCommodity
)

// accounts are a login's accounts: equity always, commodity when MCX is
// enabled.
func accounts(uid string, exchanges []string) []integrations.Account {
	return indiakit.SegmentAccounts(uid, exchanges, indiakit.SegmentNames{Name: "Zerodha", RawEquity: "equity", RawCommodity: "commodity"}, "open")
}

// wireMargins is one segment of GET /user/margins.
type wireMargins struct {
	Enabled   *bool `json:"enabled"`
	Net       num   `json:"net"`
	Available struct {
		Cash        num `json:"cash"`
		LiveBalance num `json:"live_balance"`
	} `json:"available"`
}

// decodeMargins reads GET /user/margins/:segment (the segment object
// itself) or GET /user/margins (an object of segments).
func decodeMargins(data json.RawMessage, seg string) (wireMargins, error) {
	var m wireMargins
	if err := json.Unmarshal(data, &m); err == nil && m.Net.Valid {
		return m, nil
	}
	var all map[string]*wireMargins
	if err := json.Unmarshal(data, &all); err != nil || all[seg] == nil || !all[seg].Net.Valid {
		return wireMargins{}, errMalformed
	}
	return *all[seg], nil
}

// wireHolding is one of GET /portfolio/holdings' data.
type wireHolding struct {
	Tradingsymbol string `json:"tradingsymbol"`
	Exchange      string `json:"exchange"`
	ISIN          string `json:"isin"`
	Product       string `json:"product"`
	Quantity      num    `json:"quantity"`
	T1Quantity    num    `json:"t1_quantity"`
	AveragePrice  num    `json:"average_price"`
	LastPrice     num    `json:"last_price"`
}

// wireMFHolding is one of GET /mf/holdings' data.
type wireMFHolding struct {
	Folio         string `json:"folio"`
	Fund          string `json:"fund"`
	Tradingsymbol string `json:"tradingsymbol"` // the fund's ISIN
	AveragePrice  num    `json:"average_price"`
	LastPrice     num    `json:"last_price"`
	Quantity      num    `json:"quantity"`
}

// wirePosition is one of GET /portfolio/positions' net positions.
type wirePosition struct {
	Tradingsymbol string `json:"tradingsymbol"`
	Exchange      string `json:"exchange"`
	Product       string `json:"product"`
	Quantity      num    `json:"quantity"`
	Multiplier    num    `json:"multiplier"`
	AveragePrice  num    `json:"average_price"`
	LastPrice     num    `json:"last_price"`
	OvernightQty  num    `json:"overnight_quantity"`
	DayBuyPrice   num    `json:"day_buy_price"`
	DaySellPrice  num    `json:"day_sell_price"`
}

// delivery reports a delivery (CNC) row: its overnight quantity (bought on
// an earlier day) is shares the holdings count (quantity + t1_quantity).
func (p wirePosition) delivery() bool { return strings.EqualFold(strings.TrimSpace(p.Product), "CNC") }

// units is what the row adds to the holdings: a delivery row's day net,
// quantity − overnight_quantity; any other row's quantity (MIS, NRML, CO,
// BO: none of it in the holdings).
func (p wirePosition) units() decimal.Decimal {
	if !p.delivery() {
		return p.Quantity.Decimal
	}
	return p.Quantity.Decimal.Sub(p.OvernightQty.OrZero())
}

// average is the row's cost: average_price (0 is none); a delivery row that
// carried shares overnight costs the day's side (day_buy_price for a net
// buy, day_sell_price for a net sale), average_price averaging in the
// overnight shares too.
func (p wirePosition) average(units decimal.Decimal) decimal.NullDecimal {
	if p.delivery() && !p.OvernightQty.OrZero().IsZero() {
		return indiakit.NetAverage(units, integrations.Number{}, p.DayBuyPrice, p.DaySellPrice)
	}
	avg := p.AveragePrice.Null()
	if avg.Valid && avg.Decimal.IsZero() {
		avg = decimal.NullDecimal{} // a position's 0 is no average
	}
	return avg
}

// decodeHoldings maps the equity holdings. Units are quantity +
// t1_quantity: shares bought the day before sit in t1_quantity until they
// settle (Kite's holdings example: opening_quantity = quantity +
// t1_quantity).
func decodeHoldings(data json.RawMessage, asOf time.Time) ([]integrations.Position, error) {
	var rows []wireHolding
	if err := json.Unmarshal(data, &rows); err != nil {
		return nil, errMalformed
	}
	valid := func(h wireHolding) bool {
		return strings.TrimSpace(h.Tradingsymbol) != "" && h.Quantity.Valid && h.LastPrice.Valid
	}
	return indiakit.MapRows(rows, errMalformed, valid, func(h wireHolding) (integrations.Position, bool) {
		units := h.Quantity.Decimal.Add(h.T1Quantity.Decimal)
		return indiakit.Listing{Symbol: h.Tradingsymbol, Description: h.Tradingsymbol, Type: indiakit.Type(h.Exchange, h.Tradingsymbol, h.ISIN, ""),
			Exchange: h.Exchange, ISIN: h.ISIN, Units: units, Price: h.LastPrice.Decimal, Average: h.AveragePrice.Null()}.Position(asOf), !units.IsZero()
	})
}

// decodeMFHoldings maps the mutual-fund holdings; the ticker is the fund's
// ISIN.
func decodeMFHoldings(data json.RawMessage, asOf time.Time) ([]integrations.Position, error) {
	var rows []wireMFHolding
	if err := json.Unmarshal(data, &rows); err != nil {
		return nil, errMalformed
	}
	valid := func(h wireMFHolding) bool {
		return strings.TrimSpace(h.Tradingsymbol) != "" && h.Quantity.Valid && h.LastPrice.Valid
	}
	return indiakit.MapRows(rows, errMalformed, valid, func(h wireMFHolding) (integrations.Position, bool) {
		return indiakit.Listing{Symbol: h.Tradingsymbol, Description: h.Fund, Type: integrations.SecurityFund, ISIN: h.Tradingsymbol,
			Units: h.Quantity.Decimal, Price: h.LastPrice.Decimal, Average: h.AveragePrice.Null()}.Position(asOf), !h.Quantity.Decimal.IsZero()
	})
}

// decodePositions maps the open net positions (units ≠ 0: see units) of a
// segment (commodity: MCX; equity: the rest).
func decodePositions(data []byte, seg string, asOf time.Time) ([]integrations.Position, error) {
	var w struct {
		Net []wirePosition `json:"net"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return nil, errMalformed
	}
	valid := func(p wirePosition) bool { return strings.TrimSpace(p.Tradingsymbol) != "" && p.Quantity.Valid }
	return indiakit.MapRows(w.Net, errMalformed, valid, func(p wirePosition) (integrations.Position, bool) {
		units := p.units()
		return indiakit.Listing{Symbol: p.Tradingsymbol, Description: p.Tradingsymbol, Type: indiakit.Type(p.Exchange, p.Tradingsymbol, "", ""),
				Exchange: p.Exchange, Units: units, Price: p.LastPrice.Decimal, Average: p.average(units), Multiplier: p.Multiplier.OrZero()}.Position(asOf),
			!units.IsZero() && (seg == segCommodity) == indiakit.IsCommodity(p.Exchange)
	})
}

// wireTrade is one of GET /trades' data (today's fills).
type wireTrade struct {
	TradeID         string `json:"trade_id"`
	OrderID         string `json:"order_id"`
	Exchange        string `json:"exchange"`
	Tradingsymbol   string `json:"tradingsymbol"`
	Product         string `json:"product"`
	AveragePrice    num    `json:"average_price"`
	Quantity        num    `json:"quantity"`
	TransactionType string `json:"transaction_type"`
	FillTimestamp   string `json:"fill_timestamp"`
	ExchangeTime    string `json:"exchange_timestamp"`
}

// kiteDate is the India date of a Kite timestamp ("2021-05-31 09:18:57" or
// "2021-05-31").
func kiteDate(s string) (integrations.Date, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 10 {
		return "", false
	}
	d, err := integrations.ParseDate(s[:10])
	if err != nil {
		return "", false
	}
	if len(s) > 10 {
		if _, err := time.ParseInLocation(time.DateTime, s, IST); err != nil {
			return "", false
		}
	}
	return d, true
}

func decodeTrades(data json.RawMessage) ([]wireTrade, error) {
	return httpx.Rows(data, errMalformed, func(t wireTrade) bool {
		_, dated := tradeDate(t)
		return t.TradeID != "" && t.TransactionType != "" && t.Quantity.Valid && dated
	})
}

func tradeDate(t wireTrade) (integrations.Date, bool) {
	if d, ok := kiteDate(t.FillTimestamp); ok {
		return d, true
	}
	return kiteDate(t.ExchangeTime)
}

var sides = map[string]integrations.ActivityType{"BUY": integrations.ActivityBuy, "SELL": integrations.ActivitySell}

// tradeActivity maps a fill: units negative for a sell, amount negative for
// a buy. Kite's trades carry no charges.
func tradeActivity(t wireTrade) integrations.Activity {
	raw := strings.ToUpper(strings.TrimSpace(t.TransactionType))
	typ, ok := sides[raw]
	if !ok {
		typ = integrations.ActivityOther
	}
	date, _ := tradeDate(t)
	qty := t.Quantity.Decimal.Abs()
	units, amount := integrations.Traded(typ, qty, qty.Mul(t.AveragePrice.Decimal).Round(2), decimal.Zero)
	return integrations.Activity{
		ID: "trade:" + t.Exchange + ":" + string(date) + ":" + t.TradeID, Type: typ, RawType: raw, TradeDate: date,
		Symbol: t.Tradingsymbol, Units: units, Price: t.AveragePrice.Decimal, Amount: amount, Currency: "INR",
		Description: strings.TrimSpace(t.Tradingsymbol + " " + t.Product + " on " + t.Exchange),
	}
}

// wireMFOrder is one of GET /mf/orders' data.
type wireMFOrder struct {
	OrderID         string `json:"order_id"`
	Status          string `json:"status"`
	Tradingsymbol   string `json:"tradingsymbol"`
	Fund            string `json:"fund"`
	TransactionType string `json:"transaction_type"`
	Variety         string `json:"variety"`
	Amount          num    `json:"amount"`
	Quantity        num    `json:"quantity"`
	AveragePrice    num    `json:"average_price"`
	OrderTimestamp  string `json:"order_timestamp"`
	ExchangeTime    string `json:"exchange_timestamp"`
}

func decodeMFOrders(data json.RawMessage) ([]wireMFOrder, error) {
	return httpx.Rows(data, errMalformed, func(o wireMFOrder) bool {
		_, dated := mfDate(o)
		return o.OrderID != "" && o.Status != "" && dated
	})
}

// mfDate is when a fund order took effect: the exchange's date, else the
// day it was placed.
func mfDate(o wireMFOrder) (integrations.Date, bool) {
	if d, ok := kiteDate(o.ExchangeTime); ok {
		return d, true
	}
	return kiteDate(o.OrderTimestamp)
}

// mfActivity maps a completed fund order; ok is false for orders that did
// not complete (open, rejected, cancelled).
func mfActivity(o wireMFOrder) (integrations.Activity, bool) {
	if !strings.EqualFold(o.Status, "COMPLETE") {
		return integrations.Activity{}, false
	}
	date, _ := mfDate(o)
	raw := "MF_" + strings.ToUpper(strings.TrimSpace(o.TransactionType))
	typ := integrations.ActivityOther
	qty := o.Quantity.Decimal.Abs()
	value := qty.Mul(o.AveragePrice.Decimal).Round(2)
	switch raw {
	case "MF_BUY":
		typ = integrations.ActivityBuy
		if o.Amount.Valid && o.Amount.Decimal.IsPositive() {
			value = o.Amount.Decimal
		}
	case "MF_SELL":
		typ = integrations.ActivitySell
	}
	units, amount := integrations.Traded(typ, qty, value, decimal.Zero)
	desc := strings.TrimSpace(o.Fund)
	if o.Variety != "" {
		desc = strings.TrimSpace(desc + " (" + o.Variety + ")")
	}
	return integrations.Activity{
		ID: "mf:" + o.OrderID, Type: typ, RawType: raw, TradeDate: date, Symbol: o.Tradingsymbol,
		Units: units, Price: o.AveragePrice.Decimal, Amount: amount, Currency: "INR", Description: desc,
	}, true
}

// kiteError is Kite's error envelope: {"status":"error","message":...,
// "error_type":"TokenException"}.
type kiteError struct {
	Status    string `json:"status"`
	ErrorType string `json:"error_type"`
}

// errorType returns the error_type of an error body ("TokenException"),
// "" if none or if it does not look like one (httpx.SafeCode: letters only,
// at most 32).
func errorType(body []byte) string {
	var e kiteError
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	if strings.ContainsAny(e.ErrorType, "0123456789") {
		return ""
	}
	return httpx.SafeCode(e.ErrorType, 32, "")
}

// errPermission is a Kite PermissionException: the app may not use the
// endpoint (e.g. mutual funds).
var errPermission = integrations.Wrap(integrations.ErrNotSupported, "the Kite app is not permitted to read this")

// mapStatus maps an error answer onto the contract's errors, as Kite's
// clients read them (pykiteconnect exceptions.py, gokiteconnect errors.go:
// the error_type names the exception; without one, 401 and 403 are a
// TokenException, 400 an InputException, 502 to 504 a network or data
// error). During a login (the token exchange) a refusal means the request
// token, the API key or the checksum (the API secret) was wrong.
func mapStatus(status int, h http.Header, body []byte, now time.Time, login bool) error {
	et := errorType(body)
	if et == "" && (status == http.StatusUnauthorized || status == http.StatusForbidden) {
		et = "TokenException"
	}
	switch {
	case status == http.StatusTooManyRequests:
		return httpx.RateLimited(h, now, defaultRetryAfter)
	case login && (status == http.StatusBadRequest || et == "TokenException" || et == "InputException"):
		return indiakit.AppRefused("Zerodha", ownApp)
	case et == "TokenException":
		return indiakit.Refused("Zerodha", sessionEndHour, 0)
	case et == "PermissionException", et == "PermissionError": // gokiteconnect's name for it
		return errPermission
	case status >= 500 || et == "NetworkException" || et == "DataException":
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Zerodha answered HTTP %d", status))
	case et != "":
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Zerodha refused the request (%s, HTTP %d)", et, status))
	case status < 400:
		return errMalformed
	default:
		return &httpx.StatusCodeError{StatusCode: status}
	}
}

// decodeEnvelope returns the data of Kite's success envelope
// {"status":"success","data":...}; an error envelope sent with a 2xx status
// is mapped like a refusal.
func decodeEnvelope(b []byte, login bool, now time.Time) (json.RawMessage, error) {
	var env struct {
		Status string          `json:"status"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return nil, errMalformed
	}
	if env.Status == "error" {
		return nil, mapStatus(http.StatusOK, nil, b, now, login)
	}
	if env.Status != "success" || len(env.Data) == 0 {
		return nil, errMalformed
	}
	return env.Data, nil
}
