package fake

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"
)

// Wire shapes of the documented answers (developer.webull.com API reference:
// Account Balance, Account Positions, Order Detail).
type wireHolding struct {
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
}

type wireItem struct {
	Category       string `json:"category"`
	Currency       string `json:"currency"`
	FilledPrice    string `json:"filled_price"`
	FilledQty      string `json:"filled_qty"`
	InstrumentID   string `json:"instrument_id"`
	LastFilledTime string `json:"last_filled_time,omitempty"`
	LimitPrice     string `json:"limit_price,omitempty"`
	OrderStatus    string `json:"order_status"`
	OrderType      string `json:"order_type"`
	PlaceTime      string `json:"place_time"`
	Qty            string `json:"qty"`
	Side           string `json:"side"`
	Symbol         string `json:"symbol"`
}

type wireOrder struct {
	AccountID            string     `json:"account_id"`
	ComboType            string     `json:"combo_type"`
	ClientOrderID        string     `json:"client_order_id"`
	ExtendedHoursTrading bool       `json:"extended_hours_trading"`
	OrderID              string     `json:"order_id"`
	TIF                  string     `json:"tif"`
	Items                []wireItem `json:"items"`
}

type order struct {
	wire   wireOrder
	placed time.Time
	filled bool
}

type acct struct {
	id, number, typ, subscriptionID string
	cash                            decimal.Decimal
	holdings                        []wireHolding
	orders                          []order // newest first
}

type portfolio struct {
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

func anchor(now time.Time) time.Time { return now.UTC().Truncate(24 * time.Hour) }

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

func seed(parts ...string) *rand.Rand {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	v := h.Sum64()
	return rand.New(rand.NewPCG(v, v^0x9e3779b97f4a7c15))
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
	margin.orders = orders(userID, margin, []string{"AAPL", "MSFT", "NVDA", "TSLA", "SPY"}, day, 48)
	cash.orders = orders(userID, cash, []string{"VTI", "QQQ"}, day, 14)
	p.accounts = []*acct{margin, cash}
	return p
}

// orders makes n orders over the 180 days before day, newest first: mostly
// filled market and limit buys and sells, a few short sales, and some
// cancelled orders (nothing filled).
func orders(userID string, a *acct, syms []string, day time.Time, n int) []order {
	r := seed(userID, a.id)
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
		status, typ := "FILLED", "MARKET"
		if r.IntN(3) == 0 {
			typ = "LIMIT"
		}
		filled := r.IntN(8) != 0
		it := wireItem{Category: "US_STOCK", Currency: "USD", InstrumentID: s.id, OrderType: typ,
			PlaceTime: placed.Format("2006-01-02T15:04:05.000Z"), Qty: qty.String(), Side: side, Symbol: sym}
		if s.typ == "ETF" {
			it.Category = "US_ETF"
		}
		if typ == "LIMIT" {
			it.LimitPrice = px.StringFixed(2)
		}
		if filled {
			it.FilledQty, it.FilledPrice = qty.String(), px.StringFixed(2)
			it.LastFilledTime = placed.Add(time.Duration(1+r.IntN(50)) * time.Second).Format("2006-01-02T15:04:05.000Z")
		} else {
			status = "CANCELLED"
			it.FilledQty, it.FilledPrice = "0", "0.00"
		}
		it.OrderStatus = status
		coid := fmt.Sprintf("LK%s%03d", placed.Format("20060102"), i)
		out = append(out, order{placed: placed, filled: filled, wire: wireOrder{
			AccountID: a.id, ComboType: "NORMAL", ClientOrderID: coid, OrderID: fmt.Sprintf("%d", 700000000+i*37+int(r.IntN(30))),
			TIF: "DAY", Items: []wireItem{it}}})
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
