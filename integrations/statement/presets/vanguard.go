package presets

import (
	"context"
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// Vanguard's Download Center CSV (OfxDownload.csv): a holdings table, then
// blank lines, then a transactions table, both with a trailing comma after
// the header and every row. Several accounts share one holdings header, one
// block each, separated by a single blank line; two blank lines end the
// table. Money is plain or "$"-prefixed, sometimes quoted with thousands
// commas, negative amounts in parentheses ("(2400.00)"); dates MM/DD/YYYY.
// The fee column's name varies between files ("Commission Fees",
// "Commissions and Fees", or "Commission" and "Fees").
func vanguardPresets() []statement.Preset {
	p := statement.Preset{
		Name: "vanguard-download", Institution: Vanguard, Title: "Vanguard: download center (CSV)",
		Sections: []statement.Section{
			{
				Name:      "holdings",
				Signature: []string{"Account Number", "Investment Name", "Symbol", "Shares", "Share Price", "Total Value"},
				Mapping: statement.Mapping{
					Kind: statement.KindPosition,
					Columns: fields{
						statement.FieldAccount:     "Account Number",
						statement.FieldSymbol:      "Symbol",
						statement.FieldDescription: "Investment Name",
						statement.FieldUnits:       "Shares",
						statement.FieldPrice:       "Share Price",
						statement.FieldMarketValue: "Total Value",
					},
					Decimal:  statement.DecimalPoint,
					Currency: "USD",
				},
			},
			{
				Name:      "transactions",
				Signature: []string{"Account Number", "Trade Date", "Transaction Type", "Net Amount"},
				Mapping: statement.Mapping{
					Columns: fields{
						statement.FieldAccount:     "Account Number",
						statement.FieldDate:        "Trade Date",
						statement.FieldSettleDate:  "Settlement Date",
						statement.FieldType:        "Transaction Type",
						statement.FieldSymbol:      "Symbol",
						statement.FieldDescription: colDesc,
						statement.FieldUnits:       "Shares",
						statement.FieldPrice:       "Share Price",
						statement.FieldAmount:      "Net Amount",
						statement.FieldFee:         colFee,
					},
					DateFormat: statement.DateMDY,
					Decimal:    statement.DecimalPoint,
					Currency:   "USD",
					Types: map[string]integrations.ActivityType{
						"reinvestment":        integrations.ActivityReinvest,
						"dividend":            integrations.ActivityDividend,
						"capital gain lt":     integrations.ActivityDividend,
						"capital gain st":     integrations.ActivityDividend,
						"funds received":      integrations.ActivityContribution,
						"funds withdrawn":     integrations.ActivityWithdrawal,
						"transfer incoming":   integrations.ActivityTransferIn,
						"transfer outgoing":   integrations.ActivityTransferOut,
						"conversion incoming": integrations.ActivityTransferIn,
						"conversion outgoing": integrations.ActivityTransferOut,
						"sweep in":            integrations.ActivityOther,
						"sweep out":           integrations.ActivityOther,
						"stock split":         integrations.ActivitySplit,
					},
				},
			},
		},
		Hooks: statement.Hooks{Row: vanguardRow, Position: vanguardPosition},
	}
	p.Hooks.Finish = func(t *statement.Table, res *statement.Result) error {
		return rowsAcrossBlanks(context.Background(), t, res, p)
	}
	return []statement.Preset{p}
}

func vanguardRow(section string, row *statement.Row) (bool, error) {
	if section != "transactions" {
		return false, nil
	}
	desc := firstOf(row, "Investment Name", "Transaction Description")
	if td := strings.TrimSpace(row.Get("Transaction Description")); td != "" && !strings.EqualFold(td, row.Get("Transaction Type")) && desc != td {
		desc += " — " + td
	}
	row.Set(colDesc, desc)
	return false, sumColumns(row, colFee, "Commission Fees", "Commissions and Fees", "Commission", "Fees")
}

func vanguardPosition(_ string, _ *statement.Row, p *integrations.Position) error {
	name := strings.ToUpper(p.Symbol.Description)
	switch {
	case p.Symbol.Ticker == "" && strings.Contains(name, "CASH"):
		p.Symbol.Type = integrations.SecurityCash
	case strings.HasSuffix(p.Symbol.Ticker, "XX") && strings.Contains(name, "MONEY MARKET"):
		p.Symbol.Type = integrations.SecurityCash
	case strings.Contains(name, " ETF"):
		p.Symbol.Type = integrations.SecurityETF
	case strings.Contains(name, "INDEX") || strings.Contains(name, " FUND") || strings.Contains(name, "ADMIRAL"):
		p.Symbol.Type = integrations.SecurityFund
	case strings.Contains(name, "TREASURY") || strings.Contains(name, "%"):
		p.Symbol.Type = integrations.SecurityBond
	default:
		p.Symbol.Type = integrations.SecurityEquity
	}
	return nil
}
