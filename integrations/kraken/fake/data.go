package fake

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// --- Data ---------------------------------------------------------------------

// pair is a tradable pair and its fixed last price.
type pair struct{ name, alt, ws, base, quote, price string }

var pairs = []pair{
	{"XXBTZUSD", "XBTUSD", "XBT/USD", "XXBT", "ZUSD", "64250.10000"},
	{"XXBTZEUR", "XBTEUR", "XBT/EUR", "XXBT", "ZEUR", "59120.40000"},
	{"XETHZUSD", "ETHUSD", "ETH/USD", "XETH", "ZUSD", "3120.55000"},
	{"XETHZEUR", "ETHEUR", "ETH/EUR", "XETH", "ZEUR", "2871.10000"},
	{"SOLUSD", "SOLUSD", "SOL/USD", "SOL", "ZUSD", "142.3100"},
	{"DOTUSD", "DOTUSD", "DOT/USD", "DOT", "ZUSD", "6.4120"},
	{"ADAUSD", "ADAUSD", "ADA/USD", "ADA", "ZUSD", "0.452100"},
	{"XDGUSD", "XDGUSD", "XDG/USD", "XXDG", "ZUSD", "0.1623400"},
	{"XETHXXBT", "ETHXBT", "ETH/XBT", "XETH", "XXBT", "0.048560"},
}

// places is how many decimals Kraken shows for an asset.
func places(asset string) int32 {
	if strings.HasPrefix(asset, "Z") {
		return 4
	}
	return 10
}

// entry is one ledger entry.
type entry struct {
	ID, RefID, Time, Type, Subtype, Asset string
	Amount, Fee, Balance                  decimal.Decimal
}

func (e entry) wire() json.RawMessage {
	p := places(e.Asset)
	b, _ := json.Marshal(map[string]any{
		"refid": e.RefID, "time": json.Number(e.Time), "type": e.Type, "subtype": e.Subtype, "aclass": "currency",
		"asset": e.Asset, "amount": e.Amount.StringFixed(p), "fee": e.Fee.StringFixed(p), "balance": e.Balance.StringFixed(p),
	})
	return b
}

// book is the account: its ledger, oldest first, and the balances it adds
// up to.
type book struct {
	entries  []entry
	trades   int // trades, each two entries
	balances map[string]decimal.Decimal
	seq      int
}

func (b *book) positions() int {
	held := map[string]bool{}
	for a, amt := range b.balances {
		if !strings.HasPrefix(a, "Z") && !amt.IsZero() {
			held[strings.TrimSuffix(a, ".S")] = true
		}
	}
	return len(held)
}

// krakenID makes a Kraken-style id ("L4UESK-KG3EQ-UFO4T5") from a seed.
func krakenID(prefix string, seed int) string {
	const alpha = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	h := sha256.Sum256([]byte(fmt.Sprintf("latchkey-kraken-%s-%d", prefix, seed)))
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; b.Len() < 18; i++ {
		if b.Len() == 6 || b.Len() == 12 {
			b.WriteByte('-')
			continue
		}
		b.WriteByte(alpha[int(h[i])%len(alpha)])
	}
	return b.String()
}

var t0 = time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC)

// add appends one entry at day d (after t0) and updates the balance.
func (b *book) add(d int, refid, typ, sub, asset string, amount, fee decimal.Decimal) {
	b.seq++
	at := t0.AddDate(0, 0, d).Add(time.Duration(b.seq) * time.Minute)
	b.addAt(fmt.Sprintf("%d.%04d", at.Unix(), (b.seq*7919)%10000), refid, typ, sub, asset, amount, fee)
}

