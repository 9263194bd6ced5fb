package fake

import (
	"crypto/sha256"
	"fmt"
	"sort"
	"time"

	"github.com/shopspring/decimal"
)

// dataset is one user's Coinbase: the user and their wallets.
type dataset struct {
	user    userInfo
	wallets []*wallet
}

type userInfo struct {
	id, name, username, native, timeZone, country, countryName string
	created                                                    time.Time
}

// currency is what Coinbase says about a currency.
type currency struct {
	code, name, color string
	exponent          int32
	fiat              bool
	usd               decimal.Decimal // reference USD price (crypto)
}

var currencies = map[string]currency{
	"USD":  {code: "USD", name: "United States Dollar", color: "#0066cf", exponent: 2, fiat: true},
	"EUR":  {code: "EUR", name: "Euro", color: "#0066cf", exponent: 2, fiat: true},
	"BTC":  {code: "BTC", name: "Bitcoin", color: "#F7931A", exponent: 8, usd: dec("64123.45")},
	"ETH":  {code: "ETH", name: "Ethereum", color: "#627EEA", exponent: 8, usd: dec("3120.10")},
	"SOL":  {code: "SOL", name: "Solana", color: "#9945FF", exponent: 9, usd: dec("145.32")},
	"USDC": {code: "USDC", name: "USDC", color: "#2775CA", exponent: 6, usd: dec("1.00")},
	"ADA":  {code: "ADA", name: "Cardano", color: "#0033AD", exponent: 6, usd: dec("0.4512")},
	"LTC":  {code: "LTC", name: "Litecoin", color: "#A6A9AA", exponent: 8, usd: dec("82.15")},
	"DOGE": {code: "DOGE", name: "Dogecoin", color: "#BA9F33", exponent: 8, usd: dec("0.1432")},
	"XLM":  {code: "XLM", name: "Stellar Lumens", color: "#000000", exponent: 7, usd: dec("0.1104")},
}

// eurPerUSD converts reference prices to EUR.
var eurPerUSD = dec("0.92")

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// spot returns the spot price of base in quote today, and whether the pair
// exists.
func spot(base, quote string) (decimal.Decimal, bool) {
	c, ok := currencies[base]
	if !ok || c.fiat {
		return decimal.Zero, false
	}
	switch quote {
	case "USD":
		return c.usd, true
	case "EUR":
		return c.usd.Mul(eurPerUSD).Round(places(c.usd)), true
	}
	return decimal.Zero, false
}

// places is how many decimals a price keeps: cents, or four for prices
// under a dollar.
func places(p decimal.Decimal) int32 {
	if p.LessThan(decimal.NewFromInt(1)) {
		return 4
	}
	return 2
}

// priceOn is the USD price of a crypto d days before the anchor: the
// reference price scaled by a deterministic factor between 0.79 and 1.
func priceOn(cur string, d int) decimal.Decimal {
	c := currencies[cur]
	if cur == "USDC" {
		return c.usd
	}
	f := decimal.NewFromInt(int64(1000 - (d*13)%211)).Div(decimal.NewFromInt(1000))
	p := c.usd.Mul(f)
	return p.Round(places(p))
}

// wallet is one Coinbase account (a wallet in one currency).
type wallet struct {
	id, name string
	cur      currency
	fiat     bool
	primary  bool
	created  *time.Time
	balance  decimal.Decimal
	txs      []*tx // newest first
}

// tx is one transaction of a wallet.
type tx struct {
	id, typ, status string
	amount          decimal.Decimal
	native          decimal.Decimal
	nativeCur       string
	at              time.Time
	title, subtitle string
	fill            *fill
}

// fill is an Advanced Trade fill's details.
type fill struct {
	price, commission decimal.Decimal
	product, side     string
	orderID           string
}

