package fake

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Portfolio is one environment's data, as the API serves it.
type Portfolio struct {
	Account    Account
	Positions  []Position
	Activities []Activity // oldest first
}

// Account is GET /v2/account (a subset of Alpaca's fields; decimals are
// strings).
type Account struct {
	ID                 string `json:"id"`
	AccountNumber      string `json:"account_number"`
	Status             string `json:"status"`
	CryptoStatus       string `json:"crypto_status"`
	Currency           string `json:"currency"`
	Cash               string `json:"cash"`
	BuyingPower        string `json:"buying_power"`
	RegtBuyingPower    string `json:"regt_buying_power"`
	Equity             string `json:"equity"`
	LastEquity         string `json:"last_equity"`
	LongMarketValue    string `json:"long_market_value"`
	ShortMarketValue   string `json:"short_market_value"`
	PortfolioValue     string `json:"portfolio_value"`
	Multiplier         string `json:"multiplier"`
	PatternDayTrader   bool   `json:"pattern_day_trader"`
	TradingBlocked     bool   `json:"trading_blocked"`
	TransfersBlocked   bool   `json:"transfers_blocked"`
	AccountBlocked     bool   `json:"account_blocked"`
	ShortingEnabled    bool   `json:"shorting_enabled"`
	CreatedAt          string `json:"created_at"`
	DaytradeCount      int    `json:"daytrade_count"`
	InitialMargin      string `json:"initial_margin"`
	MaintenanceMargin  string `json:"maintenance_margin"`
	NonMarginableBP    string `json:"non_marginable_buying_power"`
	DaytradingBP       string `json:"daytrading_buying_power"`
	SMA                string `json:"sma"`
	AccruedFees        string `json:"accrued_fees"`
	PendingTransferIn  string `json:"pending_transfer_in"`
	PendingTransferOut string `json:"pending_transfer_out"`
}

// Position is one row of GET /v2/positions.
type Position struct {
	AssetID        string `json:"asset_id"`
	Symbol         string `json:"symbol"`
	Exchange       string `json:"exchange"`
	AssetClass     string `json:"asset_class"`
	AvgEntryPrice  string `json:"avg_entry_price"`
	Qty            string `json:"qty"`
	QtyAvailable   string `json:"qty_available"`
	Side           string `json:"side"`
	MarketValue    string `json:"market_value"`
	CostBasis      string `json:"cost_basis"`
	UnrealizedPL   string `json:"unrealized_pl"`
	CurrentPrice   string `json:"current_price"`
	LastdayPrice   string `json:"lastday_price"`
	ChangeToday    string `json:"change_today"`
	AssetMarginabl bool   `json:"asset_marginable"`
}

// Activity is one row of GET /v2/account/activities: a trade activity
// (FILL) or a non-trade activity, with the fields of its kind.
type Activity struct {
	ActivityType    string `json:"activity_type"`
	ID              string `json:"id"`
	TransactionTime string `json:"transaction_time,omitempty"`
	Type            string `json:"type,omitempty"`
	Price           string `json:"price,omitempty"`
	Qty             string `json:"qty,omitempty"`
	Side            string `json:"side,omitempty"`
	Symbol          string `json:"symbol,omitempty"`
	LeavesQty       string `json:"leaves_qty,omitempty"`
	CumQty          string `json:"cum_qty,omitempty"`
	OrderID         string `json:"order_id,omitempty"`
	OrderStatus     string `json:"order_status,omitempty"`
	Date            string `json:"date,omitempty"`
	NetAmount       string `json:"net_amount,omitempty"`
	PerShareAmount  string `json:"per_share_amount,omitempty"`
	Description     string `json:"description,omitempty"`
	Status          string `json:"status,omitempty"`

	at time.Time // when it happened, for after/until
}

// Days is how many days of activity the fake holds before its day.
const Days = 120

type security struct {
	symbol, exchange, class string
	base                    decimal.Decimal
	mult                    int64
}

