package public

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// Wire types of Public's API, as the official SDK models them
// (PublicDotCom/publicdotcom-py src/public_api_sdk/models/account.py,
// portfolio.py, history.py): every amount a decimal string.

var errMalformed = integrations.Malformed("Public.com")

type wireAccount struct {
	AccountID            string `json:"accountId"`
	AccountType          string `json:"accountType"`
	BrokerageAccountType string `json:"brokerageAccountType"`
}

type wireEquity struct {
	Type  string          `json:"type"`
	Value decimal.Decimal `json:"value"`
}

type wirePortfolio struct {
	AccountID   string `json:"accountId"`
	BuyingPower *struct {
		BuyingPower decimal.Decimal `json:"buyingPower"`
	} `json:"buyingPower"`
	Equity            []wireEquity        `json:"equity"`
	Cash              decimal.NullDecimal `json:"cash"`
	TotalAccountValue decimal.NullDecimal `json:"totalAccountValue"`
	Positions         []struct {
		Instrument struct {
			Symbol string `json:"symbol"`
			Name   string `json:"name"`
			Type   string `json:"type"`
		} `json:"instrument"`
		Quantity     decimal.Decimal     `json:"quantity"`
		CurrentValue decimal.NullDecimal `json:"currentValue"`
		LastPrice    *struct {
			LastPrice decimal.NullDecimal `json:"lastPrice"`
			Timestamp *time.Time          `json:"timestamp"`
		} `json:"lastPrice"`
		CostBasis *struct {
			TotalCost decimal.NullDecimal `json:"totalCost"`
			UnitCost  decimal.NullDecimal `json:"unitCost"`
		} `json:"costBasis"`
	} `json:"positions"`
}

type wireTransaction struct {
	ID              string              `json:"id"`
	Timestamp       time.Time           `json:"timestamp"`
	Type            string              `json:"type"`
	SubType         string              `json:"subType"`
	Symbol          string              `json:"symbol"`
	SecurityType    string              `json:"securityType"`
	Side            string              `json:"side"`
	Description     string              `json:"description"`
	NetAmount       decimal.NullDecimal `json:"netAmount"`
	PrincipalAmount decimal.NullDecimal `json:"principalAmount"`
	Quantity        decimal.NullDecimal `json:"quantity"`
	Direction       string              `json:"direction"`
	Fees            decimal.NullDecimal `json:"fees"`
}

func saneNull(ds ...decimal.NullDecimal) bool {
	for _, d := range ds {
		if d.Valid && !integrations.SaneDecimals(d.Decimal) {
			return false
		}
	}
	return true
}

var accountTypes = map[string]struct {
	name string
	cat  integrations.Category
}{
	"BROKERAGE":       {"Brokerage", integrations.CategoryInvestment},
	"HIGH_YIELD":      {"High-Yield Cash", integrations.CategoryCash},
	"BOND_ACCOUNT":    {"Bond Account", integrations.CategoryInvestment},
	"RIA_ASSET":       {"Managed Account", integrations.CategoryInvestment},
	"TREASURY":        {"Treasury Account", integrations.CategoryInvestment},
	"TRADITIONAL_IRA": {"Traditional IRA", integrations.CategoryRetirement},
	"ROTH_IRA":        {"Roth IRA", integrations.CategoryRetirement},
}

// decodeAccounts returns the accounts and their full numbers.
func decodeAccounts(b []byte) ([]integrations.Account, []string, error) {
	var w struct {
		Accounts []wireAccount `json:"accounts"`
	}
	if json.Unmarshal(b, &w) != nil {
		return nil, nil, errMalformed
	}
	var out []integrations.Account
	var numbers []string
	for _, a := range w.Accounts {
		if a.AccountID == "" {
			return nil, nil, errMalformed
		}
		t, ok := accountTypes[a.AccountType]
		if !ok {
			t.name, t.cat = "Account", integrations.CategoryInvestment
		}
		name := "Public " + t.name
		if a.BrokerageAccountType == "MARGIN" {
			name += " (margin)"
		}
		out = append(out, integrations.Account{ID: accountID(a.AccountID), Number: integrations.MaskNumber(a.AccountID), Name: name,
			RawType: a.AccountType, Category: t.cat, Currency: "USD", Status: "open"})
		numbers = append(numbers, a.AccountID)
	}
	return out, numbers, nil
}

func decodePortfolio(b []byte) (wirePortfolio, error) {
	var p wirePortfolio
	if json.Unmarshal(b, &p) != nil {
		return p, errMalformed
	}
	if !saneNull(p.Cash, p.TotalAccountValue) {
		return p, errMalformed
	}
	for _, e := range p.Equity {
		if !integrations.SaneDecimals(e.Value) {
			return p, errMalformed
		}
	}
	if p.BuyingPower != nil && !integrations.SaneDecimals(p.BuyingPower.BuyingPower) {
		return p, errMalformed
	}
	return p, nil
}

func (p wirePortfolio) balances() []integrations.Balance {
	cash, total := decimal.Zero, decimal.Zero
	for _, e := range p.Equity {
		if e.Type == "CASH" {
			cash = cash.Add(e.Value)
		}
		total = total.Add(e.Value)
	}
	if p.Cash.Valid {
		cash = p.Cash.Decimal
	}
	if p.TotalAccountValue.Valid {
		total = p.TotalAccountValue.Decimal
	}
	bal := integrations.Balance{Currency: "USD", Cash: cash, Total: total}
	if p.BuyingPower != nil {
		bal.BuyingPower = decimal.NewNullDecimal(p.BuyingPower.BuyingPower)
	}
	return []integrations.Balance{bal}
}

