package ecb_test

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/ecb"
)

var read = brokertest.Fixture // testdata/name

func TestDecodeDailyDocumentedShape(t *testing.T) {
	days, err := ecb.DecodeXML(read(t, "eurofxref-daily.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 1 {
		t.Fatalf("%d days, want 1", len(days))
	}
	d := days[0]
	if d.Date != "2024-06-28" || d.Base != "EUR" || len(d.Rates) != 30 {
		t.Fatalf("day %s base %s with %d rates", d.Date, d.Base, len(d.Rates))
	}
	for c, want := range map[string]string{"USD": "1.0705", "JPY": "171.94", "GBP": "0.84638", "IDR": "17487.21", "CAD": "1.467"} {
		if got := d.Rates[c]; !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("%s = %s, want %s", c, got, want)
		}
	}
}

func TestDecodeHistoryXMLAndCSV(t *testing.T) {
	days, err := ecb.DecodeXML(read(t, "eurofxref-hist-90d.xml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 3 || days[0].Date != "2024-06-28" || days[2].Date != "2024-06-26" {
		t.Fatalf("days %+v", days)
	}
	if !days[2].Rates["CAD"].Equal(decimal.RequireFromString("1.4621")) {
		t.Errorf("CAD on 26 June = %s", days[2].Rates["CAD"])
	}
	rows, err := ecb.DecodeCSV(read(t, "eurofxref-hist.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d rows, want 3", len(rows))
	}
	if _, ok := rows[0].Rates["CYP"]; ok {
		t.Error("N/A became a rate")
	}
	if _, ok := rows[0].Rates[""]; ok {
		t.Error("the empty trailing column became a rate")
	}
	old := rows[2]
	if old.Date != "2007-12-31" || !old.Rates["CYP"].Equal(decimal.RequireFromString("0.585274")) || !old.Rates["HRK"].Equal(decimal.RequireFromString("7.3308")) {
		t.Errorf("2007 row %+v", old)
	}
	if len(rows[0].Rates) != 6 {
		t.Errorf("2024 row has %d rates, want 6 (USD JPY BGN CZK GBP CAD)", len(rows[0].Rates))
	}
}

func TestDecodeRefusesOtherShapes(t *testing.T) {
	for name, b := range map[string]string{
		"json":     `{"rates":{"USD":1.07}}`,
		"bad date": `<Envelope><Cube><Cube time='28/06/2024'><Cube currency='USD' rate='1.07'/></Cube></Cube></Envelope>`,
		"html":     `<html><body>Maintenance</body></html>`,
	} {
		if days, err := ecb.DecodeXML([]byte(b)); err == nil && len(days) > 0 {
			t.Errorf("%s: decoded %v", name, days)
		}
	}
	if _, err := ecb.DecodeCSV([]byte("when,USD\n2024-06-28,1.07\n")); err == nil {
		t.Error("a CSV without the Date column was read")
	}
	days, err := ecb.DecodeXML([]byte(`<Envelope><Cube><Cube time='2024-06-28'><Cube currency='USD' rate='-1'/><Cube currency='usd' rate='1'/><Cube currency='JPY' rate='0'/><Cube currency='GBP' rate='1e3'/><Cube currency='CHF' rate='0.96'/></Cube></Cube></Envelope>`))
	if err != nil {
		t.Fatal(err)
	}
	if got := days[0].Rates; len(got) != 1 || !got["CHF"].Equal(decimal.RequireFromString("0.96")) {
		t.Errorf("rates kept %v, want only CHF (negative, zero, exponent and lower-case codes dropped)", got)
	}
	_ = integrations.Date("")
}
