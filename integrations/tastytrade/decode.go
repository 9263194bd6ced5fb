package tastytrade

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

var errMalformed = integrations.Malformed("tastytrade")

// envelope is tastytrade's answer: {"data":{...}} or {"data":{"items":[...]}},
// with a pagination block on paged lists.
type envelope struct {
	Data       json.RawMessage `json:"data"`
	Pagination *struct {
		PerPage    int `json:"per-page"`
		PageOffset int `json:"page-offset"`
		TotalItems int `json:"total-items"`
		TotalPages int `json:"total-pages"`
	} `json:"pagination"`
}

func decodeEnvelope(b []byte) (*envelope, error) {
	var e envelope
	if json.Unmarshal(b, &e) != nil || len(e.Data) == 0 || e.Data[0] != '{' {
		return nil, errMalformed
	}
	return &e, nil
}

func (e *envelope) items(v any) error {
	var w struct {
		Items json.RawMessage `json:"items"`
	}
	if json.Unmarshal(e.Data, &w) != nil || len(w.Items) == 0 || w.Items[0] != '[' {
		return errMalformed
	}
	if json.Unmarshal(w.Items, v) != nil {
		return errMalformed
	}
	return nil
}

// amount is a decimal tastytrade writes as a string ("1234.56") or, for
// quantities, as a JSON number; it is read from its text, never through
// float64.
type amount = integrations.Number

// signed applies a "Debit"/"Credit" effect: a debit takes cash out.
func signed(a amount, effect string) decimal.Decimal {
	if strings.EqualFold(effect, "Debit") {
		return a.Decimal.Abs().Neg()
	}
	return a.Decimal.Abs()
}

type wireAccount struct {
	Account struct {
		AccountNumber string `json:"account-number"`
		Nickname      string `json:"nickname"`
		TypeName      string `json:"account-type-name"`
		IsClosed      bool   `json:"is-closed"`
		MarginOrCash  string `json:"margin-or-cash"`
	} `json:"account"`
}

// retirement names the account types that are retirement accounts.
var retirement = []string{"IRA", "ROTH", "SEP", "401", "HSA", "RETIREMENT"}

func decodeAccounts(e *envelope) ([]integrations.Account, []string, error) {
	var w []wireAccount
	if err := e.items(&w); err != nil {
		return nil, nil, err
	}
	var out []integrations.Account
	var numbers []string
	for _, x := range w {
		a := x.Account
		if a.AccountNumber == "" {
			return nil, nil, errMalformed
		}
		cat := integrations.CategoryInvestment
		upper := strings.ToUpper(a.TypeName)
		for _, r := range retirement {
			if strings.Contains(upper, r) {
				cat = integrations.CategoryRetirement
			}
		}
		status := "open"
		if a.IsClosed {
			status = "closed"
		}
		name := strings.TrimSpace(a.Nickname)
		if name == "" || strings.Contains(name, a.AccountNumber) {
			name = strings.TrimSpace(a.TypeName + " " + strings.ToLower(a.MarginOrCash))
		}
		if name == "" {
			name = "tastytrade account"
		}
		raw := a.TypeName
		if a.MarginOrCash != "" {
			raw += " (" + a.MarginOrCash + ")"
		}
		out = append(out, integrations.Account{ID: accountID(a.AccountNumber), Number: integrations.MaskNumber(a.AccountNumber),
			Name: name, RawType: raw, Category: cat, Currency: "USD", Status: status})
		numbers = append(numbers, a.AccountNumber)
	}
	return out, numbers, nil
}

func decodeBalances(e *envelope) ([]integrations.Balance, error) {
	var w struct {
		Cash        amount `json:"cash-balance"`
		NetLiq      amount `json:"net-liquidating-value"`
		EquityBP    amount `json:"equity-buying-power"`
		Currency    string `json:"currency"`
		AccountNumb string `json:"account-number"`
	}
	if json.Unmarshal(e.Data, &w) != nil || !w.Cash.Valid || !w.NetLiq.Valid {
		return nil, errMalformed
	}
	cur := w.Currency
	if cur == "" {
		cur = "USD"
	}
	if len(cur) != 3 || strings.ToUpper(cur) != cur {
		return nil, errMalformed
	}
	return []integrations.Balance{{Currency: cur, Cash: w.Cash.Decimal, BuyingPower: w.EquityBP.Null(), Total: w.NetLiq.Decimal}}, nil
}

type wirePosition struct {
	Symbol     string `json:"symbol"`
	Type       string `json:"instrument-type"`
	Underlying string `json:"underlying-symbol"`
	Quantity   amount `json:"quantity"`
	Direction  string `json:"quantity-direction"`
	Close      amount `json:"close-price"`
	MarkPrice  amount `json:"mark-price"`
	Mark       amount `json:"mark"`
	Average    amount `json:"average-open-price"`
	Multiplier amount `json:"multiplier"`
}

func securityType(t string) integrations.SecurityType {
	switch t {
	case "Equity":
		return integrations.SecurityEquity
	case "Equity Option", "Future Option":
		return integrations.SecurityOption
	case "Cryptocurrency":
		return integrations.SecurityCrypto
	case "Bond", "Fixed Income Security":
		return integrations.SecurityBond
	default: // Future, Warrant, Index, ...
		return integrations.SecurityOther
	}
}

