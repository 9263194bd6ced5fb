package cryptokit

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestHoldings(t *testing.T) {
	asOf := time.Date(2026, 3, 18, 12, 0, 0, 0, time.UTC)
	bal := map[string]decimal.Decimal{"USD": d("10"), "EUR": d("0"), "BTC": d("0.5"), "XYZ": d("3"), "ETH": d("0")}
	prices := map[string]decimal.Decimal{"BTC": d("60000.123")}
	cash, pos, held := Holdings(bal, func(c string) bool { return c == "USD" || c == "EUR" }, prices, "USD", asOf)
	if len(cash) != 2 || !cash["USD"].Equal(d("10")) || !cash["EUR"].IsZero() {
		t.Errorf("cash %v", cash)
	}
	if len(pos) != 2 || pos[0].Symbol.Ticker != "BTC" || !pos[0].MarketValue.Equal(d("30000.06")) || pos[0].PriceUnknown ||
		pos[1].Symbol.Ticker != "XYZ" || !pos[1].PriceUnknown || !pos[1].MarketValue.IsZero() || pos[1].Currency != "USD" || !pos[1].AsOf.Equal(asOf) {
		t.Errorf("positions %+v", pos)
	}
	if !held.Equal(d("30000.06")) {
		t.Errorf("held %s", held)
	}
	bals := Balances(cash, "USD", held, true)
	if len(bals) != 2 || bals[0].Currency != "EUR" || bals[1].Currency != "USD" || !bals[1].Total.Equal(d("30010.06")) ||
		!bals[1].Cash.Equal(d("10")) || !bals[1].BuyingPower.Decimal.Equal(d("10")) || !bals[0].Total.IsZero() {
		t.Errorf("balances %+v", bals)
	}
	if bals := Balances(map[string]decimal.Decimal{}, "USD", decimal.Zero, false); len(bals) != 0 {
		t.Errorf("no cash, without the valuation currency: %+v", bals)
	}
	if bals := Balances(map[string]decimal.Decimal{}, "USD", d("5"), true); len(bals) != 1 || !bals[0].Total.Equal(d("5")) || !bals[0].Cash.IsZero() {
		t.Errorf("no cash, with the valuation currency: %+v", bals)
	}
}

func TestValidCode(t *testing.T) {
	for c, want := range map[string]bool{"BTC": true, "1INCH": true, "EUR": true, "B": false, "123": false, "btc": false, "BTC-EUR": false, "ABCDEFGHIJK": false} {
		if got := ValidCode(c); got != want {
			t.Errorf("ValidCode(%q) = %v", c, got)
		}
	}
}
