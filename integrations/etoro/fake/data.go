package fake

import (
	"time"

	"github.com/shopspring/decimal"
)

// The data follows the OpenAPI document's examples: the customer id 7765437
// and position 2150896073 of the portfolio sample, the aggregated snapshot's
// field names, the instruments of the instruments call (1001 Apple …), the
// trade history's closed positions (ILMN, 4077, as captured from a demo
// account).

// user is a key holder: a customer and its portfolios.
type user struct {
	cid  int64
	seed int
}

type inst struct {
	id       int64
	symbol   string
	name     string
	typeID   int64
	currency string
	rate     string
}

var instruments = []inst{
	{1001, "AAPL", "Apple", 5, "USD", "189.25"},
	{4077, "ILMN", "Illumina", 5, "USD", "120.56"},
	{100000, "BTC", "Bitcoin", 10, "USD", "77333.10"},
	{3000, "SPY", "SPDR S&P 500 ETF", 6, "USD", "512.34"},
	{1, "EURUSD", "EUR/USD", 1, "USD", "1.0842"},
	{1002, "GOOG", "Alphabet", 5, "USD", "171.80"},
}

func instrumentByID(id int64) (inst, bool) {
	for _, i := range instruments {
		if i.id == id {
			return i, true
		}
	}
	return inst{}, false
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// holding is an open position.
type holding struct {
	positionID int64
	instrument int64
	isBuy      bool
	leverage   int64
	units      string
	openRate   string
	opened     time.Time
}

// closedRow is a closed position of the trade history.
type closedRow struct {
	positionID         int64
	instrument         int64
	isBuy              bool
	leverage           int64
	units, open, close string
	opened, closed     time.Time
	investment, profit decimal.Decimal
	fees               string
}

// book is a user's portfolio in one environment on a day.
type book struct {
	currency string
	cash     decimal.Decimal
	holdings []holding
	closed   []closedRow
	mirror   bool
}

func build(u user, demo bool, day time.Time) book {
	b := book{currency: "USD", cash: dec("4320.84").Add(decimal.NewFromInt(int64(u.seed) * 100)), mirror: !demo}
	if demo {
		b.cash = dec("98210.50")
	}
	ago := func(days int, h int) time.Time { return day.AddDate(0, 0, -days).Add(time.Duration(h) * time.Hour) }
	b.holdings = []holding{
		{2150896073, 1001, true, 1, "12.5", "150.10", ago(200, 14)},
		{2150896074, 1001, true, 1, "3", "170.40", ago(120, 15)},
		{2150896075, 100000, true, 1, "0.049485", "60200.00", ago(90, 9)},
		{2150896076, 3000, true, 1, "4", "440.00", ago(60, 16)},
		{2150896077, 1, false, 20, "5000", "1.0921", ago(10, 11)},
	}
	if u.seed == 2 {
		b.holdings = b.holdings[:2]
	}
	for i := range 24 {
		in := instruments[i%4]
		opened := ago(290-i*11, 14+i%4)
		closed := opened.Add(time.Duration(24*(3+i%9)) * time.Hour)
		units := decimal.NewFromInt(int64(1 + i%7))
		if in.id == 100000 {
			units = dec("0.0125")
		}
		open := dec(in.rate).Mul(dec("0.9")).Round(2)
		closeRate := open.Add(decimal.NewFromInt(int64(i%5 - 2))).Round(2)
		if closeRate.IsNegative() || closeRate.IsZero() {
			closeRate = open
		}
		inv := units.Mul(open).Round(2)
		profit := units.Mul(closeRate.Sub(open)).Round(2)
		lev := int64(1)
		isBuy := true
		if i%6 == 5 {
			isBuy, lev = false, 2
			profit = profit.Neg()
		}
		b.closed = append(b.closed, closedRow{positionID: 3308442600 + int64(i) + int64(u.seed)*1000, instrument: in.id, isBuy: isBuy,
			leverage: lev, units: units.String(), open: open.String(), close: closeRate.String(), opened: opened, closed: closed,
			investment: inv, profit: profit, fees: "0"})
	}
	return b
}

// wire answers -----------------------------------------------------------------------

func (b book) aggregate(cid int64, now time.Time) map[string]any {
	type agg struct {
		units, exposure, margin, pnl decimal.Decimal
		rateSum                      decimal.Decimal
		lev                          int64
	}
	byInst := map[int64]*agg{}
	var order []int64
	for _, h := range b.holdings {
		in, _ := instrumentByID(h.instrument)
		a := byInst[h.instrument]
		if a == nil {
			a = &agg{}
			byInst[h.instrument] = a
			order = append(order, h.instrument)
		}
		units := dec(h.units)
		margin := units.Mul(dec(h.openRate)).Div(decimal.NewFromInt(h.leverage)).Round(2)
		pnl := units.Mul(dec(in.rate).Sub(dec(h.openRate))).Round(2)
		if !h.isBuy {
			units, pnl = units.Neg(), pnl.Neg()
		}
		a.units = a.units.Add(units)
		a.exposure = a.exposure.Add(units.Mul(dec(in.rate)).Round(2))
		a.margin = a.margin.Add(margin)
		a.pnl = a.pnl.Add(pnl)
		a.rateSum = a.rateSum.Add(dec(h.openRate).Mul(units.Abs()))
		a.lev = max(a.lev, h.leverage)
	}
	items := []map[string]any{}
	total := b.cash
	for _, id := range order {
		a := byInst[id]
		in, _ := instrumentByID(id)
		liq := a.margin.Add(a.pnl)
		total = total.Add(liq)
		avg := a.rateSum.Div(a.units.Abs()).Round(6)
		items = append(items, map[string]any{
			"instrumentId": id, "assetCurrency": in.currency, "totalMarginAccountCurrency": num(a.margin), "totalFees": 0,
			"totalFeesAcctCcy": 0, "totalTaxes": 0, "totalTaxesAcctCcy": 0, "totalMarginAssetCurrency": num(a.margin),
			"pnlAssetCurrency": num(a.pnl), "accountCurrencyRoePercent": num(a.pnl.Div(a.margin).Mul(decimal.NewFromInt(100)).Round(2)),
			"netContracts": num(a.units), "netUnits": num(a.units), "netCurrentExposureAssetCurrency": num(a.exposure),
			"netCurrentExposureAccountCurrency": num(a.exposure), "netInitialExposureAccountCurrency": num(a.units.Mul(avg).Round(2)),
			"accountCurrencyReturn": num(a.pnl), "liquidationValueAccountCurrency": num(liq), "liquidationValueAssetCurrency": num(liq),
			"avgLeverage": a.lev, "avgOpenRate": num(avg), "netAvgOpenRate": num(avg), "avgConversionRate": 1,
		})
	}
	mirrors := []map[string]any{}
	if b.mirror {
		total = total.Add(dec("209.08"))
		mirrors = append(mirrors, map[string]any{"mirrorId": 1869651, "mirrorAvailableCash": 0.04, "mirrorDepositTotal": 290,
			"mirrorWithdrawalTotal": 0, "mirrorStopLossPercentage": 5, "mirrorStopLoss": 14.5, "mirrorClosedPositionsPnl": -0.26,
			"mirrorTotals": map[string]any{"mirrorNetFunding": 290, "mirrorPositionsPnl": -75.05, "mirrorLiquidationValue": 209.08,
				"mirrorPositionsPnlPercent": -0.35, "mirrorMarginPercent": 25.06, "mirrorValuePercent": 4.06, "mirrorActiveMargin": 284.09}})
	}
	return map[string]any{"cid": cid, "timestamp": now.UTC().Format("2006-01-02T15:04:05.000Z"), "accountCurrency": b.currency,
		"accountTotals": map[string]any{"accountAvailableCash": num(b.cash), "accountFrozenCash": 0, "accountCurrentPnl": 0,
			"accountTotalValue": num(total), "accountTotalUsedMargin": 0, "accountBalance": num(b.cash)},
		"instrumentAggregates": items, "mirrors": mirrors}
}

func (b book) portfolio(cid int64) map[string]any {
	positions := []map[string]any{}
	for i, h := range b.holdings {
		units := dec(h.units)
		amount := units.Mul(dec(h.openRate)).Div(decimal.NewFromInt(h.leverage)).Round(2)
		positions = append(positions, map[string]any{"positionId": h.positionID, "cid": cid,
			"openDateTime": h.opened.UTC().Format("2006-01-02T15:04:05.000Z"), "openRate": num(dec(h.openRate)),
			"instrumentId": h.instrument, "isBuy": h.isBuy, "takeProfitRate": 0, "stopLossRate": 0.0001, "amount": num(amount),
			"leverage": h.leverage, "orderId": 12402059 + i, "orderType": 17, "units": num(units), "totalFees": 0,
			"initialAmountInDollars": num(amount), "isTslEnabled": false, "isSettled": h.leverage == 1, "initialUnits": num(units),
			"unitsBaseValueDollars": num(amount), "openConversionRate": 1, "isNoTakeProfit": true, "isNoStopLoss": true, "lotCount": num(units)})
	}
	return map[string]any{"clientPortfolio": map[string]any{"positions": positions, "credit": num(b.cash), "mirrors": []any{},
		"orders": []any{}, "ordersForOpen": []any{}, "ordersForClose": []any{}, "bonusCredit": 0, "accountCurrencyId": 1}}
}

func (r closedRow) wire() map[string]any {
	return map[string]any{"netProfit": num(r.profit), "closeRate": num(dec(r.close)),
		"closeTimestamp": r.closed.UTC().Format("2006-01-02T15:04:05.000Z"), "positionId": r.positionID, "instrumentId": r.instrument,
		"isBuy": r.isBuy, "leverage": r.leverage, "openRate": num(dec(r.open)), "openTimestamp": r.opened.UTC().Format("2006-01-02T15:04:05.000Z"),
		"stopLossRate": 0.0001, "takeProfitRate": 0, "trailingStopLoss": false, "orderId": 272136682, "socialTradeId": 0,
		"parentPositionId": 0, "investment": num(r.investment), "initialInvestment": num(r.investment), "fees": num(dec(r.fees)),
		"units": num(dec(r.units))}
}

// num writes a decimal as a JSON number.
type num decimal.Decimal

func (n num) MarshalJSON() ([]byte, error) { return []byte(decimal.Decimal(n).String()), nil }
