package fake

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// n writes a decimal as a JSON number, from its text.
func n(d decimal.Decimal) json.Number { return json.Number(d.String()) }

// instrument is a listed instrument.
type instrument struct {
	symbol, isin, exchange, name string
	last, close                  decimal.Decimal
}

var instruments = map[string]instrument{
	"RELIANCE":  {"RELIANCE", "INE002A01018", "NSE", "RELIANCE INDUSTRIES LTD", dec("2891.45"), dec("2874.10")},
	"INFY":      {"INFY", "INE009A01021", "NSE", "INFOSYS LIMITED", dec("1523.80"), dec("1530.25")},
	"HDFCBANK":  {"HDFCBANK", "INE040A01034", "NSE", "HDFC BANK LTD", dec("1612.35"), dec("1609.90")},
	"TCS":       {"TCS", "INE467B01029", "BSE", "TATA CONSULTANCY SERV LT", dec("3890.10"), dec("3902.00")},
	"NIFTYBEES": {"NIFTYBEES", "INF204KB14I2", "NSE", "NIPPON INDIA ETF NIFTY 50 BEES", dec("268.42"), dec("267.95")},
	"GOLDBEES":  {"GOLDBEES", "INF204KB17I5", "NSE", "NIPPON INDIA ETF GOLD BEES", dec("61.37"), dec("61.02")},
	"YESBANK":   {"YESBANK", "INE528G01035", "NSE", "YES BANK LTD.", dec("17.05"), dec("17.05")},
	"SBIN":      {"SBIN", "INE062A01020", "NSE", "STATE BANK OF INDIA", dec("812.25"), dec("808.40")},
}

// priceOn is an instrument's price d days before the anchor: the last price
// scaled by a deterministic factor between 0.851 and 1.
func priceOn(last decimal.Decimal, d int) decimal.Decimal {
	f := decimal.NewFromInt(int64(1000 - (d*7)%150)).Div(decimal.NewFromInt(1000))
	return last.Mul(f).Round(2)
}

// trade is a row of the trade history.
type trade struct {
	exchange, segment, optionType, tradeID, txType, scrip, strike, expiry, isin, symbol, token string
	date                                                                                       string
	qty, price, amount                                                                         decimal.Decimal
}

// holding is a long-term holding.
type holding struct {
	ins      instrument
	qty, avg decimal.Decimal
}

// position is a short-term position.
type position struct {
	exchange, symbol, token, product string
	qty                              int64
	mult, last, close                decimal.Decimal
	avg                              *decimal.Decimal
}

// dataset is one user's Upstox.
type dataset struct {
	uid, name, email string
	exchanges        []string
	funds            map[string]map[string]decimal.Decimal
	holdings         []holding
	positions        []position
	trades           []trade // oldest first
	payments         []Payment
}

type gen struct {
	anchor time.Time // the India date, midnight UTC
	trades []trade
	seq    int
	qty    map[string]decimal.Decimal
	cost   map[string]decimal.Decimal
}

func (g *gen) date(d int) string { return g.anchor.AddDate(0, 0, -d).Format(time.DateOnly) }

func (g *gen) id() string {
	g.seq++
	return fmt.Sprintf("%d", 75217000+g.seq*37)
}

// equity records a cash-market trade (qty < 0: sell).
func (g *gen) equity(sym string, d int, qty int64) {
	ins := instruments[sym]
	p := priceOn(ins.last, d)
	q := decimal.NewFromInt(qty)
	tx := "BUY"
	if qty < 0 {
		tx = "SELL"
		q = q.Neg()
	} else {
		g.cost[sym] = g.cost[sym].Add(q.Mul(p))
	}
	if qty > 0 {
		g.qty[sym] = g.qty[sym].Add(q)
	} else {
		// Selling keeps the average price: take the cost out pro rata.
		avg := g.cost[sym].Div(g.qty[sym])
		g.qty[sym] = g.qty[sym].Sub(q)
		g.cost[sym] = g.cost[sym].Sub(avg.Mul(q))
	}
	g.trades = append(g.trades, trade{exchange: ins.exchange, segment: "EQ", tradeID: g.id(), txType: tx, scrip: sym,
		strike: "0.0", isin: ins.isin, symbol: sym, token: ins.exchange + "_EQ|" + ins.isin, date: g.date(d),
		qty: q, price: p, amount: q.Mul(p).Round(2)})
}

