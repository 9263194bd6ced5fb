package angelone

import (
	"bytes"
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
var errMalformed = integrations.Malformed("Angel One")

type num = integrations.Number

// wireEnvelope is SmartAPI's envelope: {"status":true,"message":"SUCCESS",
// "errorcode":"","data":...}; a refusal has status false and an errorcode.
type wireEnvelope struct {
	Status    *bool           `json:"status"`
	Message   string          `json:"message"`
	ErrorCode string          `json:"errorcode"`
	Data      json.RawMessage `json:"data"`
}

// decodeEnvelope returns the data of a success envelope ("null" for none),
// mapping a refusal sent with a 2xx status like any other.
func decodeEnvelope(b []byte, now time.Time, login bool) (json.RawMessage, error) {
	var e wireEnvelope
	if err := json.Unmarshal(b, &e); err != nil || e.Status == nil {
		return nil, errMalformed
	}
	if !*e.Status {
		return nil, mapStatus(http.StatusOK, nil, b, now, login)
	}
	if len(e.Data) == 0 {
		return json.RawMessage("null"), nil
	}
	return e.Data, nil
}

// isNull reports an absent list: SmartAPI answers data null (or "") when
// there is nothing.
func isNull(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) == 0 || string(b) == "null" || string(b) == `""`
}

// wireSession is loginByPassword's data.
type wireSession struct {
	JWT     string `json:"jwtToken"`
	Refresh string `json:"refreshToken"`
	Feed    string `json:"feedToken"`
}

func decodeSession(b []byte) (wireSession, error) {
	s, err := httpx.Row(b, errMalformed, func(s wireSession) bool { return s.JWT != "" })
	s.JWT = strings.TrimPrefix(s.JWT, "Bearer ")
	return s, err
}

// wireProfile is getProfile's data.
type wireProfile struct {
	ClientCode string          `json:"clientcode"`
	Name       string          `json:"name"`
	Exchanges  json.RawMessage `json:"exchanges"` // a list, or (in the documented sample) its text
}

func decodeProfile(b []byte) (wireProfile, error) {
	return httpx.Row(b, errMalformed, func(p wireProfile) bool { return strings.TrimSpace(p.ClientCode) != "" })
}

// wireRMS is getRMS's data: amounts as strings.
type wireRMS struct {
	Net           num `json:"net"`
	AvailableCash num `json:"availablecash"`
	Collateral    num `json:"collateral"`
	UtilisedDebit num `json:"utiliseddebits"`
}

func decodeRMS(b []byte) (wireRMS, error) {
	return httpx.Row(b, errMalformed, func(r wireRMS) bool { return r.AvailableCash.Valid })
}

// balance maps the RMS limits: available cash is the cash, net the buying
// power; total adds the holdings.
func balance(r wireRMS, holdings decimal.Decimal) integrations.Balance {
	cash := r.AvailableCash.Decimal.Round(2)
	bp := cash
	if r.Net.Valid {
		bp = r.Net.Decimal.Round(2)
	}
	return integrations.Balance{Currency: indiakit.Currency, Cash: cash, BuyingPower: decimal.NewNullDecimal(bp), Total: cash.Add(holdings)}
}

// wireHolding is one of getAllHolding's holdings (or getHolding's rows).
type wireHolding struct {
	TradingSymbol string `json:"tradingsymbol"`
	Exchange      string `json:"exchange"`
	ISIN          string `json:"isin"`
	T1Quantity    num    `json:"t1quantity"`
	Quantity      num    `json:"quantity"`
	Product       string `json:"product"`
	AveragePrice  num    `json:"averageprice"`
	LTP           num    `json:"ltp"`
	SymbolToken   string `json:"symboltoken"`
}

// symbol drops the series suffix of an NSE symbol ("TATASTEEL-EQ").
func symbol(s string) string {
	s = strings.TrimSpace(s)
	for _, sfx := range []string{"-EQ", "-BE", "-BZ"} {
		s = strings.TrimSuffix(s, sfx)
	}
	return s
}

