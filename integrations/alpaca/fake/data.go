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

// Account is GET /v2/account, decimals as strings: the fields of the Go
// SDK's Account (alpacahq/alpaca-trade-api-go alpaca/entities.go) and
// alpaca-py's TradeAccount (alpaca/trading/models.py) this fake fills,
// without pattern_day_trader, daytrade_count and daytrading_buying_power,
// which Alpaca stopped sending on 2026-07-06 (alpaca-py fd14c0a).
type Account struct {
	ID                    string `json:"id"`
	AccountNumber         string `json:"account_number"`
	Status                string `json:"status"`
	CryptoStatus          string `json:"crypto_status"`
	Currency              string `json:"currency"`
	BuyingPower           string `json:"buying_power"`
	RegtBuyingPower       string `json:"regt_buying_power"`
	EffectiveBuyingPower  string `json:"effective_buying_power"`
	NonMarginableBP       string `json:"non_marginable_buying_power"`
	OptionsBuyingPower    string `json:"options_buying_power"`
	Cash                  string `json:"cash"`
	AccruedFees           string `json:"accrued_fees"`
	PendingTransferIn     string `json:"pending_transfer_in"`
	PendingTransferOut    string `json:"pending_transfer_out"`
	PortfolioValue        string `json:"portfolio_value"`
	TradingBlocked        bool   `json:"trading_blocked"`
	TransfersBlocked      bool   `json:"transfers_blocked"`
	AccountBlocked        bool   `json:"account_blocked"`
	CreatedAt             string `json:"created_at"`
	TradeSuspendedByUser  bool   `json:"trade_suspended_by_user"`
	Multiplier            string `json:"multiplier"`
	ShortingEnabled       bool   `json:"shorting_enabled"`
	Equity                string `json:"equity"`
	LastEquity            string `json:"last_equity"`
	LongMarketValue       string `json:"long_market_value"`
	ShortMarketValue      string `json:"short_market_value"`
	PositionMarketValue   string `json:"position_market_value"`
	InitialMargin         string `json:"initial_margin"`
	MaintenanceMargin     string `json:"maintenance_margin"`
	LastMaintenanceMargin string `json:"last_maintenance_margin"`
	SMA                   string `json:"sma"`
	OptionsApprovedLevel  int    `json:"options_approved_level"`
	OptionsTradingLevel   int    `json:"options_trading_level"`
}

// Position is one row of GET /v2/positions: the Position entity of Alpaca's
// documentation (alpacahq/alpaca-docs data/webapi/entities/position.yaml)
// and the SDKs' Position. A short position's qty is negative, its side
// "short".
type Position struct {
	AssetID                string `json:"asset_id"`
	Symbol                 string `json:"symbol"`
	Exchange               string `json:"exchange"`
	AssetClass             string `json:"asset_class"`
	AvgEntryPrice          string `json:"avg_entry_price"`
	Qty                    string `json:"qty"`
	QtyAvailable           string `json:"qty_available"`
	Side                   string `json:"side"`
	MarketValue            string `json:"market_value"`
	CostBasis              string `json:"cost_basis"`
	UnrealizedPL           string `json:"unrealized_pl"`
	UnrealizedPLPC         string `json:"unrealized_plpc"`
	UnrealizedIntradayPL   string `json:"unrealized_intraday_pl"`
	UnrealizedIntradayPLPC string `json:"unrealized_intraday_plpc"`
	CurrentPrice           string `json:"current_price"`
	LastdayPrice           string `json:"lastday_price"`
	ChangeToday            string `json:"change_today"`
	AssetMarginable        bool   `json:"asset_marginable"`
}

