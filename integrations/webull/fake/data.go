package fake

import (
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Wire shapes of the answers: the Java SDK's response classes
// (com.webull.openapi.trade.response: HoldingInfo, AccountBalance,
// AccountAsset; NOrderItem, v2.OrderHistory) with the example values of
// developer.webull.com's API reference.
type wireHolding struct {
	ID                       string `json:"id,omitempty"` // Webull Japan's position id
	InstrumentID             string `json:"instrument_id"`
	Symbol                   string `json:"symbol"`
	InstrumentType           string `json:"instrument_type"`
	Currency                 string `json:"currency"`
	UnitCost                 string `json:"unit_cost"`
	Qty                      string `json:"qty"`
	TotalCost                string `json:"total_cost"`
	LastPrice                string `json:"last_price"`
	MarketValue              string `json:"market_value"`
	UnrealizedProfitLoss     string `json:"unrealized_profit_loss"`
	UnrealizedProfitLossRate string `json:"unrealized_profit_loss_rate"`
	HoldingProportion        string `json:"holding_proportion"`
	ShortName                string `json:"short_name,omitempty"`       // Hong Kong and Japan
	AccountTaxType           string `json:"account_tax_type,omitempty"` // Japan: SPECIFIC or GENERAL
}

// wireOrderItem is one order of an order-history entry, with the fields of
// the Java SDK's NOrderItem (snake_case on the wire) that an order of this
// kind carries.
type wireOrderItem struct {
	ClientOrderID  string          `json:"client_order_id"`
	OrderID        string          `json:"order_id"`
	Symbol         string          `json:"symbol"`
	Side           string          `json:"side"`
	Status         string          `json:"status"`
	OrderType      string          `json:"order_type"`
	InstrumentType string          `json:"instrument_type"`
	EntrustType    string          `json:"entrust_type"`
	TimeInForce    string          `json:"time_in_force"`
	TotalQuantity  string          `json:"total_quantity"`
	FilledQuantity string          `json:"filled_quantity"`
	RemainQuantity string          `json:"remain_quantity"`
	FilledPrice    string          `json:"filled_price,omitempty"`
	LimitPrice     string          `json:"limit_price,omitempty"`
	PlaceTime      string          `json:"place_time"`
	PlaceTimeAt    string          `json:"place_time_at"`
	FilledTime     string          `json:"filled_time,omitempty"`
	FilledTimeAt   string          `json:"filled_time_at,omitempty"`
	Legs           []wireLeg       `json:"legs,omitempty"`
	Commission     *wireCommission `json:"commission,omitempty"`
	Fees           []wireFee       `json:"fees,omitempty"`
}

// wireLeg is an option order's leg (NOrderItemLeg).
type wireLeg struct {
	ID                       string `json:"id"`
	Symbol                   string `json:"symbol"`
	Side                     string `json:"side"`
	Quantity                 string `json:"quantity"`
	InstrumentType           string `json:"instrument_type"`
	OptionType               string `json:"option_type"`
	OptionExpireDate         string `json:"option_expire_date"`
	StrikePrice              string `json:"strike_price"`
	OptionContractMultiplier string `json:"option_contract_multiplier"`
}

// wireCommission and wireFee are OrderCommissionItem and OrderFeeItem.
type wireCommission struct {
	ActualCommission     string `json:"actual_commission"`
	ReceivableCommission string `json:"receivable_commission"`
}

type wireFee struct {
	Type            string `json:"type"`
	ActualValue     string `json:"actual_value"`
	ReceivableValue string `json:"receivable_value"`
}

// wireOrderHistory is one entry of the order history (v2 OrderHistory).
type wireOrderHistory struct {
	ClientOrderID string          `json:"client_order_id"`
	ComboType     string          `json:"combo_type"`
	Orders        []wireOrderItem `json:"orders"`
}

type order struct {
	wire   wireOrderHistory
	placed time.Time
	filled bool
}

type acct struct {
	id, number, typ, subscriptionID string
	cash                            decimal.Decimal
	cashBy                          map[string]decimal.Decimal // Hong Kong and Japan: cash per currency
	holdings                        []wireHolding
	orders                          []order // newest first
}

type portfolio struct {
	region   string
	userID   string
	accounts []*acct
}

func (p *portfolio) find(id string) *acct {
	for _, a := range p.accounts {
		if a.id == id {
			return a
		}
	}
	return nil
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

type sec struct {
	symbol, typ, id string
	price           decimal.Decimal
}

var securities = map[string]sec{
	"AAPL":                {"AAPL", "STOCK", "913256135", dec("212.44")},
	"MSFT":                {"MSFT", "STOCK", "913323997", dec("431.10")},
	"NVDA":                {"NVDA", "STOCK", "913257561", dec("118.27")},
	"TSLA":                {"TSLA", "STOCK", "913255598", dec("251.62")},
	"SPY":                 {"SPY", "ETF", "913243251", dec("561.03")},
	"QQQ":                 {"QQQ", "ETF", "913243250", dec("482.55")},
	"VTI":                 {"VTI", "ETF", "913246553", dec("274.90")},
	"AAPL260619C00200000": {"AAPL260619C00200000", "OPTION", "1045338471", dec("18.35")},
}

func holding(sym, qty, cost string) wireHolding {
	s := securities[sym]
	q, c := dec(qty), dec(cost)
	mult := decimal.NewFromInt(1)
	if s.typ == "OPTION" {
		mult = decimal.NewFromInt(100)
	}
	mv := q.Mul(s.price).Mul(mult).Round(2)
	total := q.Mul(c).Mul(mult).Round(2)
	pl := mv.Sub(total)
	rate := decimal.Zero
	if !total.IsZero() {
		rate = pl.Div(total).Round(4)
	}
	return wireHolding{InstrumentID: s.id, Symbol: sym, InstrumentType: s.typ, Currency: "USD",
		UnitCost: c.StringFixed(2), Qty: q.String(), TotalCost: total.StringFixed(2), LastPrice: s.price.StringFixed(2),
		MarketValue: mv.StringFixed(2), UnrealizedProfitLoss: pl.StringFixed(2), UnrealizedProfitLossRate: rate.StringFixed(4),
		HoldingProportion: "0.0000"}
}

// buildPortfolio makes a user's deterministic accounts, anchored to day.
func buildPortfolio(userID string, day time.Time) *portfolio {
	p := &portfolio{userID: userID}
	margin := &acct{id: "QJHO3P1PR9425Q6UAT7QLJTEKB", number: "5MV06064", typ: "MARGIN", subscriptionID: "1643264151319",
		cash: dec("12850.37"),
		holdings: []wireHolding{
			holding("AAPL", "25", "171.32"), holding("MSFT", "10", "402.15"), holding("NVDA", "40", "96.50"),
			holding("TSLA", "8", "240.05"), holding("SPY", "12", "520.80"), holding("AAPL260619C00200000", "2", "11.40"),
		}}
	cash := &acct{id: "RKIP4Q2QS0536R7VBU8RMKUFLC", number: "5MV07129", typ: "CASH", subscriptionID: "1643264151320",
		cash:     dec("1520.08"),
		holdings: []wireHolding{holding("VTI", "30.5", "251.10"), holding("QQQ", "6", "455.00")}}
	if userID != "1111702234" {
		margin.id, margin.number = "X"+userID+"M", "6"+userID[len(userID)-7:]
		cash.id, cash.number = "X"+userID+"C", "7"+userID[len(userID)-7:]
	}
	margin.orders = orders(userID, margin, []string{"AAPL", "MSFT", "NVDA", "TSLA", "SPY"}, day, 150)
	cash.orders = orders(userID, cash, []string{"VTI", "QQQ"}, day, 14)
	p.accounts = []*acct{margin, cash}
	return p
}

// orders makes n orders over the 180 days before day, newest first: mostly
// filled market and limit buys and sells, a few short sales, some option
// trades on accounts that hold options, and some cancelled orders (nothing
// filled).
func orders(userID string, a *acct, syms []string, day time.Time, n int) []order {
	r := fakekit.Seeded(userID, a.id)
	options := false
	for _, h := range a.holdings {
		options = options || h.InstrumentType == "OPTION"
	}
	out := make([]order, 0, n)
	for i := range n {
		// Spread over 180 days, newest first, during US market hours.
		placed := day.Add(-time.Duration(2+i*178/n) * 24 * time.Hour).Add(14*time.Hour + time.Duration(r.IntN(360))*time.Minute)
		sym := syms[r.IntN(len(syms))]
		s := securities[sym]
		side := "BUY"
		switch k := r.IntN(10); {
		case k >= 6 && k < 9:
			side = "SELL"
		case k == 9:
			side = "SHORT"
		}
		qty := decimal.NewFromInt(int64(1 + r.IntN(20)))
		px := s.price.Mul(decimal.NewFromInt(int64(900 + r.IntN(200)))).Div(decimal.NewFromInt(1000)).Round(2)
		typ := "MARKET"
		if r.IntN(3) == 0 {
			typ = "LIMIT"
		}
		filled := r.IntN(8) != 0
		coid := fmt.Sprintf("LK%s%03d", placed.Format("20060102"), i)
		it := wireOrderItem{ClientOrderID: coid, OrderID: fmt.Sprintf("%d", 700000000+i*37+int(r.IntN(30))),
			Symbol: sym, Side: side, OrderType: typ, InstrumentType: "EQUITY", EntrustType: "QTY", TimeInForce: "DAY",
			TotalQuantity: qty.String(), PlaceTime: strconv.FormatInt(placed.UnixMilli(), 10),
			PlaceTimeAt: placed.Format("2006-01-02T15:04:05.000Z")}
		mult := decimal.NewFromInt(1)
		if options && i%12 == 5 {
			o := securities["AAPL260619C00200000"]
			if side == "SHORT" {
				side = "SELL"
			}
			it.Symbol, it.Side, it.InstrumentType, it.TimeInForce = "AAPL", side, "OPTION", "DAY"
			typ, it.OrderType = "LIMIT", "LIMIT"
			qty = decimal.NewFromInt(int64(1 + r.IntN(3)))
			it.TotalQuantity = qty.String()
			px = o.price.Mul(decimal.NewFromInt(int64(900 + r.IntN(200)))).Div(decimal.NewFromInt(1000)).Round(2)
			it.Legs = []wireLeg{{ID: o.id, Symbol: "AAPL", Side: side, Quantity: qty.String(), InstrumentType: "OPTION",
				OptionType: "CALL", OptionExpireDate: "2026-06-19", StrikePrice: "200", OptionContractMultiplier: "100"}}
			mult = decimal.NewFromInt(100)
		}
		if typ == "LIMIT" {
			it.LimitPrice = px.StringFixed(2)
		}
		if filled {
			at := placed.Add(time.Duration(1+r.IntN(50)) * time.Second)
			it.Status, it.FilledQuantity, it.RemainQuantity, it.FilledPrice = "FILLED", qty.String(), "0", px.StringFixed(2)
			it.FilledTime, it.FilledTimeAt = strconv.FormatInt(at.UnixMilli(), 10), at.Format("2006-01-02T15:04:05.000Z")
			it.Commission = &wireCommission{ActualCommission: "0.00", ReceivableCommission: "0.00"}
			if it.InstrumentType == "OPTION" {
				fee := decimal.RequireFromString("0.55").Mul(qty)
				it.Fees = append(it.Fees, wireFee{Type: "ORF", ActualValue: fee.StringFixed(2), ReceivableValue: fee.StringFixed(2)})
			}
			if side != "BUY" {
				// The SEC fee on sales: $27.80 per million, at least a cent.
				sec := qty.Mul(px).Mul(mult).Mul(decimal.RequireFromString("0.0000278")).RoundUp(2)
				sec = decimal.Max(sec, decimal.RequireFromString("0.01"))
				it.Fees = append(it.Fees, wireFee{Type: "SEC", ActualValue: sec.StringFixed(2), ReceivableValue: sec.StringFixed(2)})
			}
		} else {
			it.Status, it.FilledQuantity, it.RemainQuantity = "CANCELLED", "0", "0"
		}
		out = append(out, order{placed: placed, filled: filled, wire: wireOrderHistory{
			ClientOrderID: coid, ComboType: "NORMAL", Orders: []wireOrderItem{it}}})
	}
	return out
}

// balance is the account's GET /account/balance answer.
func (a *acct) balance() map[string]any {
	mv := decimal.Zero
	for _, h := range a.holdings {
		mv = mv.Add(dec(h.MarketValue))
	}
	nlv := mv.Add(a.cash)
	power := a.cash
	marginPower := a.cash
	if a.typ == "MARGIN" {
		marginPower = a.cash.Add(nlv).Round(2)
	}
	return map[string]any{
		"account_id": a.id, "total_asset_currency": "USD",
		"total_asset": nlv.StringFixed(2), "total_market_value": mv.StringFixed(2), "total_cash_balance": a.cash.StringFixed(2),
		"margin_utilization_rate": "0.00",
		"account_currency_assets": []map[string]string{{
			"currency": "USD", "net_liquidation_value": nlv.StringFixed(2), "positions_market_value": mv.StringFixed(2),
			"cash_balance": a.cash.StringFixed(2), "margin_power": marginPower.StringFixed(2), "cash_power": power.StringFixed(2),
			"pending_incoming": "0.00", "cash_frozen": "0.00", "available_withdrawal": a.cash.StringFixed(2),
		}},
	}
}

// portfolioOf is the portfolio an App Key reads in its region.
func portfolioOf(app App, day time.Time) *portfolio {
	switch app.Region {
	case RegionHK:
		return buildHK(app.UserID, day)
	case RegionJP:
		return buildJP(app.UserID, day)
	}
	return buildPortfolio(app.UserID, day)
}

// rsec is a Hong Kong or Japan security: its market's currency, the
// instrument type the region's API writes, its English short name and the
// UTC hour its session opens.
type rsec struct {
	symbol, typ, id, name, currency string
	price                           decimal.Decimal
	open                            time.Duration // after 00:00 UTC
}

var (
	usOpen = 14*time.Hour + 30*time.Minute // 09:30 New York (EST)
	hkOpen = 1*time.Hour + 30*time.Minute  // 09:30 Hong Kong
	jpOpen time.Duration                   // 09:00 Tokyo
)

// Hong Kong's securities: the documented example 00001 (CKH HOLDINGS,
// 52.250) and other HK stocks, a Stock Connect A-share and US stocks, as
// the HK API types them (STOCK, ETF).
var hkSecurities = map[string]rsec{
	"00001":  {"00001", "STOCK", "913252773", "CKH HOLDINGS", "HKD", dec("52.250"), hkOpen},
	"00700":  {"00700", "STOCK", "913303964", "TENCENT", "HKD", dec("383.80"), hkOpen},
	"09988":  {"09988", "STOCK", "913254558", "BABA-W", "HKD", dec("84.95"), hkOpen},
	"02800":  {"02800", "ETF", "913246187", "TRACKER FUND", "HKD", dec("18.36"), hkOpen},
	"600519": {"600519", "STOCK", "950101519", "KWEICHOW MOUTAI", "CNY", dec("1498.00"), hkOpen},
	"AAPL":   {"AAPL", "STOCK", "913256135", "Apple Inc", "USD", dec("212.44"), usOpen},
	"SPY":    {"SPY", "ETF", "913243251", "SPDR S&P 500 ETF", "USD", dec("561.03"), usOpen},
}

// Japan's securities, typed by the JP dictionary's Category (US_STOCK,
// US_ETF, JP_STOCK, JP_ETF); AAPL's values are the documented example's.
var jpSecurities = map[string]rsec{
	"AAPL": {"AAPL", "US_STOCK", "913256135", "AAPL", "USD", dec("176.84"), usOpen},
	"NVDA": {"NVDA", "US_STOCK", "913257561", "NVDA", "USD", dec("118.27"), usOpen},
	"VOO":  {"VOO", "US_ETF", "913246558", "VOO", "USD", dec("515.62"), usOpen},
	"7203": {"7203", "JP_STOCK", "960007203", "TOYOTA MOTOR", "JPY", dec("2841.5"), jpOpen},
	"1306": {"1306", "JP_ETF", "960001306", "NEXT FUNDS TOPIX ETF", "JPY", dec("2790"), jpOpen},
}

// fx values a currency in the region's total currency (HKD for Hong Kong,
// USD for Japan's margin totals).
var fx = map[string]decimal.Decimal{"HKD": dec("1"), "USD": dec("7.8"), "CNY": dec("1.08")}

func rholding(secs map[string]rsec, sym, qty, cost, id, tax string) wireHolding {
	s := secs[sym]
	q, c := dec(qty), dec(cost)
	mv := q.Mul(s.price).Round(2)
	total := q.Mul(c).Round(2)
	pl := mv.Sub(total)
	rate := decimal.Zero
	if !total.IsZero() {
		rate = pl.Div(total).Round(4)
	}
	return wireHolding{ID: id, InstrumentID: s.id, Symbol: sym, InstrumentType: s.typ, Currency: s.currency, ShortName: s.name,
		UnitCost: c.String(), Qty: q.String(), TotalCost: total.StringFixed(2), LastPrice: s.price.String(),
		MarketValue: mv.StringFixed(2), UnrealizedProfitLoss: pl.StringFixed(2), UnrealizedProfitLossRate: rate.StringFixed(4),
		HoldingProportion: "0.0000", AccountTaxType: tax}
}

// buildHK makes a Hong Kong user's accounts: a margin account holding Hong
// Kong, Stock Connect and US stocks with cash in HKD, USD and CNY, and a
// cash account in HKD.
func buildHK(userID string, day time.Time) *portfolio {
	p := &portfolio{region: RegionHK, userID: userID}
	tail := userID[len(userID)-4:]
	margin := &acct{id: "HK" + userID + "M", number: "1000" + tail, typ: "MARGIN", subscriptionID: "1712000000" + tail,
		cashBy: map[string]decimal.Decimal{"HKD": dec("48215.60"), "USD": dec("3120.45"), "CNY": dec("0.00")},
		holdings: []wireHolding{
			rholding(hkSecurities, "00001", "11000", "9.546", "", ""), rholding(hkSecurities, "00700", "400", "301.20", "", ""),
			rholding(hkSecurities, "09988", "1200", "78.10", "", ""), rholding(hkSecurities, "600519", "100", "1620.00", "", ""),
			rholding(hkSecurities, "AAPL", "15", "188.30", "", ""),
		}}
	cash := &acct{id: "HK" + userID + "C", number: "1907" + tail, typ: "CASH", subscriptionID: "1712000001" + tail,
		cashBy:   map[string]decimal.Decimal{"HKD": dec("9630.00")},
		holdings: []wireHolding{rholding(hkSecurities, "02800", "5000", "17.02", "", ""), rholding(hkSecurities, "SPY", "3", "498.00", "", "")}}
	margin.orders = rorders(hkSecurities, userID, margin, []string{"00001", "00700", "09988", "600519", "AAPL"}, day, 120)
	cash.orders = rorders(hkSecurities, userID, cash, []string{"02800", "SPY"}, day, 12)
	p.accounts = []*acct{margin, cash}
	return p
}

// buildJP makes a Japan user's accounts: a cash account holding US and
// Tokyo securities in both tax accounts (AAPL twice: SPECIFIC and
// GENERAL), and a US_MARGIN account.
func buildJP(userID string, day time.Time) *portfolio {
	p := &portfolio{region: RegionJP, userID: userID}
	tail := userID[len(userID)-5:]
	cash := &acct{id: "8634173156292" + tail, number: "CJP00" + tail, typ: "CASH", subscriptionID: "1718000000" + tail,
		cashBy: map[string]decimal.Decimal{"JPY": dec("485705"), "USD": dec("1250.40")},
		holdings: []wireHolding{
			rholding(jpSecurities, "AAPL", "20", "101.0775", "123456", "SPECIFIC"),
			rholding(jpSecurities, "AAPL", "5", "150.20", "123457", "GENERAL"),
			rholding(jpSecurities, "VOO", "4", "470.00", "123458", "SPECIFIC"),
			rholding(jpSecurities, "7203", "100", "2650", "123459", "SPECIFIC"),
			rholding(jpSecurities, "1306", "50", "2510", "123460", "GENERAL"),
		}}
	margin := &acct{id: "8634173156293" + tail, number: "MJP00" + tail, typ: "US_MARGIN", subscriptionID: "1718000001" + tail,
		cashBy:   map[string]decimal.Decimal{"USD": dec("8200.00")},
		holdings: []wireHolding{rholding(jpSecurities, "NVDA", "30", "95.10", "223456", ""), rholding(jpSecurities, "AAPL", "10", "160.00", "223457", "")}}
	cash.orders = rorders(jpSecurities, userID, cash, []string{"AAPL", "VOO", "7203", "1306"}, day, 80)
	margin.orders = rorders(jpSecurities, userID, margin, []string{"NVDA", "AAPL"}, day, 30)
	p.accounts = []*acct{cash, margin}
	return p
}

// rorders makes n orders over the 180 days before day, newest first, each
// placed in its market's session: filled buys and sells and some
// cancelled orders, with a commission.
func rorders(secs map[string]rsec, userID string, a *acct, syms []string, day time.Time, n int) []order {
	r := fakekit.Seeded(userID, a.id)
	out := make([]order, 0, n)
	for i := range n {
		sym := syms[r.IntN(len(syms))]
		s := secs[sym]
		placed := day.Add(-time.Duration(2+i*178/n) * 24 * time.Hour).Add(s.open + time.Duration(r.IntN(300))*time.Minute)
		side := "BUY"
		if r.IntN(10) >= 6 {
			side = "SELL"
		}
		lot := int64(1)
		if s.currency == "HKD" || s.currency == "CNY" || s.currency == "JPY" {
			lot = 100
		}
		qty := decimal.NewFromInt(lot * int64(1+r.IntN(10)))
		px := s.price.Mul(decimal.NewFromInt(int64(900 + r.IntN(200)))).Div(decimal.NewFromInt(1000)).Round(2)
		filled := r.IntN(8) != 0
		coid := fmt.Sprintf("R%s%s%03d", a.id[len(a.id)-3:], placed.Format("20060102"), i)
		it := wireOrderItem{ClientOrderID: coid, OrderID: fmt.Sprintf("%d", 800000000+i*41+int(r.IntN(30))),
			Symbol: sym, Side: side, OrderType: "LIMIT", InstrumentType: "EQUITY", EntrustType: "QTY", TimeInForce: "DAY",
			TotalQuantity: qty.String(), LimitPrice: px.String(), PlaceTime: strconv.FormatInt(placed.UnixMilli(), 10),
			PlaceTimeAt: placed.Format("2006-01-02T15:04:05.000Z")}
		if filled {
			at := placed.Add(time.Duration(1+r.IntN(50)) * time.Second)
			comm := qty.Mul(px).Mul(dec("0.0003")).Round(2)
			it.Status, it.FilledQuantity, it.RemainQuantity, it.FilledPrice = "FILLED", qty.String(), "0", px.String()
			it.FilledTime, it.FilledTimeAt = strconv.FormatInt(at.UnixMilli(), 10), at.Format("2006-01-02T15:04:05.000Z")
			it.Commission = &wireCommission{ActualCommission: comm.StringFixed(2), ReceivableCommission: comm.StringFixed(2)}
		} else {
			it.Status, it.FilledQuantity, it.RemainQuantity = "CANCELLED", "0", "0"
		}
		out = append(out, order{placed: placed, filled: filled, wire: wireOrderHistory{
			ClientOrderID: coid, ComboType: "NORMAL", Orders: []wireOrderItem{it}}})
	}
	return out
}

// regionalBalance is Hong Kong's GET /account/balance: the US shape with one
// asset per currency and the totals in HKD (total_asset_currency's
// default), from the documented example's fields.
func (a *acct) regionalBalance() map[string]any {
	mv := map[string]decimal.Decimal{}
	for _, h := range a.holdings {
		mv[h.Currency] = mv[h.Currency].Add(dec(h.MarketValue))
	}
	var curs []string
	for c := range a.cashBy {
		curs = append(curs, c)
	}
	for c := range mv {
		if _, ok := a.cashBy[c]; !ok {
			curs = append(curs, c)
		}
	}
	sort.Strings(curs)
	var assets []map[string]string
	totalAsset, totalMV, totalCash := decimal.Zero, decimal.Zero, decimal.Zero
	for _, c := range curs {
		cash, m := a.cashBy[c], mv[c]
		nlv := cash.Add(m)
		power := cash
		if a.typ == "MARGIN" {
			power = cash.Add(nlv.Div(dec("2"))).Round(2)
		}
		assets = append(assets, map[string]string{
			"currency": c, "net_liquidation_value": nlv.StringFixed(2), "positions_market_value": m.StringFixed(2),
			"cash_balance": cash.StringFixed(2), "margin_power": power.StringFixed(2), "cash_power": cash.StringFixed(2),
			"pending_incoming": "0.00", "cash_frozen": "0.00", "available_withdrawal": cash.StringFixed(2),
		})
		totalAsset = totalAsset.Add(nlv.Mul(fx[c]))
		totalMV = totalMV.Add(m.Mul(fx[c]))
		totalCash = totalCash.Add(cash.Mul(fx[c]))
	}
	return map[string]any{
		"account_id": a.id, "total_asset_currency": "HKD",
		"total_asset": totalAsset.StringFixed(10), "total_market_value": totalMV.StringFixed(10),
		"total_cash_balance": totalCash.StringFixed(10), "margin_utilization_rate": "1.00",
		"account_currency_assets": assets,
	}
}

// jpBalance is Webull Japan's GET /account/balance (Java JPAccountBalance
// and JPAccountAsset): cash as total_cash, settled and unsettled cash and
// stock_power per currency; a margin account adds positions_market_value,
// the USD totals and its margin powers, which developer.webull.co.jp
// writes in camelCase (oneDayMarginPower, infiniteMarginPower).
func (a *acct) jpBalance() map[string]any {
	var curs []string
	for c := range a.cashBy {
		curs = append(curs, c)
	}
	sort.Strings(curs)
	margin := a.typ == "US_MARGIN"
	mv := decimal.Zero
	for _, h := range a.holdings {
		mv = mv.Add(dec(h.MarketValue))
	}
	var assets []map[string]string
	for _, c := range curs {
		cash := a.cashBy[c]
		unsettled := cash.Div(dec("10")).Round(0)
		if c == "USD" {
			unsettled = cash.Div(dec("10")).Round(2)
		}
		as := map[string]string{
			"currency": c, "balance": cash.String(), "total_cash": cash.String(),
			"unsettled_cash": unsettled.String(), "settled_cash": cash.Sub(unsettled).String(), "frozen_cash": "0",
			"available_to_withdraw": cash.Sub(unsettled).String(), "available_to_exchange": cash.Sub(unsettled).String(),
			"stock_power": cash.Sub(unsettled).String(), "overnight_power": cash.Sub(unsettled).String(),
		}
		if margin {
			as["positions_market_value"] = mv.StringFixed(2)
			as["total_collateral_value"] = mv.Add(cash).StringFixed(2)
		}
		assets = append(assets, as)
	}
	out := map[string]any{"account_id": a.id, "account_currency_assets": assets}
	if margin {
		cash := a.cashBy["USD"]
		out["total_asset_currency"] = "USD"
		out["total_market_value"] = mv.StringFixed(2)
		out["margin_utilization_rate"] = "495.4124"
		out["total_collateral_value"] = mv.Add(cash).StringFixed(2)
		out["oneDayMarginPower"] = cash.Mul(dec("3")).StringFixed(2)
		out["infiniteMarginPower"] = cash.Mul(dec("2")).StringFixed(2)
	}
	return out
}
