package presets

import (
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

func TestQuestradeActivities(t *testing.T) {
	fixture{file: "questrade/Activities_for_01Jan2026_to_30Sep2026.csv", preset: "questrade-activities", encoding: "utf-8-bom", good: 9,
		accounts: []holds{{number: "4567", acts: []act{
			{"2026-01-08", "BUY", "VCN.TO", "200", "40", "-8009.95", "9.95", "CAD"},
			{"2026-01-15", "CONTRIBUTION", "", "", "", "10000", "", "CAD"},
			{"2026-03-31", "DIVIDEND", "VCN.TO", "", "", "50", "", "CAD"},
			{"2026-03-31", "REI", "VCN.TO", "1", "41.6667", "0", "", "CAD"},
			{"2026-05-01", "SELL", "VCN.TO", "-50", "43.10", "2145.05", "9.95", "CAD"},
			{"2026-06-02", "WITHDRAWAL", "", "", "", "-500", "", "CAD"},
		}}, {number: "6543", acts: []act{
			{"2026-04-15", "DIVIDEND", "AAPL", "", "", "2.50", "", "USD"}, // blank Action: the Activity Type decides
			{"2026-04-15", "TAX", "AAPL", "", "", "-0.38", "", "USD"},
			{"2026-09-02", "TRANSFER_IN", "MDA", "383", "", "0", "", "USD"},
		}}}}.read(t)
}

func TestWealthsimpleActivitiesExport(t *testing.T) {
	// Ignored: the "As of …" footer.
	fixture{file: "wealthsimple/activities-export-2026-10-09.csv", preset: "wealthsimple-activities", good: 10, ignored: 1,
		accounts: []holds{{number: "1CAD", acts: []act{
			{"2026-08-08", "BUY", "XEQT", "10", "38.12", "-381.20", "", "CAD"},
			{"2026-08-15", "CONTRIBUTION", "", "", "", "500", "", "CAD"}, // the quantity repeating the amount is dropped
			{"2026-09-29", "DIVIDEND", "XEQT", "", "", "4.21", "", "CAD"},
			{"2026-09-29", "REI", "XEQT", "0.1104", "38.13", "-4.21", "", "CAD"},
			{"2026-10-01", "OTHER", "", "", "", "-137.13", "", "CAD"},
			{"2026-10-01", "OTHER", "", "", "", "100", "", "USD"},
		}}, {number: "6CAD", acts: []act{
			{"2026-10-02", "SELL", "RBLX", "-10", "98.04", "979.90", "0.50", "USD"},
			{"2026-10-05", "INTEREST", "", "", "", "0.01", "", "CAD"},
			{"2026-10-06", "WITHDRAWAL", "", "", "", "-250", "", "CAD"},
			{"2026-10-07", "TAX", "RBLX", "", "", "-0.15", "", "USD"},
		}}}}.read(t)
}

func TestWealthsimpleHoldingsReport(t *testing.T) {
	res := fixture{file: "wealthsimple/holdings-report-2026-05-08.csv", preset: "wealthsimple-holdings", good: 3,
		day: "2026-05-08", // the "As of" footer
		accounts: []holds{{number: "1CAD", pos: []wpos{
			{"XEQT", integrations.SecurityETF, "40", "38.50", "1540", "1500", "CAD"},
			// A US listing: market value and book value both in USD.
			{"ARKK", integrations.SecurityETF, "2", "62.10", "124.20", "120", "USD"},
		}}, {number: "6CAD", pos: []wpos{
			{"AMD", integrations.SecurityEquity, "15", "142.47", "2137.05", "2137.12", "USD"},
		}}}}.read(t)
	if ex := res.Dataset.Positions[accountByNumber(t, res, "1CAD").ID][0].Symbol.Exchange; ex != "TSX" {
		t.Errorf("exchange %q", ex)
	}
}

func TestWealthsimpleMonthlyStatement(t *testing.T) {
	// Symbol and quantity come out of the description; the price is the
	// amount over the shares.
	fixture{file: "wealthsimple/TFSA-monthly-statement-transactions-HQ7XFMC41CAD-2026-01-01.csv", opts: statement.Options{AccountID: "ws-tfsa"},
		preset: "wealthsimple-statement", good: 5, accounts: []holds{{id: "ws-tfsa", acts: []act{
			{"2026-01-05", "BUY", "XEQT", "10", "25", "-250", "", "CAD"},
			{"2026-01-20", "CONTRIBUTION", "", "", "", "1000", "", "CAD"},
			{"2026-01-28", "DIVIDEND", "XEQT", "", "", "4.25", "", "CAD"},
			{"2026-01-30", "SELL", "XEQT", "-5", "28", "140", "", "CAD"},
			{"2026-01-31", "OTHER", "XEQT", "", "", "0", "", "CAD"}, // securities lending
		}}}}.read(t)
}

func TestTrading212History(t *testing.T) {
	res := fixture{file: "trading212/from_2026-01-01_to_2026-09-30.csv", opts: statement.Options{AccountID: "t212"},
		preset: "trading212-history", good: 7, accounts: []holds{{id: "t212", acts: []act{
			{"2026-01-18", "CONTRIBUTION", "", "", "", "500", "", "EUR"},
			// A USD listing in a EUR account: price = (Total − fees) / shares.
			{"2026-01-18", "BUY", "CSCO", "2", "45.715", "-91.57", "0.14", "EUR"},
			// GBX (pence): stamp duty and conversion fee both counted.
			{"2026-01-19", "BUY", "ULVR", "3", "49.546667", "-149.61", "0.97", "EUR"},
			{"2026-02-26", "SELL", "CSCO", "-1", "46.45", "46.38", "0.07", "EUR"},
			{"2026-03-27", "DIVIDEND", "CSCO", "", "", "0.31", "", "EUR"},
			{"2026-04-06", "INTEREST", "", "", "", "0.42", "", "EUR"},
			{"2026-05-02", "WITHDRAWAL", "", "", "", "-100", "", "EUR"},
		}}}}.read(t)
	got := res.Dataset.Activities["t212"]
	if got[1].ID != "EOF7504196256" {
		t.Errorf("order id %q", got[1].ID)
	}
	if !strings.Contains(got[4].Description, "withholding tax 0.06 USD") {
		t.Errorf("dividend description %q", got[4].Description)
	}
}

func TestDEGIROTransactionsInFourLanguages(t *testing.T) {
	for _, c := range []struct {
		file string
		want []act
	}{
		{"degiro/Transactions_en_autofx.csv", []act{
			// AutoFX and fees are the fee; the price is the EUR value per share.
			{"2026-05-28", "BUY", "US67066G1040", "10", "103.611", "-1039.70", "3.59", "EUR"},
			{"2026-05-27", "BUY", "IE00BK5BQT80", "3", "118.90", "-357.70", "1", "EUR"},
			{"2026-05-27", "BUY", "IE00BK5BQT80", "2", "118.90", "-237.80", "", "EUR"},
			{"2026-05-20", "SELL", "IE00BK5BQT80", "-4", "120.36", "480.44", "1", "EUR"},
		}},
		{"degiro/Transactions_nl.csv", []act{
			{"2022-12-15", "BUY", "US7561091049", "2", "51.865", "-104.73", "1", "EUR"},
			{"2022-11-02", "SELL", "NL0010273215", "-1", "650.20", "648.20", "2", "EUR"},
		}},
		{"degiro/Transactions_de.csv", []act{
			{"2022-06-29", "BUY", "DE0007164600", "5", "180.10", "-902.50", "2", "EUR"},
			{"2022-06-06", "BUY", "US20717M1036", "10", "33.569", "-336.19", "0.50", "EUR"},
		}},
		{"degiro/Transactions_fr.csv", []act{
			{"2026-06-15", "BUY", "FR0000120073", "4", "170.50", "-683", "1", "EUR"},
			{"2026-06-16", "BUY", "US0378331005", "2", "81.68", "-165.77", "2.41", "EUR"},
		}},
	} {
		t.Run(c.file, func(t *testing.T) {
			fixture{file: c.file, opts: statement.Options{AccountID: "dg"}, preset: "degiro-transactions", good: len(c.want),
				accounts: []holds{{id: "dg", acts: c.want}}}.read(t)
		})
	}
	// The order ID one column right of its header (current exports), and
	// a partial fill's two rows kept apart.
	res := parseFixture(t, "degiro/Transactions_en_autofx.csv", nil, statement.Options{AccountID: "dg"})
	acts := res.Dataset.Activities["dg"]
	if acts[0].ID != "07bedc06-f3a5-4975-944e-a52aa46ccef5" || acts[1].ID == acts[2].ID || !strings.HasPrefix(acts[2].ID, acts[1].ID) {
		t.Errorf("ids %q %q %q", acts[0].ID, acts[1].ID, acts[2].ID)
	}
}

func TestDEGIROOrderIDUnderItsHeader(t *testing.T) {
	// Earlier exports of the AutoFX layout put the Order ID under its
	// header, with nothing after it.
	csv := "Date,Time,Product,ISIN,Reference exchange,Venue,Quantity,Price,,Local value,,Value EUR,Exchange rate,AutoFX Fee,Transaction and/or third party fees EUR,Total EUR,Order ID\n" +
		"20-05-2026,14:10,VANGUARD FTSE ALL-WORLD,IE00BK5BQT80,XET,XETA,-4,120.36,EUR,481.44,EUR,481.44,,,-1.00,480.44,order-under-header\n"
	res, err := statement.Parse(t.Context(), "t.csv", strings.NewReader(csv), statement.Options{Presets: For(DEGIRO), AccountID: "dg"})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Dataset.Activities["dg"]; len(got) != 1 || got[0].ID != "order-under-header" || got[0].Type != integrations.ActivitySell {
		t.Errorf("activities %+v", got)
	}
}

func TestDEGIROAccountStatement(t *testing.T) {
	for _, c := range []struct {
		file          string
		good, ignored int
		want          []act
	}{
		// Ignored: a note with no amount, a reservation, the wrapped Order
		// Id, and the four lines of a trade (in the Transactions export).
		{"degiro/Account_nl.csv", 9, 7, []act{
			{"2022-12-19", "OTHER", "NLFLATEXACNT", "", "", "26.45", "", "EUR"}, // cash sweep
			{"2022-12-17", "CONTRIBUTION", "", "", "", "27.80", "", "EUR"},
			{"2022-12-17", "OTHER", "", "", "", "1.28", "", "EUR"},
			{"2022-12-17", "OTHER", "", "", "", "-1.36", "", "USD"},
			{"2022-12-16", "DIVIDEND", "US1912161007", "", "", "0.44", "", "USD"},
			{"2022-12-16", "TAX", "US1912161007", "", "", "-0.07", "", "USD"},
			{"2022-12-01", "FEE", "", "", "", "-2.50", "", "EUR"},
			{"2022-08-26", "CONTRIBUTION", "", "", "", "15.10", "", "EUR"}, // "Processed Flatex Withdrawal" credits the account
			{"2022-08-26", "WITHDRAWAL", "", "", "", "-15.10", "", "EUR"},
		}},
		// English headers, French descriptions.
		{"degiro/Account_en_fr.csv", 8, 1, []act{
			{"2025-04-21", "OTHER", "", "", "", "-8.64", "", "CHF"},
			{"2025-04-21", "OTHER", "", "", "", "8.64", "", "CHF"},
			{"2025-04-21", "OTHER", "", "", "", "-10.93", "", "USD"},
			{"2025-04-20", "DIVIDEND", "DE000A0F5UH1", "", "", "10.93", "", "USD"},
			// A dividend and its tax reversed, then booked again.
			{"2025-03-23", "DIVIDEND", "US7427181091", "", "", "-5.11", "", "USD"},
			{"2025-03-23", "TAX", "US7427181091", "", "", "0.77", "", "USD"},
			{"2025-03-23", "DIVIDEND", "US7427181091", "", "", "5.11", "", "USD"},
			{"2025-03-23", "TAX", "US7427181091", "", "", "-0.77", "", "USD"},
		}},
		{"degiro/Account_de.csv", 7, 0, []act{
			{"2026-04-02", "DIVIDEND", "DE0008404005", "", "", "114", "", "EUR"},
			{"2026-04-02", "TAX", "DE0008404005", "", "", "-30.07", "", "EUR"},
			{"2026-04-01", "CONTRIBUTION", "", "", "", "1000", "", "EUR"}, // "1.000,00": a thousands point
			{"2026-03-31", "FEE", "", "", "", "-2.50", "", "EUR"},
			{"2026-03-15", "INTEREST", "", "", "", "0.57", "", "EUR"},
			{"2026-03-10", "WITHDRAWAL", "", "", "", "-200", "", "EUR"},
			{"2026-03-05", "OTHER", "", "", "", "-92.17", "", "EUR"},
		}},
	} {
		t.Run(c.file, func(t *testing.T) {
			fixture{file: c.file, opts: statement.Options{AccountID: "dg"}, preset: "degiro-account", good: c.good, ignored: c.ignored,
				accounts: []holds{{id: "dg", acts: c.want}}}.read(t)
		})
	}
}

func TestDEGIROPortfolio(t *testing.T) {
	for _, c := range []struct {
		file string
		want []wpos
	}{
		{"degiro/Portfolio_en.csv", []wpos{
			{"EUR", integrations.SecurityCash, "1079.92", "1", "1079.92", "", "EUR"},
			{"US67066G1040", integrations.SecurityEquity, "10", "125.30", "1253", "", "USD"},
			{"IE00BK5BQT80", integrations.SecurityETF, "1", "121.02", "121.02", "", "EUR"},
		}},
		{"degiro/Portfolio_nl.csv", []wpos{
			{"EUR", integrations.SecurityCash, "104.80", "1", "104.80", "", "EUR"},
			{"US7561091049", integrations.SecurityEquity, "2", "56.02", "112.04", "", "USD"},
		}},
		{"degiro/Portfolio_de.csv", []wpos{
			{"EUR", integrations.SecurityCash, "150.57", "1", "150.57", "", "EUR"},
			{"DE0007164600", integrations.SecurityEquity, "5", "181.10", "905.50", "", "EUR"},
			{"DE0008404005", integrations.SecurityEquity, "3", "301.40", "904.20", "", "EUR"},
		}},
	} {
		t.Run(c.file, func(t *testing.T) {
			res := fixture{file: c.file, opts: statement.Options{AccountID: "dg"}, preset: "degiro-portfolio", good: len(c.want),
				day:      "2026-10-09", // no date in the file: the import's
				accounts: []holds{{id: "dg", pos: c.want}}}.read(t)
			if isin := res.Dataset.Positions["dg"][1].Symbol.ISIN; isin == "" {
				t.Error("no ISIN on a security")
			}
		})
	}
}
