package presets

import (
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// Questrade's account activity (Reports → Account activity → Export to
// Excel): an Excel workbook (Activities_for_…xlsx) that latchkey reads once
// saved as CSV. One row per activity of every account:
//
//	Transaction Date,Settlement Date,Action,Symbol,Description,Quantity,Price,Gross Amount,Commission,Net Amount,Currency,Account #,Activity Type,Account Type
//	2026-01-08 12:00:00 AM,2026-01-09 12:00:00 AM,Buy,VCN.TO,…,200.00000,40.00000000,-8000.00,-9.95,-8009.95,CAD,12345678,Trades,Individual margin
//
// Dates with a 12-hour time; quantities signed (sales negative); Gross,
// Commission and Net Amount signed as their effect on cash; Action is a
// code (Buy, Sell, DIV, REI, CON, DEP, EFT, NRT, FCH, TFI, TFO, BRW, …) that
// is blank on some rows, where Activity Type ("Dividends", "Deposits",
// "Withdrawals", "Fees and rebates", "Interest", "Transfers", "FX
// conversion", "Other") says what the row is.
func questradePresets() []statement.Preset {
	return []statement.Preset{{
		Name: "questrade-activities", Institution: Questrade, Title: "Questrade: account activity (Excel saved as CSV)",
		Sections: []statement.Section{{
			Name:      "activities",
			Signature: []string{"Transaction Date", "Settlement Date", "Action", "Symbol", "Gross Amount", "Net Amount", "Activity Type"},
			Mapping: statement.Mapping{
				Columns: fields{
					statement.FieldDate:        "Transaction Date",
					statement.FieldSettleDate:  "Settlement Date",
					statement.FieldType:        colType,
					statement.FieldSymbol:      "Symbol",
					statement.FieldDescription: "Description",
					statement.FieldUnits:       "Quantity",
					statement.FieldPrice:       "Price",
					statement.FieldAmount:      "Net Amount",
					statement.FieldFee:         "Commission",
					statement.FieldCurrency:    "Currency",
					statement.FieldAccount:     "Account #",
				},
				DateFormat: statement.DateYMD,
				Decimal:    statement.DecimalPoint,
				Sign:       statement.SignAsWritten,
				Types: map[string]integrations.ActivityType{
					"buy": integrations.ActivityBuy, "sell": integrations.ActivitySell,
					"div": integrations.ActivityDividend, "dividends": integrations.ActivityDividend,
					"rei": integrations.ActivityReinvest, "dividend reinvestment": integrations.ActivityReinvest,
					"con": integrations.ActivityContribution, "dep": integrations.ActivityContribution,
					"deposits": integrations.ActivityContribution,
					"wdr":      integrations.ActivityWithdrawal, "withdrawals": integrations.ActivityWithdrawal,
					"eft": integrations.ActivityContribution,
					"nrt": integrations.ActivityTax, "fch": integrations.ActivityFee,
					"fees and rebates": integrations.ActivityFee,
					"int":              integrations.ActivityInterest, "interest": integrations.ActivityInterest,
					"tfi": integrations.ActivityTransferIn, "tf6": integrations.ActivityTransferIn,
					"tfo": integrations.ActivityTransferOut, "brw": integrations.ActivityTransferIn,
					"transfers": integrations.ActivityTransferIn,
					"fxt":       integrations.ActivityOther, "fx conversion": integrations.ActivityOther,
					"other": integrations.ActivityOther, "corporate actions": integrations.ActivityOther,
				},
			},
		}},
		Hooks: statement.Hooks{Row: questradeRow, Activity: questradeActivity},
	}}
}

// questradeRow takes the Action code, or the Activity Type when the Action
// is blank, as the row's type.
func questradeRow(_ string, row *statement.Row) (bool, error) {
	t := strings.TrimSpace(row.Get("Action"))
	if t == "" || strings.EqualFold(t, "None") {
		t = strings.TrimSpace(row.Get("Activity Type"))
	}
	row.Set(colType, t)
	return false, nil
}

func questradeActivity(_ string, _ *statement.Row, a *integrations.Activity) error {
	depositBySign(a)
	if a.Type == integrations.ActivityTransferIn || a.Type == integrations.ActivityTransferOut {
		if a.Units.IsNegative() || (a.Units.IsZero() && a.Amount.IsNegative()) {
			a.Type = integrations.ActivityTransferOut
		} else {
			a.Type = integrations.ActivityTransferIn
		}
	}
	cashOnly(a)
	return nil
}