// derivative records an F&O or commodity trade.
func (g *gen) derivative(exchange, segment, scrip, symbol, optType, strike, expiry string, d int, qty int64, price decimal.Decimal) {
	q := decimal.NewFromInt(qty)
	tx := "BUY"
	if qty < 0 {
		tx, q = "SELL", q.Neg()
	}
	g.trades = append(g.trades, trade{exchange: exchange, segment: segment, optionType: optType, tradeID: g.id(), txType: tx,
		scrip: scrip, strike: strike, expiry: expiry, symbol: symbol, token: exchange + "_FO|" + fmt.Sprint(52000+g.seq),
		date: g.date(d), qty: q, price: price, amount: q.Mul(price).Round(2)})
}

// fund records a mutual-fund purchase of amount rupees at the day's NAV.
func (g *gen) fund(d int, amount decimal.Decimal) {
	nav := priceOn(dec("78.6412"), d)
	units := amount.Div(nav).Round(3)
	g.trades = append(g.trades, trade{exchange: "BSE", segment: "MF", tradeID: g.id(), txType: "BUY",
		scrip: "PARAG PARIKH FLEXI CAP FUND - DIRECT PLAN - GROWTH", strike: "0.0", isin: "INF879O01027",
		symbol: "INF879O01027", token: "BSE_MF|INF879O01027", date: g.date(d), qty: units, price: nav, amount: units.Mul(nav).Round(2)})
}

func (g *gen) holdings(order []string) []holding {
	var out []holding
	for _, sym := range order {
		q := g.qty[sym]
		if q.IsPositive() {
			out = append(out, holding{ins: instruments[sym], qty: q, avg: g.cost[sym].Div(q).Round(2)})
		}
	}
	return out
}

