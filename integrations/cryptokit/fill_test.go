package cryptokit

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestFillActivity(t *testing.T) {
	base := Fill{ID: "trade:1", Date: "2026-03-18", RawType: "raw", Base: "BTC", Quote: "EUR",
		Units: d("0.5"), Price: d("60000"), Cost: d("30000"), Fee: d("15"), Description: "desc"}
	for _, c := range []struct {
		name        string
		typ         integrations.ActivityType
		feeCurrency string
		fee         string
		wantType    integrations.ActivityType
		units       string
		amount      string
		wantFee     string
	}{
		{"buy, fee in quote", integrations.ActivityBuy, "EUR", "15", integrations.ActivityBuy, "0.5", "-30015", "15"},
		{"sell, fee in quote", integrations.ActivitySell, "EUR", "15", integrations.ActivitySell, "-0.5", "29985", "15"},
		{"buy, fee in base", integrations.ActivityBuy, "BTC", "0.001", integrations.ActivityBuy, "0.499", "-30000", "0"},
		{"sell, fee in base", integrations.ActivitySell, "BTC", "0.001", integrations.ActivitySell, "-0.501", "30000", "0"},
		{"buy, fee in a third coin", integrations.ActivityBuy, "BNB", "0.01", integrations.ActivityBuy, "0.5", "-30000", "0"},
		{"unknown side", "", "EUR", "15", integrations.ActivityOther, "0.5", "-15", "15"},
	} {
		f := base
		f.Type, f.FeeCurrency, f.Fee = c.typ, c.feeCurrency, d(c.fee)
		a := f.Activity()
		if a.Type != c.wantType || !a.Units.Equal(d(c.units)) || !a.Amount.Equal(d(c.amount)) || !a.Fee.Equal(d(c.wantFee)) {
			t.Errorf("%s: type %s units %s amount %s fee %s", c.name, a.Type, a.Units, a.Amount, a.Fee)
		}
		if a.ID != "trade:1" || a.TradeDate != "2026-03-18" || a.RawType != "raw" || a.Symbol != "BTC" || a.Currency != "EUR" ||
			!a.Price.Equal(d("60000")) || a.Description != "desc" {
			t.Errorf("%s: %+v", c.name, a)
		}
	}
	// A row with no side at all, or a blank one, still says what it was.
	for _, raw := range []string{"", " "} {
		f := base
		f.RawType = raw
		if a := f.Activity(); a.Type != integrations.ActivityOther || a.RawType != "trade" {
			t.Errorf("side %q: type %s raw type %q", raw, a.Type, a.RawType)
		}
	}
}
