package presets

import (
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// Merrill (Merrill Edge, Merrill Lynch) activity export: every cell quoted
// and padded with trailing spaces (`"Trade Date " ,"Settlement Date "`, a
// header cell "Description 1 " with its space), money in dollars with
// negatives in parentheses ("($2,259.04)"), "--" for a missing price, dates
// MM/DD/YYYY, "Pending" or "Settled" per row, the account as a nickname,
// registration and number ("CMA-Edge", "25X-61P17"). The kind of row is in
// "Description 1" ("Purchase", "Sale", "Dividend", "Bank Interest",
// "Deposit", "Option Purchase", …); "Description 2" holds the security and
// the details.
func merrillPresets() []statement.Preset {
	return []statement.Preset{{
		Name: "merrill-activity", Institution: Merrill, Title: "Merrill: account activity (CSV)",
		Sections: []statement.Section{{
			Name:      "activity",
			Signature: []string{"Trade Date", "Settlement Date", "Description 1", "Description 2", "Symbol/CUSIP #", "Amount ($)"},
			Mapping: statement.Mapping{
				Columns: fields{
					statement.FieldDate:        "Trade Date",
					statement.FieldSettleDate:  "Settlement Date",
					statement.FieldType:        "Description 1",
					statement.FieldDescription: "Description 2",
					statement.FieldSymbol:      "Symbol/CUSIP #",
					statement.FieldUnits:       "Quantity",
					statement.FieldPrice:       "Price ($)",
					statement.FieldAmount:      "Amount ($)",
					statement.FieldAccount:     "Account #",
				},
				DateFormat: statement.DateMDY,
				Decimal:    statement.DecimalPoint,
				Currency:   "USD",
			},
		}},
		Hooks: statement.Hooks{Row: merrillRow, Activity: merrillActivity},
	}}
}

func merrillRow(_ string, row *statement.Row) (bool, error) {
	// A settlement date of "--" (or "Pending") on rows not yet settled.
	dateOrBlank(row, "Settlement Date", statement.DateMDY)
	return false, nil
}

var merrillRules = []rule{
	{"purchase", integrations.ActivityBuy},
	{"option purchase", integrations.ActivityBuy},
	{"sale", integrations.ActivitySell},
	{"option sale", integrations.ActivitySell},
	{"fractional share sale", integrations.ActivitySell},
	{"redemption", integrations.ActivitySell},
	{"reinvestment share", integrations.ActivityReinvest},
	{"reinvestment", integrations.ActivityReinvest},
	{"divd reinv", integrations.ActivityReinvest},
	{"dividend", integrations.ActivityDividend},
	{"interest", integrations.ActivityInterest},
	{"bank interest", integrations.ActivityInterest},
	{"foreign tax withholding", integrations.ActivityTax},
	{"nra tax", integrations.ActivityTax},
	{"deposit", integrations.ActivityContribution},
	{"funds received", integrations.ActivityContribution},
	{"withdrawal", integrations.ActivityWithdrawal},
	{"funds transfer", integrations.ActivityWithdrawal},
	{"fee", integrations.ActivityFee},
}

func merrillActivity(_ string, _ *statement.Row, a *integrations.Activity) error {
	classifyOrTransfer(a, merrillRules, func(w string) bool {
		return strings.Contains(w, "transfer") || strings.Contains(w, "journal")
	})
	depositBySign(a)
	a.Units = statement.UnitsAs(a.Type, a.Units)
	return nil
}