var securityTypes = map[string]integrations.SecurityType{
	"EQUITY": integrations.SecurityEquity, "OPTION": integrations.SecurityOption, "CRYPTO": integrations.SecurityCrypto,
	"TREASURY": integrations.SecurityBond, "BOND": integrations.SecurityBond,
}

func (p wirePortfolio) positions(asOf time.Time) ([]integrations.Position, error) {
	out := make([]integrations.Position, 0, len(p.Positions))
	for _, x := range p.Positions {
		in := x.Instrument
		if in.Symbol == "" || !integrations.SaneDecimals(x.Quantity) || !saneNull(x.CurrentValue) {
			return nil, errMalformed
		}
		typ, ok := securityTypes[in.Type]
		if !ok {
			typ = integrations.SecurityOther
		}
		pos := integrations.Position{
			Symbol:   integrations.Symbol{Ticker: in.Symbol, Description: in.Name, Type: typ, Currency: "USD"},
			Units:    x.Quantity,
			Currency: "USD", AsOf: asOf.UTC().Truncate(time.Second),
		}
		if x.LastPrice != nil {
			if !saneNull(x.LastPrice.LastPrice) {
				return nil, errMalformed
			}
			pos.Price = x.LastPrice.LastPrice.Decimal
			if x.LastPrice.Timestamp != nil && !x.LastPrice.Timestamp.IsZero() {
				pos.AsOf = x.LastPrice.Timestamp.UTC()
			}
		}
		if x.CurrentValue.Valid {
			pos.MarketValue = x.CurrentValue.Decimal
		}
		if x.CostBasis != nil {
			if !saneNull(x.CostBasis.TotalCost, x.CostBasis.UnitCost) {
				return nil, errMalformed
			}
			pos.CostBasis, pos.AverageCost = x.CostBasis.TotalCost, x.CostBasis.UnitCost
		}
		out = append(out, pos)
	}
	return out, nil
}

// activityType maps a history row's type, subtype, side and direction.
func activityType(t wireTransaction) integrations.ActivityType {
	switch t.Type {
	case "TRADE":
		switch t.Side {
		case "BUY":
			return integrations.ActivityBuy
		case "SELL":
			return integrations.ActivitySell
		}
		return integrations.ActivityOther
	case "MONEY_MOVEMENT":
		switch t.SubType {
		case "DEPOSIT":
			return integrations.ActivityContribution
		case "WITHDRAWAL":
			return integrations.ActivityWithdrawal
		case "DIVIDEND":
			return integrations.ActivityDividend
		case "INTEREST":
			return integrations.ActivityInterest
		case "FEE":
			return integrations.ActivityFee
		case "TRANSFER", "TREASURY_BILL_TRANSFER":
			if t.Direction == "OUTGOING" || (t.NetAmount.Valid && t.NetAmount.Decimal.IsNegative()) {
				return integrations.ActivityTransferOut
			}
			return integrations.ActivityTransferIn
		}
	}
	return integrations.ActivityOther
}

func decodeHistory(b []byte) ([]integrations.Activity, string, error) {
	var w struct {
		Transactions []wireTransaction `json:"transactions"`
		NextToken    *string           `json:"nextToken"`
	}
	if json.Unmarshal(b, &w) != nil {
		return nil, "", errMalformed
	}
	out := make([]integrations.Activity, 0, len(w.Transactions))
	for _, t := range w.Transactions {
		if t.ID == "" || t.Type == "" || t.Timestamp.IsZero() || !saneNull(t.NetAmount, t.PrincipalAmount, t.Quantity, t.Fees) {
			return nil, "", errMalformed
		}
		typ := activityType(t)
		raw := t.Type
		if t.SubType != "" && t.SubType != t.Type {
			raw += "/" + t.SubType
		}
		amt := t.NetAmount.Decimal
		switch {
		case t.Direction == "OUTGOING":
			amt = amt.Abs().Neg()
		case t.Direction == "INCOMING":
			amt = amt.Abs()
		}
		switch typ {
		case integrations.ActivityBuy, integrations.ActivityWithdrawal, integrations.ActivityFee:
			amt = amt.Abs().Neg()
		case integrations.ActivitySell, integrations.ActivityContribution:
			amt = amt.Abs()
		}
		units := t.Quantity.Decimal
		if typ == integrations.ActivitySell {
			units = units.Abs().Neg()
		}
		var price decimal.Decimal
		if t.PrincipalAmount.Valid && !units.IsZero() && (typ == integrations.ActivityBuy || typ == integrations.ActivitySell) {
			price = t.PrincipalAmount.Decimal.Abs().DivRound(units.Abs(), 6)
		}
		desc := t.Description
		if desc == "" {
			desc = strings.ToLower(strings.ReplaceAll(raw, "_", " "))
		}
		out = append(out, integrations.Activity{ID: t.ID, Type: typ, RawType: raw,
			TradeDate: integrations.DateOf(t.Timestamp.UTC()), Symbol: t.Symbol, Units: units, Price: price,
			Amount: amt, Fee: t.Fees.Decimal.Abs(), Currency: "USD", Description: desc})
	}
	next := ""
	if w.NextToken != nil {
		next = *w.NextToken
	}
	return out, next, nil
}
