package demo

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// The demo portfolio is a pure function of the institution-side user id and
// the anchor day: "now" truncated to the UTC day. Activity covers the 730 days
// before the anchor day; each day's rows are derived from a fixed seed, the
// account and that calendar day only, so a row keeps its id and values as the
// window slides forward one day at a time (new days appear, the oldest drop
// off). Prices are the day's marks, derived the same way. Only integer
// arithmetic is used, so the data is the same on every platform.
const (
	dataSeed    = "latchkey-demo-v1"
	historyDays = 730
)

// security is one instrument the demo trades.
type security struct {
	Ticker, Desc, Class, Exchange, Currency, ISIN, CUSIP string

	base  int64 // price at the middle of its cycles, in units of 10^exp
	exp   int32 // price scale: -2 for cents, -4 for assets under a dollar
	vol   int64 // amplitude of the long price cycle, in basis points
	mult  int64 // contract multiplier: 100 for options, else 1
	scale int32 // decimal places of a fractional quantity, 0 for whole units
	div   int64 // quarterly dividend per unit in cents (0: none)
	divM  int   // first month (1..3) of the dividend quarter cycle
}

// Asset classes on the wire.
const (
	classEquity = "EQUITY"
	classETF    = "ETF"
	classFund   = "MUTUAL_FUND"
	classOption = "OPTION"
	classCrypto = "CRYPTO"
	classCash   = "CASH"
)

