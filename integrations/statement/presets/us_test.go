package presets

import (
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

func TestWebullOrdersRecords(t *testing.T) {
	// Cancelled, failed and the strategy's summary row are skipped.
	fixture{file: "webull/Webull_Orders_Records.csv", preset: "webull-orders", good: 5, ignored: 3, day: "2026-07-01",
		accounts: []holds{{acts: []act{
			{"2026-03-02", "BUY", "AAPL", "10", "187.40", "-1874", "", "USD"},
			{"2026-03-03", "SELL", "AAPL", "-4", "189.10", "756.40", "", "USD"}, // "@189.10": the @ stripped
			{"2026-06-15", "BUY", "QQQ", "3", "479.95", "-1439.85", "", "USD"},  // partially filled: 3 of 5
			// Option legs: per-share premium × 100.
			{"2026-07-01", "SELL", "SPY260717C00550000", "-1", "1.75", "175", "", "USD"},
			{"2026-07-01", "BUY", "SPY260717C00560000", "1", "0.62", "-62", "", "USD"},
		}}}}.read(t)
}

func TestWebullCanadaOrdersRecords(t *testing.T) {
	// The same file shape as Webull's: an import connection of webull-ca
	// passes its own presets and the currency the user chose.
	res := fixture{file: "webull-ca/Webull_Orders_Records.csv", presets: For(WebullCA), opts: statement.Options{Currency: "CAD", AccountID: "conn-1"},
		preset: "webull-ca-orders", good: 3, ignored: 1, accounts: []holds{{id: "conn-1", acts: []act{
			{"2026-01-12", "BUY", "XEQT", "25", "31.18", "-779.50", "", "CAD"},
			{"2026-01-13", "BUY", "RY", "5", "169.95", "-849.75", "", "CAD"},
			{"2026-02-02", "SELL", "XEQT", "-10", "32.01", "320.10", "", "CAD"},
		}}}}.read(t)
	if res.Accounts[0].Institution != WebullCA || res.Accounts[0].AccountID != "conn-1" {
		t.Errorf("identity %+v", res.Accounts[0])
	}
	// Without a currency the core says it had to assume one.
	res = parseFixture(t, "webull-ca/Webull_Orders_Records.csv", For(WebullCA), statement.Options{})
	if len(res.Notes) == 0 || !strings.Contains(strings.Join(res.Notes, " "), "currency") {
		t.Errorf("no note about the missing currency: %v", res.Notes)
	}
}

func TestFidelityPositions(t *testing.T) {
	res := fixture{file: "fidelity/Portfolio_Positions_Oct-02-2026.csv", preset: "fidelity-positions", encoding: "utf-8-bom",
		good: 5, ignored: 1, // Pending Activity ignored; disclaimer and footer outside the table
		day: "2026-10-02", // "Date downloaded Oct-02-2026 4:05 p.m ET"
		accounts: []holds{{number: "0001", pos: []wpos{
			{"SPAXX", integrations.SecurityCash, "2069.43", "1", "2069.43", "", "USD"},
			{"AAPL", integrations.SecurityEquity, "12.045", "230.47", "2775.96", "2303.30", "USD"},
			{"VOO", integrations.SecurityEquity, "20", "560.10", "11202", "9100", "USD"},
			{"AAPL260918P200", integrations.SecurityOption, "-1", "5", "-500", "620", "USD"},
		}}, {number: "6789", pos: []wpos{
			{"FXAIX", integrations.SecurityEquity, "10.5", "210", "2205", "2000", "USD"},
		}}}}.read(t)
	ind := accountByNumber(t, res, "0001")
	if ind.Number != "••••0001" || ind.Currency != "USD" {
		t.Errorf("account %+v", ind)
	}
	if p := res.Dataset.Positions[ind.ID][1]; !p.AverageCost.Valid || p.AverageCost.Decimal.String() != "191.22" {
		t.Errorf("average cost %v, want the file's 191.22", p.AverageCost)
	}
}

func TestFidelityAccountsHistory(t *testing.T) {
	res := fixture{file: "fidelity/Accounts_History.csv", preset: "fidelity-history", good: 11, accounts: []holds{{number: "1111", acts: []act{
		// "DIVIDEND" in the security's name does not make a sale a dividend.
		{"2026-09-30", "SELL", "DGRO", "-20", "62.10", "1241.98", "0.02", "USD"},
		{"2026-09-30", "DIVIDEND", "VOO", "", "", "81.40", "", "USD"},
		{"2026-09-30", "REI", "VOO", "0.145", "560.20", "-81.40", "", "USD"},
		{"2026-09-26", "TAX", "TSM", "", "", "-3.27", "", "USD"},
		{"2026-09-25", "BUY", "TSM", "10", "171.05", "-1711.15", "0.65", "USD"},
		{"2026-09-15", "INTEREST", "123456AB7", "", "", "250", "", "USD"},
		{"2026-09-02", "TRANSFER_IN", "", "", "", "1500", "", "USD"},
		{"2026-08-28", "OTHER", "EXH", "40", "", "0", "", "USD"},
	}}, {number: "2222", acts: []act{
		{"2026-09-02", "CONTRIBUTION", "", "", "", "3200", "", "USD"},
		{"2026-09-02", "TRANSFER_OUT", "", "", "", "-1500", "", "USD"},
		{"2026-09-01", "WITHDRAWAL", "", "", "", "-612.5", "", "USD"},
	}}}}.read(t)
	if s := res.Dataset.Activities[accountByNumber(t, res, "1111").ID][0].SettlementDate; s != "2026-10-01" {
		t.Errorf("settlement date %q", s)
	}
}

func TestFidelityHistoryForAccount(t *testing.T) {
	// CRLF, rows of commas before the header, a disclaimer padded with
	// commas after it; the file names no account number in its rows.
	fixture{file: "fidelity/History_for_Account_Z33333333.csv", presets: For(Fidelity), opts: statement.Options{AccountID: "fid-1"},
		preset: "fidelity-history", good: 4, accounts: []holds{{id: "fid-1", acts: []act{
			{"2026-03-27", "BUY", "AMD", "5", "101.30", "-506.50", "", "USD"},
			{"2026-03-20", "INTEREST", "QPRMQ", "", "", "0.42", "", "USD"},
			{"2026-03-17", "WITHDRAWAL", "", "", "", "-135.60", "", "USD"},
			{"2026-03-05", "TRANSFER_IN", "", "", "", "3085.92", "", "USD"},
		}}}}.read(t)
}

func TestVanguardDownload(t *testing.T) {
	// Holdings of the second account follow a blank line under the first
	// account's header: they are read too.
	// Positions are dated with the file's newest transaction, like the
	// rows the core read.
	res := fixture{file: "vanguard/OfxDownload.csv", preset: "vanguard-download", good: 12, day: "2026-09-02",
		accounts: []holds{{number: "5678", pos: []wpos{
			{"VTSAX", integrations.SecurityFund, "100.5", "118.50", "11909.25", "", "USD"},
			{"VTI", integrations.SecurityETF, "10", "240", "2400", "", "USD"},
			{"VMFXX", integrations.SecurityCash, "500", "1", "500", "", "USD"},
		}, acts: []act{
			{"2026-09-02", "BUY", "VTI", "10", "240", "-2400", "", "USD"},
			{"2026-09-02", "OTHER", "VMFXX", "-2400", "1", "2400", "", "USD"},
			{"2026-08-29", "DIVIDEND", "VTSAX", "", "", "96.13", "", "USD"},
			{"2026-08-29", "REI", "VTSAX", "0.812", "118.39", "-96.13", "", "USD"},
		}}, {number: "4321", pos: []wpos{
			{"VTI", integrations.SecurityETF, "5", "240", "1200", "", "USD"},
			{"", integrations.SecurityBond, "1000", "99.50", "995", "", "USD"},
		}, acts: []act{
			{"2026-08-15", "CONTRIBUTION", "", "", "", "1000", "", "USD"},
			{"2026-08-12", "SELL", "VTI", "-2", "238.10", "476.20", "", "USD"},
			{"2026-07-31", "DIVIDEND", "VTI", "", "", "12.40", "", "USD"},
		}}}}.read(t)
	for _, p := range res.Dataset.Positions[accountByNumber(t, res, "4321").ID] {
		wantDay(t, p.AsOf, "2026-09-02")
	}
}

func TestMerrillActivity(t *testing.T) {
	res := fixture{file: "merrill/ExportData.csv", preset: "merrill-activity", good: 6, accounts: []holds{{number: "2A34", acts: []act{
		{"2026-09-14", "BUY", "AAPL", "10", "187.40", "-1874", "", "USD"}, // pending: "--" settlement
		{"2026-09-10", "SELL", "MSFT", "-5", "430.20", "2150.95", "", "USD"},
		{"2026-09-02", "DIVIDEND", "MSFT", "", "", "4.15", "", "USD"},
		{"2026-08-29", "INTEREST", "", "", "", "0.87", "", "USD"},
		{"2026-08-20", "CONTRIBUTION", "", "", "", "5000", "", "USD"},
	}}, {number: "6B78", acts: []act{
		{"2026-08-18", "BUY", "SPY#J1626C600000", "1", "12.30", "-1230.65", "", "USD"},
	}}}}.read(t)
	if s := res.Dataset.Activities[accountByNumber(t, res, "2A34").ID][0].SettlementDate; s != "" {
		t.Errorf("pending row's settlement %q, want none", s)
	}
}

func TestRobinhoodActivity(t *testing.T) {
	// The disclaimer row, alone in a tenth cell, is outside the table.
	res := fixture{file: "robinhood/activity.csv", preset: "robinhood-activity", good: 10, accounts: []holds{{acts: []act{
		{"2026-07-14", "SELL", "AAPL", "-4", "212.50", "850", "", "USD"},
		{"2026-07-13", "BUY", "AAPL", "0.5", "200", "-100", "", "USD"},
		{"2026-07-10", "DIVIDEND", "MSFT", "", "", "2.49", "", "USD"},
		{"2026-07-10", "TAX", "GE", "", "", "-0.02", "", "USD"},
		{"2026-07-08", "SPLIT", "NVDA", "9", "", "0", "", "USD"}, // "9S"
		{"2026-07-01", "BUY", "SPY", "2", "3.50", "-700", "", "USD"},
		{"2026-07-01", "CONTRIBUTION", "", "", "", "5000", "", "USD"},
		{"2026-06-30", "WITHDRAWAL", "", "", "", "-1250", "", "USD"},
		{"2026-06-30", "INTEREST", "", "", "", "1.37", "", "USD"},
		{"2026-06-28", "FEE", "", "", "", "-5", "", "USD"},
	}}}}.read(t)
	if d := res.Dataset.Activities[accountByNumber(t, res, "").ID][1].Description; d != "Apple CUSIP: 037833100 Recurring" {
		t.Errorf("multi-line description %q", d)
	}
}

func TestSchwabTransactions(t *testing.T) {
	// Ignored: "Transactions Total".
	res := fixture{file: "schwab/Brokerage_XXX876_Transactions_20260923.csv", preset: "schwab-transactions", good: 11, ignored: 1,
		accounts: []holds{{number: "876", acts: []act{ // the number from the title row "...876"
			{"2026-09-18", "SELL", "BNDX", "-8", "49.37", "394.90", "0.06", "USD"},
			{"2026-09-15", "BUY", "SPY   261016C00600000", "1", "12.50", "-1250.65", "0.65", "USD"},
			{"2026-09-12", "INTEREST", "", "", "", "0.03", "", "USD"}, // "09/12/2026 as of 09/10/2026"
			{"2026-09-10", "REI", "BND", "0.0249", "73.8993", "-1.84", "", "USD"},
			{"2026-09-10", "DIVIDEND", "BND", "", "", "1.84", "", "USD"},
			{"2026-09-05", "DIVIDEND", "VTI", "", "", "8.52", "", "USD"},
			{"2026-09-05", "TAX", "VXUS", "", "", "-5.23", "", "USD"},
			{"2026-09-01", "TRANSFER_OUT", "", "", "", "-7461.72", "", "USD"},
			{"2026-08-28", "TRANSFER_IN", "", "", "", "980.65", "", "USD"},
			{"2026-08-20", "SPLIT", "NVDA", "40", "", "0", "", "USD"},
			{"2026-08-15", "BUY", "BND", "45", "73.7789", "-3320.05", "", "USD"},
		}}}}.read(t)
	if res.Accounts[0].Institution != Schwab {
		t.Errorf("identity %+v", res.Accounts[0])
	}
}

func TestSchwabPositions(t *testing.T) {
	// Ignored: "Positions Total".
	fixture{file: "schwab/Individual-Positions-2026-09-05.csv", preset: "schwab-positions", good: 5, ignored: 1, day: "2026-09-05",
		accounts: []holds{{number: "609", pos: []wpos{
			{"AXTI", integrations.SecurityEquity, "1500", "61.64", "92460", "80160.13", "USD"},
			{"VOO", integrations.SecurityETF, "37.2628", "656.17", "24450.73", "", "USD"}, // "Incomplete" cost basis
			{"PLTR 09/11/2026 165.00 P", integrations.SecurityOption, "-10", "1.01", "-1010", "-883.33", "USD"},
			{"SNAXX", integrations.SecurityCash, "60341.3", "1", "60341.30", "60341.30", "USD"},
			{"", integrations.SecurityCash, "5003.52", "1", "5003.52", "", "USD"}, // Cash & Cash Investments
		}}}}.read(t)

	// the 2023 layout; ignored: "Account Total"
	fixture{file: "schwab/Personal-Positions-2023-06-04.csv", preset: "schwab-positions", good: 2, ignored: 1, day: "2023-06-04",
		accounts: []holds{{number: "977", pos: []wpos{
			{"SCHB", integrations.SecurityETF, "200", "50.10", "10020", "9500", "USD"},
			{"", integrations.SecurityCash, "1112.50", "1", "1112.50", "", "USD"},
		}}}}.read(t)
}

func TestIBKRActivityStatement(t *testing.T) {
	// Ignored: the repeated Trades header's rows that are not orders
	// (ClosedLot), lots, SubTotal/Total lines, currency totals, the
	// starting cash and the base-currency summary.
	res := fixture{file: "ibkr/ActivityStatement.csv", preset: "ibkr-activity", good: 17, ignored: 14,
		day: "2026-09-30", // the end of the period
		accounts: []holds{{number: "4321", acts: []act{ // U7654321 from Account Information
			// Amount is Proceeds + Comm/Fee: the cash the trade moved.
			{"2026-08-06", "BUY", "VT", "10", "116.80", "-1169", "1", "USD"},
			{"2026-09-11", "SELL", "AMZN", "-15", "232.10", "3480.47", "1.03", "USD"},
			{"2026-09-15", "BUY", "ASML", "2", "900", "-1802", "2", "EUR"},
			{"2026-09-20", "BUY", "AAPL 16OCT26 230 C", "1", "4.25", "-426.14", "1.14", "USD"},
			{"2026-09-14", "OTHER", "EUR.USD", "1800", "1.1120", "-2003.60", "2", "USD"},
			{"2026-08-04", "CONTRIBUTION", "", "", "", "1500", "", "USD"},
			{"2026-09-28", "WITHDRAWAL", "", "", "", "-250", "", "USD"},
			{"2026-09-24", "DIVIDEND", "VT", "", "", "48.66", "", "USD"},
			{"2026-09-24", "TAX", "VT", "", "", "-7.30", "", "USD"},
			{"2026-09-03", "INTEREST", "", "", "", "7.05", "", "USD"},
			{"2026-09-03", "FEE", "", "", "", "-0.41", "", "USD"}, // debit interest
			{"2026-09-03", "FEE", "", "", "", "-10", "", "USD"},
		}, pos: []wpos{
			{"VT", integrations.SecurityEquity, "120", "118.45", "14214", "12504.60", "USD"},
			{"ASML", integrations.SecurityEquity, "2", "911.50", "1823", "1800", "EUR"},
			// Price per contract: Value over quantity (multiplier 100).
			{"AAPL 16OCT26 230 C", integrations.SecurityOption, "1", "510", "510", "426.14", "USD"},
		}}}}.read(t)
	if len(res.Dataset.Accounts) != 1 {
		t.Fatalf("%d accounts", len(res.Dataset.Accounts))
	}
	a := accountByNumber(t, res, "4321")
	if a.Currency != "USD" || res.Accounts[0].Institution != IBKR || a.ID != statement.AccountID(IBKR, "U7654321") {
		t.Errorf("account %+v identity %+v", a, res.Accounts[0])
	}
	bals := res.Dataset.Balances[a.ID]
	if len(bals) != 2 || bals[0].Currency != "USD" || bals[0].Cash.String() != "2121.51" || bals[1].Currency != "EUR" || bals[1].Cash.String() != "1798" {
		t.Errorf("balances %+v", bals)
	}
}