// decodeHoldings maps getAllHolding's holdings (units quantity +
// t1quantity, priced by ltp).
func decodeHoldings(b []byte, asOf time.Time) ([]integrations.Position, error) {
	if isNull(b) {
		return nil, nil
	}
	var w struct {
		Holdings []wireHolding `json:"holdings"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		// getHolding answers the list itself.
		if err := json.Unmarshal(b, &w.Holdings); err != nil {
			return nil, errMalformed
		}
	}
	valid := func(h wireHolding) bool { return strings.TrimSpace(h.TradingSymbol) != "" && h.Quantity.Valid }
	return indiakit.Positions(w.Holdings, errMalformed, valid, asOf, func(h wireHolding) indiakit.Holding {
		return indiakit.Holding{Symbol: symbol(h.TradingSymbol), Description: h.TradingSymbol, Segment: h.Exchange,
			ISIN: h.ISIN, Units: h.Quantity.Decimal.Add(h.T1Quantity.OrZero()), Price: h.LTP.Decimal,
			PriceKnown: h.LTP.Valid && h.LTP.Decimal.IsPositive(), Average: h.AveragePrice.Null()}
	})
}

// wirePosition is one of getPosition's rows: every number a string.
type wirePosition struct {
	Exchange       string `json:"exchange"`
	ProductType    string `json:"producttype"`
	TradingSymbol  string `json:"tradingsymbol"`
	InstrumentType string `json:"instrumenttype"`
	OptionType     string `json:"optiontype"`
	NetQty         num    `json:"netqty"`
	CFBuyQty       num    `json:"cfbuyqty"`
	CFSellQty      num    `json:"cfsellqty"`
	AvgNetPrice    num    `json:"avgnetprice"`
	BuyAvgPrice    num    `json:"buyavgprice"`
	SellAvgPrice   num    `json:"sellavgprice"`
	LTP            num    `json:"ltp"`
}

// units is what the row adds to the holdings. A delivery (DELIVERY) row's
// carried-forward shares (cfbuyqty − cfsellqty, bought on an earlier day)
// are the holdings' own (its quantity or t1quantity), so it counts the
// day's net only, netqty less them; any other row (INTRADAY, CARRYFORWARD,
// MARGIN: none of it in the holdings) counts its netqty.
func (p wirePosition) units() decimal.Decimal {
	if !p.delivery() {
		return p.NetQty.Decimal
	}
	return p.NetQty.Decimal.Sub(p.carried())
}

func (p wirePosition) delivery() bool {
	return strings.EqualFold(strings.TrimSpace(p.ProductType), "DELIVERY")
}

func (p wirePosition) carried() decimal.Decimal { return p.CFBuyQty.OrZero().Sub(p.CFSellQty.OrZero()) }

// average is the row's cost: avgnetprice, else the larger side's average; a
// delivery row that carried shares forward costs the day's side
// (buyavgprice for a net buy, sellavgprice for a net sale: the day's, the
// totals being totalbuyavgprice and totalsellavgprice), avgnetprice
// averaging in the carried shares too.
func (p wirePosition) average(units decimal.Decimal) decimal.NullDecimal {
	net := p.AvgNetPrice
	if p.delivery() && !p.carried().IsZero() {
		net = num{}
	}
	return indiakit.NetAverage(units, net, p.BuyAvgPrice, p.SellAvgPrice)
}

// decodePositions maps the open positions (units ≠ 0: see units); SmartAPI's
// positions name no last price unless ltp is present: PriceUnknown.
func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, error) {
	if isNull(b) {
		return nil, nil
	}
	var rows []wirePosition
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, errMalformed
	}
	valid := func(p wirePosition) bool { return strings.TrimSpace(p.TradingSymbol) != "" && p.NetQty.Valid }
	return indiakit.Positions(rows, errMalformed, valid, asOf, func(p wirePosition) indiakit.Holding {
		inst := p.InstrumentType
		if o := strings.ToUpper(strings.TrimSpace(p.OptionType)); o == "CE" || o == "PE" {
			inst = o
		}
		units := p.units()
		return indiakit.Holding{Symbol: symbol(p.TradingSymbol), Description: strings.TrimSpace(p.TradingSymbol + " " + p.ProductType),
			Segment: p.Exchange, Instrument: inst, Units: units, Average: p.average(units),
			Price: p.LTP.Decimal, PriceKnown: p.LTP.Valid && p.LTP.Decimal.IsPositive()}
	})
}

// wireTrade is one of getTradeBook's fills (today's).
type wireTrade struct {
	Exchange        string `json:"exchange"`
	ProductType     string `json:"producttype"`
	TradingSymbol   string `json:"tradingsymbol"`
	TradeValue      num    `json:"tradevalue"`
	TransactionType string `json:"transactiontype"`
	FillPrice       num    `json:"fillprice"`
	FillSize        num    `json:"fillsize"`
	OrderID         string `json:"orderid"`
	FillID          string `json:"fillid"`
	FillTime        string `json:"filltime"`
}

func decodeTrades(b []byte) ([]wireTrade, error) {
	if isNull(b) {
		return nil, nil
	}
	return httpx.Rows(b, errMalformed, func(t wireTrade) bool {
		return strings.TrimSpace(t.FillID) != "" && t.TransactionType != "" && t.FillSize.Valid
	})
}

// activity maps a fill of the day's trade book: its date is today in India
// (filltime is a time of day only).
func activity(t wireTrade, today integrations.Date) integrations.Activity {
	return indiakit.Fill{ID: t.FillID, Side: t.TransactionType, Symbol: symbol(t.TradingSymbol), Segment: t.Exchange,
		Product: t.ProductType, Date: today, Units: t.FillSize.Decimal, Price: t.FillPrice.OrZero(),
		Value: t.TradeValue.OrZero()}.Activity("fill")
}

// errorCode reads a refusal's errorcode (AG8001, AB1010, ...), "" if none.
func errorCode(body []byte) string { return strings.ToUpper(httpx.BodyCode(body, "errorcode", 64, "")) }

// defaultRetryAfter is the wait assumed for a 429 without Retry-After:
// SmartAPI's limits are per second.
const defaultRetryAfter = time.Second

// mapStatus maps a refusal onto the contract's errors by SmartAPI's
// errorcode, else the HTTP status. Session codes (AG8001 invalid token,
// AG8002 expired, AG8003 missing, AB1010 session expired, AB1011 not
// logged in) end the grant; during the login a refusal is the credentials'
// (AB1050 and AB1051 the TOTP's, AB1006 a blocked client).
func mapStatus(status int, h http.Header, body []byte, now time.Time, login bool) error {
	code := errorCode(body)
	switch {
	case status == http.StatusTooManyRequests || code == "AB1019":
		return httpx.RateLimited(h, now, defaultRetryAfter)
	case code == "AB1006":
		return integrations.Wrap(integrations.ErrAccountLocked, "Angel One has blocked this client for trading (AB1006)")
	case status >= 500 || code == "AB1004" || code == "AB2000" || code == "AB2001" || code == "AB1007":
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Angel One could not answer now (HTTP %d %s)", status, code))
	case login && (code == "AB1050" || code == "AB1051"):
		return integrations.Wrap(integrations.ErrInvalidMFACode, "Angel One refused the TOTP code")
	case login && (code != "" || status == http.StatusUnauthorized || status == http.StatusForbidden || status == http.StatusBadRequest),
		!login && (code == "AG8001" || code == "AG8002" || code == "AG8003" || code == "AB1010" || code == "AB1011" ||
			(code == "" && (status == http.StatusUnauthorized || status == http.StatusForbidden))):
		return integrations.KeyRefused(login, "Angel One refused the API key, client code or PIN",
			indiakit.SessionEnded("Angel One", sessionEndHour, 0))
	}
	return indiakit.Unmapped("Angel One", code, status, errMalformed)
}
