package kotakneo

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
var errMalformed = integrations.Malformed("Kotak Neo")

type num = integrations.Number

// wireSession is the data of tradeApiLogin (a View token) and
// tradeApiValidate (a Trade token, with the baseUrl of the data).
type wireSession struct {
	Token   string `json:"token"`
	SID     string `json:"sid"`
	UCC     string `json:"ucc"`
	KType   string `json:"kType"`
	Status  string `json:"status"`
	BaseURL string `json:"baseUrl"`
}

func decodeSession(b []byte, kType string) (wireSession, error) {
	var w struct {
		Data *wireSession `json:"data"`
	}
	if err := json.Unmarshal(b, &w); err != nil || w.Data == nil || w.Data.Token == "" || w.Data.SID == "" {
		return wireSession{}, errMalformed
	}
	s := *w.Data
	if (s.Status != "" && !strings.EqualFold(s.Status, "success")) || (s.KType != "" && !strings.EqualFold(s.KType, kType)) {
		return wireSession{}, errMalformed
	}
	if kType == "Trade" && s.BaseURL == "" {
		return wireSession{}, errMalformed
	}
	return s, nil
}

// wireLimits is the limits answer, flat, every amount a string.
type wireLimits struct {
	Stat       string `json:"stat"`
	Net        num    `json:"Net"`
	Collateral num    `json:"CollateralValue"`
	MarginUsed num    `json:"MarginUsed"`
}

func decodeLimits(b []byte) (wireLimits, error) {
	var l wireLimits
	if err := json.Unmarshal(b, &l); err != nil {
		return wireLimits{}, errMalformed
	}
	if l.Stat != "" && !strings.EqualFold(l.Stat, "ok") {
		return wireLimits{}, mapStatus(http.StatusOK, nil, b, time.Time{}, false)
	}
	if !l.Net.Valid {
		return wireLimits{}, errMalformed
	}
	return l, nil
}

// balance maps the limits: Net (the funds available to trade) is the cash
// and the buying power; total adds the holdings.
func balance(l wireLimits, holdings decimal.Decimal) integrations.Balance {
	cash := l.Net.Decimal.Round(2)
	return integrations.Balance{Currency: indiakit.Currency, Cash: cash, BuyingPower: decimal.NewNullDecimal(cash), Total: cash.Add(holdings)}
}

// list reads {"data":[...]} ("stat" Not_Ok is a refusal); data null or
// missing is an empty list.
func list[T any](b []byte) ([]T, error) {
	var w struct {
		Stat string          `json:"stat"`
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, errMalformed
	}
	if w.Stat != "" && !strings.EqualFold(w.Stat, "ok") {
		return nil, mapStatus(http.StatusOK, nil, b, time.Time{}, false)
	}
	if d := bytes.TrimSpace(w.Data); len(d) == 0 || string(d) == "null" {
		return nil, nil
	}
	var rows []T
	if err := json.Unmarshal(w.Data, &rows); err != nil {
		return nil, errMalformed
	}
	return rows, nil
}

// wireHolding is one of the holdings: no last price, but the market value.
type wireHolding struct {
	DisplaySymbol   string `json:"displaySymbol"`
	Symbol          string `json:"symbol"`
	AveragePrice    num    `json:"averagePrice"`
	Quantity        num    `json:"quantity"`
	ExchangeSegment string `json:"exchangeSegment"`
	HoldingCost     num    `json:"holdingCost"`
	MktValue        num    `json:"mktValue"`
	ClosingPrice    num    `json:"closingPrice"`
	InstrumentType  string `json:"instrumentType"`
}

