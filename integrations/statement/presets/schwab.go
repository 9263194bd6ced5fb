package presets

import (
	"regexp"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// Charles Schwab's CSV exports from schwab.com.
//
// Transactions (Accounts → History → Export, CSV): every cell quoted; an
// optional title row "Transactions  for account Brokerage ...000 as of
// 03/23/2026 02:03:53 AM ET" (dropped in 2024 files); dates MM/DD/YYYY,
// sometimes "04/17/2023 as of 04/15/2023"; money "$73.7789", "-$3320.05",
// thousands quoted "$1,259.59"; quantities unsigned; a last row
// "Transactions Total" (with a trailing comma in older files).
//
// Positions (Accounts → Positions → Export): a title row "Positions for
// account Individual ...123 as of 12:33 PM ET, 2025/05/04", a row of empty
// quoted cells, the header — "Quantity/Market Value/Security Type" in older
// files, "Qty (Quantity)/Mkt Val (Market Value)" with "Security Type" or
// "Asset Type" and a trailing comma on every line in newer ones — the
// holdings, "Cash & Cash Investments" with only a market value, and "Account
// Total" (or "Positions Total"). "--" and "N/A" stand for no value.
func schwabPresets() []statement.Preset {
	txTypes := map[string]integrations.ActivityType{
		"buy": integrations.ActivityBuy, "sell": integrations.ActivitySell,
		"buy to open": integrations.ActivityBuy, "buy to close": integrations.ActivityBuy,
		"sell to open": integrations.ActivitySell, "sell to close": integrations.ActivitySell,
		"reinvest shares":    integrations.ActivityReinvest,
		"reinvest dividend":  integrations.ActivityDividend,
		"qual div reinvest":  integrations.ActivityDividend,
		"pr yr div reinvest": integrations.ActivityDividend,
		"qualified dividend": integrations.ActivityDividend, "cash dividend": integrations.ActivityDividend,
		"non qualified div": integrations.ActivityDividend, "special dividend": integrations.ActivityDividend,
		"pr yr cash div": integrations.ActivityDividend, "pr yr non qual div": integrations.ActivityDividend,
		"long term cap gain": integrations.ActivityDividend, "short term cap gain": integrations.ActivityDividend,
		"cash in lieu":  integrations.ActivitySell,
		"bank interest": integrations.ActivityInterest, "credit interest": integrations.ActivityInterest,
		"bond interest":   integrations.ActivityInterest,
		"margin interest": integrations.ActivityFee, "service fee": integrations.ActivityFee,
		"adr mgmt fee": integrations.ActivityFee, "wire funds adj": integrations.ActivityFee,
		"nra withholding": integrations.ActivityTax, "nra tax adj": integrations.ActivityTax,
		"foreign tax paid":  integrations.ActivityTax,
		"moneylink deposit": integrations.ActivityContribution, "wire received": integrations.ActivityContribution,
		"wire funds received": integrations.ActivityContribution,
		"wire sent":           integrations.ActivityWithdrawal, "wire funds": integrations.ActivityWithdrawal,
		"moneylink transfer": integrations.ActivityContribution, "journal": integrations.ActivityTransferIn,
		"internal transfer": integrations.ActivityTransferIn,
		"security transfer": integrations.ActivityTransferIn,
		"stock split":       integrations.ActivitySplit, "reverse split": integrations.ActivitySplit,
		"expired": integrations.ActivityOther, "assigned": integrations.ActivityOther,
		"exchange or exercise": integrations.ActivityOther, "spin off": integrations.ActivityOther,
	}
	positions := func(units, value string) statement.Section {
		return statement.Section{
			Name:      "positions",
			Signature: []string{"Symbol", "Description", units, "Price", value, "Cost Basis"},
			Mapping: statement.Mapping{
				Kind: statement.KindPosition,
				Columns: fields{
					statement.FieldSymbol:      "Symbol",
					statement.FieldDescription: "Description",
					statement.FieldUnits:       units,
					statement.FieldPrice:       "Price",
					statement.FieldMarketValue: value,
					statement.FieldCostBasis:   "Cost Basis",
				},
				Decimal:  statement.DecimalPoint,
				Currency: "USD",
				Skip:     []string{"Account Total", "Positions Total"},
			},
		}
	}
	return []statement.Preset{
		{
			Name: "schwab-transactions", Institution: Schwab, Title: "Charles Schwab: transactions (CSV)",
			Sections: []statement.Section{{
				Name:      "transactions",
				Signature: []string{"Date", "Action", "Symbol", "Description", "Quantity", "Price", "Fees & Comm", "Amount"},
				Mapping: statement.Mapping{
					Columns: fields{
						statement.FieldDate:        "Date",
						statement.FieldType:        "Action",
						statement.FieldSymbol:      "Symbol",
						statement.FieldDescription: "Description",
						statement.FieldUnits:       "Quantity",
						statement.FieldPrice:       "Price",
						statement.FieldFee:         "Fees & Comm",
						statement.FieldAmount:      "Amount",
					},
					DateFormat: statement.DateMDY,
					Decimal:    statement.DecimalPoint,
					Currency:   "USD",
					Types:      txTypes,
					Skip:       []string{"Transactions Total"},
				},
			}},
			Hooks: statement.Hooks{Activity: schwabActivity, Finish: schwabTitle},
		},
		{
			Name: "schwab-positions", Institution: Schwab, Title: "Charles Schwab: positions (CSV)",
			Sections: []statement.Section{
				positions("Qty (Quantity)", "Mkt Val (Market Value)"),
				positions("Quantity", "Market Value"),
			},
			Hooks: statement.Hooks{Row: schwabPositionRow, Position: schwabPosition, Finish: schwabTitle},
		},
	}
}

func schwabActivity(_ string, row *statement.Row, a *integrations.Activity) error {
	switch statement.Words(a.RawType) {
	case "moneylink transfer", "journal", "internal transfer":
		bySign(a, integrations.ActivityTransferIn, integrations.ActivityTransferOut)
	case "security transfer":
		if a.Units.IsNegative() {
			a.Type = integrations.ActivityTransferOut
		}
	case "stock split", "reverse split":
		a.Amount = decimal.Zero
	}
	cashOnly(a)
	return nil
}

// schwabPositionRow turns the cash row into a position of its value and
// skips the totals.
func schwabPositionRow(_ string, row *statement.Row) (bool, error) {
	sym := strings.TrimSpace(row.Get("Symbol"))
	if strings.EqualFold(sym, "Cash & Cash Investments") {
		v := firstOf(row, "Mkt Val (Market Value)", "Market Value")
		for _, c := range []string{"Qty (Quantity)", "Quantity"} {
			if hasColumn(row, c) {
				row.Set(c, v)
			}
		}
		row.Set("Price", "1")
		row.Set("Description", "Cash & Cash Investments")
	}
	// "Incomplete" or "N/A" where Schwab lacks the cost basis.
	if _, _, _, err := statement.ParseNumber(row.Get("Cost Basis"), statement.DecimalPoint); err != nil {
		row.Set("Cost Basis", "")
	}
	return false, nil
}

// schwabTypes type a position by its Security Type (Asset Type in older
// files).
var schwabTypes = []typeWords{
	{integrations.SecurityCash, []string{"cash", "money market"}},
	{integrations.SecurityOption, []string{"option"}},
	{integrations.SecurityETF, []string{"etf"}},
	{integrations.SecurityFund, []string{"mutual fund"}},
	{integrations.SecurityBond, []string{"fixed income", "bond"}},
	{integrations.SecurityEquity, []string{"equity"}},
}

func schwabPosition(_ string, row *statement.Row, p *integrations.Position) error {
	if strings.EqualFold(p.Symbol.Ticker, "Cash & Cash Investments") {
		p.Symbol.Ticker = ""
		p.Symbol.Type = integrations.SecurityCash
	} else if t, ok := securityType(strings.ToLower(firstOf(row, "Security Type", "Asset Type")), schwabTypes); ok {
		p.Symbol.Type = t
	}
	return nil
}

// schwabTitleLine is the title row of both exports: the account's name and
// masked number, and the time of the export.
var schwabTitleLine = regexp.MustCompile(`(?i)^(?:transactions|positions)\s+for\s+account\s+(.*?)\s*\.\.\.\s*([0-9A-Z]{2,})\s+as\s+of\s+(.*)$`)

// schwabTitle names the account from the title row ("...123": Schwab
// writes only the last digits) and dates a positions file by it.
func schwabTitle(t *statement.Table, res *statement.Result) error {
	for _, rec := range t.Records {
		if len(rec.Cells) == 0 {
			continue
		}
		m := schwabTitleLine.FindStringSubmatch(strings.TrimSpace(rec.Cells[0]))
		if m == nil {
			continue
		}
		if from := defaultAccount(res); from != "" {
			id := statement.NewIdentity(Schwab, "…"+m[2], "USD")
			id.Number = "••••" + lastN(m[2], 4)
			res.SetAccount(from, id)
		}
		if res.Preset == "schwab-positions" {
			// "12:33 PM ET, 2025/05/04" or "09:13 PM ET, 02/04/2023".
			when := m[3]
			if i := strings.LastIndex(when, ","); i >= 0 {
				when = when[i+1:]
			}
			if d, err := statement.ParseDate(strings.TrimSpace(when), statement.DateMDY); err == nil {
				res.Dataset.AsOf = d.Time()
			}
		}
		return nil
	}
	return nil
}

func lastN(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}