var securities = map[string]security{
	"AAPL":                  {Ticker: "AAPL", Desc: "Apple Inc.", Class: classEquity, Exchange: "NASDAQ", Currency: "USD", ISIN: "US0378331005", CUSIP: "037833100", base: 19500, exp: -2, vol: 1500, mult: 1, div: 25, divM: 2},
	"MSFT":                  {Ticker: "MSFT", Desc: "Microsoft Corporation", Class: classEquity, Exchange: "NASDAQ", Currency: "USD", ISIN: "US5949181045", CUSIP: "594918104", base: 41000, exp: -2, vol: 1200, mult: 1, div: 83, divM: 3},
	"NVDA":                  {Ticker: "NVDA", Desc: "NVIDIA Corporation", Class: classEquity, Exchange: "NASDAQ", Currency: "USD", ISIN: "US67066G1040", CUSIP: "67066G104", base: 12000, exp: -2, vol: 2500, mult: 1},
	"AMZN":                  {Ticker: "AMZN", Desc: "Amazon.com, Inc.", Class: classEquity, Exchange: "NASDAQ", Currency: "USD", ISIN: "US0231351067", CUSIP: "023135106", base: 18000, exp: -2, vol: 1800, mult: 1},
	"JPM":                   {Ticker: "JPM", Desc: "JPMorgan Chase & Co.", Class: classEquity, Exchange: "NYSE", Currency: "USD", ISIN: "US46625H1005", CUSIP: "46625H100", base: 20000, exp: -2, vol: 1000, mult: 1, div: 125, divM: 1},
	"KO":                    {Ticker: "KO", Desc: "The Coca-Cola Company", Class: classEquity, Exchange: "NYSE", Currency: "USD", ISIN: "US1912161007", CUSIP: "191216100", base: 6200, exp: -2, vol: 600, mult: 1, div: 49, divM: 1},
	"VTI":                   {Ticker: "VTI", Desc: "Vanguard Total Stock Market ETF", Class: classETF, Exchange: "NYSEARCA", Currency: "USD", ISIN: "US9229087690", CUSIP: "922908769", base: 26000, exp: -2, vol: 900, mult: 1, div: 91, divM: 3},
	"QQQ":                   {Ticker: "QQQ", Desc: "Invesco QQQ Trust", Class: classETF, Exchange: "NASDAQ", Currency: "USD", ISIN: "US46090E1038", CUSIP: "46090E103", base: 45000, exp: -2, vol: 1100, mult: 1, div: 61, divM: 3},
	"BND":                   {Ticker: "BND", Desc: "Vanguard Total Bond Market ETF", Class: classETF, Exchange: "NASDAQ", Currency: "USD", ISIN: "US9219378356", CUSIP: "921937835", base: 7250, exp: -2, vol: 300, mult: 1, div: 72, divM: 1},
	"VFIAX":                 {Ticker: "VFIAX", Desc: "Vanguard 500 Index Fund Admiral Shares", Class: classFund, Currency: "USD", ISIN: "US9229087104", CUSIP: "922908710", base: 48000, exp: -2, vol: 900, mult: 1, scale: 3, div: 172, divM: 3},
	"AAPL  280121C00250000": {Ticker: "AAPL  280121C00250000", Desc: "AAPL Jan 21 2028 250.00 Call", Class: classOption, Exchange: "OPRA", Currency: "USD", base: 2450, exp: -2, vol: 4000, mult: 100},
	"KO    280121C00075000": {Ticker: "KO    280121C00075000", Desc: "KO Jan 21 2028 75.00 Call", Class: classOption, Exchange: "OPRA", Currency: "USD", base: 310, exp: -2, vol: 4000, mult: 100},

	"RY":     {Ticker: "RY", Desc: "Royal Bank of Canada", Class: classEquity, Exchange: "TSX", Currency: "CAD", ISIN: "CA7800871021", base: 15000, exp: -2, vol: 900, mult: 1, div: 148, divM: 2},
	"TD":     {Ticker: "TD", Desc: "The Toronto-Dominion Bank", Class: classEquity, Exchange: "TSX", Currency: "CAD", ISIN: "CA8911605092", base: 8500, exp: -2, vol: 1000, mult: 1, div: 105, divM: 1},
	"ENB":    {Ticker: "ENB", Desc: "Enbridge Inc.", Class: classEquity, Exchange: "TSX", Currency: "CAD", ISIN: "CA29250N1050", base: 5500, exp: -2, vol: 700, mult: 1, div: 94, divM: 3},
	"SHOP":   {Ticker: "SHOP", Desc: "Shopify Inc.", Class: classEquity, Exchange: "TSX", Currency: "CAD", ISIN: "CA82509L1076", base: 10500, exp: -2, vol: 2500, mult: 1},
	"XEQT":   {Ticker: "XEQT", Desc: "iShares Core Equity ETF Portfolio", Class: classETF, Exchange: "TSX", Currency: "CAD", base: 3000, exp: -2, vol: 800, mult: 1, div: 17, divM: 3},
	"VFV":    {Ticker: "VFV", Desc: "Vanguard S&P 500 Index ETF", Class: classETF, Exchange: "TSX", Currency: "CAD", base: 14000, exp: -2, vol: 900, mult: 1, div: 36, divM: 1},
	"TDB902": {Ticker: "TDB902", Desc: "TD U.S. Index Fund - e", Class: classFund, Currency: "CAD", base: 1875, exp: -2, vol: 900, mult: 1, scale: 4},
	"CAD":    {Ticker: "CAD", Desc: "Canadian dollar cash", Class: classCash, Currency: "CAD", base: 100, exp: -2, mult: 1, scale: 2},

	"BTC":  {Ticker: "BTC", Desc: "Bitcoin", Class: classCrypto, Currency: "USD", base: 6500000, exp: -2, vol: 3000, mult: 1, scale: 8},
	"ETH":  {Ticker: "ETH", Desc: "Ether", Class: classCrypto, Currency: "USD", base: 320000, exp: -2, vol: 3500, mult: 1, scale: 8},
	"SOL":  {Ticker: "SOL", Desc: "Solana", Class: classCrypto, Currency: "USD", base: 15000, exp: -2, vol: 4000, mult: 1, scale: 6},
	"ADA":  {Ticker: "ADA", Desc: "Cardano", Class: classCrypto, Currency: "USD", base: 4500, exp: -4, vol: 4000, mult: 1, scale: 6},
	"USDC": {Ticker: "USDC", Desc: "USD Coin", Class: classCrypto, Currency: "USD", base: 100, exp: -2, mult: 1, scale: 2},
}

// holding is a position a demo account holds at the anchor day.
type holding struct {
	ticker string
	units  string // decimal, negative for a short
	avg    string // average cost per unit, in the security's currency
}

// acctSpec describes one demo account.
type acctSpec struct {
	key      string // stable key inside the demo ("margin", "tfsa", "wallet", "spot")
	name     string
	rawType  string
	currency string
	cash     []cashLine
	holdings []holding
}

type cashLine struct {
	currency string
	amount   string
	margin   bool // buying power is twice the cash
}

