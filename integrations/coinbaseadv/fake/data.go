package fake

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// prices are the products' USD prices.
var prices = map[string]string{"BTC": "64210.55", "ETH": "3118.42", "SOL": "142.27", "ADA": "0.4519", "LINK": "14.12", "USDC": "1"}

type fill struct {
	at   time.Time
	wire map[string]any
}

type book struct {
	fills    []fill
	app      []appTx // the v2 transactions, newest first
	balances fakekit.Wallet
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func uuid(seed string) string { return fakekit.UUID("latchkey-coinbase-" + seed) }

var t0 = time.Date(2025, 1, 2, 14, 0, 0, 0, time.UTC)

// buildBook makes the portfolio: 130 fills in the shape of the API
// reference's List Fills example, and the balances they leave.
func buildBook() *book {
	b := &book{balances: map[string]decimal.Decimal{"USD": dec("60000"), "USDC": dec("250")}}
	add := b.balances.Add
	type buy struct{ base, size, price string }
	cycle := []buy{{"BTC", "0.01", "61000"}, {"ETH", "0.15", "3050"}, {"SOL", "2", "139.5"}, {"ADA", "300", "0.44"}, {"LINK", "10", "13.8"}}
	for i := range 130 {
		x, sell, drift := fakekit.Rotation(cycle, i, 6)
		side, size := "BUY", x.size
		if sell {
			side, size = "SELL", dec(x.size).Div(decimal.NewFromInt(2)).String()
		}
		price := dec(x.price).Mul(drift).Round(2)
		n := dec(size)
		notional := n.Mul(price)
		fee := notional.Mul(dec("0.006")).Round(2)
		at := t0.Add(time.Duration(i) * 31 * time.Hour)
		tradeType := "FILL"
		if i == 77 {
			tradeType = "REVERSAL"
		}
		w := map[string]any{
			"entry_id": uuid(fmt.Sprintf("entry-%d", i)), "trade_id": uuid(fmt.Sprintf("trade-%d", i)), "order_id": uuid(fmt.Sprintf("order-%d", i)),
			"trade_time": at.Format(time.RFC3339Nano), "trade_type": tradeType, "price": price.String(), "size": n.String(),
			"commission": fee.String(), "product_id": x.base + "-USD", "sequence_timestamp": at.Format(time.RFC3339Nano),
			"liquidity_indicator": "TAKER", "size_in_quote": false, "user_id": user, "side": side,
			"retail_portfolio_id": PortfolioUUID,
		}
		b.fills = append(b.fills, fill{at: at, wire: w})
		if tradeType != "FILL" {
			continue
		}
		if side == "BUY" {
			add(x.base, n)
			add("USD", notional.Add(fee).Neg())
		} else {
			add(x.base, n.Neg())
			add("USD", notional.Sub(fee))
		}
	}
	b.addFlows()
	return b
}
