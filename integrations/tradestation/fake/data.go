package fake

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// The data follows the specification's response samples: account ids of
// digits (SIM… in the simulator), every amount and quantity a decimal in a
// JSON string, times in RFC 3339 UTC, the sample's MSFT position.

type acctSpec struct {
	id, typ, alias string
	seed           int
}

// users maps a test login to its live and simulated accounts.
var users = map[string]struct{ live, sim []acctSpec }{
	User: {
		live: []acctSpec{{"11827364", "Cash", "", 1}, {"11827365", "Margin", "Swing trading", 2}, {"21030477", "Futures", "", 3}},
		sim:  []acctSpec{{"SIM2405117M", "Margin", "", 4}, {"SIM2405117F", "Futures", "", 5}, {"SIM2405117C", "Cash", "", 8}},
	},
	OtherUser: {
		live: []acctSpec{{"11900042", "Cash", "", 6}},
		sim:  []acctSpec{{"SIM1190004M", "Margin", "", 7}},
	},
}

// Wire types, as the specification names them.

type wireAccount struct {
	AccountID     string         `json:"AccountID"`
	Currency      string         `json:"Currency"`
	Status        string         `json:"Status"`
	AccountType   string         `json:"AccountType"`
	Alias         string         `json:"Alias,omitempty"`
	AccountDetail map[string]any `json:"AccountDetail,omitempty"`
}

type wireBalance struct {
	AccountID        string            `json:"AccountID"`
	AccountType      string            `json:"AccountType"`
	BalanceDetail    map[string]string `json:"BalanceDetail"`
	BuyingPower      string            `json:"BuyingPower"`
	CashBalance      string            `json:"CashBalance"`
	Commission       string            `json:"Commission"`
	Equity           string            `json:"Equity"`
	MarketValue      string            `json:"MarketValue"`
	TodaysProfitLoss string            `json:"TodaysProfitLoss"`
	UnclearedDeposit string            `json:"UnclearedDeposit"`
}

type wirePosition struct {
	AccountID                   string `json:"AccountID"`
	AveragePrice                string `json:"AveragePrice"`
	AssetType                   string `json:"AssetType"`
	Last                        string `json:"Last"`
	Bid                         string `json:"Bid"`
	Ask                         string `json:"Ask"`
	ConversionRate              string `json:"ConversionRate"`
	DayTradeRequirement         string `json:"DayTradeRequirement"`
	ExpirationDate              string `json:"ExpirationDate,omitempty"`
	InitialRequirement          string `json:"InitialRequirement"`
	MaintenanceMargin           string `json:"MaintenanceMargin"`
	PositionID                  string `json:"PositionID"`
	LongShort                   string `json:"LongShort"`
	Quantity                    string `json:"Quantity"`
	Symbol                      string `json:"Symbol"`
	Timestamp                   string `json:"Timestamp"`
	TodaysProfitLoss            string `json:"TodaysProfitLoss"`
	TotalCost                   string `json:"TotalCost"`
	MarketValue                 string `json:"MarketValue"`
	MarkToMarketPrice           string `json:"MarkToMarketPrice"`
	UnrealizedProfitLoss        string `json:"UnrealizedProfitLoss"`
	UnrealizedProfitLossPercent string `json:"UnrealizedProfitLossPercent"`
	UnrealizedProfitLossQty     string `json:"UnrealizedProfitLossQty"`
}

type wireLeg struct {
	AssetType         string `json:"AssetType"`
	BuyOrSell         string `json:"BuyOrSell"`
	ExecQuantity      string `json:"ExecQuantity"`
	ExecutionPrice    string `json:"ExecutionPrice,omitempty"`
	OpenOrClose       string `json:"OpenOrClose"`
	QuantityOrdered   string `json:"QuantityOrdered"`
	QuantityRemaining string `json:"QuantityRemaining"`
	Symbol            string `json:"Symbol"`
	ExpirationDate    string `json:"ExpirationDate,omitempty"`
	OptionType        string `json:"OptionType,omitempty"`
	StrikePrice       string `json:"StrikePrice,omitempty"`
	Underlying        string `json:"Underlying,omitempty"`
}

