package statement

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/statement/internal/ident"
)

// TestActivityIDsPinned: a row's hashed id never changes, or a file
// imported before the change would import again as new activities. The
// literals are the ids the parser gave before it hashed rows without
// allocating (commit 2912e08).
func TestActivityIDsPinned(t *testing.T) {
	m := Mapping{Columns: map[Field]string{FieldDate: "Date", FieldSettleDate: "Settle", FieldType: "Type", FieldSymbol: "Symbol",
		FieldUnits: "Qty", FieldPrice: "Price", FieldFee: "Fee", FieldAmount: "Amount", FieldDescription: "Description"}, Currency: "USD"}
	in := "Date,Settle,Type,Symbol,Qty,Price,Fee,Amount,Description\n" +
		"01/02/2024,01/04/2024,YOU BOUGHT,AAPL,10,185.5,1.00,\"(1,856.00)\",\"APPLE, INC.\"\n" +
		"01/02/2024,01/04/2024,YOU BOUGHT,AAPL,10,185.5,1.00,\"(1,856.00)\",\"APPLE, INC.\"\n" +
		"2024-02-01,,Dividend Received,VTI,,,,12.34,Vanguard Total-Stock  Market\n"
	r, err := parseString(t, in, Options{Mapping: &m})
	if err != nil {
		t.Fatal(err)
	}
	got := acts(r)
	want := []string{"h989d2368b20e2d2d31f16eaa", "h989d2368b20e2d2d31f16eaa-1", "hb7741762fc906ec32b2da097"}
	if len(got) != len(want) {
		t.Fatalf("%d activities, want %d", len(got), len(want))
	}
	for i, a := range got {
		if a.ID != want[i] {
			t.Errorf("row %d: id %q, want %q", i+1, a.ID, want[i])
		}
		// The formula, spelled out.
		h := "h" + ident.Hash(r.Accounts[0].AccountID, string(a.TradeDate), string(a.SettlementDate), normWordRunes(a.RawType),
			a.Symbol, a.Units.String(), a.Price.String(), a.Amount.String(), a.Fee.String(), a.Currency, normWordRunes(a.Description))[:24]
		if i == 1 {
			h += "-1"
		}
		if a.ID != h {
			t.Errorf("row %d: id %q, the formula gives %q", i+1, a.ID, h)
		}
	}
}