var securities = []security{
	{"AAPL", "NASDAQ", "us_equity", dec("189.52"), 1},
	{"SPY", "ARCA", "us_equity", dec("512.10"), 1},
	{"VTI", "ARCA", "us_equity", dec("254.33"), 1},
	{"TSLA", "NASDAQ", "us_equity", dec("178.06"), 1},
	{"BTC/USD", "CRYPTO", "crypto", dec("64210.55"), 1},
	{"AAPL260116C00200000", "OPRA", "us_option", dec("5.35"), 100},
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// price is sec's deterministic price on day i (0 = the oldest day).
func (s security) price(i int) decimal.Decimal {
	step := decimal.NewFromInt(int64((i*37)%23 - 11)).Mul(s.base).Div(decimal.NewFromInt(1000))
	return s.base.Add(step).Round(2)
}

// uuid makes a stable UUID-shaped id from parts.
func uuid(parts ...any) string {
	h := sha256.Sum256([]byte(fmt.Sprint(parts...)))
	x := hex.EncodeToString(h[:16])
	return x[0:8] + "-" + x[8:12] + "-4" + x[13:16] + "-8" + x[17:20] + "-" + x[20:32]
}

// activityID is Alpaca's id shape: a millisecond timestamp, "::", a UUID.
func activityID(t time.Time, parts ...any) string {
	return t.UTC().Format("20060102150405") + fmt.Sprintf("%03d", t.Nanosecond()/1e6) + "::" + uuid(parts...)
}

// Build makes env's deterministic portfolio for the UTC day that starts at
// day.
func Build(env string, day time.Time) *Portfolio {
	day = fakekit.Day(day)
	p := &Portfolio{}
	number := "718240563"
	if env == PaperID {
		number = "PA3KQ7W2M9ZT"
	}
	// Positions: today's price is the last day's.
	long, short := decimal.Zero, decimal.Zero
	units := []string{"25", "10", "12.5", "-5", "0.0421", "2"}
	avgs := []string{"150.10", "470.25", "231.90", "190.40", "51230.75", "3.10"}
	for i, s := range securities {
		q := dec(units[i])
		px := s.price(Days)
		mv := q.Mul(px).Mul(decimal.NewFromInt(s.mult)).Round(2)
		avg := dec(avgs[i])
		cb := q.Mul(avg).Mul(decimal.NewFromInt(s.mult)).Round(2)
		side := "long"
		if q.IsNegative() {
			side = "short"
			short = short.Add(mv)
		} else {
			long = long.Add(mv)
		}
		p.Positions = append(p.Positions, Position{
			AssetID: uuid(env, s.symbol), Symbol: s.symbol, Exchange: s.exchange, AssetClass: s.class,
			AvgEntryPrice: avg.String(), Qty: q.String(), QtyAvailable: q.String(), Side: side,
			MarketValue: mv.StringFixed(2), CostBasis: cb.StringFixed(2), UnrealizedPL: mv.Sub(cb).StringFixed(2),
			CurrentPrice: px.StringFixed(2), LastdayPrice: s.price(Days - 1).StringFixed(2),
			ChangeToday: px.Sub(s.price(Days - 1)).Div(s.price(Days - 1)).StringFixed(4), AssetMarginabl: s.class == "us_equity",
		})
	}
	cash := dec("18342.67")
	equity := cash.Add(long).Add(short)
	p.Account = Account{
		ID: uuid(env, "account"), AccountNumber: number, Status: "ACTIVE", CryptoStatus: "ACTIVE", Currency: "USD",
		Cash: cash.StringFixed(2), BuyingPower: cash.Mul(decimal.NewFromInt(2)).StringFixed(2),
		RegtBuyingPower: cash.Mul(decimal.NewFromInt(2)).StringFixed(2), Equity: equity.StringFixed(2),
		LastEquity: equity.Sub(dec("112.40")).StringFixed(2), LongMarketValue: long.StringFixed(2),
		ShortMarketValue: short.StringFixed(2), PortfolioValue: equity.StringFixed(2), Multiplier: "2",
		ShortingEnabled: true, CreatedAt: day.AddDate(-1, 0, 0).Format(time.RFC3339Nano),
		InitialMargin: "0", MaintenanceMargin: "0", NonMarginableBP: cash.StringFixed(2),
		DaytradingBP: "0", SMA: "0", AccruedFees: "0", PendingTransferIn: "0", PendingTransferOut: "0",
	}
	p.Activities = activities(env, day)
	return p
}

// activities makes Days days of history before day: a buy every weekday, a
// sell every other weekday (one of them after hours), and dividends, tax,
// interest, deposits, a withdrawal, fees, journals, a split and a
// reorganisation.
func activities(env string, day time.Time) []Activity {
	var out []Activity
	nta := func(d time.Time, i int, typ, amount, sym, qty, per, desc string) {
		t := d.Add(5 * time.Hour)
		out = append(out, Activity{ActivityType: typ, ID: activityID(t, env, i, typ), Date: d.Format(time.DateOnly),
			NetAmount: amount, Symbol: sym, Qty: qty, PerShareAmount: per, Description: desc, Status: "executed", at: t})
	}
	fill := func(t time.Time, i int, s security, qty decimal.Decimal, side string) {
		px := s.price(i)
		out = append(out, Activity{ActivityType: "FILL", ID: activityID(t, env, i, s.symbol, side),
			TransactionTime: t.Format("2006-01-02T15:04:05.000Z"), Type: "fill", Price: px.StringFixed(2),
			Qty: qty.String(), Side: side, Symbol: s.symbol, LeavesQty: "0", CumQty: qty.String(),
			OrderID: uuid(env, i, s.symbol, side, "order"), OrderStatus: "filled", at: t})
	}
	for w := range fakekit.Weekdays(day.AddDate(0, 0, -Days), Days) {
		d, i, weekday := w.Date, w.Index, w.N
		s := securities[weekday%4]
		fill(d.Add(14*time.Hour+30*time.Minute+time.Duration(weekday)*time.Minute), i, s, decimal.NewFromInt(int64(1+weekday%3)), "buy")
		if weekday%2 == 0 {
			t := d.Add(16*time.Hour + 5*time.Minute)
			if weekday == 10 {
				t = d.Add(25*time.Hour + 30*time.Minute) // 21:30 New York time: the next day in UTC
			}
			fill(t, i, securities[(weekday/2)%3], decimal.NewFromInt(1), "sell")
		}
		switch weekday {
		case 1:
			nta(d, i, "CSD", "50000", "", "", "", "ACH deposit")
		case 12, 52:
			nta(d, i, "DIV", "6.00", "AAPL", "25", "0.24", "Cash dividend AAPL")
			nta(d, i, "DIVNRA", "-0.90", "AAPL", "", "", "Withholding on AAPL dividend")
		case 20, 41, 62:
			nta(d, i, "INT", "3.17", "", "", "", "Interest on cash")
		case 25:
			nta(d, i, "FEE", "-0.02", "", "", "", "REG/TAF fee")
		case 30:
			nta(d, i, "JNLC", "250", "", "", "", "Journal from another account")
		case 44:
			nta(d, i, "CSW", "-1000", "", "", "", "ACH withdrawal")
		case 47:
			nta(d, i, "JNLC", "-100", "", "", "", "Journal to another account")
		case 55:
			nta(d, i, "SSP", "0", "VTI", "6.25", "", "Stock split 2:1 VTI")
		case 58:
			nta(d, i, "REORG", "0", "SPY", "0", "", "Reorganisation")
		case 66:
			nta(d, i, "PTC", "-0.12", "BTC/USD", "", "", "Pass-through charge")
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