var brokerageAccounts = []acctSpec{
	{
		key: "margin", name: "Individual Margin (USD)", rawType: "MARGIN", currency: "USD",
		cash: []cashLine{{"USD", "8432.17", true}, {"CAD", "1250.00", false}},
		holdings: []holding{
			{"AAPL", "40", "152.30"}, {"MSFT", "15", "318.44"}, {"NVDA", "30", "48.15"},
			{"AMZN", "22", "131.02"}, {"JPM", "18", "154.77"}, {"KO", "100", "58.10"},
			{"VTI", "35", "221.60"}, {"QQQ", "12", "372.25"}, {"BND", "80", "71.93"},
			{"VFIAX", "12.345", "402.118"},
			{"AAPL  280121C00250000", "2", "28.50"}, {"KO    280121C00075000", "-1", "2.85"},
		},
	},
	{
		key: "tfsa", name: "Tax-Free Savings Account (CAD)", rawType: "TFSA", currency: "CAD",
		cash: []cashLine{{"CAD", "2318.55", false}},
		holdings: []holding{
			{"RY", "60", "128.40"}, {"TD", "80", "79.95"}, {"ENB", "120", "47.12"},
			{"SHOP", "25", "88.60"}, {"XEQT", "300", "26.31"}, {"VFV", "50", "112.08"},
			{"TDB902", "215.4321", "15.9034"}, {"CAD", "2318.55", "1.00"},
		},
	},
	{
		key: "wallet", name: "Crypto Wallet", rawType: "CRYPTO", currency: "USD",
		cash: []cashLine{{"USD", "312.40", false}},
		holdings: []holding{
			{"BTC", "0.42150000", "41250.00"}, {"ETH", "3.25000000", "2140.55"},
			{"SOL", "48.500000", "96.40"}, {"USDC", "1250.00", "1.00"},
		},
	},
}

var exchangeAccount = acctSpec{
	key: "spot", name: "Spot Wallet", rawType: "spot", currency: "USD",
	cash: []cashLine{{"USD", "1874.22", false}},
	holdings: []holding{
		{"BTC", "0.18400000", ""}, {"ETH", "2.75000000", ""}, {"SOL", "31.250000", ""},
		{"ADA", "4200.000000", ""}, {"USDC", "500.00", ""},
	},
}

// dayOf returns the day number (days since 1970-01-01 UTC) of t.
func dayOf(t time.Time) int { return int(t.UTC().Unix() / 86400) }

// dayTime returns midnight UTC of day number d.
func dayTime(d int) time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

func dayDate(d int) string { return dayTime(d).Format(time.DateOnly) }

// hash64 hashes parts into a uint64.
func hash64(parts ...string) uint64 {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return binary.BigEndian.Uint64(h.Sum(nil))
}

func hashHex(n int, parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:n]
}

// dayRand returns the random source of one account and day.
func dayRand(acct string, day int) *rand.Rand {
	a := hash64(dataSeed, acct, fmt.Sprint(day))
	return rand.New(rand.NewPCG(a, a^0x9e3779b97f4a7c15))
}

// tri is a triangle wave of the given period between -amp and +amp.
func tri(x, period int, amp int64) int64 {
	m := int64(((x % period) + period) % period)
	p := int64(period)
	d := 2*m - p
	if d < 0 {
		d = -d
	}
	return 2*amp*d/p - amp
}

// price returns the security's mark on day d.
func (s security) price(d int) decimal.Decimal {
	if s.vol == 0 {
		return decimal.New(s.base, s.exp)
	}
	h := int(hash64(s.Ticker) % 1000)
	w := tri(d+h, 397, s.vol) + tri(d+h/3, 41, s.vol/5) + int64(hash64(s.Ticker, fmt.Sprint(d))%uint64(s.vol/10+1)) - s.vol/20
	return decimal.New(s.base*(10000+w)/10000, s.exp)
}

// fixed writes d with all the decimal places it was made with.
func fixed(d decimal.Decimal) string { return d.StringFixed(max(0, -d.Exponent())) }