// decodePositions: the units are signed by quantity-direction; the price is
// the mark (sent with include-marks=true) where given, else the previous
// close; the value is units × price ×
// multiplier.
func decodePositions(e *envelope, asOf time.Time) ([]integrations.Position, error) {
	var w []wirePosition
	if err := e.items(&w); err != nil {
		return nil, err
	}
	out := make([]integrations.Position, 0, len(w))
	for _, p := range w {
		if strings.TrimSpace(p.Symbol) == "" || !p.Quantity.Valid {
			return nil, errMalformed
		}
		units := p.Quantity.Decimal.Abs()
		if strings.EqualFold(p.Direction, "Short") {
			units = units.Neg()
		}
		price := p.Close.Decimal
		for _, m := range []amount{p.Mark, p.MarkPrice} {
			if m.Valid && !m.IsZero() {
				price = m.Decimal
			}
		}
		mult := decimal.NewFromInt(1)
		if p.Multiplier.Valid && p.Multiplier.Decimal.IsPositive() {
			mult = p.Multiplier.Decimal
		}
		typ := securityType(p.Type)
		var basis decimal.NullDecimal
		if p.Average.Valid {
			basis = decimal.NewNullDecimal(p.Average.Decimal.Mul(units).Mul(mult).Round(2))
		}
		value := units.Mul(price).Mul(mult).Round(2)
		if p.Type == "Future" {
			value = decimal.Zero // futures are marked to market in cash; their notional is not the account's
		}
		out = append(out, integrations.Position{
			Symbol: integrations.Symbol{Ticker: strings.TrimSpace(p.Symbol), Description: p.Type + " " + strings.TrimSpace(p.Underlying),
				Type: typ, Currency: "USD"},
			Units: units, Price: price, MarketValue: value, AverageCost: p.Average.Null(), CostBasis: basis,
			Currency: "USD", AsOf: asOf,
		})
	}
	return out, nil
}

type wireTransaction struct {
	ID             json.Number `json:"id"`
	Type           string      `json:"transaction-type"`
	SubType        string      `json:"transaction-sub-type"`
	Description    string      `json:"description"`
	ExecutedAt     string      `json:"executed-at"`
	Date           string      `json:"transaction-date"`
	NetValue       amount      `json:"net-value"`
	NetValueEffect string      `json:"net-value-effect"`
	Symbol         string      `json:"symbol"`
	Underlying     string      `json:"underlying-symbol"`
	Action         string      `json:"action"`
	Quantity       amount      `json:"quantity"`
	Price          amount      `json:"price"`
	Commission     amount      `json:"commission"`
	ClearingFees   amount      `json:"clearing-fees"`
	RegulatoryFees amount      `json:"regulatory-fees"`
	IndexFees      amount      `json:"proprietary-index-option-fees"`
}

// transactionType maps tastytrade's type, sub-type and action.
func transactionType(t wireTransaction, net decimal.Decimal) integrations.ActivityType {
	sub := strings.ToLower(t.SubType)
	action := strings.ToLower(t.Action)
	switch t.Type {
	case "Trade":
		switch {
		case strings.HasPrefix(action, "buy"), strings.HasPrefix(sub, "buy"):
			return integrations.ActivityBuy
		case strings.HasPrefix(action, "sell"), strings.HasPrefix(sub, "sell"):
			return integrations.ActivitySell
		}
	case "Money Movement":
		switch {
		case sub == "deposit":
			return integrations.ActivityContribution
		case sub == "withdrawal":
			return integrations.ActivityWithdrawal
		case strings.Contains(sub, "dividend"):
			return integrations.ActivityDividend
		case strings.Contains(sub, "interest"):
			return integrations.ActivityInterest
		case strings.Contains(sub, "withholding"), strings.Contains(sub, "tax"):
			return integrations.ActivityTax
		case sub == "fee", strings.Contains(sub, "fee"):
			return integrations.ActivityFee
		case strings.Contains(sub, "transfer"):
			if net.IsNegative() {
				return integrations.ActivityTransferOut
			}
			if net.IsPositive() {
				return integrations.ActivityTransferIn
			}
		}
	case "Receive Deliver":
		switch {
		case strings.Contains(sub, "split"):
			return integrations.ActivitySplit
		case strings.Contains(sub, "acat"), strings.Contains(sub, "transfer"):
			if net.IsNegative() || strings.HasPrefix(action, "sell") {
				return integrations.ActivityTransferOut
			}
			return integrations.ActivityTransferIn
		}
	}
	return integrations.ActivityOther
}

func decodeTransactions(e *envelope) ([]integrations.Activity, error) {
	var w []wireTransaction
	if err := e.items(&w); err != nil {
		return nil, err
	}
	out := make([]integrations.Activity, 0, len(w))
	for _, t := range w {
		date := t.Date
		if date == "" && len(t.ExecutedAt) >= 10 {
			date = t.ExecutedAt[:10]
		}
		td, err := integrations.ParseDate(date)
		if err != nil || t.ID == "" || t.Type == "" {
			return nil, errMalformed
		}
		net := signed(t.NetValue, t.NetValueEffect)
		fee := t.Commission.Decimal.Abs().Add(t.ClearingFees.Decimal.Abs()).Add(t.RegulatoryFees.Decimal.Abs()).Add(t.IndexFees.Decimal.Abs())
		typ := transactionType(t, net)
		if typ == integrations.ActivityFee && fee.IsZero() {
			fee = net.Abs()
		}
		raw := t.Type
		if t.SubType != "" {
			raw += " / " + t.SubType
		}
		symbol := strings.TrimSpace(t.Symbol)
		if symbol == "" {
			symbol = strings.TrimSpace(t.Underlying)
		}
		out = append(out, integrations.Activity{ID: string(t.ID), Type: typ, RawType: raw, TradeDate: td, Symbol: symbol,
			Units: t.Quantity.Decimal, Price: t.Price.Decimal, Amount: net, Fee: fee, Currency: "USD", Description: t.Description})
	}
	return out, nil
}
