package integrations

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestIsCurrencyCode(t *testing.T) {
	for c, want := range map[string]bool{
		"USD": true, "EUR": true, "usd": false, "US": false, "USDT": false, "": false,
		"U$D": false, "ÜSD": false, " US": false,
	} {
		if got := IsCurrencyCode(c); got != want {
			t.Errorf("IsCurrencyCode(%q) = %v, want %v", c, got, want)
		}
	}
}

func TestSaneDecimals(t *testing.T) {
	if !SaneDecimals() || !SaneDecimals(decimal.RequireFromString("17550.25"), decimal.RequireFromString("-0.000001")) {
		t.Error("ordinary amounts refused")
	}
	for _, s := range []string{"1e31", "1e-31", "1234567890123456789012345678901234567890.1"} {
		if SaneDecimals(decimal.Zero, decimal.RequireFromString(s)) {
			t.Errorf("%s accepted", s)
		}
	}
}
