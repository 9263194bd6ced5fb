package fake

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// --- Data ---------------------------------------------------------------------

type market struct{ Symbol, Base, Quote, Price string }

type tradeRow struct {
	Symbol                           string
	ID, OrderID, Time                int64
	Price, Qty, QuoteQty, Commission decimal.Decimal
	CommissionAsset                  string
	IsBuyer, IsMaker                 bool
}

func (t tradeRow) wire() map[string]any {
	return map[string]any{
		"symbol": t.Symbol, "id": t.ID, "orderId": t.OrderID, "orderListId": -1, "price": t.Price.StringFixed(8),
		"qty": t.Qty.StringFixed(8), "quoteQty": t.QuoteQty.StringFixed(8), "commission": t.Commission.StringFixed(8),
		"commissionAsset": t.CommissionAsset, "time": t.Time, "isBuyer": t.IsBuyer, "isMaker": t.IsMaker, "isBestMatch": true,
	}
}

type transfer struct {
	id, coin, network string
	amount, fee       decimal.Decimal
	status            int
	at                int64
}

func (d transfer) depositWire() map[string]any {
	return map[string]any{
		"id": d.id, "amount": d.amount.String(), "coin": d.coin, "network": d.network, "status": d.status,
		"address": "0x" + strings.Repeat("ab", 20), "addressTag": "", "txId": "0x" + strings.Repeat("cd", 32),
		"insertTime": d.at, "transferType": 0, "confirmTimes": "12/12", "unlockConfirm": 0, "walletType": 0,
	}
}

func (d transfer) withdrawalWire() map[string]any {
	return map[string]any{
		"id": d.id, "amount": d.amount.StringFixed(8), "transactionFee": d.fee.String(), "coin": d.coin, "status": d.status,
		"address": "0x" + strings.Repeat("ef", 20), "txId": "0x" + strings.Repeat("12", 32),
		"applyTime": time.UnixMilli(d.at).UTC().Format(time.DateTime), "network": d.network, "transferType": 0,
		"info": "", "confirmNo": 12, "walletType": 0, "txKey": "",
		"completeTime": time.UnixMilli(d.at).Add(30 * time.Minute).UTC().Format(time.DateTime),
	}
}

// book is one site's account.
type book struct {
	markets     []market
	trades      []tradeRow
	deposits    []transfer
	withdrawals []transfer
	balances    fakekit.Wallet
}

// Count implements brokertest.Counter.
func (b *book) Count(list brokertest.List, _ string) int {
	activities := len(b.trades) + fakekit.CountWhere(b.deposits, func(d transfer) bool { return d.status == 1 || d.status == 6 }) +
		fakekit.CountWhere(b.withdrawals, func(w transfer) bool { return w.status == 6 })
	return fakekit.CountOne(list, fakekit.Coins(b.balances, "USDT", "USD", "EUR"), activities)
}