// build is a user's data for the India date anchor.
func build(user string, anchor time.Time) *dataset {
	g := &gen{anchor: anchor, qty: map[string]decimal.Decimal{}, cost: map[string]decimal.Decimal{}}
	if user == UserSecond {
		g.equity("INFY", 200, 4)
		g.equity("NIFTYBEES", 120, 25)
		g.equity("INFY", 30, 2)
		return &dataset{uid: UserSecond, name: "Second Tester", email: "s*****@example.com",
			exchanges: []string{"NSE", "BSE"},
			funds: map[string]map[string]decimal.Decimal{
				"equity": {"used_margin": dec("0"), "payin_amount": dec("0"), "available_margin": dec("2310.75")},
			},
			holdings: g.holdings([]string{"INFY", "NIFTYBEES"}), trades: g.trades, payments: payments(user, anchor)}
	}
	// Oldest first, as the trade history lists them.
	type ev struct {
		d  int
		fn func()
	}
	var evs []ev
	add := func(d int, fn func()) { evs = append(evs, ev{d, fn}) }
	for d := 420; d >= 7; d -= 7 {
		add(d, func() { g.equity("NIFTYBEES", d, 10) })
	}
	for d := 400; d >= 10; d -= 30 {
		add(d, func() { g.equity("RELIANCE", d, 2) })
	}
	for d := 390; d >= 30; d -= 45 {
		add(d, func() { g.equity("INFY", d, 5) })
	}
	add(60, func() { g.equity("INFY", 60, -10) })
	add(380, func() { g.equity("YESBANK", 380, 36) })
	add(350, func() { g.equity("HDFCBANK", 350, 10) })
	add(200, func() { g.equity("HDFCBANK", 200, 5) })
	add(100, func() { g.equity("HDFCBANK", 100, -5) })
	add(300, func() { g.equity("TCS", 300, 3) })
	add(250, func() { g.equity("GOLDBEES", 250, 50) })
	add(150, func() { g.equity("GOLDBEES", 150, 50) })
	for i, d := range []int{180, 140, 95, 80} {
		opt, strike := "CE", 23500+i*100
		if i%2 == 1 {
			opt = "PE"
		}
		sym := fmt.Sprintf("NIFTY%s%d%s", "24DEC", strike, opt)
		entry := dec(fmt.Sprintf("%d.%02d", 90+i*7, 35+i))
		add(d, func() {
			g.derivative("NFO", "FO", "NIFTY", sym, opt, fmt.Sprintf("%d.0", strike), "26-12-2024", d, 75, entry)
		})
		add(d-3, func() {
			g.derivative("NFO", "FO", "NIFTY", sym, opt, fmt.Sprintf("%d.0", strike), "26-12-2024", d-3, -75, entry.Add(dec("12.50")))
		})
	}
	add(3, func() {
		g.derivative("NFO", "FO", "NIFTY", "NIFTY25JUL25000CE", "CE", "25000.0", "31-07-2025", 3, 75, dec("98.10"))
	})
	for d := 390; d >= 15; d -= 30 {
		add(d, func() { g.fund(d, dec("5000")) })
	}
	for i, d := range []int{60, 40, 25} {
		buy := dec(fmt.Sprintf("%d", 71200+i*180))
		add(d, func() { g.derivative("MCX", "COM", "GOLDM", "GOLDM25AUGFUT", "", "0.0", "05-08-2025", d, 1, buy) })
		add(d-4, func() {
			g.derivative("MCX", "COM", "GOLDM", "GOLDM25AUGFUT", "", "0.0", "05-08-2025", d-4, -1, buy.Add(dec("215")))
		})
	}
	add(5, func() {
		g.derivative("MCX", "COM", "GOLDM", "GOLDM25AUGFUT", "", "0.0", "05-08-2025", 5, 1, dec("71800"))
	})
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].d > evs[j].d })
	for _, e := range evs {
		e.fn()
	}
	avgOpt, avgSBIN := dec("98.10"), dec("805.10")
	return &dataset{
		uid: UserMain, name: "Test User One", email: "t*****@example.com",
		exchanges: []string{"NSE", "NFO", "BSE", "CDS", "BFO", "BCD", "MCX"},
		funds: map[string]map[string]decimal.Decimal{
			"equity":    {"used_margin": dec("0.8"), "payin_amount": dec("200.0"), "span_margin": dec("0.0"), "adhoc_margin": dec("0.0"), "notional_cash": dec("0.0"), "available_margin": dec("15507.46"), "exposure_margin": dec("0.0")},
			"commodity": {"used_margin": dec("555.23"), "payin_amount": dec("107.0"), "span_margin": dec("360.0"), "adhoc_margin": dec("0.0"), "notional_cash": dec("0.0"), "available_margin": dec("3874.5"), "exposure_margin": dec("75.13")},
		},
		holdings: g.holdings([]string{"RELIANCE", "INFY", "HDFCBANK", "TCS", "NIFTYBEES", "GOLDBEES", "YESBANK"}),
		positions: []position{
			{exchange: "NFO", symbol: "NIFTY25JUL25000CE", token: "NSE_FO|52618", product: "D", qty: 75, mult: dec("1.0"), last: dec("112.40"), close: dec("104.95"), avg: &avgOpt},
			{exchange: "NSE", symbol: "SBIN", token: "NSE_EQ|INE062A01020", product: "I", qty: 10, mult: dec("1.0"), last: dec("812.25"), close: dec("808.40"), avg: &avgSBIN},
			{exchange: "BSE", symbol: "FCONSUMER", token: "BSE_EQ|INE220J01025", product: "I", qty: 0, mult: dec("1.0"), last: dec("0.81"), close: dec("0.80")},
			{exchange: "NSE", symbol: "IDEA", token: "NSE_EQ|INE669E01016", product: "I", qty: 100, mult: dec("1.0"), last: dec("14.05"), close: dec("13.95")},
			{exchange: "MCX", symbol: "GOLDM25AUGFUT", token: "MCX_FO|435697", product: "D", qty: 1, mult: dec("10.0"), last: dec("72150"), close: dec("71990")},
		},
		trades:   g.trades,
		payments: payments(user, anchor),
	}
}

// dataset returns a user's data for today's India date (cached per day).
func (s *Server) dataset(user string) *dataset {
	return s.data.Get(user, s.Now())
}

// profileOf is the profile of GET /v2/user/profile and of the token answer.
func profileOf(user string) map[string]any {
	uid, name, email := UserMain, "Test User One", "t*****@example.com"
	exchanges := []string{"NSE", "NFO", "BSE", "CDS", "BFO", "BCD", "MCX"}
	if user == UserSecond {
		uid, name, email = UserSecond, "Second Tester", "s*****@example.com"
		exchanges = []string{"NSE", "BSE"}
	}
	return map[string]any{
		"email": email, "exchanges": exchanges, "products": []string{"D", "CO", "I"}, "broker": "UPSTOX",
		"user_id": uid, "user_name": name, "order_types": []string{"MARKET", "LIMIT", "SL", "SL-M"},
		"user_type": "individual", "poa": false, "ddpi": false, "is_active": true,
	}
}

func decimalInt(i int64) decimal.Decimal { return decimal.NewFromInt(i) }
