package fyers

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// errMalformed is an answer that could not be understood.
var errMalformed = integrations.Malformed("FYERS")

type num = integrations.Number

// wireStatus is the part of every FYERS answer that says how it went:
// {"s":"ok","code":200,"message":""} or {"s":"error","code":-16,...}.
type wireStatus struct {
	S    string      `json:"s"`
	Code json.Number `json:"code"`
}

// body checks an answer's "s" and returns it, mapping an error answer sent
// with a 2xx status like a refusal.
func body(b []byte, now time.Time, login bool) ([]byte, error) {
	var st wireStatus
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, errMalformed
	}
	switch st.S {
	case "ok":
		return b, nil
	case "error":
		return nil, mapStatus(http.StatusOK, nil, b, now, login)
	}
	return nil, errMalformed
}

// wireToken is validate-authcode's answer.
type wireToken struct {
	Access  string `json:"access_token"`
	Refresh string `json:"refresh_token"`
}

func decodeToken(b []byte, now time.Time) (wireToken, error) {
	b, err := body(b, now, true)
	if err != nil {
		return wireToken{}, err
	}
	var t wireToken
	if err := json.Unmarshal(b, &t); err != nil || t.Access == "" {
		return wireToken{}, errMalformed
	}
	return t, nil
}

// wireProfile is /profile's data.
type wireProfile struct {
	FyID string `json:"fy_id"`
	Name string `json:"name"`
}

func decodeProfile(b []byte) (wireProfile, error) {
	var w struct {
		Data wireProfile `json:"data"`
	}
	if err := json.Unmarshal(b, &w); err != nil || strings.TrimSpace(w.Data.FyID) == "" {
		return wireProfile{}, errMalformed
	}
	w.Data.FyID = strings.TrimSpace(w.Data.FyID)
	return w.Data, nil
}

// wireFund is one line of /funds' fund_limit.
type wireFund struct {
	ID        int    `json:"id"`
	Title     string `json:"title"`
	Equity    num    `json:"equityAmount"`
	Commodity num    `json:"commodityAmount"`
}

// Lines of fund_limit (FYERS API v3 Funds).
const (
	fundTotal     = 1
	fundAvailable = 10
)

// decodeFunds maps fund_limit: the Available Balance (id 10) is the cash and
// buying power, equity and commodity together; the total adds the holdings.
func decodeFunds(b []byte, holdings decimal.Decimal) (integrations.Balance, error) {
	var w struct {
		Funds []wireFund `json:"fund_limit"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return integrations.Balance{}, errMalformed
	}
	for _, f := range w.Funds {
		if f.ID == fundAvailable || strings.EqualFold(strings.TrimSpace(f.Title), "Available Balance") {
			if !f.Equity.Valid {
				return integrations.Balance{}, errMalformed
			}
			cash := f.Equity.Decimal.Add(f.Commodity.OrZero()).Round(2)
			return integrations.Balance{Currency: indiakit.Currency, Cash: cash, BuyingPower: decimal.NewNullDecimal(cash),
				Total: cash.Add(holdings)}, nil
		}
	}
	return integrations.Balance{}, errMalformed
}

// splitSymbol reads "NSE:SBIN-EQ" into the exchange and the ticker (the
// "-EQ" and "-BE" series dropped).
func splitSymbol(s string) (exchange, ticker string) {
	exchange, ticker, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return "", exchange
	}
	for _, sfx := range []string{"-EQ", "-BE"} {
		ticker = strings.TrimSuffix(ticker, sfx)
	}
	return strings.ToUpper(exchange), ticker
}

// segmentName is a FYERS segment code as an exchange segment: 10 capital
// market, 11 equity derivatives, 12 currency derivatives, 20 commodity.
func segmentName(exchange string, segment int) string {
	switch segment {
	case 11:
		return exchange + "_FNO"
	case 12:
		return exchange + "_CURRENCY"
	case 20:
		return "MCX_COMM"
	}
	if exchange == "MCX" {
		return "MCX_COMM"
	}
	return exchange
}

// wireHolding is one of /holdings' rows: a settled (HLD) or T1 lot.
type wireHolding struct {
	HoldingType string `json:"holdingType"`
	Quantity    num    `json:"quantity"`
	CostPrice   num    `json:"costPrice"`
	MarketVal   num    `json:"marketVal"`
	LTP         num    `json:"ltp"`
	Symbol      string `json:"symbol"`
	Segment     int    `json:"segment"`
	ISIN        string `json:"isin"`
	QtyT1       num    `json:"qty_t1"`
}

// decodeHoldings maps /holdings: each row (a T1 row apart from the settled
// one, as FYERS lists them) priced by ltp.
func decodeHoldings(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var w struct {
		Holdings []wireHolding `json:"holdings"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, errMalformed
	}
	valid := func(h wireHolding) bool { _, tk := splitSymbol(h.Symbol); return tk != "" && h.Quantity.Valid }
	return indiakit.Positions(w.Holdings, errMalformed, valid, asOf, func(h wireHolding) indiakit.Holding {
		ex, tk := splitSymbol(h.Symbol)
		desc := h.Symbol
		if t := strings.TrimSpace(h.HoldingType); t != "" && t != "HLD" {
			desc += " (" + t + ")"
		}
		return indiakit.Holding{Symbol: tk, Description: desc, Segment: segmentName(ex, h.Segment), ISIN: h.ISIN,
			Units: h.Quantity.Decimal, Price: h.LTP.Decimal, PriceKnown: h.LTP.Valid && h.LTP.Decimal.IsPositive(),
			Average: h.CostPrice.Null()}
	})
}

