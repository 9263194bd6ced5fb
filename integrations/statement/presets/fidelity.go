package presets

import (
	"regexp"
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// Fidelity exports two CSVs from fidelity.com.
//
// Positions (Portfolio_Positions_Mon-DD-YYYY.csv), one row per holding of
// every account, a byte-order mark, CRLF lines, a trailing comma on every
// data row (one cell more than the header), the core money market as
// "SPAXX**" with only a Current Value, a "Pending Activity" row, option
// symbols with a leading space and minus (" -AAPL260918P200"), money with
// "$" and signs ("+$11,945.20", "-$1.00"), then a blank line, a disclaimer
// paragraph and "Date downloaded Apr-12-2026 6:21 p.m ET". Newer files
// write the header in sentence case ("Account number,Last price,…") and some
// add a "Basket Name" column; columns are matched by name, ignoring case.
//
// Activity history (Accounts_History.csv, older History_for_Account_X.csv):
// blank lines (or rows of commas) before the header, signed quantities and
// amounts, the whole action in one cell ("YOU BOUGHT APPLE INC (AAPL)
// (Cash)"), a disclaimer and "Date downloaded …" after the rows. Its header
// changed over the years: "Security Description/Security Type" and "Price
// ($)/Amount ($)" in the single-account file, "Account Number" and plain
// "Price/Amount" plus "Exchange Quantity/Exchange Currency/Currency/
// Exchange Rate" in the 2025 all-accounts file, "Price ($)" before
// "Quantity" and a "Cash Balance ($)" in 2026 files.
func fidelityPresets() []statement.Preset {
	return []statement.Preset{
		{
			Name: "fidelity-positions", Institution: Fidelity, Title: "Fidelity: positions (CSV)",
			Sections: []statement.Section{{
				Name:      "positions",
				Signature: []string{"Account Number", "Symbol", "Quantity", "Current Value", "Cost Basis Total"},
				Mapping: statement.Mapping{
					Kind: statement.KindPosition,
					Columns: fields{
						statement.FieldAccount:     "Account Number",
						statement.FieldSymbol:      "Symbol",
						statement.FieldDescription: "Description",
						statement.FieldUnits:       "Quantity",
						statement.FieldPrice:       "Last Price",
						statement.FieldMarketValue: "Current Value",
						statement.FieldCostBasis:   "Cost Basis Total",
						statement.FieldAverageCost: "Average Cost Basis",
					},
					Decimal:  statement.DecimalPoint,
					Currency: "USD",
				},
			}},
			Hooks: statement.Hooks{Row: fidelityPositionRow, Position: fidelityPosition, Finish: fidelityDownloaded},
		},
		{
			Name: "fidelity-history", Institution: Fidelity, Title: "Fidelity: account history (CSV)",
			Sections: []statement.Section{{
				Name:      "history",
				Signature: []string{"Run Date", "Action", "Symbol", "Quantity"},
				Mapping: statement.Mapping{
					Columns: fields{
						statement.FieldDate:        "Run Date",
						statement.FieldSettleDate:  "Settlement Date",
						statement.FieldType:        "Action",
						statement.FieldSymbol:      "Symbol",
						statement.FieldUnits:       "Quantity",
						statement.FieldPrice:       colPrice,
						statement.FieldAmount:      colAmount,
						statement.FieldFee:         colFee,
						statement.FieldDescription: colDesc,
						statement.FieldAccount:     colAccount,
						statement.FieldCurrency:    colCurrency,
					},
					DateFormat: statement.DateMDY,
					Decimal:    statement.DecimalPoint,
					Sign:       statement.SignAsWritten,
				},
			}},
			Hooks: statement.Hooks{Row: fidelityHistoryRow, Activity: fidelityActivity, Finish: fidelityDownloaded},
		},
	}
}

func fidelityPositionRow(_ string, row *statement.Row) (bool, error) {
	sym := strings.TrimSpace(row.Get("Symbol"))
	row.Set("Symbol", sym)
	if strings.EqualFold(sym, "Pending Activity") || strings.EqualFold(sym, "Pending activity") {
		return true, nil // cash in flight, not a holding
	}
	if strings.HasSuffix(sym, "**") {
		// The core position (money market or FDIC sweep): its value is cash.
		v := row.Get("Current Value")
		row.Set("Quantity", v)
		row.Set("Last Price", "1")
	}
	return false, nil
}

func fidelityPosition(_ string, row *statement.Row, p *integrations.Position) error {
	sym := p.Symbol.Ticker
	switch {
	case strings.HasSuffix(sym, "**"):
		p.Symbol.Ticker = strings.TrimSuffix(sym, "**")
		p.Symbol.Type = integrations.SecurityCash
	case strings.HasPrefix(sym, "-"):
		p.Symbol.Ticker = strings.TrimPrefix(sym, "-")
		p.Symbol.Type = integrations.SecurityOption
	default:
		p.Symbol.Type = integrations.SecurityEquity
	}
	return nil
}

// fidelityDate matches the download date of the footer: "Date downloaded
// Apr-12-2026 6:21 p.m ET" or "Date downloaded 12/03/2025 3:00 pm".
var fidelityDate = regexp.MustCompile(`(?i)date downloaded\s+(\S+)`)

// fidelityDownloaded dates a positions file by its footer (the file holds
// no other date); an activity file keeps its newest row's date.
func fidelityDownloaded(t *statement.Table, res *statement.Result) error {
	if res.Preset != "fidelity-positions" {
		return nil
	}
	if m := lastMatch(t, fidelityDate); m != nil {
		if d, err := statement.ParseDate(m[1], statement.DateMDY); err == nil {
			res.Dataset.AsOf = d.Time()
		}
	}
	return nil
}

// accountNumberTail is a Fidelity account number at the end of the older
// files' Account cell ("INDIVIDUAL - TOD X70744875").
var accountNumberTail = regexp.MustCompile(`\b([A-Z]?\d{6,})$`)

func fidelityHistoryRow(_ string, row *statement.Row) (bool, error) {
	row.Set(colPrice, firstOf(row, "Price ($)", "Price"))
	row.Set(colAmount, firstOf(row, "Amount ($)", "Amount"))
	row.Set(colDesc, firstOf(row, "Description", "Security Description"))
	if err := sumColumns(row, colFee, "Commission ($)", "Commission", "Fees ($)", "Fees"); err != nil {
		return false, err
	}
	acct := strings.TrimSpace(row.Get("Account Number"))
	if acct == "" {
		if m := accountNumberTail.FindStringSubmatch(strings.TrimSpace(row.Get("Account"))); m != nil {
			acct = m[1]
		}
	}
	row.Set(colAccount, acct)
	cur := strings.TrimSpace(row.Get("Currency"))
	if cur == "" {
		cur = "USD"
	}
	row.Set(colCurrency, cur)
	// "Processing" stands in the settlement date of a pending row.
	dateOrBlank(row, "Settlement Date", statement.DateMDY)
	return false, nil
}

// fidelityRules classify the Action cell by how it starts.
var fidelityRules = []rule{
	{"you bought", integrations.ActivityBuy},
	{"you sold", integrations.ActivitySell},
	{"bought", integrations.ActivityBuy},
	{"sold", integrations.ActivitySell},
	{"reinvestment", integrations.ActivityReinvest},
	{"dividend received", integrations.ActivityDividend},
	{"dividend", integrations.ActivityDividend},
	{"long term cap gain", integrations.ActivityDividend},
	{"short term cap gain", integrations.ActivityDividend},
	{"interest earned", integrations.ActivityInterest},
	{"muni exempt int", integrations.ActivityInterest},
	{"interest", integrations.ActivityInterest},
	{"foreign tax paid", integrations.ActivityTax},
	{"adj foreign tax paid", integrations.ActivityTax},
	{"tax withheld", integrations.ActivityTax},
	{"direct deposit", integrations.ActivityContribution},
	{"electronic funds transfer received", integrations.ActivityContribution},
	{"check received", integrations.ActivityContribution},
	{"partic contr", integrations.ActivityContribution},
	{"cash contribution", integrations.ActivityContribution},
	{"direct debit", integrations.ActivityWithdrawal},
	{"electronic funds transfer paid", integrations.ActivityWithdrawal},
	{"check paid", integrations.ActivityWithdrawal},
	{"bill payment", integrations.ActivityWithdrawal},
	{"debit card", integrations.ActivityWithdrawal},
	{"transferred from", integrations.ActivityTransferIn},
	{"transferred to", integrations.ActivityTransferOut},
	{"redemption payout", integrations.ActivitySell},
	{"fee charged", integrations.ActivityFee},
	{"advisor fee", integrations.ActivityFee},
	{"margin interest", integrations.ActivityFee},
}

// fidelityActivity types the row by the start of its Action (a security's
// name further on never decides) and turns journals by their sign.
func fidelityActivity(_ string, _ *statement.Row, a *integrations.Activity) error {
	classifyOrTransfer(a, fidelityRules, func(w string) bool {
		return strings.HasPrefix(w, "journaled") || strings.HasPrefix(w, "wire transfer")
	})
	cashOnly(a) // "0.000" in the Quantity of cash rows
	return nil
}
