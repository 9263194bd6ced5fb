package presets

import (
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// Wealthsimple offers three CSVs on my.wealthsimple.com.
//
// Activities export (Activity → Download, or Documents): one row per
// activity of every account, snake_case header, ISO dates, a signed
// quantity (sales negative) and net_cash_amount, the kind of row in
// activity_type (Trade, Dividend, Interest, MoneyMovement, FxExchange,
// NonResidentTax, Fee, CorporateAction, …) and activity_sub_type (BUY,
// SELL, DRIP, CONTRIBUTION, EFT, …), and a last line "As of 2026-04-21
// 00:50 GMT-04:00" in one quoted cell. On cash rows the quantity repeats
// the amount and means nothing.
//
// Holdings report (Documents → Holdings report): one row per holding of
// every account, market price and value in the listing's currency, book
// value both in CAD and in that currency, the same "As of …" footer.
//
// Monthly statement (…-monthly-statement-transactions-<account>-<date>.csv):
// date,transaction,description,amount,balance,currency, one account per
// file, the security, quantity and execution date only inside the
// description ("XEQT - iShares Core Equity ETF Portfolio: Bought 10.0000
// shares (executed at 2026-01-05)").
func wealthsimplePresets() []statement.Preset {
	return []statement.Preset{
		{
			Name: "wealthsimple-activities", Institution: Wealthsimple, Title: "Wealthsimple: activities export (CSV)",
			Sections: []statement.Section{{
				Name:      "activities",
				Signature: []string{"transaction_date", "account_id", "activity_type", "activity_sub_type", "net_cash_amount"},
				Mapping: statement.Mapping{
					Columns: fields{
						statement.FieldDate:        "transaction_date",
						statement.FieldSettleDate:  "settlement_date",
						statement.FieldAccount:     "account_id",
						statement.FieldType:        colType,
						statement.FieldSymbol:      "symbol",
						statement.FieldDescription: "name",
						statement.FieldCurrency:    "currency",
						statement.FieldUnits:       "quantity",
						statement.FieldPrice:       "unit_price",
						statement.FieldFee:         "commission",
						statement.FieldAmount:      "net_cash_amount",
					},
					DateFormat: statement.DateYMD,
					Decimal:    statement.DecimalPoint,
					Sign:       statement.SignAsWritten,
					Types: map[string]integrations.ActivityType{
						"trade buy": integrations.ActivityBuy, "trade sell": integrations.ActivitySell,
						"trade drip": integrations.ActivityReinvest,
						"trade bto":  integrations.ActivityBuy, "trade btc": integrations.ActivityBuy,
						"trade sto": integrations.ActivitySell, "trade stc": integrations.ActivitySell,
						"dividend": integrations.ActivityDividend, "interest": integrations.ActivityInterest,
						"moneymovement":  integrations.ActivityContribution,
						"nonresidenttax": integrations.ActivityTax, "fee": integrations.ActivityFee,
						"fxexchange": integrations.ActivityOther, "corporateaction": integrations.ActivityOther,
						"returnofcapital": integrations.ActivityOther, "noncashdistribution": integrations.ActivityOther,
						"securitytransfer": integrations.ActivityTransferIn, "internalsecuritytransfer": integrations.ActivityTransferIn,
						"refund": integrations.ActivityOther, "bonuspayment": integrations.ActivityOther,
					},
				},
			}},
			Hooks: statement.Hooks{Row: wealthsimpleRow, Activity: wealthsimpleActivity, Finish: wealthsimpleAsOf},
		},
		{
			Name: "wealthsimple-holdings", Institution: Wealthsimple, Title: "Wealthsimple: holdings report (CSV)",
			Sections: []statement.Section{{
				Name:      "holdings",
				Signature: []string{"Account Number", "Symbol", "Quantity", "Market Price", "Market Value", "Market Value Currency"},
				Mapping: statement.Mapping{
					Kind: statement.KindPosition,
					Columns: fields{
						statement.FieldAccount:     "Account Number",
						statement.FieldSymbol:      "Symbol",
						statement.FieldDescription: "Name",
						statement.FieldUnits:       "Quantity",
						statement.FieldPrice:       "Market Price",
						statement.FieldMarketValue: "Market Value",
						statement.FieldCostBasis:   "Book Value (Market)",
						statement.FieldCurrency:    "Market Value Currency",
					},
					Decimal: statement.DecimalPoint,
				},
			}},
			Hooks: statement.Hooks{Row: wealthsimpleHoldingRow, Position: wealthsimplePosition, Finish: wealthsimpleAsOf},
		},
		{
			Name: "wealthsimple-statement", Institution: Wealthsimple, Title: "Wealthsimple: monthly statement (CSV)",
			Sections: []statement.Section{{
				Name:      "transactions",
				Signature: []string{"date", "transaction", "description", "amount", "balance"},
				Mapping: statement.Mapping{
					Columns: fields{
						statement.FieldDate:        "date",
						statement.FieldType:        "transaction",
						statement.FieldDescription: "description",
						statement.FieldAmount:      "amount",
						statement.FieldCurrency:    "currency",
					},
					DateFormat: statement.DateYMD,
					Decimal:    statement.DecimalPoint,
					Sign:       statement.SignAsWritten,
					Types: map[string]integrations.ActivityType{
						"buy": integrations.ActivityBuy, "sell": integrations.ActivitySell,
						"div": integrations.ActivityDividend, "cont": integrations.ActivityContribution,
						"dep": integrations.ActivityContribution, "eft": integrations.ActivityContribution,
						"wd": integrations.ActivityWithdrawal, "wdl": integrations.ActivityWithdrawal,
						"wdr": integrations.ActivityWithdrawal,
						"nrt": integrations.ActivityTax, "fplint": integrations.ActivityInterest,
						"int": integrations.ActivityInterest, "fee": integrations.ActivityFee,
						"buytoopen": integrations.ActivityBuy, "buytoclose": integrations.ActivityBuy,
						"selltoopen": integrations.ActivitySell, "selltoclose": integrations.ActivitySell,
						"loan": integrations.ActivityOther, "recall": integrations.ActivityOther,
						"tfr": integrations.ActivityTransferIn, "trfin": integrations.ActivityTransferIn,
						"trfout": integrations.ActivityTransferOut,
					},
				},
			}},
			Hooks: statement.Hooks{Activity: wealthsimpleStatementActivity},
		},
	}
}

// wealthsimpleRow makes the row's type "<activity_type> <activity_sub_type>"
// for trades and activity_type alone otherwise.
func wealthsimpleRow(_ string, row *statement.Row) (bool, error) {
	t := strings.TrimSpace(row.Get("activity_type"))
	if strings.EqualFold(t, "Trade") {
		t += " " + strings.TrimSpace(row.Get("activity_sub_type"))
	}
	row.Set(colType, t)
	return false, nil
}

func wealthsimpleActivity(_ string, row *statement.Row, a *integrations.Activity) error {
	sub := strings.TrimSpace(row.Get("activity_sub_type"))
	if sub != "" && !strings.Contains(strings.ToUpper(a.RawType), strings.ToUpper(sub)) {
		a.RawType += " " + sub
	}
	switch a.Type {
	case integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityReinvest:
		a.Units = statement.UnitsAs(a.Type, a.Units)
	case integrations.ActivityContribution:
		bySign(a, integrations.ActivityContribution, integrations.ActivityWithdrawal)
		a.Units = decimal.Zero
	case integrations.ActivityTransferIn:
		if a.Units.IsNegative() {
			a.Type = integrations.ActivityTransferOut
		}
	default:
		if strings.EqualFold(strings.TrimSpace(row.Get("activity_type")), "CorporateAction") {
			break // share movements: the quantity is real
		}
		a.Units = decimal.Zero // cash rows repeat the amount in quantity
	}
	return nil
}

func wealthsimpleHoldingRow(_ string, row *statement.Row) (bool, error) {
	if strings.EqualFold(strings.TrimSpace(row.Get("Position Direction")), "SHORT") {
		if q := strings.TrimSpace(row.Get("Quantity")); q != "" && !strings.HasPrefix(q, "-") {
			row.Set("Quantity", "-"+q)
		}
	}
	return false, nil
}

func wealthsimplePosition(_ string, row *statement.Row, p *integrations.Position) error {
	switch strings.ToUpper(strings.TrimSpace(row.Get("Security Type"))) {
	case "EQUITY":
		p.Symbol.Type = integrations.SecurityEquity
	case "EXCHANGE_TRADED_FUND":
		p.Symbol.Type = integrations.SecurityETF
	case "MUTUAL_FUND":
		p.Symbol.Type = integrations.SecurityFund
	case "BOND", "FIXED_INCOME":
		p.Symbol.Type = integrations.SecurityBond
	case "CRYPTOCURRENCY", "CRYPTO":
		p.Symbol.Type = integrations.SecurityCrypto
	case "OPTION":
		p.Symbol.Type = integrations.SecurityOption
	case "CASH":
		p.Symbol.Type = integrations.SecurityCash
	}
	p.Symbol.Exchange = strings.TrimSpace(row.Get("Exchange"))
	return nil
}

// wealthsimpleFooter is the last line of both the activities export and
// the holdings report.
var wealthsimpleFooter = regexp.MustCompile(`(?i)^as of (\d{4}-\d{2}-\d{2})`)

// wealthsimpleAsOf dates a holdings report by its "As of" footer (an
// activities export keeps its newest row's date).
func wealthsimpleAsOf(t *statement.Table, res *statement.Result) error {
	if res.Preset != "wealthsimple-holdings" {
		return nil
	}
	if m := lastMatch(t, wealthsimpleFooter); m != nil {
		if d, err := time.Parse(time.DateOnly, m[1]); err == nil {
			res.Dataset.AsOf = d
		}
	}
	return nil
}

// wealthsimpleTrade reads a statement's trade description: "XEQT - iShares
// Core Equity ETF Portfolio: Bought 10.0000 shares (executed at
// 2026-01-05)".
var wealthsimpleTrade = regexp.MustCompile(`^(\S+) - .*?: (?:Bought|Sold) ([0-9.,]+) (?:shares?|contracts?)`)

// wealthsimpleDividend reads a statement's dividend description: "XEQT -
// iShares Core Equity ETF Portfolio: Cash dividend distribution, received
// on 2026-03-28".
var wealthsimpleSymbolPrefix = regexp.MustCompile(`^([A-Z][A-Z0-9.]*) - `)

func wealthsimpleStatementActivity(_ string, _ *statement.Row, a *integrations.Activity) error {
	if m := wealthsimpleTrade.FindStringSubmatch(a.Description); m != nil {
		a.Symbol = m[1]
		if u, ok := number(m[2], statement.DecimalPoint); ok {
			a.Units = statement.UnitsAs(a.Type, u)
			if !u.IsZero() && (a.Type == integrations.ActivityBuy || a.Type == integrations.ActivitySell) {
				a.Price = a.Amount.Abs().Div(u).Round(6)
			}
		}
	} else if m := wealthsimpleSymbolPrefix.FindStringSubmatch(a.Description); m != nil {
		a.Symbol = m[1]
	}
	if a.Type == integrations.ActivityContribution {
		bySign(a, integrations.ActivityContribution, integrations.ActivityWithdrawal)
	}
	return nil
}
