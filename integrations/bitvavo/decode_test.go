package bitvavo

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

var fixture = brokertest.Fixture // testdata/name

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// TestFixtures decodes the documentation's samples (testdata/balance.json,
// trades.json, deposits.json).
func TestFixtures(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	tot, err := decodeBalances(fixture(t, "balance.json"))
	if err != nil || !tot["BTC"].Equal(d("2.32425567")) {
		t.Fatalf("totals %v %v", tot, err)
	}
	bals, pos := holdings(tot, map[string]decimal.Decimal{"BTC": d("50000")}, now)
	if len(bals) != 1 || !bals[0].Total.Equal(d("117462.78")) || len(pos) != 1 || !pos[0].MarketValue.Equal(d("116212.78")) {
		t.Errorf("holdings %+v %+v", bals, pos)
	}
	ts, err := decodeTrades(fixture(t, "trades.json"))
	if err != nil || len(ts) != 1 {
		t.Fatal(err)
	}
	a, err := tradeActivity(ts[0])
	if err != nil || a.ID != "trade:108c3633-0276-4480-a902-17a01829deae" || a.Type != integrations.ActivityBuy || a.Symbol != "BTC" ||
		!a.Units.Equal(d("0.005")) || !a.Amount.Equal(d("-25.0305")) || !a.Fee.Equal(d("0.03")) || a.TradeDate != "2018-11-23" {
		t.Errorf("trade %+v %v", a, err)
	}
	deps, err := decodeTransfers(fixture(t, "deposits.json"))
	if err != nil || len(deps) != 1 {
		t.Fatal(err)
	}
	a, err = transferActivity(deps[0], true)
	if err != nil || a.Type != integrations.ActivityTransferIn || !a.Units.Equal(d("0.99994")) ||
		a.ID != "deposit:927b3ea50c5bb52c6854152d305dfa1e27fc01d10464cf10825d96d69d235eb3" || !deps[0].done(true) {
		t.Errorf("deposit %+v %v", a, err)
	}
	// A bank deposit has no txId: its id is a stable hash of the row.
	bank := transfer{Timestamp: 1, Symbol: "EUR", Amount: num{Decimal: d("100"), Valid: true}, Status: "completed"}
	a1, _ := transferActivity(bank, true)
	a2, _ := transferActivity(bank, true)
	if a1.ID != a2.ID || a1.Type != integrations.ActivityContribution || !a1.Amount.Equal(d("100")) {
		t.Errorf("bank deposit %+v", a1)
	}
}

// TestSDKSamples decodes the official SDK's documented answers
// (python-bitvavo-api README "View Response" blocks, commit bf1af9a
// 2023-08-24: balance, trades, depositHistory, withdrawalHistory,
// tickerPrice) field by field.
func TestSDKSamples(t *testing.T) {
	tot, err := decodeBalances(fixture(t, "balance_sdk.json"))
	if err != nil || len(tot) != 5 || !tot["EUR"].Equal(d("4622.6")) || !tot["BTC"].Equal(d("1.733768")) {
		t.Fatalf("balance %v %v", tot, err)
	}
	ticks, err := decodeTicker(fixture(t, "ticker_price_sdk.json"))
	if err != nil || len(ticks) != 8 {
		t.Fatalf("ticker %v %v", ticks, err)
	}
	px := eurPrices(ticks)
	if !px["BTC"].Equal(d("3008.9")) || !px["BCH"].Equal(d("106.57")) || len(px) != 7 {
		t.Errorf("prices %v", px)
	}
	bals, pos := holdings(tot, px, time.Time{})
	byTicker := map[string]integrations.Position{}
	for _, p := range pos {
		byTicker[p.Symbol.Ticker] = p
	}
	if !byTicker["ADA"].PriceUnknown || byTicker["BTC"].PriceUnknown || !byTicker["BTC"].MarketValue.Equal(d("5216.73")) {
		t.Errorf("positions %+v", pos)
	}
	if !bals[0].Cash.Equal(d("4622.6")) {
		t.Errorf("balance %+v", bals[0])
	}
	ts, err := decodeTrades(fixture(t, "trades_sdk.json"))
	if err != nil || len(ts) != 3 {
		t.Fatal(err)
	}
	sell, err := tradeActivity(ts[1])
	if err != nil || sell.Type != integrations.ActivitySell || !sell.Units.Equal(d("-0.1")) || !sell.Amount.Equal(d("399.2")) ||
		!sell.Fee.Equal(d("0.8")) || sell.ID != "trade:79e4bf2f-4fac-4895-9bb2-a5c9c6e2ff3f" {
		t.Errorf("sell %+v %v", sell, err)
	}
	deps, err := decodeTransfers(fixture(t, "deposit_history_sdk.json"))
	if err != nil || len(deps) != 2 {
		t.Fatal(err)
	}
	eur, _ := transferActivity(deps[0], true)
	btc, _ := transferActivity(deps[1], true)
	if eur.Type != integrations.ActivityContribution || !eur.Amount.Equal(d("1")) || btc.Type != integrations.ActivityTransferIn ||
		btc.ID != "deposit:0c6497e608212a516b8218674cb0ca04f65b67a00fe8bddaa1ecb03e9b029255" {
		t.Errorf("deposits %+v %+v", eur, btc)
	}
	wds, err := decodeTransfers(fixture(t, "withdrawal_history_sdk.json"))
	if err != nil || len(wds) != 3 {
		t.Fatal(err)
	}
	if wds[0].done(false) || !wds[1].done(false) || !wds[2].done(false) {
		t.Errorf("withdrawal statuses %+v", wds)
	}
	out, _ := transferActivity(wds[2], false)
	cash, _ := transferActivity(wds[1], false)
	if out.Type != integrations.ActivityTransferOut || !out.Units.Equal(d("-0.01941")) ||
		cash.Type != integrations.ActivityWithdrawal || !cash.Amount.Equal(d("-50")) {
		t.Errorf("withdrawals %+v %+v", out, cash)
	}
}
