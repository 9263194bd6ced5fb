package dhan

import (
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// The documentation's Ledger Report sample (one row, every field a
// string), field by field: a pay-out through the bank, a WITHDRAWAL.
func TestDecodeLedgerSample(t *testing.T) {
	rows, bad, err := decodeLedger(read(t, "ledger.json"))
	if err != nil || len(rows) != 1 || bad != 0 {
		t.Fatalf("ledger = %+v, %v", rows, err)
	}
	r := rows[0]
	if r.Narration != "FUNDS WITHDRAWAL" || r.date() != "2022-06-22" || r.Exchange != "NSE-CAPITAL" || r.VoucherDesc != "PAYBNK" ||
		r.VoucherNumber != "202200036701" || !r.Debit.Decimal.Equal(d("20000")) || !r.Credit.Valid || !r.Credit.Decimal.IsZero() ||
		!r.RunBal.Decimal.Equal(d("957.29")) {
		t.Errorf("row = %+v", r)
	}
	ids := integrations.RowIDs{Prefix: "ledger-"}
	a, ok := ledgerActivity(r, &ids)
	if !ok || a.Type != integrations.ActivityWithdrawal || !a.Amount.Equal(d("-20000")) || a.RawType != "FUNDS WITHDRAWAL" ||
		a.TradeDate != "2022-06-22" || a.Currency != "INR" || a.Description != "FUNDS WITHDRAWAL (NSE-CAPITAL)" ||
		!strings.HasPrefix(a.ID, "ledger-") || !a.Units.IsZero() || a.Symbol != "" {
		t.Errorf("activity = %+v, %v", a, ok)
	}
	brokertest.WantActivities(t, a)
}

// Every kind of ledger row, by the rule in kind: what is listed, as what,
// and what is left out.
func TestLedgerRowKinds(t *testing.T) {
	row := func(narration, voucher, debit, credit string) string {
		return `{"dhanClientId":"1000000001","narration":"` + narration + `","voucherdate":"Jun 22, 2022","exchange":"NSE-CAPITAL",` +
			`"voucherdesc":"` + voucher + `","vouchernumber":"202200036701","debit":"` + debit + `","credit":"` + credit + `","runbal":"0.00"}`
	}
	for _, c := range []struct {
		name, row string
		want      integrations.ActivityType // "" for a row left out
		amount    string
	}{
		{"pay-in through the bank", row("FUNDS ADDED VIA UPI", "RECBNK", "0.00", "25000.00"), integrations.ActivityContribution, "25000"},
		{"pay-out through the bank", row("FUNDS WITHDRAWAL", "PAYBNK", "20000.00", "0.00"), integrations.ActivityWithdrawal, "-20000"},
		{"a bank voucher credited back", row("PAYOUT REVERSAL", "PAYBNK", "0.00", "500.00"), integrations.ActivityContribution, "500"},
		{"pay-in by narration", row("Funds Added", "JV", "0.00", "1000.50"), integrations.ActivityContribution, "1000.5"},
		{"pay-out by narration", row("Pay-out of funds", "", "300.00", "0.00"), integrations.ActivityWithdrawal, "-300"},
		{"running account settlement", row("RUNNING ACCOUNT SETTLEMENT", "JV", "4000.00", "0.00"), integrations.ActivityWithdrawal, "-4000"},
		{"DP charges", row("DP CHARGES FOR SELL TRANSACTION", "JV", "15.93", "0.00"), integrations.ActivityFee, "-15.93"},
		{"AMC", row("Demat AMC for Q1", "JV", "88.50", "0.00"), integrations.ActivityFee, "-88.5"},
		{"a charge refunded", row("Reversal of Call & Trade charges", "JV", "0.00", "59.00"), integrations.ActivityFee, "59"},
		{"interest", row("INTEREST ON DELAYED PAYMENT", "JV", "8.25", "0.00"), integrations.ActivityInterest, "-8.25"},
		{"anything else", row("AUCTION ADJUSTMENT", "JV", "0.00", "112.40"), integrations.ActivityOther, "112.4"},
		{"bill by narration, any case", row("Bill adj RAMCO", "JV", "0.00", "3.00"), "", ""},
		{"AMC inside a word is no AMC", row("RAMCO CEMENTS CORPORATE ACTION", "JV", "0.00", "3.00"), integrations.ActivityOther, "3"},
		{"bill voucher", row("BILL ENTRY FOR NSE-CAPITAL SETT NO 2022118", "BILL", "39092.00", "0.00"), "", ""},
		{"bill voucher, any narration", row("NSE CASH", "BILLNSE", "0.00", "1200.00"), "", ""},
		{"bill by narration", row("Bill for NSE F&O 22/06/2022", "JV", "512.00", "0.00"), "", ""},
		{"F&O obligation", row("F&O OBLIGATION AMOUNT", "JV", "0.00", "740.00"), "", ""},
		{"futures MTM", row("MTM PROFIT/LOSS NSE-FNO", "JV", "1200.00", "0.00"), "", ""},
		{"net settlement", row("Net settlement for Equity with settlement number: 2022118", "JV", "0.00", "9.00"), "", ""},
		{"opening balance", row("Opening Balance", "", "0.00", "0.00"), "", ""},
		{"a row that moves nothing", row("MARGIN NOTE", "JV", "0.00", "0.00"), "", ""},
	} {
		rows, bad, err := decodeLedger([]byte("[" + c.row + "]"))
		if err != nil || len(rows) != 1 || bad != 0 {
			t.Fatalf("%s: %v", c.name, err)
		}
		ids := integrations.RowIDs{Prefix: "ledger-"}
		a, ok := ledgerActivity(rows[0], &ids)
		switch {
		case c.want == "" && ok:
			t.Errorf("%s: listed as %s %s; it should be left out", c.name, a.Type, a.Amount)
		case c.want != "" && (!ok || a.Type != c.want || !a.Amount.Equal(d(c.amount)) || a.RawType != rows[0].Narration):
			t.Errorf("%s: %+v, %v; want %s %s", c.name, a, ok, c.want, c.amount)
		case ok:
			brokertest.WantActivities(t, a)
		}
	}
}

// Dhan documents strings; numbers are read too, and the voucher number
// either way. Two identical rows keep two ids, the same on every read.
func TestDecodeLedgerNumbersAndIDs(t *testing.T) {
	b := []byte(`[{"narration":"DP CHARGES","voucherdate":"Jan 05, 2024","voucherdesc":"JV","vouchernumber":202400000017,` +
		`"debit":15.93,"credit":0,"runbal":1000.07},` +
		`{"narration":"DP CHARGES","voucherdate":"Jan 05, 2024","voucherdesc":"JV","vouchernumber":202400000017,` +
		`"debit":15.93,"credit":0,"runbal":984.14},` +
		`{"narration":"Funds Added","voucherdate":"2024-01-06","voucherdesc":"RCPBNK","vouchernumber":null,"debit":null,"credit":"2500"}]`)
	read := func() []integrations.Activity {
		rows, bad, err := decodeLedger(b)
		if err != nil || len(rows) != 3 || bad != 0 {
			t.Fatalf("rows = %+v, %v", rows, err)
		}
		if rows[0].VoucherNumber != "202400000017" || !rows[0].Debit.Decimal.Equal(d("15.93")) || !rows[1].RunBal.Decimal.Equal(d("984.14")) {
			t.Errorf("numbers: %+v", rows[0])
		}
		ids := integrations.RowIDs{Prefix: "ledger-"}
		var out []integrations.Activity
		for _, r := range rows {
			a, ok := ledgerActivity(r, &ids)
			if !ok {
				t.Fatalf("row %+v left out", r)
			}
			out = append(out, a)
		}
		return out
	}
	first, again := read(), read()
	if first[0].ID == first[1].ID {
		t.Errorf("two identical rows share the id %s", first[0].ID)
	}
	for i := range first {
		if first[i].ID != again[i].ID {
			t.Errorf("row %d: id %s, then %s", i, first[i].ID, again[i].ID)
		}
	}
	if c := first[2]; c.Type != integrations.ActivityContribution || !c.Amount.Equal(d("2500")) || c.TradeDate != "2024-01-06" {
		t.Errorf("pay-in = %+v", c)
	}
}

// An answer that is not a ledger is refused as a whole; an empty one is no
// rows.
func TestDecodeLedgerAnswers(t *testing.T) {
	refused := func(b string) func() error {
		return func() error {
			rows, bad, err := decodeLedger([]byte(b))
			if rows != nil || bad != 0 {
				t.Errorf("%s: %d rows, %d unreadable with the refusal", b, len(rows), bad)
			}
			return err
		}
	}
	brokertest.WantRefused(t, integrations.ErrUnavailable, map[string]func() error{
		"not JSON":               refused(`<html>`),
		"an object of no ledger": refused(`{"status":"failure","remarks":"x"}`),
		"a string":               refused(`"ok"`),
		"an error body": func() error {
			_, _, err := decodeLedger(read(t, "error_dh901.json"))
			return err
		},
	})
	for _, b := range []string{`[]`, `{}`, ` { } `, `null`} {
		if rows, bad, err := decodeLedger([]byte(b)); err != nil || len(rows) != 0 || bad != 0 {
			t.Errorf("%s: %+v, %d unreadable, %v; want no rows", b, rows, bad, err)
		}
	}
}

// A row Latchkey would list whose date or amount cannot be read is not
// kept and not dropped silently: it is counted, the window is partial
// (client.go), and the rows around it are kept. A balance line or a
// trade's settlement, left out anyway, needs neither.
func TestDecodeLedgerUnreadableRows(t *testing.T) {
	good := `{"narration":"DP CHARGES","voucherdate":"Jun 22, 2022","voucherdesc":"JV","debit":"15.93","credit":"0.00"}`
	for name, row := range map[string]string{
		"no date":               `{"narration":"DP CHARGES","debit":"1.00","credit":"0.00"}`,
		"a date not a date":     `{"narration":"X","voucherdate":"yesterday","debit":"1.00"}`,
		"no amounts":            `{"narration":"X","voucherdate":"Jun 22, 2022"}`,
		"empty amounts":         `{"narration":"X","voucherdate":"Jun 22, 2022","debit":"","credit":null}`,
		"a decimal comma":       `{"narration":"X","voucherdate":"Jun 22, 2022","debit":"20.000,00","credit":"0.00"}`,
		"a comma, not grouped":  `{"narration":"X","voucherdate":"Jun 22, 2022","debit":"1,50","credit":"0.00"}`,
		"a credit not a number": `{"narration":"FUNDS ADDED","voucherdate":"Jun 22, 2022","debit":"0.00","credit":"NaN"}`,
		"a credit of true":      `{"narration":"FUNDS ADDED","voucherdate":"Jun 22, 2022","debit":"0.00","credit":true}`,
		"a narration number":    `{"narration":12,"voucherdate":"Jun 22, 2022","debit":"1.00"}`,
		"not an object":         `7`,
		"null":                  `null`,
	} {
		rows, bad, err := decodeLedger([]byte("[" + good + "," + row + "," + good + "]"))
		if err != nil || bad != 1 || len(rows) != 2 {
			t.Errorf("%s: %d rows, %d unreadable, %v; want the 2 good rows and 1 unreadable", name, len(rows), bad, err)
		}
	}
	rows, bad, err := decodeLedger([]byte(`{"narration":"X","voucherdate":"yesterday","debit":"1.00"}`))
	if err != nil || bad != 1 || len(rows) != 0 {
		t.Errorf("one unreadable object: %d rows, %d unreadable, %v", len(rows), bad, err)
	}
	for name, row := range map[string]string{
		"an opening balance":              `{"narration":"Opening Balance","voucherdate":"","runbal":"957.29"}`,
		"a bill without a date":           `{"narration":"NSE CASH","voucherdesc":"BILL","debit":"1.00"}`,
		"a settlement, amount unreadable": `{"narration":"F&O OBLIGATION","voucherdate":"Jun 22, 2022","debit":"one"}`,
	} {
		if rows, bad, err := decodeLedger([]byte("[" + row + "]")); err != nil || bad != 0 || len(rows) != 1 {
			t.Errorf("%s: %d rows, %d unreadable, %v; want it read (and left out later)", name, len(rows), bad, err)
		}
	}
}

// Amounts with thousands separators, Indian or international, with a
// decimal point, are read to the paisa.
func TestDecodeLedgerGroupedAmounts(t *testing.T) {
	for in, want := range map[string]string{
		`"2,00,000.00"`: "200000", `"1,00,00,000.50"`: "10000000.5", `"20,000.00"`: "20000", `"200,000.25"`: "200000.25",
		`"1,234,567"`: "1234567", `"-1,500.00"`: "-1500", `" 957.29 "`: "957.29", `15.93`: "15.93", `"0.00"`: "0",
	} {
		rows, bad, err := decodeLedger([]byte(`[{"narration":"FUNDS ADDED","voucherdate":"Jun 22, 2022","debit":"0.00","credit":` + in + `}]`))
		if err != nil || bad != 0 || len(rows) != 1 || !rows[0].Credit.Valid || !rows[0].amount().Equal(d(want)) {
			t.Errorf("credit %s: %+v, %d unreadable, %v; want %s", in, rows, bad, err, want)
		}
	}
	for _, in := range []string{`"1,00"`, `"12,34,56"`, `"1,0000.00"`, `",100.00"`, `"100,.00"`, `"1.000,00"`, `"1,000,00.00"`, `"1e3x"`} {
		if rows, bad, _ := decodeLedger([]byte(`[{"narration":"FUNDS ADDED","voucherdate":"Jun 22, 2022","credit":` + in + `}]`)); bad != 1 || len(rows) != 0 {
			t.Errorf("credit %s read as %+v", in, rows)
		}
	}
}
