package saxo

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

var errMalformed = integrations.Malformed("Saxo")

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// list is Saxo's list envelope: {"__count","__next","Data":[...]}.
type list struct {
	Count *json.Number      `json:"__count"`
	Next  string            `json:"__next"`
	Data  []json.RawMessage `json:"Data"`
}

// Wire types of the OpenAPI (PascalCase; numbers kept as their text).

type wireAccount struct {
	AccountID   string `json:"AccountId"`
	AccountKey  string `json:"AccountKey"`
	AccountType string `json:"AccountType"`
	SubType     string `json:"AccountSubType"`
	Active      *bool  `json:"Active"`
	Currency    string `json:"Currency"`
	DisplayName string `json:"DisplayName"`
}

type wireBalance struct {
	CashBalance               integrations.Number `json:"CashBalance"`
	CashAvailableForTrading   integrations.Number `json:"CashAvailableForTrading"`
	MarginAvailableForTrading integrations.Number `json:"MarginAvailableForTrading"`
	TotalValue                integrations.Number `json:"TotalValue"`
	Currency                  string              `json:"Currency"`
}

type wirePosition struct {
	PositionID   string `json:"PositionId"`
	PositionBase *struct {
		Amount    integrations.Number `json:"Amount"`
		AssetType string              `json:"AssetType"`
		OpenPrice integrations.Number `json:"OpenPrice"`
	} `json:"PositionBase"`
	PositionView *struct {
		CurrentPrice    integrations.Number `json:"CurrentPrice"`
		MarketValue     integrations.Number `json:"MarketValue"`
		MarketValueOpen integrations.Number `json:"MarketValueOpen"`
	} `json:"PositionView"`
	DisplayAndFormat *struct {
		Symbol      string `json:"Symbol"`
		Description string `json:"Description"`
		Currency    string `json:"Currency"`
	} `json:"DisplayAndFormat"`
}

type wireBooking struct {
	AccountCurrency       string              `json:"AccountCurrency"`
	Amount                integrations.Number `json:"Amount"`
	AmountAccountCurrency integrations.Number `json:"AmountAccountCurrency"`
	BkAmountID            string              `json:"BkAmountId"`
	BkAmountType          string              `json:"BkAmountType"`
	Currency              string              `json:"Currency"`
	Date                  string              `json:"Date"`
	ValueDate             string              `json:"ValueDate"`
	InstrumentSymbol      string              `json:"InstrumentSymbol"`
	InstrumentDescription string              `json:"InstrumentDescription"`
}

var categories = map[string]integrations.Category{
	"Normal": integrations.CategoryInvestment, "TaxSaving": integrations.CategoryInvestment,
	"Pension": integrations.CategoryRetirement, "Pensions": integrations.CategoryRetirement,
}

