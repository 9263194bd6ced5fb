package presets

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// Robinhood's account activity report (Reports and statements → Reports →
// Account activity, CSV): every cell quoted, newest first, dates M/D/YYYY,
// money "$1,234.56" with outflows in parentheses "($18,740.00)", stock rows'
// Description running over several lines ("Apple\nCUSIP: 037833100"),
// quantities with an "S" suffix on share movements that are not trades
// ("8S"), and a footer row whose tenth cell (beyond the header) holds a
// disclaimer. The kind of row is the Trans Code: Buy, Sell, CDIV, ACH, INT,
// SLIP, GOLD, DTAX, NRAT, SPL, BTO, STC, STO, BTC, OEXP, OASGN, …
func robinhoodPresets() []statement.Preset {
	return []statement.Preset{{
		Name: "robinhood-activity", Institution: Robinhood, Title: "Robinhood: account activity (CSV)",
		Sections: []statement.Section{{
			Name:      "activity",
			Signature: []string{"Activity Date", "Process Date", "Settle Date", "Instrument", "Trans Code", "Amount"},
			Mapping: statement.Mapping{
				Columns: fields{
					statement.FieldDate:        "Activity Date",
					statement.FieldSettleDate:  "Settle Date",
					statement.FieldType:        "Trans Code",
					statement.FieldSymbol:      "Instrument",
					statement.FieldDescription: "Description",
					statement.FieldUnits:       "Quantity",
					statement.FieldPrice:       "Price",
					statement.FieldAmount:      "Amount",
				},
				DateFormat: statement.DateMDY,
				Decimal:    statement.DecimalPoint,
				Currency:   "USD",
				Types: map[string]integrations.ActivityType{
					"buy": integrations.ActivityBuy, "sell": integrations.ActivitySell,
					"bto": integrations.ActivityBuy, "btc": integrations.ActivityBuy,
					"sto": integrations.ActivitySell, "stc": integrations.ActivitySell,
					"cdiv": integrations.ActivityDividend, "mdiv": integrations.ActivityDividend,
					"int": integrations.ActivityInterest, "slip": integrations.ActivityInterest,
					"gdbp": integrations.ActivityInterest, "mint": integrations.ActivityFee,
					"gold": integrations.ActivityFee, "afee": integrations.ActivityFee, "dfee": integrations.ActivityFee,
					"dtax": integrations.ActivityTax, "nrat": integrations.ActivityTax, "nrav": integrations.ActivityTax,
					"spl": integrations.ActivitySplit, "spr": integrations.ActivitySplit,
					"acati": integrations.ActivityTransferIn, "acato": integrations.ActivityTransferOut,
					"ach": integrations.ActivityContribution, "rtp": integrations.ActivityContribution,
					"dcf": integrations.ActivityContribution, "xent": integrations.ActivityContribution,
					"oexp": integrations.ActivityOther, "oasgn": integrations.ActivityOther, "oexcs": integrations.ActivityOther,
					"soff": integrations.ActivityOther, "mrgs": integrations.ActivityOther, "conv": integrations.ActivityOther,
					"rec": integrations.ActivityTransferIn,
				},
			},
		}},
		Hooks: statement.Hooks{Row: robinhoodRow, Activity: robinhoodActivity},
	}}
}

// robinhoodRow drops the "S" Robinhood puts after a quantity of shares
// that moved without a trade (splits, transfers, spin-offs).
func robinhoodRow(_ string, row *statement.Row) (bool, error) {
	q := strings.TrimSpace(row.Get("Quantity"))
	if strings.HasSuffix(q, "S") {
		row.Set("Quantity", strings.TrimSuffix(q, "S"))
	}
	return false, nil
}

func robinhoodActivity(_ string, _ *statement.Row, a *integrations.Activity) error {
	switch strings.ToUpper(a.RawType) {
	case "ACH", "RTP", "DCF", "XENT":
		bySign(a, integrations.ActivityContribution, integrations.ActivityWithdrawal)
	case "BTO", "BTC", "STO", "STC":
		// Option prices are per share of a 100-share contract; Amount is
		// the contract's cash, so units and amount stand as written.
	case "SPL", "SPR":
		a.Amount = decimal.Zero
	}
	cashOnly(a)
	return nil
}
