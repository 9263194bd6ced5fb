package presets

import (
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// Interactive Brokers' Activity Statement in CSV (Performance & Reports →
// Statements → Activity → Run, format CSV; older Account Management:
// Reports → Activity → Statements). Every line starts with its section's
// name and a row kind: "Trades,Header,…" names the columns, "Trades,Data,…"
// are rows, "Trades,SubTotal,…"/"Trades,Total,…" are sums; a section may
// repeat its header with other columns (Stocks, then Equity and Index
// Options, then Forex). Dates are YYYY-MM-DD, times "2025-01-15, 10:30:00"
// in one quoted cell; amounts are signed as their effect on cash
// (Proceeds negative on a buy, Comm/Fee negative), numbers with thousands
// commas quoted. Cash sections end with "Total", "Total in USD" and "Total
// <Section> in USD" rows in the Currency column. The account number and
// base currency are in "Account Information", the period in "Statement".
//
// Read here: Trades (Order rows), Open Positions (Summary rows), Dividends,
// Withholding Tax, Interest, Fees, Deposits & Withdrawals, Cash Report
// (ending cash per currency). Not read: Net Asset Value, Change in NAV,
// Mark-to-Market and Realized/Unrealized summaries, Corporate Actions,
// Transfers, Financial Instrument Information, Codes and notes.
func ibkrPresets() []statement.Preset {
	cash := func(section string, date string, def integrations.ActivityType, sig ...string) statement.Section {
		return statement.Section{
			Name: section, Prefix: []string{section},
			Signature: append([]string{"Header", "Currency", date, "Description", "Amount"}, sig...),
			Mapping: statement.Mapping{
				Columns: fields{
					statement.FieldDate:        date,
					statement.FieldCurrency:    "Currency",
					statement.FieldDescription: "Description",
					statement.FieldAmount:      "Amount",
					statement.FieldAccount:     "Account",
				},
				DateFormat:  statement.DateYMD,
				Decimal:     statement.DecimalPoint,
				Sign:        statement.SignAsWritten,
				DefaultType: def,
			},
		}
	}
	return []statement.Preset{{
		Name: "ibkr-activity", Institution: IBKR, Title: "Interactive Brokers: activity statement (CSV)",
		Sections: []statement.Section{
			{
				Name: "Trades", Prefix: []string{"Trades"},
				Signature: []string{"Header", "DataDiscriminator", "Asset Category", "Currency", "Symbol", "Date/Time", "Quantity", "T. Price", "Proceeds", "Comm/Fee"},
				Mapping: statement.Mapping{
					Columns: fields{
						statement.FieldDate:     "Date/Time",
						statement.FieldType:     colType,
						statement.FieldSymbol:   "Symbol",
						statement.FieldUnits:    "Quantity",
						statement.FieldPrice:    "T. Price",
						statement.FieldAmount:   colAmount,
						statement.FieldFee:      "Comm/Fee",
						statement.FieldCurrency: "Currency",
						statement.FieldAccount:  "Account",
					},
					DateFormat: statement.DateYMD,
					Decimal:    statement.DecimalPoint,
					Sign:       statement.SignAsWritten,
					Types:      map[string]integrations.ActivityType{"fx": integrations.ActivityOther},
				},
			},
			{
				Name: "Open Positions", Prefix: []string{"Open Positions"},
				Signature: []string{"Header", "DataDiscriminator", "Asset Category", "Currency", "Symbol", "Quantity", "Close Price", "Value"},
				Mapping: statement.Mapping{
					Kind: statement.KindPosition,
					Columns: fields{
						statement.FieldSymbol:      "Symbol",
						statement.FieldUnits:       "Quantity",
						statement.FieldPrice:       "Close Price",
						statement.FieldMarketValue: "Value",
						statement.FieldCostBasis:   "Cost Basis",
						statement.FieldAverageCost: "Cost Price",
						statement.FieldCurrency:    "Currency",
						statement.FieldAccount:     "Account",
					},
					Decimal: statement.DecimalPoint,
				},
			},
			cash("Dividends", "Date", integrations.ActivityDividend),
			cash("Withholding Tax", "Date", integrations.ActivityTax),
			cash("Interest", "Date", integrations.ActivityInterest),
			cash("Fees", "Date", integrations.ActivityFee, "Subtitle"),
			cash("Deposits & Withdrawals", "Settle Date", integrations.ActivityContribution),
			{
				Name: "Cash Report", Prefix: []string{"Cash Report"},
				Signature: []string{"Header", "Currency Summary", "Currency", "Total"},
				Mapping: statement.Mapping{
					Kind: statement.KindBalance,
					Columns: fields{
						statement.FieldCash:     "Total",
						statement.FieldCurrency: "Currency",
						statement.FieldAccount:  "Account",
					},
					Decimal: statement.DecimalPoint,
					Filter:  map[string][]string{"Currency Summary": {"Ending Cash"}},
				},
			},
		},
		Hooks: statement.Hooks{Row: ibkrRow, Activity: ibkrActivity, Position: ibkrPosition, Finish: ibkrFinish},
	}}
}

func ibkrRow(section string, row *statement.Row) (bool, error) {
	if len(row.Cells) == 0 || !strings.EqualFold(strings.TrimSpace(row.Cells[0]), "Data") {
		return true, nil // Header repeats, SubTotal, Total
	}
	// "Total", "Total in USD", "Total Dividends in USD" in the first cell
	// after the row kind (Currency, or Fees' Subtitle).
	if len(row.Cells) > 1 && strings.HasPrefix(strings.ToLower(strings.TrimSpace(row.Cells[1])), "total") {
		return true, nil
	}
	if strings.EqualFold(strings.TrimSpace(row.Get("Currency")), "Base Currency Summary") {
		return true, nil
	}
	switch section {
	case "Trades":
		if !strings.EqualFold(strings.TrimSpace(row.Get("DataDiscriminator")), "Order") {
			return true, nil // ClosedLot and execution detail rows repeat the order
		}
		proceeds, ok1 := number(row.Get("Proceeds"), statement.DecimalPoint)
		comm, _ := number(row.Get("Comm/Fee"), statement.DecimalPoint)
		if !ok1 {
			return false, errNotNumber("Proceeds")
		}
		row.Set(colAmount, proceeds.Add(comm).String())
		qty, _ := number(row.Get("Quantity"), statement.DecimalPoint)
		typ := "BUY"
		if qty.IsNegative() {
			typ = "SELL"
		}
		if strings.EqualFold(strings.TrimSpace(row.Get("Asset Category")), "Forex") {
			typ = "FX"
		}
		row.Set(colType, typ)
	case "Open Positions":
		if !strings.EqualFold(strings.TrimSpace(row.Get("DataDiscriminator")), "Summary") {
			return true, nil // lots repeat the summary
		}
	}
	return false, nil
}

// ibkrSymbol is the symbol a cash row's description starts with:
// "AAPL(US0378331005) Cash Dividend USD 0.25 per Share".
var ibkrSymbol = regexp.MustCompile(`^([A-Z0-9.\- ]+?)\s*\(([A-Z]{2}[A-Z0-9]{9}\d)\)`)

func ibkrActivity(section string, _ *statement.Row, a *integrations.Activity) error {
	switch section {
	case "Trades":
		a.RawType = "Trades"
		if a.Type == integrations.ActivityOther { // FX
			a.RawType = "Trades (Forex)"
		}
	case "Deposits & Withdrawals":
		a.RawType = section
		bySign(a, integrations.ActivityContribution, integrations.ActivityWithdrawal)
	default:
		a.RawType = section
		if m := ibkrSymbol.FindStringSubmatch(a.Description); m != nil {
			a.Symbol = strings.TrimSpace(m[1])
		}
		if section == "Interest" && a.Amount.IsNegative() {
			a.Type = integrations.ActivityFee // debit interest
		}
	}
	return nil
}

// ibkrCategories type a position by its Asset Category.
var ibkrCategories = []typeWords{
	{integrations.SecurityOption, []string{"option"}},
	{integrations.SecurityBond, []string{"bond"}},
	{integrations.SecurityFund, []string{"fund"}},
	{integrations.SecurityCrypto, []string{"crypto"}},
	{integrations.SecurityEquity, []string{"stock"}},
}

func ibkrPosition(_ string, row *statement.Row, p *integrations.Position) error {
	if t, ok := securityType(strings.ToLower(row.Get("Asset Category")), ibkrCategories); ok {
		p.Symbol.Type = t
	}
	if mult, ok := number(row.Get("Mult"), statement.DecimalPoint); ok && mult.GreaterThan(decimal.NewFromInt(1)) && !p.Units.IsZero() {
		// Value is quantity × multiplier × price: price per contract.
		p.Price = p.MarketValue.Div(p.Units).Abs().Round(8)
	}
	return nil
}

// ibkrPeriod is the Statement section's period: "January 1, 2025 - March
// 31, 2025" (its end is the statement's date).
var ibkrPeriod = regexp.MustCompile(`-\s*([A-Za-z]+ \d{1,2}, \d{4})\s*$`)

// ibkrFinish names the account from "Account Information" and dates the
// statement by the end of its period.
func ibkrFinish(t *statement.Table, res *statement.Result) error {
	var number, base string
	for _, rec := range t.Records {
		c := rec.Cells
		if len(c) < 4 || !strings.EqualFold(strings.TrimSpace(c[1]), "Data") {
			continue
		}
		switch strings.TrimSpace(c[0]) {
		case "Account Information":
			switch strings.TrimSpace(c[2]) {
			case "Account":
				number = strings.Fields(c[3] + " ")[0] // "U1234567 (Custom Consolidated)"
			case "Base Currency":
				base = strings.ToUpper(strings.TrimSpace(c[3]))
			}
		case "Statement":
			if strings.TrimSpace(c[2]) == "Period" {
				if m := ibkrPeriod.FindStringSubmatch(strings.TrimSpace(c[3])); m != nil {
					if d, err := statement.ParseDate(m[1], statement.DateMDY); err == nil {
						res.Dataset.AsOf = d.Time()
					}
				}
			}
		}
	}
	if number != "" {
		if from := defaultAccount(res); from != "" {
			res.SetAccount(from, statement.NewIdentity(IBKR, number, base))
		}
	}
	if base != "" {
		for i := range res.Dataset.Accounts {
			res.Dataset.Accounts[i].Currency = base
		}
		for i := range res.Accounts {
			res.Accounts[i].Currency = base
		}
	}
	return nil
}