// Activity is one row of GET /v2/account/activities: a TradeActivity
// (activity_type FILL) or a NonTradeActivity, with the fields of its kind
// (the docs' entities; the Go SDK's AccountActivity; alpaca-py's
// TradeActivity and NonTradeActivity, whose status is executed, correct or
// canceled).
type Activity struct {
	ActivityType    string  `json:"activity_type"`
	ID              string  `json:"id"`
	TransactionTime string  `json:"transaction_time,omitempty"`
	Type            string  `json:"type,omitempty"`
	Price           string  `json:"price,omitempty"`
	Qty             string  `json:"qty,omitempty"`
	Side            string  `json:"side,omitempty"`
	Symbol          string  `json:"symbol,omitempty"`
	LeavesQty       string  `json:"leaves_qty,omitempty"`
	CumQty          string  `json:"cum_qty,omitempty"`
	OrderID         string  `json:"order_id,omitempty"`
	OrderStatus     string  `json:"order_status,omitempty"`
	Date            string  `json:"date,omitempty"`
	NetAmount       string  `json:"net_amount,omitempty"`
	PerShareAmount  string  `json:"per_share_amount,omitempty"`
	Description     *string `json:"description,omitempty"`
	Status          string  `json:"status,omitempty"`

	at time.Time // when Alpaca created it, for after, until and date
}

// Canceled reports whether a is a non-trade activity "recorded but
// canceled".
func (a Activity) Canceled() bool { return a.Status == "canceled" }

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
	{"BTCUSD", "FTXU", "crypto", dec("19444"), 1},
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

// docsPositions are the Position examples of Alpaca's documentation
// (alpacahq/alpaca-docs@2080c5e data/webapi/entities/position.yaml and
// position-crypto.yaml), served as they are but for the equity sample's
// symbol, "AAPL " there, and the crypto sample's asset_id, which repeats
// the equity sample's there.
func docsPositions(env string) map[string]Position {
	return map[string]Position{
		"AAPL": {AssetID: "904837e3-3b76-47ec-b432-046db621571b", Symbol: "AAPL", Exchange: "NASDAQ", AssetClass: "us_equity",
			AvgEntryPrice: "100.0", Qty: "5", QtyAvailable: "4", Side: "long", MarketValue: "600.0", CostBasis: "500.0",
			UnrealizedPL: "100.0", UnrealizedPLPC: "0.20", UnrealizedIntradayPL: "10.0", UnrealizedIntradayPLPC: "0.0084",
			CurrentPrice: "120.0", LastdayPrice: "119.0", ChangeToday: "0.0084", AssetMarginable: true},
		"BTCUSD": {AssetID: uuid(env, "BTCUSD"), Symbol: "BTCUSD", Exchange: "FTXU", AssetClass: "crypto",
			AvgEntryPrice: "19660.5738784516887649", Qty: "2.61937", QtyAvailable: "2.61937", Side: "long",
			MarketValue: "50931.03028", CostBasis: "51498.3174", UnrealizedPL: "-567.28712",
			UnrealizedPLPC: "-0.0110156437848977", UnrealizedIntradayPL: "-514.790552088631999405963",
			UnrealizedIntradayPLPC: "-0.0100064600731871", CurrentPrice: "19444", LastdayPrice: "19358",
			ChangeToday: "0.0044426077074078"},
	}
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
	// Positions: today's price is the last day's; AAPL and BTCUSD are the
	// documentation's samples.
	docs := docsPositions(env)
	long, short := decimal.Zero, decimal.Zero
	units := []string{"25", "10", "12.5", "-5", "0.0421", "2"}
	avgs := []string{"150.10", "470.25", "231.90", "190.40", "51230.75", "3.10"}
	for i, s := range securities {
		pos, ok := docs[s.symbol]
		if !ok {
			q := dec(units[i])
			px, last := s.price(Days), s.price(Days-1)
			mv := q.Mul(px).Mul(decimal.NewFromInt(s.mult)).Round(2)
			lastMV := q.Mul(last).Mul(decimal.NewFromInt(s.mult)).Round(2)
			avg := dec(avgs[i])
			cb := q.Mul(avg).Mul(decimal.NewFromInt(s.mult)).Round(2)
			side := "long"
			if q.IsNegative() {
				side = "short"
			}
			pos = Position{
				AssetID: uuid(env, s.symbol), Symbol: s.symbol, Exchange: s.exchange, AssetClass: s.class,
				AvgEntryPrice: avg.String(), Qty: q.String(), QtyAvailable: q.String(), Side: side,
				MarketValue: mv.StringFixed(2), CostBasis: cb.StringFixed(2), UnrealizedPL: mv.Sub(cb).StringFixed(2),
				UnrealizedPLPC:       mv.Sub(cb).Div(cb.Abs()).StringFixed(4),
				UnrealizedIntradayPL: mv.Sub(lastMV).StringFixed(2), UnrealizedIntradayPLPC: px.Sub(last).Div(last).StringFixed(4),
				CurrentPrice: px.StringFixed(2), LastdayPrice: last.StringFixed(2),
				ChangeToday: px.Sub(last).Div(last).StringFixed(4), AssetMarginable: s.class == "us_equity",
			}
		}
		if mv := dec(pos.MarketValue); pos.Side == "short" {
			short = short.Add(mv)
		} else {
			long = long.Add(mv)
		}
		p.Positions = append(p.Positions, pos)
	}
	cash := dec("18342.67")
	equity := cash.Add(long).Add(short)
	bp := cash.Mul(decimal.NewFromInt(2)).StringFixed(2)
	p.Account = Account{
		ID: uuid(env, "account"), AccountNumber: number, Status: "ACTIVE", CryptoStatus: "ACTIVE", Currency: "USD",
		Cash: cash.StringFixed(2), BuyingPower: bp, RegtBuyingPower: bp, EffectiveBuyingPower: bp,
		NonMarginableBP: cash.StringFixed(2), OptionsBuyingPower: cash.StringFixed(2), Equity: equity.StringFixed(2),
		LastEquity: equity.Sub(dec("112.40")).StringFixed(2), LongMarketValue: long.StringFixed(2),
		ShortMarketValue: short.StringFixed(2), PositionMarketValue: long.Add(short.Abs()).StringFixed(2),
		PortfolioValue: equity.StringFixed(2), Multiplier: "2",
		ShortingEnabled: true, CreatedAt: day.AddDate(-1, 0, 0).Format(time.RFC3339Nano),
		InitialMargin: "0", MaintenanceMargin: "0", LastMaintenanceMargin: "0", SMA: "0", AccruedFees: "0",
		PendingTransferIn: "0", PendingTransferOut: "0", OptionsApprovedLevel: 2, OptionsTradingLevel: 2,
	}
	p.Activities = activities(env, day)
	return p
}