// decodeHoldings maps the holdings: price = mktValue / quantity (the
// answer's own valuation), else the closing price.
func decodeHoldings(b []byte, asOf time.Time) ([]integrations.Position, error) {
	rows, err := list[wireHolding](b)
	if err != nil {
		return nil, err
	}
	symbol := func(h wireHolding) string {
		if sym := strings.TrimSpace(h.DisplaySymbol); sym != "" {
			return sym
		}
		return strings.TrimSpace(h.Symbol)
	}
	valid := func(h wireHolding) bool { return symbol(h) != "" && h.Quantity.Valid }
	return indiakit.MapRows(rows, errMalformed, valid, func(h wireHolding) (integrations.Position, bool) {
		if h.Quantity.Decimal.IsZero() {
			return integrations.Position{}, false // sold: no units to price
		}
		sym := symbol(h)
		price, known := h.ClosingPrice.Decimal, h.ClosingPrice.Valid && h.ClosingPrice.Decimal.IsPositive()
		if h.MktValue.Valid && h.MktValue.Decimal.IsPositive() {
			price, known = h.MktValue.Decimal.DivRound(h.Quantity.Decimal, 4), true
		}
		inst := ""
		if t := strings.ToUpper(h.InstrumentType); strings.Contains(t, "ETF") || strings.Contains(t, "FUND") {
			inst = "ETF"
		}
		p := indiakit.Holding{Symbol: sym, Description: h.Symbol, Segment: h.ExchangeSegment, Units: h.Quantity.Decimal,
			Price: price, PriceKnown: known, Average: h.AveragePrice.Null()}.Position(asOf)
		if inst == "ETF" {
			p.Symbol.Type = integrations.SecurityETF
		}
		if known && h.MktValue.Valid && h.MktValue.Decimal.IsPositive() {
			p.MarketValue = h.MktValue.Decimal.Round(2)
		}
		return p, true
	})
}

// wirePosition is one of the positions; the net quantity and average are
// computed as the API's documentation says.
type wirePosition struct {
	TrdSym     string `json:"trdSym"`
	Sym        string `json:"sym"`
	ExSeg      string `json:"exSeg"`
	Prod       string `json:"prod"`
	OptTp      string `json:"optTp"`
	CFBuyQty   num    `json:"cfBuyQty"`
	FlBuyQty   num    `json:"flBuyQty"`
	CFSellQty  num    `json:"cfSellQty"`
	FlSellQty  num    `json:"flSellQty"`
	BuyAmt     num    `json:"buyAmt"`
	SellAmt    num    `json:"sellAmt"`
	CFBuyAmt   num    `json:"cfBuyAmt"`
	CFSellAmt  num    `json:"cfSellAmt"`
	Multiplier num    `json:"multiplier"`
	GenNum     num    `json:"genNum"`
	GenDen     num    `json:"genDen"`
	PrcNum     num    `json:"prcNum"`
	PrcDen     num    `json:"prcDen"`
	Precision  num    `json:"precision"`
}

func ratio(n, d num) decimal.Decimal {
	if !n.Valid || !d.Valid || d.Decimal.IsZero() {
		return decimal.NewFromInt(1)
	}
	return n.Decimal.Div(d.Decimal)
}

// delivery reports a delivery (CNC) row: its carried-forward quantity
// (cfBuyQty − cfSellQty, bought on an earlier day) is shares the demat
// holdings already list.
func (p wirePosition) delivery() bool { return strings.EqualFold(strings.TrimSpace(p.Prod), "CNC") }

// netAndAverage follows the documentation's Positions Calculations: net =
// (cfBuyQty + flBuyQty) − (cfSellQty + flSellQty); the average is the
// larger side's amount over its quantity × multiplier × genNum/genDen ×
// prcNum/prcDen, to precision places. A delivery (CNC) row counts the day's
// fills only (flBuyQty − flSellQty, at buyAmt or sellAmt): its carried-
// forward shares are the holdings' own, counted there.
func (p wirePosition) netAndAverage() (decimal.Decimal, decimal.NullDecimal) {
	cfBuy, cfSell, cfBuyAmt, cfSellAmt := p.CFBuyQty.OrZero(), p.CFSellQty.OrZero(), p.CFBuyAmt.OrZero(), p.CFSellAmt.OrZero()
	if p.delivery() {
		cfBuy, cfSell, cfBuyAmt, cfSellAmt = decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero
	}
	buy := cfBuy.Add(p.FlBuyQty.OrZero())
	sell := cfSell.Add(p.FlSellQty.OrZero())
	net := buy.Sub(sell)
	mult := decimal.NewFromInt(1)
	if p.Multiplier.Valid && p.Multiplier.Decimal.IsPositive() {
		mult = p.Multiplier.Decimal
	}
	scale := mult.Mul(ratio(p.GenNum, p.GenDen)).Mul(ratio(p.PrcNum, p.PrcDen))
	places := int32(2)
	if p.Precision.Valid && p.Precision.Decimal.IsPositive() && p.Precision.Decimal.LessThan(decimal.NewFromInt(9)) {
		places = int32(p.Precision.Decimal.IntPart())
	}
	var amt, qty decimal.Decimal
	switch {
	case buy.GreaterThan(sell):
		amt, qty = cfBuyAmt.Add(p.BuyAmt.OrZero()), buy
	case sell.GreaterThan(buy):
		amt, qty = cfSellAmt.Add(p.SellAmt.OrZero()), sell
	default:
		return net, decimal.NullDecimal{}
	}
	den := qty.Mul(scale)
	if den.IsZero() {
		return net, decimal.NullDecimal{}
	}
	return net, decimal.NewNullDecimal(amt.Div(den).Round(places))
}

