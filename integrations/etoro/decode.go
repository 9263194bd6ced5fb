package etoro

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Wire types of the public API, named as its OpenAPI document's schemas
// (AggregatedPortfolioResponse, InstrumentsResponse, the trade history's
// closed positions, ClientPortfolio's positions). Numbers are JSON
// numbers, read by their text (integrations.Number), never through
// float64.

var errMalformed = integrations.Malformed("eToro")

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

type wireTotals struct {
	AccountAvailableCash integrations.Number `json:"accountAvailableCash"`
	AccountTotalValue    integrations.Number `json:"accountTotalValue"`
	AccountBalance       integrations.Number `json:"accountBalance"`
}

type wireAggregate struct {
	InstrumentID                      integrations.Number `json:"instrumentId"`
	AssetCurrency                     string              `json:"assetCurrency"`
	TotalMarginAccountCurrency        integrations.Number `json:"totalMarginAccountCurrency"`
	NetUnits                          integrations.Number `json:"netUnits"`
	NetCurrentExposureAccountCurrency integrations.Number `json:"netCurrentExposureAccountCurrency"`
	LiquidationValueAccountCurrency   integrations.Number `json:"liquidationValueAccountCurrency"`
	AvgLeverage                       integrations.Number `json:"avgLeverage"`
	NetAvgOpenRate                    integrations.Number `json:"netAvgOpenRate"`
	AvgConversionRate                 integrations.Number `json:"avgConversionRate"`
}

type wireMirror struct {
	MirrorID    integrations.Number `json:"mirrorId"`
	ParentName  string              `json:"parentUsername"`
	DepositSum  integrations.Number `json:"mirrorDepositTotal"`
	MirrorTotal struct {
		NetFunding       integrations.Number `json:"mirrorNetFunding"`
		LiquidationValue integrations.Number `json:"mirrorLiquidationValue"`
	} `json:"mirrorTotals"`
}

// portfolio is the aggregated portfolio snapshot.
type portfolio struct {
	CID         integrations.Number `json:"cid"`
	Timestamp   string              `json:"timestamp"`
	Currency    string              `json:"accountCurrency"`
	Totals      *wireTotals         `json:"accountTotals"`
	Instruments []wireAggregate     `json:"instrumentAggregates"`
	Mirrors     []wireMirror        `json:"mirrors"`
}

// decodePortfolio reads GET …/aggregate-portfolio.
func decodePortfolio(b []byte) (portfolio, error) {
	var p portfolio
	if err := decode(b, &p); err != nil {
		return portfolio{}, err
	}
	p.Currency = strings.ToUpper(strings.TrimSpace(p.Currency))
	if !p.CID.Valid || !p.CID.IsPositive() || p.Totals == nil || !integrations.IsCurrencyCode(p.Currency) ||
		!p.Totals.AccountAvailableCash.Valid || !p.Totals.AccountTotalValue.Valid {
		return portfolio{}, errMalformed
	}
	for _, a := range p.Instruments {
		if !a.InstrumentID.Valid || !a.NetUnits.Valid {
			return portfolio{}, errMalformed
		}
	}
	return p, nil
}

// cid is the customer id as text.
func (p portfolio) cid() string { return p.CID.String() }

// account is the environment's one account.
func (p portfolio) account(inst string, demo bool) integrations.Account {
	name := "eToro account"
	if demo {
		name = "eToro Virtual Portfolio"
	}
	return integrations.Account{ID: integrations.AccountHash(inst, p.cid()), Number: integrations.MaskNumber(p.cid()), Name: name,
		RawType: "portfolio", Category: integrations.CategoryInvestment, Currency: p.Currency, Status: "open", Paper: demo}
}

// balances: the available cash and the account's total value, in the
// account currency.
func (p portfolio) balances() []integrations.Balance {
	return []integrations.Balance{{Currency: p.Currency, Cash: p.Totals.AccountAvailableCash.Decimal,
		BuyingPower: p.Totals.AccountAvailableCash.Null(), Total: p.Totals.AccountTotalValue.Decimal}}
}