func (b *book) symbol(s string) (market, bool) {
	for _, m := range b.markets {
		if m.Symbol == s {
			return m, true
		}
	}
	return market{}, false
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var t0 = time.Date(2025, 1, 2, 10, 0, 0, 0, time.UTC)

func at(day int, minute int) int64 {
	return t0.AddDate(0, 0, day).Add(time.Duration(minute) * time.Minute).UnixMilli()
}

func buildBook(quote string) *book {
	b := &book{balances: map[string]decimal.Decimal{}}
	px := map[string]string{"BTC": "64210.55000000", "ETH": "3118.42000000", "BNB": "585.30000000", "SOL": "142.27000000",
		"ADA": "0.45190000", "DOGE": "0.16230000", "XRP": "0.52110000"}
	for _, c := range []string{"ADA", "BNB", "BTC", "DOGE", "ETH", "SOL", "XRP"} {
		b.markets = append(b.markets, market{c + quote, c, quote, px[c]})
	}
	b.markets = append(b.markets, market{"ETHBTC", "ETH", "BTC", "0.04856000"})
	if quote == "USDT" {
		b.markets = append(b.markets, market{"BTCEUR", "BTC", "EUR", "59120.40000000"}, market{"EURUSDT", "EUR", quote, "1.08600000"})
		b.balances["EUR"] = dec("1250.00")
	}
	add := b.balances.Add
	dep := func(day int, coin, network, amount string, status int) {
		d := transfer{id: fmt.Sprintf("%d", 769800519366885376+len(b.deposits)), coin: coin, network: network,
			amount: dec(amount), status: status, at: at(day, 1)}
		b.deposits = append(b.deposits, d)
		if status == 1 || status == 6 {
			add(coin, d.amount)
		}
	}
	wd := func(day int, coin, network, amount, fee string, status int) {
		w := transfer{id: fmt.Sprintf("b6ae22b3aa844210a7041aee7589%04d", len(b.withdrawals)), coin: coin, network: network,
			amount: dec(amount), fee: dec(fee), status: status, at: at(day, 2)}
		b.withdrawals = append(b.withdrawals, w)
		if status == 6 {
			add(coin, w.amount.Add(w.fee).Neg())
		}
	}
	var tradeID int64 = 28457
	trade := func(day int, base, q string, qty, price string, buyer bool, feeAsset string) {
		m := base + q
		p, n := dec(price), dec(qty)
		quoteQty := p.Mul(n).Round(8)
		t := tradeRow{Symbol: m, ID: tradeID, OrderID: 100234 + tradeID, Time: at(day, 3), Price: p, Qty: n, QuoteQty: quoteQty,
			CommissionAsset: feeAsset, IsBuyer: buyer, IsMaker: day%2 == 0}
		tradeID += 17
		switch feeAsset {
		case q:
			t.Commission = quoteQty.Mul(dec("0.001")).Round(8)
		case base:
			t.Commission = n.Mul(dec("0.001")).Round(8)
		default:
			t.Commission = dec("0.00123000")
		}
		if buyer {
			add(base, n)
			add(q, quoteQty.Neg())
		} else {
			add(base, n.Neg())
			add(q, quoteQty)
		}
		add(feeAsset, t.Commission.Neg())
		b.trades = append(b.trades, t)
	}
	dep(0, quote, "ETH", "30000", 1)
	dep(3, "BNB", "BSC", "2.5", 1)
	type buy struct{ base, qty, price string }
	week := []buy{{"BTC", "0.05", "61000"}, {"ETH", "0.8", "3050"}, {"SOL", "12", "139.5"}, {"ADA", "900", "0.44"}, {"BNB", "1.5", "580"}}
	for w := 0; w < 22; w++ {
		x, sell, drift := fakekit.Rotation(week, w, 4)
		qty, buyer := x.qty, !sell
		if sell { // half of last week's buy
			qty = dec(x.qty).Div(decimal.NewFromInt(2)).String()
		}
		price := dec(x.price).Mul(drift).Round(2).String()
		feeAsset := quote
		if w%3 == 2 {
			feeAsset = x.base
			if !buyer {
				feeAsset = quote
			}
		}
		trade(w*7+4, x.base, quote, qty, price, buyer, feeAsset)
	}
	trade(50, "ETH", "BTC", "0.5", "0.0475", true, "BNB")
	dep(40, "BTC", "BTC", "0.2", 1)
	dep(60, quote, "ETH", "5000", 1)
	dep(100, "SOL", "SOL", "3", 0) // still pending: not credited
	wd(80, "ETH", "ETH", "0.3", "0.0012", 6)
	wd(120, quote, "ETH", "1000", "1", 6)
	wd(130, "BTC", "BTC", "0.01", "0.0002", 1) // cancelled
	wd(140, "ADA", "ADA", "100", "1", 6)
	sort.Slice(b.trades, func(i, j int) bool { return b.trades[i].ID < b.trades[j].ID })
	return b
}
