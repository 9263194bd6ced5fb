package presets

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// Trading 212's history export (History → Export / download icon, a period
// of at most twelve months, CSV):
//
//	Action,Time,ISIN,Ticker,Name,No. of shares,Price / share,Currency (Price / share),Exchange rate,Result,Currency (Result),Total,Currency (Total),Withholding tax,Currency (Withholding tax),Notes,ID,Currency conversion fee,Currency (Currency conversion fee)
//
// Its columns vary: a fee or tax column appears only when the period had
// one ("Stamp duty reserve tax", "French transaction tax", "Finra fee",
// "Transaction fee", each with its "Currency (…)" neighbour), and their
// order moved between versions; columns are matched by name. Times are
// "2023-12-18 14:30:03.613"; Total is in the account's currency and
// unsigned for trades (a buy's Total is what it cost), signed for cash
// movements; the share price is in the listing's currency (USD, GBX:
// pence) with an "Exchange rate" beside it; "Not available" stands in
// numbers it lacks. Actions: Market buy, Limit buy,
// Market sell, Limit sell, Stop sell, Dividend (…), Interest on cash,
// Lending interest, Deposit, Withdrawal, Currency conversion, Stock split
// open/close, Stock distribution, Transfer out, Card debit, …
func trading212Presets() []statement.Preset {
	return []statement.Preset{{
		Name: "trading212-history", Institution: Trading212, Title: "Trading 212: history export (CSV)",
		Sections: []statement.Section{{
			Name:      "history",
			Signature: []string{"Action", "Time", "ISIN", "Ticker", "No. of shares", "Price / share", "Total"},
			Mapping: statement.Mapping{
				Columns: fields{
					statement.FieldDate:        "Time",
					statement.FieldType:        "Action",
					statement.FieldSymbol:      "Ticker",
					statement.FieldISIN:        "ISIN",
					statement.FieldDescription: colDesc,
					statement.FieldUnits:       "No. of shares",
					statement.FieldPrice:       colPrice,
					statement.FieldAmount:      "Total",
					statement.FieldFee:         colFee,
					statement.FieldCurrency:    "Currency (Total)",
					statement.FieldID:          "ID",
				},
				DateFormat: statement.DateYMD,
				Decimal:    statement.DecimalPoint,
				Sign:       statement.SignAsWritten,
				Types: map[string]integrations.ActivityType{
					"market buy": integrations.ActivityBuy, "limit buy": integrations.ActivityBuy,
					"stop buy": integrations.ActivityBuy, "stop limit buy": integrations.ActivityBuy,
					"market sell": integrations.ActivitySell, "limit sell": integrations.ActivitySell,
					"stop sell": integrations.ActivitySell, "stop limit sell": integrations.ActivitySell,
					"dividend":         integrations.ActivityDividend,
					"interest on cash": integrations.ActivityInterest, "lending interest": integrations.ActivityInterest,
					"deposit": integrations.ActivityContribution, "withdrawal": integrations.ActivityWithdrawal,
					"currency conversion": integrations.ActivityOther,
					"stock split open":    integrations.ActivitySplit, "stock split close": integrations.ActivitySplit,
					"stock distribution": integrations.ActivityTransferIn,
					"transfer out":       integrations.ActivityTransferOut, "transfer in": integrations.ActivityTransferIn,
					"card debit": integrations.ActivityWithdrawal, "spending cashback": integrations.ActivityInterest,
					"new card cost": integrations.ActivityFee, "result adjustment": integrations.ActivityOther,
				},
			},
		}},
		Hooks: statement.Hooks{Row: trading212Row, Activity: trading212Activity},
	}}
}

// trading212Fees are the fee and tax columns an export may hold, each in the
// account's currency like Total.
var trading212Fees = []string{
	"Currency conversion fee", "Stamp duty reserve tax", "Stamp duty", "French transaction tax",
	"Finra fee", "Transaction fee", "Deposit fee",
}

func trading212Row(_ string, row *statement.Row) (bool, error) {
	for i, c := range row.Cells {
		if strings.EqualFold(strings.TrimSpace(c), "Not available") {
			row.Cells[i] = ""
		}
	}
	if err := sumColumns(row, colFee, trading212Fees...); err != nil {
		return false, err
	}
	desc := strings.TrimSpace(row.Get("Name"))
	if n := strings.TrimSpace(row.Get("Notes")); n != "" && !strings.EqualFold(n, desc) {
		desc = strings.TrimSpace(desc + " " + n)
	}
	row.Set(colDesc, desc)
	// The share price stays when the listing trades in the account's
	// currency; otherwise trading212Activity derives it from the Total.
	if pcur, tcur := strings.TrimSpace(row.Get("Currency (Price / share)")), strings.TrimSpace(row.Get("Currency (Total)")); pcur == "" || tcur == "" || strings.EqualFold(pcur, tcur) {
		row.Set(colPrice, row.Get("Price / share"))
	} else {
		row.Set(colPrice, "")
	}
	return false, nil
}

func trading212Activity(_ string, row *statement.Row, a *integrations.Activity) error {
	// Total is unsigned on trades, dividends and interest: sign it by type.
	a.Amount = statement.SignAs(a.Type, a.Amount)
	a.Units = statement.UnitsAs(a.Type, a.Units)
	if a.Price.IsZero() && !a.Units.IsZero() {
		// A listing in another currency (USD, GBX pence): the price per
		// share in the account's currency is the value over the shares,
		// the value being the Total less the fees on a buy, plus them on a
		// sale. Trading 212's own exchange rate is not used: its meaning
		// for pence listings is not documented.
		switch a.Type {
		case integrations.ActivityBuy:
			a.Price = a.Amount.Abs().Sub(a.Fee).Div(a.Units.Abs()).Round(6)
		case integrations.ActivitySell:
			a.Price = a.Amount.Abs().Add(a.Fee).Div(a.Units.Abs()).Round(6)
		}
	}
	switch a.Type {
	case integrations.ActivityDividend:
		a.Units = decimal.Zero // No. of shares is the holding the dividend was paid on
		if t := strings.TrimSpace(row.Get("Withholding tax")); t != "" {
			a.Description = strings.TrimSpace(a.Description + " (withholding tax " + t + " " + strings.TrimSpace(row.Get("Currency (Withholding tax)")) + ")")
		}
	case integrations.ActivitySplit:
		if strings.Contains(strings.ToLower(a.RawType), "close") {
			a.Units = a.Units.Abs().Neg()
		}
		a.Amount = decimal.Zero
	case integrations.ActivityTransferIn, integrations.ActivityTransferOut:
		a.Amount = decimal.Zero // shares moved in or out; Total is their value
	}
	return nil
}