// uuidOf is a stable UUID-looking id for a name.
func uuidOf(name string) string {
	h := sha256.Sum256([]byte("coinbase-fake/" + name))
	return fmt.Sprintf("%x-%x-5%x-a%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])[:36]
}

// gen builds one user's wallets and history, d days before the anchor.
type gen struct {
	user    string
	anchor  time.Time
	native  string
	wallets map[string]*wallet
	order   []string
	n       int
}

func (g *gen) wallet(code string, used bool) *wallet {
	if w, ok := g.wallets[code]; ok {
		return w
	}
	c := currencies[code]
	w := &wallet{id: uuidOf(g.user + "/wallet/" + code), name: code + " Wallet", cur: c, fiat: c.fiat}
	if used {
		t := g.anchor.AddDate(-3, 0, 0).Add(time.Duration(len(g.order)) * time.Hour)
		w.created = &t
	}
	g.wallets[code] = w
	g.order = append(g.order, code)
	return w
}

// at is the time of the i-th event d days before the anchor: during the
// day, never after the anchor.
func (g *gen) at(d int) time.Time {
	g.n++
	return g.anchor.AddDate(0, 0, -d).Add(time.Duration(9*3600+(g.n*977)%28800) * time.Second)
}

// add records a transaction in wallet code; native is the value in the
// user's native currency (zero for none).
func (g *gen) add(code, typ string, d int, amount, native decimal.Decimal, title, subtitle string) *tx {
	w := g.wallet(code, true)
	t := &tx{id: uuidOf(fmt.Sprintf("%s/tx/%s/%d", g.user, code, g.n)), typ: typ, status: "completed",
		amount: amount.Round(w.cur.exponent), at: g.at(d), title: title, subtitle: subtitle}
	if !native.IsZero() {
		t.native, t.nativeCur = native.Round(2), g.native
	}
	w.txs = append(w.txs, t)
	return t
}

// toNative converts a USD amount to the user's native currency.
func (g *gen) toNative(usd decimal.Decimal) decimal.Decimal {
	if g.native == "EUR" {
		return usd.Mul(eurPerUSD)
	}
	return usd
}

// buy buys spend (in USD) of code at its price d days ago.
func (g *gen) buy(code string, d int, spend decimal.Decimal) {
	p := priceOn(code, d)
	units := spend.Div(p).Round(currencies[code].exponent)
	g.add(code, "buy", d, units, g.toNative(units.Mul(p)), "Bought "+currencies[code].name, "Using "+g.native+" Wallet")
}

// sell sells units of code at its price d days ago.
func (g *gen) sell(code string, d int, units decimal.Decimal) {
	p := priceOn(code, d)
	g.add(code, "sell", d, units.Neg(), g.toNative(units.Mul(p)).Neg(), "Sold "+currencies[code].name, "To "+g.native+" Wallet")
}

// fillTrade records an Advanced Trade fill of units of code (negative:
// sell) against the native fiat wallet: two legs, as Coinbase lists them.
func (g *gen) fillTrade(code string, d int, units decimal.Decimal) {
	p := priceOn(code, d)
	notional := units.Abs().Mul(p).Round(2)
	commission := notional.Mul(dec("0.006")).Round(2)
	side := "buy"
	cash := notional.Add(commission).Neg()
	if units.IsNegative() {
		side, cash = "sell", notional.Sub(commission)
	}
	f := &fill{price: p, commission: commission, product: code + "-" + g.native, side: side,
		orderID: uuidOf(fmt.Sprintf("%s/order/%d", g.user, g.n))}
	base := g.add(code, "advanced_trade_fill", d, units, g.toNative(notional).Mul(decimal.NewFromInt(int64(units.Sign()))), "Advanced Trade fill", code+"-"+g.native)
	base.fill = f
	quote := g.add(g.native, "advanced_trade_fill", d, cash, cash, "Advanced Trade fill", code+"-"+g.native)
	quote.fill = f
	quote.at = base.at
}

// build is the history of each test user.
func build(user string, anchor time.Time) *dataset {
	g := &gen{user: user, anchor: anchor, wallets: map[string]*wallet{}}
	d := &dataset{}
	switch user {
	case UserHal:
		g.native = "EUR"
		d.user = userInfo{id: uuidOf("user/hal"), name: "Hal Finney", username: "hal", native: "EUR",
			timeZone: "Berlin", country: "DE", countryName: "Germany", created: anchor.AddDate(-4, 0, 0)}
		g.wallet("EUR", true)
		g.wallet("BTC", true).primary = true
		g.add("EUR", "fiat_deposit", 120, dec("500.00"), dec("500.00"), "Deposited funds", "From bank account")
		g.buy("BTC", 110, dec("100"))
		g.buy("BTC", 60, dec("100"))
		g.buy("BTC", 20, dec("100"))
		g.add("EUR", "fiat_deposit", 10, dec("250.00"), dec("250.00"), "Deposited funds", "From bank account")
	default:
		g.native = "USD"
		d.user = userInfo{id: uuidOf("user/satoshi"), name: "Satoshi Tester", username: "satoshi", native: "USD",
			timeZone: "Pacific Time (US & Canada)", country: "US", countryName: "United States of America",
			created: anchor.AddDate(-6, 0, 0)}
		for _, c := range []string{"USD", "EUR", "BTC", "ETH", "SOL", "USDC", "ADA", "LTC", "DOGE"} {
			g.wallet(c, true)
		}
		g.wallets["BTC"].primary = true
		g.wallet("XLM", false) // listed by Coinbase, never used
		for day := 720; day >= 1; day -= 30 {
			g.add("USD", "fiat_deposit", day, dec("1000.00"), dec("1000.00"), "Deposited funds", "From bank account")
		}
		g.add("USD", "fiat_withdrawal", 400, dec("-300.00"), dec("-300.00"), "Withdrew funds", "To bank account")
		g.add("USD", "fiat_withdrawal", 100, dec("-250.00"), dec("-250.00"), "Withdrew funds", "To bank account")
		g.add("USD", "derivatives_settlement", 45, dec("-12.34"), dec("-12.34"), "Futures settlement", "Daily settlement")
		pending := g.add("USD", "fiat_deposit", 1, dec("500.00"), dec("500.00"), "Deposited funds", "From bank account")
		pending.status = "pending"
		g.add("EUR", "fiat_deposit", 500, dec("150.00"), dec("162.50"), "Deposited funds", "From bank account (SEPA)")
		g.add("EUR", "fiat_deposit", 200, dec("100.00"), dec("108.70"), "Deposited funds", "From bank account (SEPA)")
		for day := 721; day >= 1; day -= 7 {
			g.buy("BTC", day, dec("50"))
		}
		g.sell("BTC", 300, dec("0.01"))
		g.sell("BTC", 50, dec("0.005"))
		g.add("BTC", "send", 200, dec("-0.02"), priceOn("BTC", 200).Mul(dec("-0.02")), "Sent Bitcoin", "To Bitcoin address")
		for day := 700; day >= 1; day -= 14 {
			g.buy("ETH", day, dec("40"))
		}
		for day := 600; day >= 1; day -= 30 {
			g.add("ETH", "staking_reward", day, dec("0.0015"), priceOn("ETH", day).Mul(dec("0.0015")), "Staking income", "Ethereum")
		}
		g.add("ETH", "staking_transfer", 365, dec("-0.2"), priceOn("ETH", 365).Mul(dec("-0.2")), "Staked Ethereum", "To staking")
		g.add("ETH", "unstaking_transfer", 100, dec("0.2"), priceOn("ETH", 100).Mul(dec("0.2")), "Unstaked Ethereum", "From staking")
		g.add("ETH", "send", 150, dec("-0.1"), priceOn("ETH", 150).Mul(dec("-0.1")), "Sent Ethereum", "To Ethereum address")
		g.fillTrade("SOL", 400, dec("10"))
		g.fillTrade("SOL", 250, dec("5"))
		g.fillTrade("SOL", 120, dec("-3"))
		g.add("USDC", "receive", 600, dec("500"), dec("500"), "Received USDC", "From USDC address")
		for day := 570; day >= 1; day -= 30 {
			g.add("USDC", "interest", day, dec("1.25"), dec("1.25"), "USDC reward", "From Coinbase")
		}
		ada := dec("200").Div(priceOn("ADA", 90)).Round(6)
		g.add("USDC", "trade", 90, dec("-200"), dec("-200"), "Converted USDC", "To Cardano")
		g.add("ADA", "trade", 90, ada, dec("200"), "Converted to Cardano", "From USDC")
		g.buy("ADA", 300, dec("450"))
		g.buy("LTC", 500, dec("200"))
		g.add("LTC", "receive", 260, dec("0.5"), priceOn("LTC", 260).Mul(dec("0.5")), "Received Litecoin", "From Litecoin address")
		g.sell("LTC", 30, dec("1"))
		g.buy("DOGE", 650, dec("100"))
		doge := g.wallets["DOGE"].txs[0].amount
		g.sell("DOGE", 640, doge)
	}
	for _, code := range g.order {
		w := g.wallets[code]
		for _, t := range w.txs {
			if t.status == "completed" {
				w.balance = w.balance.Add(t.amount)
			}
		}
		sort.SliceStable(w.txs, func(i, j int) bool {
			if !w.txs[i].at.Equal(w.txs[j].at) {
				return w.txs[i].at.After(w.txs[j].at)
			}
			return w.txs[i].id > w.txs[j].id
		})
		d.wallets = append(d.wallets, w)
	}
	return d
}

// dataset returns a user's data for today (cached per anchor day).
func (s *Server) dataset(user string) *dataset {
	anchor := s.Now().UTC().Truncate(24 * time.Hour)
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.dataDay.Equal(anchor) || s.data == nil {
		s.data, s.dataDay = map[string]*dataset{}, anchor
	}
	d, ok := s.data[user]
	if !ok {
		d = build(user, anchor)
		s.data[user] = d
	}
	return d
}