type wireOrder struct {
	AccountID         string    `json:"AccountID"`
	ClosedDateTime    string    `json:"ClosedDateTime,omitempty"`
	CommissionFee     string    `json:"CommissionFee"`
	Currency          string    `json:"Currency"`
	Duration          string    `json:"Duration"`
	FilledPrice       string    `json:"FilledPrice"`
	Legs              []wireLeg `json:"Legs"`
	OpenedDateTime    string    `json:"OpenedDateTime"`
	OrderID           string    `json:"OrderID"`
	OrderType         string    `json:"OrderType"`
	PriceUsedForBP    string    `json:"PriceUsedForBuyingPower"`
	Routing           string    `json:"Routing"`
	Status            string    `json:"Status"`
	StatusDescription string    `json:"StatusDescription"`
	UnbundledRouteFee string    `json:"UnbundledRouteFee"`
}

// account is one account's data on a day.
type account struct {
	acctSpec
	cash      decimal.Decimal
	positions []wirePosition
	orders    []order
}

// order is an order and when it closed (zero: still open).
type order struct {
	closed time.Time
	wire   wireOrder
	fills  int // legs that executed: the activities it makes
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

type holding struct {
	symbol, asset, side, qty, avg, last string
}

var holdings = map[string][]holding{
	"Cash":    {{"MSFT", "STOCK", "Long", "10", "216.68", "216.63"}, {"AAPL", "STOCK", "Long", "25", "151.20", "189.84"}, {"SPY", "STOCK", "Long", "8", "402.10", "512.34"}},
	"Margin":  {{"NVDA", "STOCK", "Long", "12", "401.50", "875.28"}, {"TSLA", "STOCK", "Short", "5", "212.40", "175.10"}, {"MSFT 270115C450", "STOCKOPTION", "Long", "2", "31.25", "38.40"}},
	"Futures": {{"ESM26", "FUTURE", "Long", "1", "5300.00", "5318.50"}},
}

var tickers = map[string][]string{"Cash": {"MSFT", "AAPL", "SPY", "KO"}, "Margin": {"NVDA", "TSLA", "AMD", "QQQ"}, "Futures": {"ESM26", "NQM26"}}

// build makes an account's data, anchored to day (UTC midnight).
func build(a acctSpec, day time.Time) account {
	out := account{acctSpec: a, cash: dec("24300.85").Add(decimal.NewFromInt(int64(a.seed * 1000)))}
	ts := day.Add(14*time.Hour + 30*time.Minute).Format(time.RFC3339)
	for i, h := range holdings[a.typ] {
		qty, last, avg := dec(h.qty), dec(h.last), dec(h.avg)
		mult := decimal.NewFromInt(1)
		switch h.asset {
		case "STOCKOPTION":
			mult = decimal.NewFromInt(100)
		case "FUTURE":
			mult = decimal.NewFromInt(50) // the E-mini S&P 500's point value
		}
		signed := qty
		if h.side == "Short" {
			signed = qty.Neg()
		}
		mv := signed.Mul(last).Mul(mult)
		cost := signed.Mul(avg).Mul(mult)
		pl := mv.Sub(cost)
		out.positions = append(out.positions, wirePosition{
			AccountID: a.id, AveragePrice: avg.StringFixed(2), AssetType: h.asset, Last: last.StringFixed(2),
			Bid: last.Sub(dec("0.01")).StringFixed(2), Ask: last.Add(dec("0.01")).StringFixed(2), ConversionRate: "1",
			DayTradeRequirement: "0", InitialRequirement: "0", MaintenanceMargin: "0",
			PositionID: fmt.Sprintf("6463%04d", a.seed*10+i), LongShort: h.side, Quantity: signed.String(), Symbol: h.symbol,
			Timestamp: ts, TodaysProfitLoss: "0", TotalCost: cost.StringFixed(2), MarketValue: mv.StringFixed(2),
			MarkToMarketPrice: avg.StringFixed(2), UnrealizedProfitLoss: pl.StringFixed(2),
			UnrealizedProfitLossPercent: pl.Div(cost.Abs()).Mul(decimal.NewFromInt(100)).StringFixed(3), UnrealizedProfitLossQty: "0",
		})
	}
	// Orders over the last 85 days: filled ones (buys and sells, one a
	// two-leg option spread), a cancelled one that never filled, a partial
	// fill, and today's open order.
	names := tickers[a.typ]
	for i := range 24 {
		at := day.AddDate(0, 0, -84+i*3-a.seed%3).Add(time.Duration(14+i%5)*time.Hour + 31*time.Minute)
		sym := names[i%len(names)]
		asset := "STOCK"
		if a.typ == "Futures" {
			asset = "FUTURE"
		}
		side := "Buy"
		if i%3 == 2 {
			side = "Sell"
		}
		if a.typ == "Margin" && i%7 == 5 {
			side = "SellShort"
		}
		qty := decimal.NewFromInt(int64(1 + (i*7+a.seed)%20))
		if asset == "FUTURE" {
			qty = decimal.NewFromInt(int64(1 + i%2))
		}
		price := decimal.NewFromInt(int64(50 + (i*37+a.seed*11)%400)).Add(dec("0.25"))
		exec := qty
		status, desc := "FLL", "Filled"
		switch {
		case i == 4:
			exec, status, desc = decimal.Zero, "CAN", "Canceled"
		case i == 9:
			exec, status, desc = qty.Div(decimal.NewFromInt(2)).Floor(), "FLP", "Partial Fill (UROut)"
		}
		id := fmt.Sprintf("%d", 286234131+a.seed*1000+i)
		legs := []wireLeg{{AssetType: asset, BuyOrSell: side, ExecQuantity: exec.String(), ExecutionPrice: price.StringFixed(2),
			OpenOrClose: "Open", QuantityOrdered: qty.String(), QuantityRemaining: qty.Sub(exec).String(), Symbol: sym}}
		if a.typ == "Margin" && i == 11 {
			legs = []wireLeg{
				{AssetType: "STOCKOPTION", BuyOrSell: "BuyToOpen", ExecQuantity: "1", ExecutionPrice: "4.10", OpenOrClose: "Open",
					QuantityOrdered: "1", QuantityRemaining: "0", Symbol: "AMD 260619C180", OptionType: "CALL", StrikePrice: "180", Underlying: "AMD"},
				{AssetType: "STOCKOPTION", BuyOrSell: "SellToOpen", ExecQuantity: "1", ExecutionPrice: "2.35", OpenOrClose: "Open",
					QuantityOrdered: "1", QuantityRemaining: "0", Symbol: "AMD 260619C200", OptionType: "CALL", StrikePrice: "200", Underlying: "AMD"},
			}
		}
		fills := fakekit.CountWhere(legs, func(l wireLeg) bool { return !dec(l.ExecQuantity).IsZero() })
		out.orders = append(out.orders, order{closed: at, fills: fills, wire: wireOrder{
			AccountID: a.id, ClosedDateTime: at.Format(time.RFC3339), CommissionFee: "0", Currency: "USD", Duration: "DAY",
			FilledPrice: price.StringFixed(2), Legs: legs, OpenedDateTime: at.Add(-2 * time.Minute).Format(time.RFC3339),
			OrderID: id, OrderType: "Limit", PriceUsedForBP: price.StringFixed(2), Routing: "Intelligent", Status: status,
			StatusDescription: desc, UnbundledRouteFee: "0",
		}})
		if a.typ == "Futures" {
			out.orders[len(out.orders)-1].wire.CommissionFee = "2.50"
		}
	}
	// A fill earlier today, and an order still working.
	today := day.Add(15 * time.Hour)
	out.orders = append(out.orders,
		order{closed: today, fills: 1, wire: wireOrder{AccountID: a.id, ClosedDateTime: today.Format(time.RFC3339), CommissionFee: "0",
			Currency: "USD", Duration: "DAY", FilledPrice: "101.50", OpenedDateTime: today.Add(-time.Minute).Format(time.RFC3339),
			OrderID: fmt.Sprintf("%d", 286239000+a.seed), OrderType: "Market", Routing: "Intelligent", Status: "FLL", StatusDescription: "Filled",
			Legs: []wireLeg{{AssetType: map[bool]string{true: "FUTURE", false: "STOCK"}[a.typ == "Futures"], BuyOrSell: "Buy",
				ExecQuantity: "1", ExecutionPrice: "101.50", OpenOrClose: "Open", QuantityOrdered: "1", QuantityRemaining: "0", Symbol: names[0]}}}},
		order{fills: 0, wire: wireOrder{AccountID: a.id, CommissionFee: "0", Currency: "USD", Duration: "GTC", FilledPrice: "0",
			OpenedDateTime: today.Add(-30 * time.Minute).Format(time.RFC3339), OrderID: fmt.Sprintf("%d", 286239500+a.seed),
			OrderType: "Limit", Routing: "Intelligent", Status: "OPN", StatusDescription: "Sent",
			Legs: []wireLeg{{AssetType: "STOCK", BuyOrSell: "Buy", ExecQuantity: "0", OpenOrClose: "Open", QuantityOrdered: "10",
				QuantityRemaining: "10", Symbol: names[0]}}}},
	)
	return out
}

// portfolio returns a user's accounts of one environment on a day.
func portfolio(user string, sim bool, day time.Time) []account {
	u, ok := users[user]
	if !ok {
		return nil
	}
	specs := u.live
	if sim {
		specs = u.sim
	}
	out := make([]account, 0, len(specs))
	for _, s := range specs {
		out = append(out, build(s, day))
	}
	return out
}

func (a account) wire() wireAccount {
	w := wireAccount{AccountID: a.id, Currency: "USD", Status: "Active", AccountType: a.typ, Alias: a.alias}
	if a.typ != "Futures" {
		w.AccountDetail = map[string]any{"IsStockLocateEligible": false, "EnrolledInRegTProgram": a.typ == "Margin",
			"RequiresBuyingPowerWarning": a.typ == "Margin", "DayTradingQualified": true, "OptionApprovalLevel": 1, "PatternDayTrader": false}
	}
	return w
}

func (a account) balance() wireBalance {
	mv := decimal.Zero
	for _, p := range a.positions {
		if p.AssetType != "FUTURE" {
			mv = mv.Add(dec(p.MarketValue))
		}
	}
	bp := a.cash
	if a.typ == "Margin" {
		bp = a.cash.Mul(decimal.NewFromInt(2))
	}
	return wireBalance{AccountID: a.id, AccountType: a.typ, BuyingPower: bp.StringFixed(2), CashBalance: a.cash.StringFixed(2),
		Commission: "0", Equity: a.cash.Add(mv).StringFixed(2), MarketValue: mv.StringFixed(2), TodaysProfitLoss: "0", UnclearedDeposit: "0",
		BalanceDetail: map[string]string{"CostOfPositions": "0", "DayTradeExcess": bp.StringFixed(2), "DayTradeMargin": "0",
			"DayTradeOpenOrderMargin": "0", "DayTrades": "0", "InitialMargin": "0", "MaintenanceMargin": "0", "MaintenanceRate": "0",
			"MarginRequirement": "0", "UnrealizedProfitLoss": "0", "UnsettledFunds": "0"}}
}