// instrument is what the instruments call says of an instrument.
type instrument struct {
	symbol, name string
	typeID       int64
}

type wireInstrument struct {
	InstrumentID          integrations.Number `json:"instrumentId"`
	InstrumentIDUpper     integrations.Number `json:"instrumentID"`
	InstrumentDisplayName string              `json:"instrumentDisplayName"`
	InstrumentTypeID      integrations.Number `json:"instrumentTypeId"`
	InstrumentTypeIDUpper integrations.Number `json:"instrumentTypeID"`
	SymbolFull            string              `json:"symbolFull"`
}

// decodeInstruments reads GET /api/v1/market-data/instruments. The
// document writes instrumentId and instrumentTypeId; observed answers
// write instrumentID and instrumentTypeID: both are read.
func decodeInstruments(b []byte) (map[string]instrument, error) {
	var w struct {
		Items []wireInstrument `json:"instrumentDisplayDatas"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	out := map[string]instrument{}
	for _, i := range w.Items {
		id := i.InstrumentID
		if !id.Valid {
			id = i.InstrumentIDUpper
		}
		typ := i.InstrumentTypeID
		if !typ.Valid {
			typ = i.InstrumentTypeIDUpper
		}
		if !id.Valid || strings.TrimSpace(i.SymbolFull) == "" {
			return nil, errMalformed
		}
		out[id.String()] = instrument{symbol: strings.TrimSpace(i.SymbolFull), name: i.InstrumentDisplayName, typeID: typ.IntPart()}
	}
	return out, nil
}

// securityType maps eToro's instrument types (GET
// /api/v1/market-data/instrument-types: 1 Forex, 2 Commodity, 3 CFD, 4
// Indices, 5 Stocks, 6 ETF, 7 Bonds, 8 TrustFunds, 9 Options, 10 Crypto).
func securityType(typeID int64) integrations.SecurityType {
	switch typeID {
	case 5:
		return integrations.SecurityEquity
	case 6:
		return integrations.SecurityETF
	case 7:
		return integrations.SecurityBond
	case 8:
		return integrations.SecurityFund
	case 9:
		return integrations.SecurityOption
	case 10:
		return integrations.SecurityCrypto
	}
	return integrations.SecurityOther
}

// ticker is an instrument's symbol, or its id when the instruments call
// could not name it.
func ticker(id string, names map[string]instrument) (string, instrument) {
	if in, ok := names[id]; ok {
		return in.symbol, in
	}
	return "eToro:" + id, instrument{}
}

// positions maps the snapshot's holdings: one position per instrument held
// directly (net units, valued at its liquidation value in the account
// currency), and one per copy-trading mirror. A leveraged or short holding
// is a CFD: its type is "other", its value the margin and the P&L.
func (p portfolio) positions(names map[string]instrument, asOf time.Time) []integrations.Position {
	at := asOf
	if t, err := time.Parse(time.RFC3339Nano, p.Timestamp); err == nil {
		at = t.UTC()
	}
	out := make([]integrations.Position, 0, len(p.Instruments)+len(p.Mirrors))
	one := decimal.NewFromInt(1)
	for _, a := range p.Instruments {
		id := a.InstrumentID.String()
		sym, meta := ticker(id, names)
		typ := securityType(meta.typeID)
		lev := a.AvgLeverage.OrZero()
		if lev.GreaterThan(one) || a.NetUnits.IsNegative() {
			typ = integrations.SecurityOther
		}
		units := a.NetUnits.Decimal
		price := decimal.Zero
		if !units.IsZero() {
			price = a.NetCurrentExposureAccountCurrency.OrZero().Div(units).Abs().Round(6)
		}
		conv := a.AvgConversionRate.OrZero()
		if conv.IsZero() {
			conv = one
		}
		var avg decimal.NullDecimal
		if a.NetAvgOpenRate.Valid {
			avg = decimal.NewNullDecimal(a.NetAvgOpenRate.Mul(conv).Round(6))
		}
		out = append(out, integrations.Position{
			Symbol: integrations.Symbol{Ticker: sym, Description: meta.name, Type: typ, Currency: strings.ToUpper(a.AssetCurrency)},
			Units:  units, Price: price, MarketValue: a.LiquidationValueAccountCurrency.OrZero(), AverageCost: avg,
			CostBasis: a.TotalMarginAccountCurrency.Null(), Currency: p.Currency, AsOf: at,
		})
		if !integrations.IsCurrencyCode(out[len(out)-1].Symbol.Currency) {
			out[len(out)-1].Symbol.Currency = ""
		}
	}
	for _, m := range p.Mirrors {
		name := "copy " + m.MirrorID.String()
		if m.ParentName != "" {
			name = "copy " + m.ParentName
		}
		value := m.MirrorTotal.LiquidationValue.OrZero()
		out = append(out, integrations.Position{
			Symbol: integrations.Symbol{Ticker: "MIRROR:" + m.MirrorID.String(), Description: "Copy-trading: " + strings.TrimPrefix(name, "copy "),
				Type: integrations.SecurityFund, Currency: p.Currency},
			Units: one, Price: value, MarketValue: value, CostBasis: m.MirrorTotal.NetFunding.Null(), Currency: p.Currency, AsOf: at,
		})
	}
	return out
}

// held is what a closed and an open position of the API share: the
// position, its instrument and which way and how it was opened.
type held struct {
	PositionID   integrations.Number `json:"positionId"`
	InstrumentID integrations.Number `json:"instrumentId"`
	IsBuy        bool                `json:"isBuy"`
	Leverage     integrations.Number `json:"leverage"`
	OpenRate     integrations.Number `json:"openRate"`
	Units        integrations.Number `json:"units"`
}

// valid reports whether the position names itself, its instrument and its
// units, and at is a time.
func (p held) valid(at string) bool {
	_, err := parseTime(at)
	return p.PositionID.Valid && p.InstrumentID.Valid && p.Units.Valid && err == nil
}

// closed is a position of the trade history.
type closed struct {
	held
	OpenTimestamp  string              `json:"openTimestamp"`
	CloseRate      integrations.Number `json:"closeRate"`
	CloseTimestamp string              `json:"closeTimestamp"`
	NetProfit      integrations.Number `json:"netProfit"`
	Investment     integrations.Number `json:"investment"`
	Fees           integrations.Number `json:"fees"`
}

// open is an open position of GET …/portfolio.
type open struct {
	held
	OpenDateTime string              `json:"openDateTime"`
	Amount       integrations.Number `json:"amount"`
	TotalFees    integrations.Number `json:"totalFees"`
}

// decodeHistory reads a page of GET …/trade/history: an array.
func decodeHistory(b []byte) ([]closed, error) {
	return httpx.Rows(b, errMalformed, func(r closed) bool { return r.valid(r.CloseTimestamp) })
}

// decodeOpen reads GET …/portfolio's open positions (direct and in
// mirrors).
func decodeOpen(b []byte) ([]open, error) {
	var w struct {
		Portfolio *struct {
			Positions []open `json:"positions"`
			Mirrors   []struct {
				Positions []open `json:"positions"`
			} `json:"mirrors"`
		} `json:"clientPortfolio"`
	}
	if err := decode(b, &w); err != nil || w.Portfolio == nil {
		return nil, errMalformed
	}
	out := append([]open(nil), w.Portfolio.Positions...)
	for _, m := range w.Portfolio.Mirrors {
		out = append(out, m.Positions...)
	}
	for _, o := range out {
		if !o.valid(o.OpenDateTime) {
			return nil, errMalformed
		}
	}
	return out, nil
}

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, err
	}
	return t.UTC(), nil
}

// leg is one side of a position as an activity: its opening (a buy, or a
// short sale) or its closing. A plain long position opens with a BUY and
// closes with a SELL; a short or leveraged one (a CFD) is OTHER, its amount
// the margin it took and the margin and profit it gave back.
func leg(id, symbol, currency string, opening, isBuy bool, leverage decimal.Decimal, when time.Time,
	units, rate, cash, fee decimal.Decimal) integrations.Activity {
	plain := isBuy && !leverage.GreaterThan(decimal.NewFromInt(1))
	side, raw := "close", "close"
	if opening {
		side, raw = "open", "open"
	}
	if !isBuy {
		raw += " short"
	} else if !plain {
		raw += " leveraged"
	}
	a := integrations.Activity{ID: id + "/" + side, RawType: raw, TradeDate: integrations.DateOf(when), Symbol: symbol,
		Price: rate, Fee: fee, Currency: currency, Units: units.Abs()}
	switch {
	case plain && opening:
		a.Type, a.Amount = integrations.ActivityBuy, cash.Abs().Neg()
	case plain:
		a.Type, a.Units, a.Amount = integrations.ActivitySell, units.Abs().Neg(), cash
	case opening:
		a.Type, a.Amount = integrations.ActivityOther, cash.Abs().Neg()
	default:
		a.Type, a.Amount = integrations.ActivityOther, cash
	}
	verb, kind := "Opened", "long"
	if !opening {
		verb = "Closed"
	}
	switch {
	case !isBuy:
		kind = "short"
	case !plain:
		kind = "leveraged"
	}
	a.Description = fmt.Sprintf("%s %s position: %s %s @ %s", verb, kind, units.Abs(), symbol, rate)
	return a
}

// closedActivities makes a closed position's two legs (the opening only
// when it happened on or after from).
func closedActivities(c closed, names map[string]instrument, currency string, from time.Time) []integrations.Activity {
	sym, _ := ticker(c.InstrumentID.String(), names)
	id := c.PositionID.String()
	lev := c.Leverage.OrZero()
	var out []integrations.Activity
	if t, err := parseTime(c.OpenTimestamp); err == nil && !t.Before(from) {
		out = append(out, leg(id, sym, currency, true, c.IsBuy, lev, t, c.Units.Decimal, c.OpenRate.OrZero(), c.Investment.OrZero(), decimal.Zero))
	}
	if t, _ := parseTime(c.CloseTimestamp); !t.Before(from) {
		back := c.Investment.OrZero().Add(c.NetProfit.OrZero())
		out = append(out, leg(id, sym, currency, false, c.IsBuy, lev, t, c.Units.Decimal, c.CloseRate.OrZero(), back, c.Fees.OrZero().Abs()))
	}
	return out
}

// openActivity is an open position's opening, when on or after from.
func openActivity(o open, names map[string]instrument, currency string, from time.Time) (integrations.Activity, bool) {
	t, err := parseTime(o.OpenDateTime)
	if err != nil || t.Before(from) {
		return integrations.Activity{}, false
	}
	sym, _ := ticker(o.InstrumentID.String(), names)
	return leg(o.PositionID.String(), sym, currency, true, o.IsBuy, o.Leverage.OrZero(), t, o.Units.Decimal, o.OpenRate.OrZero(),
		o.Amount.OrZero(), o.TotalFees.OrZero().Abs()), true
}

// safeCode keeps the errorCode of the API's error envelope ({"errorCode",
// "errorMessage"}) if it looks like one.
func safeCode(b []byte) string { return httpx.BodyCode(b, "errorCode", 40, "_") }

// instrumentIDs lists ids for the instruments query.
func instrumentIDs(ids map[string]bool) string {
	list := make([]string, 0, len(ids))
	for id := range ids {
		if _, err := strconv.ParseInt(id, 10, 64); err == nil {
			list = append(list, id)
		}
	}
	sort.Strings(list)
	return strings.Join(list, ",")
}
