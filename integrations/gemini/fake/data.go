package fake

import (
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

var prices = map[string]string{"USD": "1", "BTC": "64210.55", "ETH": "3118.42", "SOL": "142.27", "LINK": "14.12", "DOGE": "0.1623"}

type trade struct {
	Price       string `json:"price"`
	Amount      string `json:"amount"`
	Timestamp   int64  `json:"timestamp"`
	TimestampMS int64  `json:"timestampms"`
	Type        string `json:"type"`
	Aggressor   bool   `json:"aggressor"`
	FeeCurrency string `json:"fee_currency"`
	FeeAmount   string `json:"fee_amount"`
	TID         int64  `json:"tid"`
	OrderID     string `json:"order_id"`
	Exchange    string `json:"exchange"`
	IsAuction   bool   `json:"is_auction_fill"`
	IsClearing  bool   `json:"is_clearing_fill"`
	Symbol      string `json:"symbol"`
}

type transfer struct {
	Type        string `json:"type"`
	Status      string `json:"status"`
	TimestampMS int64  `json:"timestampms"`
	EID         int64  `json:"eid"`
	Currency    string `json:"currency"`
	Amount      string `json:"amount"`
	Method      string `json:"method,omitempty"`
	TxHash      string `json:"txHash,omitempty"`
	Destination string `json:"destination,omitempty"`
	Purpose     string `json:"purpose,omitempty"`
}

type book struct {
	trades    []trade
	transfers []transfer
	balances  fakekit.Wallet
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var t0 = time.Date(2025, 1, 2, 15, 0, 0, 0, time.UTC)

func buildBook() *book {
	b := &book{balances: map[string]decimal.Decimal{}}
	add := b.balances.Add
	eid := int64(320013281)
	xfer := func(day int, hour int, typ, status, c, amount, method string) {
		ms := t0.AddDate(0, 0, day).Add(time.Duration(hour) * time.Hour).UnixMilli()
		eid += 7
		b.transfers = append(b.transfers, transfer{Type: typ, Status: status, TimestampMS: ms, EID: eid, Currency: c, Amount: amount, Method: method})
		if status != "Complete" && status != "Advanced" {
			return
		}
		if typ == "Withdrawal" {
			add(c, dec(amount).Neg())
		} else {
			add(c, dec(amount))
		}
	}
	tid := int64(107317526)
	tr := func(day int, sym, base, typ, amount, price string) {
		at := t0.AddDate(0, 0, day).Add(2 * time.Hour)
		p, n := dec(price), dec(amount)
		cost := p.Mul(n)
		fee := cost.Mul(dec("0.004")).Round(2)
		tid += 13
		b.trades = append(b.trades, trade{Price: p.String(), Amount: n.String(), Timestamp: at.Unix(), TimestampMS: at.UnixMilli(),
			Type: typ, Aggressor: true, FeeCurrency: "USD", FeeAmount: fee.String(), TID: tid, OrderID: strconv.FormatInt(tid-5, 10),
			Exchange: "gemini", Symbol: sym})
		if typ == "Buy" {
			add(base, n)
			add("USD", cost.Add(fee).Neg())
		} else {
			add(base, n.Neg())
			add("USD", cost.Sub(fee))
		}
	}
	xfer(0, 0, "Deposit", "Complete", "USD", "30000.00", "ACH")
	xfer(10, 0, "Deposit", "Advanced", "USD", "5000.00", "ACH")
	xfer(12, 0, "Deposit", "Pending", "USD", "250.00", "ACH")
	type buy struct{ sym, base, amount, price string }
	week := []buy{{"btcusd", "BTC", "0.05", "61000"}, {"ethusd", "ETH", "0.8", "3050"}, {"solusd", "SOL", "12", "139.5"},
		{"linkusd", "LINK", "40", "13.8"}, {"dogeusd", "DOGE", "2500", "0.158"}}
	for w := 0; w < 24; w++ {
		x, sell, drift := fakekit.Rotation(week, w, 4)
		typ, amount := "Buy", x.amount
		if sell {
			typ, amount = "Sell", dec(x.amount).Div(decimal.NewFromInt(2)).String()
		}
		tr(w*7+3, x.sym, x.base, typ, amount, dec(x.price).Mul(drift).Round(2).String())
	}
	for d := 5; d < 180; d += 3 { // staking rewards, twice a week or so
		xfer(d, 6, "Reward", "Complete", "ETH", dec("0.000812").Add(decimal.New(int64(d), -6)).String(), "")
	}
	xfer(40, 1, "Deposit", "Complete", "BTC", "0.15", "")
	xfer(80, 1, "Withdrawal", "Complete", "ETH", "0.25", "")
	xfer(120, 1, "Withdrawal", "Complete", "USD", "1200.00", "ACH")
	sort.SliceStable(b.transfers, func(i, j int) bool { return b.transfers[i].TimestampMS < b.transfers[j].TimestampMS })
	sort.SliceStable(b.trades, func(i, j int) bool { return b.trades[i].TimestampMS < b.trades[j].TimestampMS })
	return b
}