// decodeAccounts reads GET /port/v1/accounts/me.
func decodeAccounts(b []byte, institution string) ([]integrations.Account, error) {
	var w struct {
		Data []wireAccount `json:"Data"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	if w.Data == nil {
		return nil, errMalformed
	}
	out := make([]integrations.Account, 0, len(w.Data))
	for _, a := range w.Data {
		if a.AccountKey == "" || a.AccountID == "" || !integrations.IsCurrencyCode(a.Currency) {
			return nil, errMalformed
		}
		cat, ok := categories[a.AccountType]
		if !ok {
			cat = integrations.CategoryInvestment
		}
		status := "open"
		if a.Active != nil && !*a.Active {
			status = "inactive"
		}
		name := strings.TrimSpace(a.DisplayName)
		if name == "" || strings.Contains(name, a.AccountID) {
			name = institution + " " + a.Currency + " account"
		}
		out = append(out, integrations.Account{ID: a.AccountKey, Number: integrations.MaskNumber(a.AccountID), Name: name,
			RawType: a.AccountType, Category: cat, Currency: a.Currency, Status: status})
	}
	return out, nil
}

// decodeBalances reads GET /port/v1/balances: one balance in the account's
// currency.
func decodeBalances(b []byte) ([]integrations.Balance, error) {
	var w wireBalance
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	if !integrations.IsCurrencyCode(w.Currency) || !w.CashBalance.Valid {
		return nil, errMalformed
	}
	bp := w.CashAvailableForTrading
	if !bp.Valid {
		bp = w.MarginAvailableForTrading
	}
	total := w.TotalValue
	if !total.Valid {
		total = w.CashBalance
	}
	return []integrations.Balance{{Currency: w.Currency, Cash: w.CashBalance.Decimal, BuyingPower: bp.Null(), Total: total.Decimal}}, nil
}

func securityType(asset string) integrations.SecurityType {
	switch asset {
	case "Stock":
		return integrations.SecurityEquity
	case "Etf", "Etc", "Etn":
		return integrations.SecurityETF
	case "MutualFund":
		return integrations.SecurityFund
	case "Bond":
		return integrations.SecurityBond
	case "StockOption", "StockIndexOption", "FuturesOption", "FxVanillaOption":
		return integrations.SecurityOption
	case "FxSpot", "CashDeposit":
		return integrations.SecurityCash
	default:
		return integrations.SecurityOther
	}
}

// splitSymbol splits Saxo's "AAPL:xnas" into the ticker and the exchange.
func splitSymbol(s string) (ticker, exchange string) {
	t, ex, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return t, ""
	}
	return t, strings.ToUpper(ex)
}

// decodePosition reads one row of GET /port/v1/positions.
func decodePosition(b []byte, asOf time.Time) (integrations.Position, error) {
	var w wirePosition
	if err := decode(b, &w); err != nil {
		return integrations.Position{}, err
	}
	if w.PositionBase == nil || w.PositionView == nil || w.DisplayAndFormat == nil || w.DisplayAndFormat.Symbol == "" ||
		!integrations.IsCurrencyCode(w.DisplayAndFormat.Currency) {
		return integrations.Position{}, errMalformed
	}
	ticker, exchange := splitSymbol(w.DisplayAndFormat.Symbol)
	if strings.TrimSpace(ticker) == "" {
		return integrations.Position{}, errMalformed
	}
	return integrations.Position{
		Symbol: integrations.Symbol{Ticker: ticker, Description: w.DisplayAndFormat.Description,
			Type: securityType(w.PositionBase.AssetType), Exchange: exchange, Currency: w.DisplayAndFormat.Currency},
		Units: w.PositionBase.Amount.OrZero(), Price: w.PositionView.CurrentPrice.OrZero(),
		MarketValue: w.PositionView.MarketValue.OrZero(), AverageCost: w.PositionBase.OpenPrice.Null(),
		CostBasis: w.PositionView.MarketValueOpen.Null(), Currency: w.DisplayAndFormat.Currency, AsOf: asOf,
	}, nil
}

// bookingType maps a BkAmountType: by its words, then by the amount's sign.
func bookingType(raw string, amount decimal.Decimal) integrations.ActivityType {
	t := strings.ToLower(raw)
	has := integrations.Words(raw)
	switch {
	case t == "share amount":
		switch {
		case amount.IsNegative():
			return integrations.ActivityBuy
		case amount.IsPositive():
			return integrations.ActivitySell
		}
	case has("tax", "stamp duty"):
		return integrations.ActivityTax
	case has("dividend"):
		return integrations.ActivityDividend
	case has("commission", "fee", "charge", "cost"):
		return integrations.ActivityFee
	case has("interest"):
		return integrations.ActivityInterest
	case has("split"):
		return integrations.ActivitySplit
	case t == "cash amount" || has("deposit", "withdrawal", "cash transfer"):
		switch {
		case amount.IsPositive():
			return integrations.ActivityContribution
		case amount.IsNegative():
			return integrations.ActivityWithdrawal
		}
	case has("transfer"):
		switch {
		case amount.IsPositive():
			return integrations.ActivityTransferIn
		case amount.IsNegative():
			return integrations.ActivityTransferOut
		}
	}
	return integrations.ActivityOther
}

// decodeBooking reads one row of the bookings report. The amount is in the
// account's currency where Saxo gives it (the cash it moved), else in the
// booking's own.
func decodeBooking(b []byte) (integrations.Activity, error) {
	var w wireBooking
	if err := decode(b, &w); err != nil {
		return integrations.Activity{}, err
	}
	td, err := integrations.ParseDate(strings.TrimSpace(firstN(w.Date, 10)))
	if err != nil || w.BkAmountID == "" || w.BkAmountType == "" {
		return integrations.Activity{}, errMalformed
	}
	var sd integrations.Date
	if w.ValueDate != "" {
		if sd, err = integrations.ParseDate(firstN(w.ValueDate, 10)); err != nil {
			return integrations.Activity{}, errMalformed
		}
		if sd < td {
			sd = ""
		}
	}
	amount, currency := w.Amount.OrZero(), w.Currency
	if w.AmountAccountCurrency.Valid && integrations.IsCurrencyCode(w.AccountCurrency) {
		amount, currency = w.AmountAccountCurrency.Decimal, w.AccountCurrency
	}
	if !integrations.IsCurrencyCode(currency) {
		return integrations.Activity{}, errMalformed
	}
	typ := bookingType(w.BkAmountType, amount)
	fee := decimal.Zero
	if typ == integrations.ActivityFee {
		fee = amount.Abs()
	}
	ticker, _ := splitSymbol(w.InstrumentSymbol)
	desc := w.BkAmountType
	if w.InstrumentDescription != "" {
		desc += " · " + w.InstrumentDescription
	}
	return integrations.Activity{ID: w.BkAmountID, Type: typ, RawType: w.BkAmountType, TradeDate: td, SettlementDate: sd,
		Symbol: ticker, Amount: amount, Fee: fee, Currency: currency, Description: desc}, nil
}

func firstN(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