func text(s string) *string { return &s }

// activities makes Days days of history before day: a buy every weekday, a
// sell every other weekday (one of them after hours), and dividends, tax,
// interest, deposits, a withdrawal, fees, journals, a split and a
// reorganisation; among them the documentation's TradeActivity (LPCN),
// NonTradeActivity (a DIV of T) and Broker API NTA (a CSD of 1234) samples
// and the Go SDK test's partial fill, re-dated into the window (their id's
// timestamp with them, their UUID kept), and a canceled deposit. A fee's
// row is created the day after its date, as the activities reference says
// of non-trade activities such as fees.
func activities(env string, day time.Time) []Activity {
	var out []Activity
	ntaAt := func(at, d time.Time, i int, typ, amount, sym, qty, per, desc, status string) {
		out = append(out, Activity{ActivityType: typ, ID: activityID(at, env, i, typ), Date: d.Format(time.DateOnly),
			NetAmount: amount, Symbol: sym, Qty: qty, PerShareAmount: per, Description: text(desc), Status: status, at: at})
	}
	nta := func(d time.Time, i int, typ, amount, sym, qty, per, desc string) {
		ntaAt(d.Add(5*time.Hour), d, i, typ, amount, sym, qty, per, desc, "executed")
	}
	fill := func(t time.Time, i int, s security, qty decimal.Decimal, side string) {
		px := s.price(i)
		out = append(out, Activity{ActivityType: "FILL", ID: activityID(t, env, i, s.symbol, side),
			TransactionTime: t.Format("2006-01-02T15:04:05.000Z"), Type: "fill", Price: px.StringFixed(2),
			Qty: qty.String(), Side: side, Symbol: s.symbol, LeavesQty: "0", CumQty: qty.String(),
			OrderID: uuid(env, i, s.symbol, side, "order"), OrderStatus: "filled", at: t})
	}
	// stamp is an id's timestamp part: milliseconds in UTC.
	stamp := func(t time.Time) string {
		return t.UTC().Format("20060102150405") + fmt.Sprintf("%03d", t.Nanosecond()/1e6)
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
		case 3:
			// The TradeActivity sample (15:34:06.977 UTC).
			t := d.Add(15*time.Hour + 34*time.Minute + 6*time.Second + 977*time.Millisecond)
			out = append(out, Activity{ActivityType: "FILL", ID: stamp(t) + "::8efc7b9a-8b2b-4000-9955-d36e7db0df74",
				CumQty: "1", LeavesQty: "0", Price: "1.63", Qty: "1", Side: "buy", Symbol: "LPCN",
				TransactionTime: t.Format("2006-01-02T15:04:05.000Z"), OrderID: "904837e3-3b76-47ec-b432-046db621571b",
				Type: "fill", at: t})
		case 6:
			// The Broker API's NTA sample: a deposit, its description empty.
			t := d
			out = append(out, Activity{ActivityType: "CSD", ID: stamp(t) + "::46b11ac3-baa2-4c36-bd5d-f917ab52d3e7",
				Date: d.Format(time.DateOnly), NetAmount: "1234", Description: text(""), Status: "executed", at: t})
		case 8:
			// A deposit recorded, then canceled: it never reached the account.
			ntaAt(d.Add(5*time.Hour), d, i, "CSD", "2500", "", "", "", "ACH deposit (returned)", "canceled")
		case 12, 52:
			nta(d, i, "DIV", "6.00", "AAPL", "25", "0.24", "Cash dividend AAPL")
			nta(d, i, "DIVNRA", "-0.90", "AAPL", "", "", "Withholding on AAPL dividend")
		case 16:
			// The NonTradeActivity sample (created at 01:19:55.195 UTC).
			t := d.Add(time.Hour + 19*time.Minute + 55*time.Second + 195*time.Millisecond)
			out = append(out, Activity{ActivityType: "DIV", ID: stamp(t) + "::5f596936-6f23-4cef-bdf1-3806aae57dbf",
				Date: d.Format(time.DateOnly), NetAmount: "1.02", Symbol: "T", Qty: "2", PerShareAmount: "0.51", at: t})
		case 18:
			// The Go SDK test's partial fill (13:30:04.214535 UTC).
			t := d.Add(13*time.Hour + 30*time.Minute + 4*time.Second + 214535*time.Microsecond)
			out = append(out, Activity{ActivityType: "FILL", ID: stamp(t) + "::18a82342-245e-4e8a-9703-87ae38d9b629",
				TransactionTime: t.Format("2006-01-02T15:04:05.000000Z"), Type: "partial_fill", Price: "3.8", Qty: "643",
				Side: "sell", Symbol: "AAPL", LeavesQty: "1457", OrderID: "c0e497c2-a547-48cd-85dc-0f1f0ed1b26c",
				CumQty: "643", OrderStatus: "partially_filled", at: t})
		case 20, 41, 62:
			nta(d, i, "INT", "3.17", "", "", "", "Interest on cash")
		case 25:
			// Created the next day, 01:00 UTC.
			ntaAt(d.Add(25*time.Hour), d, i, "FEE", "-0.02", "", "", "", "REG/TAF fee", "executed")
		case 30:
			nta(d, i, "JNLC", "250", "", "", "", "Journal from another account")
		case 44:
			nta(d, i, "CSW", "-1000", "", "", "", "ACH withdrawal")
		case 47:
			nta(d, i, "JNLC", "-100", "", "", "", "Journal to another account")
		case 55:
			nta(d, i, "SPLIT", "0", "VTI", "6.25", "", "Stock split 2:1 VTI")
		case 58:
			nta(d, i, "REORG", "0", "SPY", "0", "", "Reorganisation")
		case 66:
			nta(d, i, "CFEE", "-0.12", "BTCUSD", "", "", "Crypto fee")
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