// decodePositions maps the open positions (net ≠ 0, a delivery row's day
// net: see netAndAverage): no last price, so PriceUnknown with their
// average.
func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, error) {
	rows, err := list[wirePosition](b)
	if err != nil {
		return nil, err
	}
	valid := func(p wirePosition) bool { return strings.TrimSpace(p.TrdSym) != "" }
	return indiakit.Positions(rows, errMalformed, valid, asOf, func(p wirePosition) indiakit.Holding {
		net, avg := p.netAndAverage()
		sym := strings.TrimSpace(p.Sym)
		if sym == "" || indiakit.Type(p.ExSeg, p.TrdSym, "", "") != integrations.SecurityEquity {
			sym = strings.TrimSpace(p.TrdSym)
		}
		return indiakit.Holding{Symbol: sym, Description: strings.TrimSpace(p.TrdSym + " " + p.Prod), Segment: p.ExSeg,
			Instrument: strings.TrimSpace(p.OptTp), Units: net, Average: avg}
	})
}

// wireTrade is one of the day's fills.
type wireTrade struct {
	AvgPrc string `json:"avgPrc"`
	ExSeg  string `json:"exSeg"`
	FldQty num    `json:"fldQty"`
	FlDt   string `json:"flDt"`
	FlID   string `json:"flId"`
	NOrdNo string `json:"nOrdNo"`
	Prod   string `json:"prod"`
	Sym    string `json:"sym"`
	TrdSym string `json:"trdSym"`
	TrnsTp string `json:"trnsTp"`
}

func (t wireTrade) date() integrations.Date { return indiakit.Date(t.FlDt, "02-Jan-2006") }

func decodeTrades(b []byte) ([]wireTrade, error) {
	rows, err := list[wireTrade](b)
	if err != nil {
		return nil, err
	}
	for _, t := range rows {
		if strings.TrimSpace(t.FlID) == "" || t.TrnsTp == "" || !t.FldQty.Valid || t.date() == "" {
			return nil, errMalformed
		}
		if _, err := integrations.ParseDecimal(t.AvgPrc); err != nil {
			return nil, errMalformed
		}
	}
	return rows, nil
}

func activity(t wireTrade) integrations.Activity {
	price, _ := integrations.ParseDecimal(t.AvgPrc)
	sym := strings.TrimSpace(t.Sym)
	if sym == "" || indiakit.Type(t.ExSeg, t.TrdSym, "", "") != integrations.SecurityEquity {
		sym = strings.TrimSpace(t.TrdSym)
	}
	return indiakit.Fill{ID: t.FlID, Side: t.TrnsTp, Symbol: sym, Segment: t.ExSeg, Product: t.Prod, Date: t.date(),
		Units: t.FldQty.Decimal, Price: price}.Activity("fill")
}

// defaultRetryAfter is the wait assumed for a 429 without Retry-After.
const defaultRetryAfter = time.Second

// mapStatus maps a refusal: 401/403 (the documentation's "Invalid session,
// please re-login") end the grant, or during the login refuse the
// credentials; 429 is a rate limit; 5xx (502 OMS unreachable, 503, 504) and
// anything else are ErrUnavailable. Bodies are not quoted.
func mapStatus(status int, h http.Header, _ []byte, now time.Time, login bool) error {
	switch {
	case status == http.StatusTooManyRequests:
		return httpx.RateLimited(h, now, defaultRetryAfter)
	case status >= 500:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Kotak Neo answered HTTP %d", status))
	case login && status >= 400:
		return integrations.Wrap(integrations.ErrInvalidCredentials,
			"Kotak Neo refused the login: check the access token, mobile number, UCC, TOTP and MPIN")
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return integrations.Wrap(integrations.ErrReauthRequired, "the Kotak Neo session ended; log in again")
	case status < 400:
		return integrations.Wrap(integrations.ErrUnavailable, "Kotak Neo refused the request")
	default:
		return integrations.Wrap(integrations.ErrUnavailable, fmt.Sprintf("Kotak Neo answered HTTP %d", status))
	}
}
