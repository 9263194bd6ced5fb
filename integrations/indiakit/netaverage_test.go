package indiakit

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

func TestNetAverage(t *testing.T) {
	n := func(s string) integrations.Number {
		if s == "" {
			return integrations.Number{}
		}
		return integrations.Number{Decimal: decimal.RequireFromString(s), Valid: true}
	}
	for _, c := range []struct {
		qty, net, buy, sell, want string
	}{
		{"10", "101.5", "100", "105", "101.5"},
		{"10", "", "100", "105", "100"},
		{"10", "0", "100", "105", "100"},
		{"-10", "0", "100", "105", "105"},
		{"-10", "", "100", "", ""},
	} {
		got := NetAverage(decimal.RequireFromString(c.qty), n(c.net), n(c.buy), n(c.sell))
		if c.want == "" {
			if got.Valid {
				t.Errorf("%+v: %v, want none", c, got.Decimal)
			}
			continue
		}
		if !got.Valid || !got.Decimal.Equal(decimal.RequireFromString(c.want)) {
			t.Errorf("%+v: %v", c, got)
		}
	}
}
