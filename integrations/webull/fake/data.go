package fake

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// Wire shapes of the answers: the Java SDK's response classes
// (com.webull.openapi.trade.response: HoldingInfo, AccountBalance,
// AccountAsset; NOrderItem, v2.OrderHistory) with the example values of
// developer.webull.com's API reference.
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
	r := seed(userID, a.id)
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
