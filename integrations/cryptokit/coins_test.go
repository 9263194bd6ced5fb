package cryptokit

import (
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// TestCoins: the coins to price are exactly the currencies Holdings makes
// positions of (not cash, not zero), in code order.
func TestCoins(t *testing.T) {
	bal := map[string]decimal.Decimal{"USD": d("10"), "EUR": d("0"), "XYZ": d("3"), "BTC": d("0.5"), "ETH": d("0"), "1INCH": d("-2")}
	isCash := func(c string) bool { return c == "USD" || c == "EUR" }
	got := Coins(bal, isCash)
	if want := []string{"1INCH", "BTC", "XYZ"}; !slices.Equal(got, want) {
		t.Fatalf("coins %v, want %v", got, want)
	}
	_, pos, _ := Holdings(bal, isCash, nil, "USD", time.Time{})
	var held []string
	for _, p := range pos {
		held = append(held, p.Symbol.Ticker)
	}
	if !slices.Equal(got, held) {
		t.Errorf("coins %v, Holdings' positions %v", got, held)
	}
	if got := Coins(map[string]decimal.Decimal{"USD": d("5")}, isCash); got != nil {
		t.Errorf("cash only: %v", got)
	}
}