// wirePosition is one of /positions' netPositions.
type wirePosition struct {
	Symbol      string `json:"symbol"`
	NetQty      num    `json:"netQty"`
	NetAvg      num    `json:"netAvg"`
	AvgPrice    num    `json:"avgPrice"`
	LTP         num    `json:"ltp"`
	ProductType string `json:"productType"`
	Segment     int    `json:"segment"`
	QtyMulti    num    `json:"qtyMulti_com"`
	CFBuyQty    num    `json:"cfBuyQty"`
	CFSellQty   num    `json:"cfSellQty"`
}

// units is what the row adds to the holdings. A delivery (CNC) row's
// carried-forward shares (cfBuyQty − cfSellQty, bought on an earlier day)
// are the holdings' own (an HLD or T1 row), so it counts the day's net
// only, netQty less them (dayBuyQty − daySellQty); any other row (INTRADAY,
// MARGIN, CO, BO: none of it in the holdings) counts its netQty.
func (p wirePosition) units() decimal.Decimal {
	if !strings.EqualFold(strings.TrimSpace(p.ProductType), "CNC") {
		return p.NetQty.Decimal
	}
	return p.NetQty.Decimal.Sub(p.CFBuyQty.OrZero().Sub(p.CFSellQty.OrZero()))
}

// decodePositions maps the open net positions (units ≠ 0: see units),
// priced by ltp.
func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var w struct {
		Net []wirePosition `json:"netPositions"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, errMalformed
	}
	valid := func(p wirePosition) bool { _, tk := splitSymbol(p.Symbol); return tk != "" && p.NetQty.Valid }
	return indiakit.Positions(w.Net, errMalformed, valid, asOf, func(p wirePosition) indiakit.Holding {
		ex, tk := splitSymbol(p.Symbol)
		units := p.units()
		return indiakit.Holding{Symbol: tk, Description: strings.TrimSpace(p.Symbol + " " + p.ProductType),
			Segment: segmentName(ex, p.Segment), Units: units, Price: p.LTP.Decimal,
			PriceKnown: p.LTP.Valid && p.LTP.Decimal.IsPositive(), Average: indiakit.NetAverage(units, p.NetAvg, p.AvgPrice, p.AvgPrice), Multiplier: p.QtyMulti.OrZero()}
	})
}

// wireTrade is one of /tradebook's fills (today's).
type wireTrade struct {
	OrderDateTime string      `json:"orderDateTime"`
	OrderNumber   string      `json:"orderNumber"`
	Side          json.Number `json:"side"`
	Segment       int         `json:"segment"`
	ProductType   string      `json:"productType"`
	TradedQty     num         `json:"tradedQty"`
	TradePrice    num         `json:"tradePrice"`
	TradeValue    num         `json:"tradeValue"`
	TradeNumber   string      `json:"tradeNumber"`
	Symbol        string      `json:"symbol"`
}

func (t wireTrade) date() integrations.Date {
	return indiakit.Date(t.OrderDateTime, "02-Jan-2006 15:04:05", "02-Jan-2006 15:04", "2006-01-02 15:04:05")
}

func decodeTrades(b []byte) ([]wireTrade, error) {
	var w struct {
		Trades []wireTrade `json:"tradeBook"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, errMalformed
	}
	for _, t := range w.Trades {
		if strings.TrimSpace(t.TradeNumber) == "" || t.Side == "" || !t.TradedQty.Valid || t.date() == "" {
			return nil, errMalformed
		}
	}
	return w.Trades, nil
}

// activity maps a fill: side 1 is BUY, -1 SELL (FYERS' own words).
func activity(t wireTrade) integrations.Activity {
	ex, tk := splitSymbol(t.Symbol)
	return indiakit.Fill{ID: t.TradeNumber, Side: t.Side.String(), Symbol: tk, Segment: segmentName(ex, t.Segment),
		Product: t.ProductType, Date: t.date(), Units: t.TradedQty.Decimal, Price: t.TradePrice.OrZero(),
		Value: t.TradeValue.OrZero()}.Activity("trade")
}

// errorCode reads an error answer's FYERS code (negative), 0 if none.
func errorCode(b []byte) int {
	var st wireStatus
	if json.Unmarshal(b, &st) != nil {
		return 0
	}
	n, err := strconv.Atoi(st.Code.String())
	if err != nil || n >= 0 {
		return 0
	}
	return n
}

// defaultRetryAfter is the wait assumed for a 429 without Retry-After.
const defaultRetryAfter = time.Second

// mapStatus maps a refusal by FYERS' code, else the HTTP status: -8 (token
// expired), -15, -16, -17 (invalid token, could not authenticate) and 401
// or 403 end the grant, or during the login refuse the app registration
// (-371: a wrong appIdHash, -374: a bad auth code; -373 a missing
// permission); -353 and 429 are the rate limit; -96 and 5xx are
// ErrUnavailable, and so is anything else.
func mapStatus(status int, h http.Header, b []byte, now time.Time, login bool) error {
	code := errorCode(b)
	switch {
	case status == http.StatusTooManyRequests || code == -353 || code == -429:
		return httpx.RateLimited(h, now, defaultRetryAfter)
	case status >= 500 || code == -96 || (code <= -201 && code >= -205):
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("FYERS could not answer now (HTTP %d, %d)", status, code))
	case code == -373:
		return integrations.Wrap(integrations.ErrNotSupported, "the FYERS app lacks the permission for this (-373)")
	case login && (status >= 400 || code != 0):
		return indiakit.AppRefused("FYERS", ownApp)
	case code == -8 || code == -15 || code == -16 || code == -17 ||
		status == http.StatusUnauthorized || status == http.StatusForbidden:
		return indiakit.Refused("FYERS", sessionEndHour, 0)
	case code != 0:
		return indiakit.Unmapped("FYERS", strconv.Itoa(code), status, errMalformed)
	}
	return indiakit.Unmapped("FYERS", "", status, errMalformed)
}
