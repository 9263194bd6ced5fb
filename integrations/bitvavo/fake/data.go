package fake

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

var markets = map[string]string{"BTC-EUR": "59120.4", "ETH-EUR": "2871.1", "SOL-EUR": "131.02", "ADA-EUR": "0.41622",
	"XRP-EUR": "0.47985", "DOGE-EUR": "0.14951", "BTC-USDC": "64210.5"}

type trade struct {
	ID          string `json:"id"`
	OrderID     string `json:"orderId"`
	ClientOID   string `json:"clientOrderId"`
	Timestamp   int64  `json:"timestamp"`
	Market      string `json:"market"`
	Side        string `json:"side"`
	Amount      string `json:"amount"`
	Price       string `json:"price"`
	Taker       bool   `json:"taker"`
	Fee         string `json:"fee"`
	FeeCurrency string `json:"feeCurrency"`
	Settled     bool   `json:"settled"`
}

type transfer struct {
	Timestamp int64  `json:"timestamp"`
	Symbol    string `json:"symbol"`
	Amount    string `json:"amount"`
	Fee       string `json:"fee"`
	Status    string `json:"status"`
	Address   string `json:"address"`
	PaymentID string `json:"paymentId,omitempty"`
	TxID      string `json:"txId,omitempty"`
}

type book struct {
	trades      []trade
	deposits    []transfer
	withdrawals []transfer
	balances    fakekit.Wallet
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func uuid(seed string) string { return fakekit.UUID("latchkey-bitvavo-" + seed) }

var t0 = time.Date(2025, 1, 2, 11, 0, 0, 0, time.UTC)

func buildBook() *book {
	b := &book{balances: map[string]decimal.Decimal{}}
	add := b.balances.Add
	ms := func(day int) int64 { return t0.AddDate(0, 0, day).UnixMilli() }
	dep := func(day int, c, amount, txid string) {
		b.deposits = append(b.deposits, transfer{Timestamp: ms(day), Symbol: c, Amount: amount, Fee: "0", Status: "completed",
			Address: map[bool]string{true: "NL32BUNQ2291234567", false: "bc1qlkdemo0000000000000000000000000000000"}[c == "EUR"], TxID: txid})
		add(c, dec(amount))
	}
	wd := func(day int, c, amount, fee, status string) {
		b.withdrawals = append(b.withdrawals, transfer{Timestamp: ms(day) + 3600000, Symbol: c, Amount: amount, Fee: fee, Status: status,
			Address: "NL91ABNA0417164300", TxID: map[bool]string{true: "", false: "0x" + uuid(c + amount)[:32]}[c == "EUR"]})
		if status == "completed" {
			add(c, dec(amount).Add(dec(fee)).Neg())
		}
	}
	tr := func(day int, market, side, amount, price string) {
		base := strings.TrimSuffix(market, "-EUR")
		n, p := dec(amount), dec(price)
		cost := n.Mul(p)
		fee := cost.Mul(dec("0.0025")).Round(2)
		id := uuid(fmt.Sprintf("trade-%d-%s", day, market))
		b.trades = append(b.trades, trade{ID: id, OrderID: uuid("order-" + id), Timestamp: ms(day) + 7200000, Market: market, Side: side,
			Amount: n.String(), Price: p.String(), Taker: true, Fee: fee.String(), FeeCurrency: "EUR", Settled: true})
		if side == "buy" {
			add(base, n)
			add("EUR", cost.Add(fee).Neg())
		} else {
			add(base, n.Neg())
			add("EUR", cost.Sub(fee))
		}
	}
	dep(0, "EUR", "25000", "")
	dep(45, "EUR", "4000", "")
	type buy struct{ market, amount, price string }
	week := []buy{{"BTC-EUR", "0.05", "57000"}, {"ETH-EUR", "0.8", "2800"}, {"SOL-EUR", "12", "128"}, {"ADA-EUR", "900", "0.40"}, {"XRP-EUR", "1500", "0.46"}}
	for w := 0; w < 25; w++ {
		x, sell, drift := fakekit.Rotation(week, w, 4)
		side, amount := "buy", x.amount
		if sell {
			side, amount = "sell", dec(x.amount).Div(decimal.NewFromInt(2)).String()
		}
		tr(w*7+3, x.market, side, amount, dec(x.price).Mul(drift).Round(2).String())
	}
	dep(30, "BTC", "0.12", "9f3c1e5d8a7b6c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d")
	wd(70, "ETH", "0.3", "0.0015", "completed")
	wd(110, "EUR", "1500", "0", "completed")
	wd(140, "BTC", "0.01", "0.00005", "canceled")
	sort.SliceStable(b.trades, func(i, j int) bool { return b.trades[i].Timestamp < b.trades[j].Timestamp })
	sort.SliceStable(b.deposits, func(i, j int) bool { return b.deposits[i].Timestamp < b.deposits[j].Timestamp })
	return b
}
