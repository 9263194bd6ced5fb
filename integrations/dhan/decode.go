package dhan

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

// errMalformed is an answer that could not be understood.
var errMalformed = integrations.Malformed("Dhan")

type num = integrations.Number

// wireProfile is GET /profile's answer.
type wireProfile struct {
	ClientID      string `json:"dhanClientId"`
	TokenValidity string `json:"tokenValidity"`
	ActiveSegment string `json:"activeSegment"`
}

// validity reads tokenValidity ("30/03/2025 15:37", India time).
func (p wireProfile) validity() (time.Time, bool) {
	for _, l := range []string{"02/01/2006 15:04", "02/01/2006 15:04:05"} {
		if t, err := time.ParseInLocation(l, strings.TrimSpace(p.TokenValidity), indiakit.IST); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func decodeProfile(b []byte) (wireProfile, error) {
	p, err := httpx.Row(b, errMalformed, func(p wireProfile) bool { return strings.TrimSpace(p.ClientID) != "" })
	p.ClientID = strings.TrimSpace(p.ClientID)
	return p, err
}

// wireFunds is GET /fundlimit's answer. Dhan spells the available balance
// "availabelBalance"; the corrected spelling is read too.
type wireFunds struct {
	ClientID     string `json:"dhanClientId"`
	Availabel    num    `json:"availabelBalance"`
	Available    num    `json:"availableBalance"`
	SODLimit     num    `json:"sodLimit"`
	Collateral   num    `json:"collateralAmount"`
	Utilized     num    `json:"utilizedAmount"`
	Withdrawable num    `json:"withdrawableBalance"`
}

func (f wireFunds) available() num {
	if f.Availabel.Valid {
		return f.Availabel
	}
	return f.Available
}

func decodeFunds(b []byte) (wireFunds, error) {
	return httpx.Row(b, errMalformed, func(f wireFunds) bool { return f.available().Valid })
}

// balance maps the funds: the available balance is the cash and the buying
// power (Dhan writes floats: kept to paise); total adds the holdings.
func balance(f wireFunds, holdings decimal.Decimal) integrations.Balance {
	cash := f.available().Decimal.Round(2)
	return integrations.Balance{Currency: indiakit.Currency, Cash: cash, BuyingPower: decimal.NewNullDecimal(cash),
		Total: cash.Add(holdings)}
}

// wireHolding is one of GET /holdings' rows.
type wireHolding struct {
	Exchange      string `json:"exchange"`
	TradingSymbol string `json:"tradingSymbol"`
	SecurityID    string `json:"securityId"`
	ISIN          string `json:"isin"`
	TotalQty      num    `json:"totalQty"`
	DPQty         num    `json:"dpQty"`
	T1Qty         num    `json:"t1Qty"`
	AvgCostPrice  num    `json:"avgCostPrice"`
	LastTraded    num    `json:"lastTradedPrice"`
}

// decodeHoldings maps the demat holdings. Units are totalQty (delivered
// and T1); the last traded price, where the answer carries it, prices them,
// else they are PriceUnknown (Dhan's quotes are a paid Data API).
func decodeHoldings(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var rows []wireHolding
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, errMalformed
	}
	valid := func(h wireHolding) bool { return strings.TrimSpace(h.TradingSymbol) != "" && h.TotalQty.Valid }
	return indiakit.Positions(rows, errMalformed, valid, asOf, func(h wireHolding) indiakit.Holding {
		units := h.TotalQty.Decimal
		if units.IsZero() {
			units = h.DPQty.OrZero().Add(h.T1Qty.OrZero())
		}
		seg := h.Exchange
		if seg == "" || strings.EqualFold(seg, "ALL") {
			seg = "NSE"
		}
		return indiakit.Holding{Symbol: h.TradingSymbol, Segment: seg, ISIN: h.ISIN, Units: units,
			Price: h.LastTraded.Decimal, PriceKnown: h.LastTraded.Valid && h.LastTraded.Decimal.IsPositive(),
			Average: h.AvgCostPrice.Null()}
	})
}

// wirePosition is one of GET /positions' rows.
type wirePosition struct {
	TradingSymbol   string `json:"tradingSymbol"`
	SecurityID      string `json:"securityId"`
	PositionType    string `json:"positionType"`
	ExchangeSegment string `json:"exchangeSegment"`
	ProductType     string `json:"productType"`
	BuyAvg          num    `json:"buyAvg"`
	SellAvg         num    `json:"sellAvg"`
	CostPrice       num    `json:"costPrice"`
	NetQty          num    `json:"netQty"`
	Multiplier      num    `json:"multiplier"`
	OptionType      string `json:"drvOptionType"`
}

// decodePositions maps the open net positions (netQty not 0). Dhan's
// positions carry no last price: they are PriceUnknown, with their cost.
func decodePositions(b []byte, asOf time.Time) ([]integrations.Position, error) {
	var rows []wirePosition
	if err := json.Unmarshal(b, &rows); err != nil {
		return nil, errMalformed
	}
	valid := func(p wirePosition) bool { return strings.TrimSpace(p.TradingSymbol) != "" && p.NetQty.Valid }
	return indiakit.Positions(rows, errMalformed, valid, asOf, func(p wirePosition) indiakit.Holding {
		inst := ""
		if o := strings.ToUpper(strings.TrimSpace(p.OptionType)); o == "CALL" || o == "PUT" {
			inst = o
		}
		return indiakit.Holding{Symbol: p.TradingSymbol, Description: strings.TrimSpace(p.TradingSymbol + " " + p.ProductType),
			Segment: p.ExchangeSegment, Instrument: inst, Units: p.NetQty.Decimal,
			Average:    indiakit.NetAverage(p.NetQty.Decimal, p.CostPrice, p.BuyAvg, p.SellAvg),
			Multiplier: p.Multiplier.OrZero()}
	})
}

// wireTrade is one row of GET /trades (today's trade book) or GET
// /trades/{from}/{to}/{page} (the trade history, with its charges).
type wireTrade struct {
	OrderID         string `json:"orderId"`
	ExchangeOrderID string `json:"exchangeOrderId"`
	ExchangeTradeID string `json:"exchangeTradeId"`
	TransactionType string `json:"transactionType"`
	ExchangeSegment string `json:"exchangeSegment"`
	ProductType     string `json:"productType"`
	TradingSymbol   string `json:"tradingSymbol"`
	CustomSymbol    string `json:"customSymbol"`
	TradedQuantity  num    `json:"tradedQuantity"`
	TradedPrice     num    `json:"tradedPrice"`
	CreateTime      string `json:"createTime"`
	UpdateTime      string `json:"updateTime"`
	ExchangeTime    string `json:"exchangeTime"`
	SEBITax         num    `json:"sebiTax"`
	STT             num    `json:"stt"`
	Brokerage       num    `json:"brokerageCharges"`
	ServiceTax      num    `json:"serviceTax"`
	ExchangeCharges num    `json:"exchangeTransactionCharges"`
	StampDuty       num    `json:"stampDuty"`
}

var timeLayouts = []string{time.DateTime, "2006-01-02 15:04:05.0", time.DateOnly}

func (t wireTrade) date() integrations.Date {
	for _, s := range []string{t.ExchangeTime, t.CreateTime, t.UpdateTime} {
		if d := indiakit.Date(s, timeLayouts...); d != "" {
			return d
		}
	}
	return ""
}

func (t wireTrade) id() string {
	if id := strings.TrimSpace(t.ExchangeTradeID); id != "" && id != "0" {
		return id
	}
	return strings.TrimSpace(t.OrderID)
}

func (t wireTrade) symbol() string {
	if s := strings.TrimSpace(t.TradingSymbol); s != "" {
		return s
	}
	return strings.TrimSpace(t.CustomSymbol)
}

func decodeTrades(b []byte) ([]wireTrade, error) {
	return httpx.Rows(b, errMalformed, func(t wireTrade) bool {
		return t.id() != "" && t.TransactionType != "" && t.TradedQuantity.Valid && t.date() != ""
	})
}

// activity maps a fill; its fee is the charges the history lists.
func activity(t wireTrade) integrations.Activity {
	fee := indiakit.Sum(t.SEBITax.OrZero(), t.STT.OrZero(), t.Brokerage.OrZero(), t.ServiceTax.OrZero(),
		t.ExchangeCharges.OrZero(), t.StampDuty.OrZero())
	return indiakit.Fill{ID: t.id(), Side: t.TransactionType, Symbol: t.symbol(), Segment: t.ExchangeSegment,
		Product: t.ProductType, Date: t.date(), Units: t.TradedQuantity.Decimal, Price: t.TradedPrice.OrZero(), Fee: fee}.Activity("trade")
}

// errorCode reads the errorCode of Dhan's error envelope ({"errorType",
// "errorCode","errorMessage"}), never its message.
func errorCode(body []byte) string {
	return strings.ToUpper(httpx.BodyCode(body, "errorCode", 64, "-"))
}

// defaultRetryAfter is the wait assumed for a 429 without Retry-After:
// Dhan's limits are per second.
const defaultRetryAfter = time.Second

// mapStatus maps a refusal onto the contract's errors by Dhan's error code
// (the annexure's DH-9xx), else by the HTTP status. During a login a
// refused token is ErrInvalidCredentials.
func mapStatus(status int, h http.Header, body []byte, now time.Time, login bool) error {
	code := errorCode(body)
	switch {
	case status == http.StatusTooManyRequests || code == "DH-904":
		return httpx.RateLimited(h, now, defaultRetryAfter)
	case code == "DH-901" || (code == "" && (status == http.StatusUnauthorized || status == http.StatusForbidden)):
		return integrations.KeyRefused(login, "Dhan refused the Client ID or access token (DH-901)",
			"Dhan no longer accepts the access token (they last 24 hours)")
	case code == "DH-902":
		return integrations.Wrap(integrations.ErrNotSupported, "the Dhan account has no access to this API (DH-902)")
	case code == "DH-903":
		return integrations.Wrap(integrations.ErrNotSupported, "Dhan refused the request for this account's segments (DH-903)")
	}
	return indiakit.Unmapped("Dhan", code, status, errMalformed)
}
