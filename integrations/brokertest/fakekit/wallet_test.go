package fakekit

import (
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

func TestWallet(t *testing.T) {
	w := Wallet{"USD": decimal.NewFromInt(100)}
	w.Add("USD", decimal.NewFromInt(-40))
	w.Add("BTC", decimal.RequireFromString("0.5"))
	if !w["USD"].Equal(decimal.NewFromInt(60)) || !w["BTC"].Equal(decimal.RequireFromString("0.5")) {
		t.Fatalf("wallet %v, want 60 USD and 0.5 BTC", w)
	}
	defer func() {
		if recover() == nil {
			t.Error("a balance gone negative did not panic")
		}
	}()
	w.Add("BTC", decimal.NewFromInt(-1))
}

func TestRotation(t *testing.T) {
	buys := []string{"BTC", "ETH", "SOL"}
	var got []string
	lo, hi := decimal.NewFromInt(2), decimal.Zero
	for n := range 9 {
		x, sell, drift := Rotation(buys, n, 4)
		if sell {
			x = "sell " + x
		}
		got = append(got, x)
		lo, hi = decimal.Min(lo, drift), decimal.Max(hi, drift)
		if _, _, again := Rotation(buys, n, 4); !again.Equal(drift) {
			t.Errorf("trade %d drifts %s, then %s", n, drift, again)
		}
	}
	want := []string{"BTC", "ETH", "SOL", "sell SOL", "ETH", "SOL", "BTC", "sell BTC", "SOL"}
	if !slices.Equal(got, want) {
		t.Errorf("trades %q, want %q", got, want)
	}
	if lo.LessThan(decimal.RequireFromString("0.955")) || hi.GreaterThan(decimal.RequireFromString("1.044")) || lo.Equal(hi) {
		t.Errorf("drifts from %s to %s, want varied within 0.955 to 1.044", lo, hi)
	}
	if _, _, d := Rotation(buys, 1, 4); !d.Equal(decimal.RequireFromString("0.992")) {
		t.Errorf("trade 1 drifts %s, want 0.992 (the factor the fakes' data was built with)", d)
	}
}