// addAt appends one entry at the ledger time ts.
func (b *book) addAt(ts, refid, typ, sub, asset string, amount, fee decimal.Decimal) {
	bal := b.balances[asset].Add(amount).Sub(fee)
	b.balances[asset] = bal
	b.entries = append(b.entries, entry{
		ID: krakenID("L", len(b.entries)+1), RefID: refid, Time: ts,
		Type: typ, Subtype: sub, Asset: asset, Amount: amount, Fee: fee, Balance: bal,
	})
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// trade adds the two legs of a trade: units of asset for cash at price.
func (b *book) trade(d int, asset, cash string, units, price decimal.Decimal) {
	cost := units.Mul(price).Round(4)
	fee := cost.Abs().Mul(dec("0.0026")).Round(4)
	ref := krakenID("T", b.seq+1)
	b.add(d, ref, "trade", "", asset, units, decimal.Zero)
	// The cash leg shares the trade's time, as Kraken's ledger writes them.
	b.addAt(b.entries[len(b.entries)-1].Time, ref, "trade", "", cash, cost.Neg(), fee)
	b.trades++
}

// buildBook builds the account's ledger, with extra deposits of $10 after
// it (one every six hours from July 2025).
func buildBook(extra int) *book {
	b := &book{balances: map[string]decimal.Decimal{}}
	for i := range extra {
		at := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 6 * time.Hour)
		b.addAt(fmt.Sprintf("%d.%04d", at.Unix(), i%10000), krakenID("H", i), "deposit", "", "ZUSD", dec("10"), decimal.Zero)
	}
	b.add(0, krakenID("Q", 1), "deposit", "", "ZUSD", dec("40000"), decimal.Zero)
	b.add(1, krakenID("Q", 2), "deposit", "", "ZEUR", dec("8000"), dec("0.0000"))
	type buy struct {
		asset, cash string
		units       string
		price       string
	}
	week := []buy{
		{"XXBT", "ZUSD", "0.0500000000", "61000.0"}, {"XETH", "ZUSD", "0.8000000000", "3050.00"},
		{"SOL", "ZUSD", "12.0000000000", "139.50"}, {"DOT", "ZUSD", "150.0000000000", "6.20"},
		{"ADA", "ZUSD", "900.0000000000", "0.4400"}, {"XXDG", "ZUSD", "2500.0000000000", "0.1580"},
		{"XXBT", "ZEUR", "0.0300000000", "57500.0"}, {"XETH", "ZEUR", "0.5000000000", "2800.00"},
	}
	for w := 0; w < 24; w++ {
		// Prices drift by a few percent from week to week.
		x, sell, drift := fakekit.Rotation(week, w, 5)
		units := dec(x.units)
		if sell { // half of last week's buy
			units = units.Div(decimal.NewFromInt(2)).Neg()
		}
		px := dec(x.price).Mul(drift).Round(2)
		b.trade(w*7+2, x.asset, x.cash, units, px)
		if w%4 == 1 {
			b.add(w*7+5, krakenID("S", w), "staking", "", "DOT.S", dec("0.4125000000").Add(decimal.New(int64(w), -4)), decimal.Zero)
		}
	}
	// Move DOT to staking: two entries sharing a refid.
	ref := krakenID("R", 1)
	b.add(30, ref, "transfer", "spottostaking", "DOT", dec("-60"), decimal.Zero)
	b.add(30, ref, "transfer", "stakingfromspot", "DOT.S", dec("60"), decimal.Zero)
	b.add(40, krakenID("Q", 3), "deposit", "", "XXBT", dec("0.1000000000"), decimal.Zero)
	b.add(75, krakenID("Q", 4), "withdrawal", "", "XETH", dec("-0.2500000000"), dec("0.0035000000"))
	b.add(90, krakenID("Q", 5), "withdrawal", "", "ZUSD", dec("-1500"), dec("5.0000"))
	b.add(120, krakenID("Q", 6), "deposit", "", "ZEUR", dec("2500"), decimal.Zero)
	b.add(150, krakenID("Q", 7), "transfer", "", "ADA", dec("12.5000000000"), decimal.Zero) // an airdrop
	b.add(170, krakenID("E", 1), "adjustment", "", "ZUSD", dec("0.4200"), decimal.Zero)
	sort.SliceStable(b.entries, func(i, j int) bool { return b.entries[i].Time < b.entries[j].Time })
	// The running balances, in time order.
	run := fakekit.Wallet{}
	for i := range b.entries {
		e := &b.entries[i]
		run.Add(e.Asset, e.Amount.Sub(e.Fee))
		e.Balance = run[e.Asset]
	}
	return b
}
