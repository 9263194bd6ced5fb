package integrations

import (
	"testing"

	"github.com/shopspring/decimal"
)

// TestTraded: a buy pays value and fee, a sell receives value less fee with
// its units negative, anything else moves no cash and keeps its units.
func TestTraded(t *testing.T) {
	d := decimal.RequireFromString
	for _, c := range []struct {
		typ           ActivityType
		units, amount string
	}{
		{ActivityBuy, "3", "-301.5"},
		{ActivitySell, "-3", "298.5"},
		{ActivityOther, "3", "0"},
		{ActivityDividend, "3", "0"},
	} {
		units, amount := Traded(c.typ, d("3"), d("300"), d("1.5"))
		if !units.Equal(d(c.units)) || !amount.Equal(d(c.amount)) {
			t.Errorf("%s: units %s amount %s, want %s %s", c.typ, units, amount, c.units, c.amount)
		}
	}
	if units, amount := Traded(ActivityBuy, d("2"), d("10.00"), decimal.Zero); units.String() != "2" || amount.String() != "-10" {
		t.Errorf("no fee: units %s amount %s", units, amount)
	}
}
