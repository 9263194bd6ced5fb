package app

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// TestActivitiesJSON: appendActivities writes what json.Marshal writes, for
// every field of an Activity (a field added to the type makes it fall back,
// and this test fail until it writes the field too).
func TestActivitiesJSON(t *testing.T) {
	if activityFieldsNow != activityFields {
		t.Fatalf("integrations.Activity has %d fields; appendActivities writes %d", activityFieldsNow, activityFields)
	}
	rows := []integrations.Activity{
		{ID: "h1", Type: integrations.ActivityBuy, RawType: "YOU BOUGHT <ETF> & \"more\"", TradeDate: "2026-01-02", SettlementDate: "2026-01-05",
			Symbol: "VTI", Units: decimal.RequireFromString("10.500"), Price: decimal.RequireFromString("290.1"),
			Amount: decimal.RequireFromString("-3046.05"), Fee: decimal.RequireFromString("0.00"), Currency: "USD", Description: "tab\there\nline\u2028sep\x01\xff"},
		{ID: "", Type: integrations.ActivityDividend, TradeDate: "2026-02-01", Amount: decimal.RequireFromString("1e3"), Currency: "CAD", Description: "Währung €"},
		{},
	}
	ptrs := make([]*integrations.Activity, len(rows))
	for i := range rows {
		ptrs[i] = &rows[i]
	}
	got, err := appendActivities([]byte("x"), ptrs)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(rows)
	if !bytes.Equal(got[1:], want) {
		t.Errorf("appendActivities:\n%s\njson.Marshal:\n%s", got[1:], want)
	}
}

func FuzzActivitiesJSON(f *testing.F) {
	f.Add("h1", "buy", "YOU BOUGHT", "2026-01-02", "", "AAPL", "1.50", "-0.25", "USD", "a <b> & \"c\"")
	f.Add("", "other", "\xff\xfe", "", "2026-01-03", "", "1e-20", "123456789012345678901234", "", "\u2029\x7f\x1f")
	f.Fuzz(func(t *testing.T, id, typ, raw, trade, settle, sym, units, amount, cur, desc string) {
		u, err1 := decimal.NewFromString(units)
		a, err2 := decimal.NewFromString(amount)
		if err1 != nil || err2 != nil || u.Exponent() < -1000 || u.Exponent() > 1000 || a.Exponent() < -1000 || a.Exponent() > 1000 {
			return
		}
		row := integrations.Activity{ID: id, Type: integrations.ActivityType(typ), RawType: raw, TradeDate: integrations.Date(trade),
			SettlementDate: integrations.Date(settle), Symbol: sym, Units: u, Price: a, Amount: a.Neg(), Fee: u, Currency: cur, Description: desc}
		got, err := appendActivities(nil, []*integrations.Activity{&row})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal([]integrations.Activity{row})
		if !bytes.Equal(got, want) {
			t.Fatalf("appendActivities:\n%s\njson.Marshal:\n%s", got, want)
		}
	})
}