// money rounds an amount to cents.
func money(d decimal.Decimal) decimal.Decimal { return d.Round(2) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// Wire shapes of the demo brokerage API.

type wireAccount struct {
	ID       string `json:"id"`
	Number   string `json:"account_number"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Currency string `json:"currency"`
	Status   string `json:"status"`
}

type wireBalance struct {
	Currency    string  `json:"currency"`
	Cash        string  `json:"cash"`
	BuyingPower *string `json:"buying_power"`
	TotalValue  string  `json:"total_value"`
	// FXRate is the brokerage's own rate into the account's currency, on
	// balances in another currency (units of the account's currency per
	// unit of this one).
	FXRate *string `json:"fx_rate,omitempty"`
}

type wirePosition struct {
	Symbol      string  `json:"symbol"`
	Description string  `json:"description"`
	AssetClass  string  `json:"asset_class"`
	Exchange    string  `json:"exchange,omitempty"`
	Currency    string  `json:"currency"`
	ISIN        string  `json:"isin,omitempty"`
	CUSIP       string  `json:"cusip,omitempty"`
	Quantity    string  `json:"quantity"`
	Price       string  `json:"price"`
	Multiplier  int64   `json:"multiplier,omitempty"`
	MarketValue string  `json:"market_value"`
	AverageCost *string `json:"average_cost"`
	CostBasis   *string `json:"cost_basis"`
	AsOf        string  `json:"as_of"`
}

type wireActivity struct {
	ID          string `json:"id"`
	Type        string `json:"type"`
	TradeDate   string `json:"trade_date"`
	SettleDate  string `json:"settle_date,omitempty"`
	Symbol      string `json:"symbol,omitempty"`
	Quantity    string `json:"quantity"`
	Price       string `json:"price"`
	Amount      string `json:"amount"`
	Fee         string `json:"fee"`
	Currency    string `json:"currency"`
	Description string `json:"description"`
}

// account is one account of a generated portfolio.
type account struct {
	spec       acctSpec
	wire       wireAccount
	balances   []wireBalance
	positions  []wirePosition
	activities []wireActivity // newest first
}

// portfolio is everything one user sees on one anchor day.
type portfolio struct {
	anchor   int // day number
	accounts []*account
}

func (p *portfolio) account(id string) *account {
	for _, a := range p.accounts {
		if a.wire.ID == id {
			return a
		}
	}
	return nil
}

// buildPortfolio generates the accounts of one user on one anchor day.
// exchange selects the crypto exchange's single account instead of the
// brokerage's three.
func buildPortfolio(userID string, anchor int, exchange bool) *portfolio {
	p := &portfolio{anchor: anchor}
	specs := brokerageAccounts
	if exchange {
		specs = []acctSpec{exchangeAccount}
	}
	for _, spec := range specs {
		a := &account{spec: spec}
		n := hash64(dataSeed, userID, spec.key)
		a.wire = wireAccount{
			ID:       fmt.Sprintf("%s_%s", spec.key[:2], hashHex(12, dataSeed, "acct", userID, spec.key)),
			Number:   fmt.Sprintf("%d%07d", 5+n%4, n%10000000),
			Name:     spec.name,
			Type:     spec.rawType,
			Currency: spec.currency,
			Status:   "ACTIVE",
		}
		if exchange {
			a.wire.Status = "active"
		}
		a.positions, a.balances = holdingsOf(spec, anchor, !exchange)
		g := &gen{acct: a.wire.ID, key: spec.key}
		for d := anchor - historyDays; d < anchor; d++ {
			g.day(d)
		}
		sort.SliceStable(g.rows, func(i, j int) bool {
			if g.rows[i].TradeDate != g.rows[j].TradeDate {
				return g.rows[i].TradeDate > g.rows[j].TradeDate
			}
			return g.rows[i].ID < g.rows[j].ID
		})
		a.activities = g.rows
		p.accounts = append(p.accounts, a)
	}
	return p
}

// holdingsOf prices an account's holdings on the anchor day and derives its
// balances: per currency, cash plus the market value of its non-cash
// positions. withCost selects whether average cost is reported.
func holdingsOf(spec acctSpec, anchor int, withCost bool) ([]wirePosition, []wireBalance) {
	asOf := dayTime(anchor).Format(time.RFC3339)
	mv := map[string]decimal.Decimal{}
	var out []wirePosition
	for _, h := range spec.holdings {
		s := securities[h.ticker]
		units := dec(h.units)
		px := s.price(anchor)
		value := money(units.Mul(px).Mul(decimal.NewFromInt(s.mult)))
		wp := wirePosition{
			Symbol: s.Ticker, Description: s.Desc, AssetClass: s.Class, Exchange: s.Exchange,
			Currency: s.Currency, ISIN: s.ISIN, CUSIP: s.CUSIP,
			Quantity: h.units, Price: px.StringFixed(-s.exp), MarketValue: value.StringFixed(2),
			AsOf: asOf,
		}
		if s.mult != 1 {
			wp.Multiplier = s.mult
		}
		if withCost && h.avg != "" {
			avg := dec(h.avg)
			basis := money(avg.Mul(units).Mul(decimal.NewFromInt(s.mult)))
			as, bs := h.avg, basis.StringFixed(2)
			wp.AverageCost, wp.CostBasis = &as, &bs
		}
		out = append(out, wp)
		if s.Class != classCash {
			mv[s.Currency] = mv[s.Currency].Add(value)
		}
	}
	var bals []wireBalance
	for _, c := range spec.cash {
		cash := dec(c.amount)
		b := wireBalance{Currency: c.currency, Cash: cash.StringFixed(2), TotalValue: cash.Add(mv[c.currency]).StringFixed(2)}
		bp := cash
		if c.margin {
			bp = cash.Mul(decimal.NewFromInt(2))
		}
		s := bp.StringFixed(2)
		b.BuyingPower = &s
		if c.currency != spec.currency {
			fx := fxRate(c.currency, spec.currency, anchor).String()
			b.FXRate = &fx
		}
		bals = append(bals, b)
		delete(mv, c.currency)
	}
	// A currency with positions but no cash line still gets a balance.
	var rest []string
	for c := range mv {
		rest = append(rest, c)
	}
	sort.Strings(rest)
	for _, c := range rest {
		bals = append(bals, wireBalance{Currency: c, Cash: "0.00", TotalValue: mv[c].StringFixed(2)})
	}
	return out, bals
}

// fxRate is the brokerage's rate from one currency into another on day d:
// US dollars per Canadian dollar near 0.73, moving a little by day (the
// demo has no other pair; 1 for anything else).
func fxRate(from, to string, d int) decimal.Decimal {
	switch {
	case from == "CAD" && to == "USD":
		return decimal.New(7300+tri(d, 97, 150), -4)
	case from == "USD" && to == "CAD":
		return decimal.NewFromInt(1).DivRound(fxRate("CAD", "USD", d), 6)
	}
	return decimal.NewFromInt(1)
}

// gen generates an account's activity one day at a time.
type gen struct {
	acct string // account id, part of every row id
	key  string // acctSpec key, selects the rules
	rows []wireActivity
	seq  int
	day0 int
}

type row struct {
	typ, symbol, desc, currency string
	units, price, amount, fee   decimal.Decimal
	settle                      int // settlement lag in days
}

func (g *gen) add(d int, r row) {
	if g.day0 != d {
		g.day0, g.seq = d, 0
	}
	g.seq++
	w := wireActivity{
		ID:          "act_" + hashHex(16, dataSeed, g.acct, fmt.Sprint(d), fmt.Sprint(g.seq), r.typ),
		Type:        r.typ,
		TradeDate:   dayDate(d),
		Symbol:      r.symbol,
		Quantity:    fixed(r.units),
		Price:       fixed(r.price),
		Amount:      r.amount.StringFixed(2),
		Fee:         r.fee.StringFixed(2),
		Currency:    r.currency,
		Description: r.desc,
	}
	if r.settle > 0 {
		w.SettleDate = dayDate(d + r.settle)
	}
	if r.units.IsZero() {
		w.Quantity = "0"
	}
	if r.price.IsZero() {
		w.Price = "0"
	}
	g.rows = append(g.rows, w)
}

// trade adds a buy (units > 0) or sell (units < 0) of sym at its mark on d.
func (g *gen) trade(d int, sym string, units decimal.Decimal, fee decimal.Decimal, buyWord, sellWord string, settle int) {
	s := securities[sym]
	px := s.price(d)
	notional := money(units.Mul(px).Mul(decimal.NewFromInt(s.mult)))
	r := row{symbol: sym, currency: s.Currency, units: units, price: px, fee: fee, settle: settle}
	if units.IsPositive() {
		r.typ = buyWord
		r.amount = notional.Neg().Sub(fee)
		r.desc = fmt.Sprintf("Bought %s %s @ %s", fixed(units), displaySym(sym), fixed(px))
	} else {
		r.typ = sellWord
		r.amount = notional.Neg().Sub(fee)
		r.desc = fmt.Sprintf("Sold %s %s @ %s", fixed(units.Neg()), displaySym(sym), fixed(px))
	}
	g.add(d, r)
}

func displaySym(sym string) string {
	if s := securities[sym]; s.Class == classOption {
		return s.Desc
	}
	return sym
}

// units returns a random quantity of sym: whole units between lo and hi, or
// for fractional securities a random amount of their smallest unit.
func units(r *rand.Rand, sym string, lo, hi int64) decimal.Decimal {
	s := securities[sym]
	if s.scale == 0 {
		return decimal.NewFromInt(lo + r.Int64N(hi-lo+1))
	}
	return decimal.New(lo+r.Int64N(hi-lo+1), -s.scale)
}

func settleLag(d, n int) int {
	// n business days after d.
	lag := 0
	for n > 0 {
		lag++
		if wd := dayTime(d + lag).Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	return lag
}

var (
	marginTrade = []string{"AAPL", "MSFT", "NVDA", "AMZN", "JPM", "KO", "VTI", "QQQ", "BND"}
	tfsaTrade   = []string{"RY", "TD", "ENB", "SHOP", "XEQT", "VFV"}
)

// cryptoTrades is how a crypto account trades at random: which symbols,
// each one's range of units (in its smallest unit; "" for any other
// symbol), how often in a hundred a trade sells, the fee as a share of the
// notional, and the raw types of a buy and a sell.
type cryptoTrades struct {
	syms      []string
	units     map[string][2]int64
	sellPct   int
	fee       decimal.Decimal
	buy, sell string
}

var (
	walletTrades = cryptoTrades{syms: []string{"BTC", "ETH", "SOL"},
		units:   map[string][2]int64{"BTC": {50000, 2000000}, "ETH": {1000000, 80000000}, "": {500000, 20000000}},
		sellPct: 35, fee: dec("0.005"), buy: "BUY", sell: "SELL"}
	spotTrades = cryptoTrades{syms: []string{"BTC", "ETH", "SOL", "ADA"},
		units: map[string][2]int64{"BTC": {20000, 1500000}, "ETH": {1000000, 50000000}, "SOL": {100000, 8000000},
			"": {10000000, 900000000}},
		sellPct: 40, fee: dec("0.006"), buy: "buy", sell: "sell"}
)

// cryptoTrade adds a random trade of c on day d.
func (g *gen) cryptoTrade(d int, r *rand.Rand, c cryptoTrades) {
	sym := c.syms[r.IntN(len(c.syms))]
	rng, ok := c.units[sym]
	if !ok {
		rng = c.units[""]
	}
	u := units(r, sym, rng[0], rng[1])
	if r.IntN(100) < c.sellPct {
		u = u.Neg()
	}
	notional := money(u.Abs().Mul(securities[sym].price(d)))
	g.trade(d, sym, u, money(notional.Mul(c.fee)), c.buy, c.sell, 0)
}

// day generates the rows of day d.
func (g *gen) day(d int) {
	t := dayTime(d)
	r := dayRand(g.key, d)
	weekday := t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
	switch g.key {
	case "margin":
		g.margin(d, t, r, weekday)
	case "tfsa":
		g.tfsa(d, t, r, weekday)
	case "wallet":
		g.wallet(d, t, r)
	case "spot":
		g.spot(d, t, r)
	}
}

func (g *gen) dividends(d int, t time.Time, syms []string, held map[string]string, withholding bool) {
	for _, sym := range syms {
		s := securities[sym]
		if s.div == 0 || t.Day() != 15 || (int(t.Month())-s.divM)%3 != 0 {
			continue
		}
		units := dec(held[sym])
		amt := money(units.Mul(decimal.New(s.div, -2)))
		g.add(d, row{typ: "DIV", symbol: sym, currency: s.Currency, units: decimal.Zero, amount: amt,
			desc: fmt.Sprintf("%s dividend %s/sh on %s", sym, decimal.New(s.div, -2).StringFixed(2), units.String())})
		if withholding {
			tax := money(amt.Mul(decimal.New(15, -2)))
			g.add(d, row{typ: "WHT", symbol: sym, currency: s.Currency, amount: tax.Neg(),
				desc: fmt.Sprintf("%s non-resident withholding tax 15%%", sym)})
		}
		if s.Class == classFund {
			px := s.price(d)
			u := amt.Div(px).Round(s.scale)
			g.add(d, row{typ: "REINVEST", symbol: sym, currency: s.Currency, units: u, price: px, amount: money(u.Mul(px)).Neg(),
				desc: fmt.Sprintf("Dividend reinvestment: %s %s @ %s", u.String(), sym, px.String())})
		}
	}
}

func heldMap(spec acctSpec) map[string]string {
	m := map[string]string{}
	for _, h := range spec.holdings {
		m[h.ticker] = h.units
	}
	return m
}

func (g *gen) margin(d int, t time.Time, r *rand.Rand, weekday bool) {
	held := heldMap(brokerageAccounts[0])
	usd := "USD"
	if weekday && r.IntN(100) < 30 {
		sym := marginTrade[r.IntN(len(marginTrade))]
		u := units(r, sym, 1, 20)
		if r.IntN(100) < 35 {
			u = u.Neg()
		}
		fee := decimal.Zero
		if securities[sym].Class == classEquity {
			fee = dec("4.95")
		}
		g.trade(d, sym, u, fee, "BUY", "SELL", settleLag(d, 1))
	}
	g.dividends(d, t, []string{"AAPL", "MSFT", "JPM", "KO", "VTI", "QQQ", "BND", "VFIAX"}, held, true)
	if t.Day() == 1 {
		g.add(d, row{typ: "CONT", currency: usd, amount: dec("1000.00"), desc: "Pre-authorised contribution"})
		if t.Month() == time.January || t.Month() == time.July {
			g.add(d, row{typ: "CONT", currency: "CAD", amount: dec("750.00"), desc: "Contribution (CAD cash)"})
		}
	}
	if t.Day() == 20 && (t.Month() == time.March || t.Month() == time.September) {
		g.add(d, row{typ: "WDRL", currency: usd, amount: dec("-2500.00"), desc: "Withdrawal to bank ••••6021"})
	}
	if t.Day() == 28 {
		g.add(d, row{typ: "INT", currency: usd, amount: decimal.New(800+r.Int64N(1700), -2), desc: "Interest on cash balance"})
	}
	if t.Day() == 5 && (int(t.Month())-1)%3 == 0 {
		g.add(d, row{typ: "FEE", currency: usd, amount: dec("-25.00"), fee: dec("25.00"), desc: "Quarterly account maintenance fee"})
	}
	if d%500 == 137 {
		g.add(d, row{typ: "SPLIT", symbol: "NVDA", currency: usd, units: dec("27"), desc: "NVDA 10-for-1 stock split: 3 → 30 shares"})
	}
	if d%365 == 200 {
		g.add(d, row{typ: "XFER_IN", currency: usd, amount: dec("5000.00"), desc: "Transfer in from another institution (ACAT)"})
	}
	if d%410 == 50 {
		s := securities["KO"]
		g.add(d, row{typ: "XFER_OUT", symbol: "KO", currency: usd, units: dec("-10"), price: s.price(d), desc: "Transfer out of 10 KO to another institution"})
	}
	if d%600 == 321 {
		g.trade(d, "AAPL  280121C00250000", dec("2"), dec("1.30"), "BUY", "SELL", settleLag(d, 1))
	}
	if d%600 == 322 {
		g.trade(d, "KO    280121C00075000", dec("-1"), dec("0.65"), "BUY", "SELL", settleLag(d, 1))
	}
}

func (g *gen) tfsa(d int, t time.Time, r *rand.Rand, weekday bool) {
	held := heldMap(brokerageAccounts[1])
	if weekday && r.IntN(100) < 16 {
		sym := tfsaTrade[r.IntN(len(tfsaTrade))]
		u := units(r, sym, 5, 40)
		if r.IntN(100) < 30 {
			u = u.Neg()
		}
		g.trade(d, sym, u, dec("6.95"), "BUY", "SELL", settleLag(d, 1))
	}
	g.dividends(d, t, []string{"RY", "TD", "ENB", "XEQT", "VFV"}, held, false)
	if t.Day() == 2 {
		g.add(d, row{typ: "CONT", currency: "CAD", amount: dec("500.00"), desc: "TFSA contribution"})
	}
	if t.Day() == 10 {
		// The fund buys in monthly from the contribution.
		s := securities["TDB902"]
		px := s.price(d)
		u := dec("250").Div(px).Round(s.scale)
		g.add(d, row{typ: "BUY", symbol: "TDB902", currency: "CAD", units: u, price: px, amount: money(u.Mul(px)).Neg(),
			desc: fmt.Sprintf("Bought %s TDB902 @ %s (pre-authorised purchase)", u.String(), px.String()), settle: settleLag(d, 2)})
	}
	if t.Day() == 28 {
		g.add(d, row{typ: "INT", currency: "CAD", amount: decimal.New(150+r.Int64N(400), -2), desc: "Interest on cash balance"})
	}
	if d%300 == 77 {
		g.add(d, row{typ: "ADJ", symbol: "ENB", currency: "CAD", amount: dec("0.37"), desc: "Corporate action adjustment"})
	}
	if t.Day() == 14 && t.Month() == time.December {
		g.add(d, row{typ: "WDRL", currency: "CAD", amount: dec("-1500.00"), desc: "TFSA withdrawal"})
	}
}

func (g *gen) wallet(d int, t time.Time, r *rand.Rand) {
	if r.IntN(100) < 7 {
		g.cryptoTrade(d, r, walletTrades)
	}
	if t.Day() == 3 {
		for _, sym := range []string{"ETH", "SOL"} {
			u := units(r, sym, 20000, 900000)
			g.add(d, row{typ: "INT", symbol: sym, currency: "USD", units: u, amount: decimal.Zero,
				desc: fmt.Sprintf("%s staking reward", sym)})
		}
	}
	if d%180 == 33 {
		g.add(d, row{typ: "XFER_IN", symbol: "BTC", currency: "USD", units: dec("0.05"), desc: "Received 0.05 BTC from external wallet"})
	}
	if d%240 == 90 {
		g.add(d, row{typ: "XFER_OUT", symbol: "ETH", currency: "USD", units: dec("-0.5"), desc: "Sent 0.5 ETH to external wallet"})
		g.add(d, row{typ: "FEE", symbol: "ETH", currency: "USD", amount: dec("-1.85"), fee: dec("1.85"), desc: "Network fee"})
	}
	if t.Day() == 12 && (int(t.Month())%4) == 0 {
		g.add(d, row{typ: "CONT", currency: "USD", amount: dec("500.00"), desc: "Deposit from bank ••••6021"})
	}
}

func (g *gen) spot(d int, t time.Time, r *rand.Rand) {
	if r.IntN(100) < 22 {
		g.cryptoTrade(d, r, spotTrades)
	}
	if t.Day() == 1 {
		g.add(d, row{typ: "deposit", currency: "USD", amount: dec("400.00"), desc: "ACH deposit"})
	}
	if t.Day() == 25 && t.Month()%6 == 0 {
		g.add(d, row{typ: "withdrawal", currency: "USD", amount: dec("-1000.00"), fee: decimal.Zero, desc: "ACH withdrawal"})
	}
	if t.Day() == 8 {
		u := units(r, "SOL", 10000, 300000)
		g.add(d, row{typ: "reward", symbol: "SOL", currency: "USD", units: u, desc: "SOL staking reward"})
	}
	if d%120 == 40 {
		g.add(d, row{typ: "receive", symbol: "ETH", currency: "USD", units: dec("0.25"), desc: "Received 0.25 ETH"})
	}
	if d%150 == 75 {
		g.add(d, row{typ: "send", symbol: "BTC", currency: "USD", units: dec("-0.01"), desc: "Sent 0.01 BTC"})
		g.add(d, row{typ: "fee", symbol: "BTC", currency: "USD", amount: dec("-2.40"), fee: dec("2.40"), desc: "Withdrawal network fee"})
	}
	if d%333 == 100 {
		g.add(d, row{typ: "airdrop", symbol: "ADA", currency: "USD", units: dec("25"), desc: "Promotional airdrop"})
	}
}
