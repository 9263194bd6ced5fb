package fakekit

import (
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
