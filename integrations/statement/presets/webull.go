package presets

import (
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// Webull's "Orders Records" export (Webull_Orders_Records.csv), the same in
// Webull's US and Canadian apps: one row per order, filled or not.
//
//	Name,Symbol,Side,Status,Filled,Total Qty,Price,Avg Price,Time-in-Force,Placed Time,Filled Time
//	Apple Inc,AAPL,Buy,Filled,10,10,@150.00,150.50,DAY,12/04/2025 10:00:00 EST,12/04/2025 10:00:15 EST
//
// Quirks: prices written "@150.00" (the limit price, and in some exports the
// average too); times "MM/DD/YYYY hh:mm:ss EST|EDT"; cancelled, rejected and
// failed orders listed with Filled 0 and no Filled Time; an option strategy
// is a row with the strategy's name and no symbol, followed by one row per
// leg with no name and the leg's OCC symbol (ASPI251017C00009000), whose
// prices are per share of a 100-share contract. No fees, no currency, no
// account number: commissions and regulatory fees are only on the trade
// confirmations and monthly statements.
var webullOrderColumns = fields{
	statement.FieldDate:        "Filled Time",
	statement.FieldType:        "Side",
	statement.FieldSymbol:      "Symbol",
	statement.FieldDescription: "Name",
	statement.FieldUnits:       "Filled",
	statement.FieldPrice:       "Avg Price",
}

var webullSignature = []string{"Symbol", "Side", "Status", "Filled", "Total Qty", "Avg Price", "Placed Time", "Filled Time"}

// occOption is an OCC option symbol: root, YYMMDD, C or P, strike × 1000.
var occOption = regexp.MustCompile(`^[A-Z.]{1,6}\d{6}[CP]\d{8}$`)

func webullOrders(name, inst, title, currency string) statement.Preset {
	return statement.Preset{
		Name: name, Institution: inst, Title: title,
		Sections: []statement.Section{{
			Name:      "orders",
			Signature: webullSignature,
			Mapping: statement.Mapping{
				Columns:    webullOrderColumns,
				DateFormat: statement.DateMDY,
				Decimal:    statement.DecimalPoint,
				Currency:   currency,
				Types: map[string]integrations.ActivityType{
					"short": integrations.ActivitySell, "sell short": integrations.ActivitySell,
					"buy to cover": integrations.ActivityBuy,
				},
			},
		}},
		Hooks: statement.Hooks{Row: webullRow, Activity: webullActivity},
	}
}

// webullRow keeps the orders that filled, in whole or part, and strips the
// "@" Webull writes before prices.
func webullRow(_ string, row *statement.Row) (bool, error) {
	for _, c := range []string{"Price", "Avg Price"} {
		if v := row.Get(c); strings.HasPrefix(strings.TrimSpace(v), "@") {
			row.Set(c, strings.TrimPrefix(strings.TrimSpace(v), "@"))
		}
	}
	// A strategy's summary row: the legs below it carry the fills.
	if strings.TrimSpace(row.Get("Symbol")) == "" && strings.TrimSpace(row.Get("Name")) != "" {
		return true, nil
	}
	status := strings.ToLower(strings.TrimSpace(row.Get("Status")))
	filled, ok := number(row.Get("Filled"), statement.DecimalPoint)
	if !strings.Contains(status, "filled") || !ok || filled.IsZero() || strings.TrimSpace(row.Get("Filled Time")) == "" {
		return true, nil // cancelled, rejected, failed, pending: no trade
	}
	return false, nil
}

// webullActivity prices option legs per contract: the export's price is per
// share of a 100-share contract.
func webullActivity(_ string, _ *statement.Row, a *integrations.Activity) error {
	if occOption.MatchString(a.Symbol) {
		a.Amount = a.Amount.Mul(decimal.NewFromInt(100))
	}
	return nil
}

func webullPresets() []statement.Preset {
	return []statement.Preset{webullOrders("webull-orders", Webull, "Webull: orders records (CSV)", "USD")}
}

// Webull Canada's app exports the same Orders Records file. Its rows name
// no currency and Webull Canada trades both TSX (CAD) and US (USD) listings,
// so the currency is left to the import (statement.Options.Currency): the
// core notes a file whose currency it had to assume.
func webullCAPresets() []statement.Preset {
	return []statement.Preset{webullOrders("webull-ca-orders", WebullCA, "Webull Canada: orders records (CSV)", "")}
}
