package tradestation

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Wire types of the brokerage API (v3), named as its specification's
// schemas (Account, Balance, Position, HistoricalOrder, Leg, Error). Every
// amount and quantity is a JSON string holding a decimal, read by its text
// (integrations.Number), never through float64.

type wireAccount struct {
	AccountID   string `json:"AccountID"`
	AccountType string `json:"AccountType"`
	Alias       string `json:"Alias"`
	Currency    string `json:"Currency"`
	Status      string `json:"Status"`
}

// wireError is one entry of an answer's Errors: an account the request
// named that could not be read, beside the others' data.
type wireError struct {
	AccountID string `json:"AccountID"`
	Error     string `json:"Error"`
	Message   string `json:"Message"`
}

type wireBalance struct {
	AccountID       string              `json:"AccountID"`
	AccountType     string              `json:"AccountType"`
	CashBalance     integrations.Number `json:"CashBalance"`
	BuyingPower     integrations.Number `json:"BuyingPower"`
	Equity          integrations.Number `json:"Equity"`
	MarketValue     integrations.Number `json:"MarketValue"`
	CurrencyDetails []struct {
		Currency    string              `json:"Currency"`
		CashBalance integrations.Number `json:"CashBalance"`
	} `json:"CurrencyDetails"`
}

type wirePosition struct {
	AccountID         string              `json:"AccountID"`
	AssetType         string              `json:"AssetType"`
	AveragePrice      integrations.Number `json:"AveragePrice"`
	Last              integrations.Number `json:"Last"`
	MarkToMarketPrice integrations.Number `json:"MarkToMarketPrice"`
	MarketValue       integrations.Number `json:"MarketValue"`
	LongShort         string              `json:"LongShort"`
	Quantity          integrations.Number `json:"Quantity"`
	Symbol            string              `json:"Symbol"`
	Timestamp         string              `json:"Timestamp"`
	TotalCost         integrations.Number `json:"TotalCost"`
}

type wireLeg struct {
	AssetType      string              `json:"AssetType"`
	BuyOrSell      string              `json:"BuyOrSell"`
	ExecQuantity   integrations.Number `json:"ExecQuantity"`
	ExecutionPrice integrations.Number `json:"ExecutionPrice"`
	Symbol         string              `json:"Symbol"`
}

type wireOrder struct {
	AccountID      string              `json:"AccountID"`
	OrderID        string              `json:"OrderID"`
	OrderType      string              `json:"OrderType"`
	Status         string              `json:"Status"`
	OpenedDateTime string              `json:"OpenedDateTime"`
	ClosedDateTime string              `json:"ClosedDateTime"`
	FilledPrice    integrations.Number `json:"FilledPrice"`
	CommissionFee  integrations.Number `json:"CommissionFee"`
	Currency       string              `json:"Currency"`
	Legs           []wireLeg           `json:"Legs"`
}

var errMalformed = integrations.Malformed("TradeStation")

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// accountError reads the Errors entry an answer holds for number: the
// account could not be read. Its text names only the error code (a safe
// word), never the message, which may quote the account.
func accountError(errs []wireError, number string) error {
	for _, e := range errs {
		if e.AccountID != number {
			continue
		}
		code := e.Error
		if len(code) > 40 || strings.Trim(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != "" {
			code = "an error"
		}
		if strings.EqualFold(code, "Unauthorized") {
			return integrations.Wrap(integrations.ErrReauthRequired, "TradeStation refused to read the account ("+code+"); sign in again")
		}
		return integrations.Wrap(integrations.ErrUnavailable, "TradeStation could not read the account ("+code+")")
	}
	return nil
}

// account is a decoded account with the number its paths name.
type account struct {
	integrations.Account
	number string
}

func (a account) split() (integrations.Account, acct) {
	return a.Account, acct{number: a.number, currency: a.Currency}
}

var accountNames = map[string]string{"Cash": "Cash account", "Margin": "Margin account", "Futures": "Futures account", "DVP": "DVP account"}

// decodeAccounts reads GET /brokerage/accounts. Crypto accounts are left
// out: their holdings are wallets (another endpoint), not positions.
func decodeAccounts(b []byte, inst string, paper bool) ([]account, error) {
	var w struct {
		Accounts []wireAccount `json:"Accounts"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	out := make([]account, 0, len(w.Accounts))
	for _, a := range w.Accounts {
		if a.AccountID == "" || strings.ContainsAny(a.AccountID, "/,?#% ") {
			return nil, errMalformed
		}
		if strings.EqualFold(a.AccountType, "Crypto") {
			continue
		}
		name := a.Alias
		if name == "" || strings.Contains(name, a.AccountID) {
			name = "TradeStation " + accountNames[a.AccountType]
			if accountNames[a.AccountType] == "" {
				name = "TradeStation account"
			}
		}
		status := a.Status
		switch a.Status {
		case "Active":
			status = "open"
		case "Closed":
			status = "closed"
		}
		cur := strings.ToUpper(strings.TrimSpace(a.Currency))
		if cur == "" {
			cur = "USD"
		}
		out = append(out, account{number: a.AccountID, Account: integrations.Account{
			ID: integrations.AccountHash(inst, a.AccountID), Number: integrations.MaskNumber(a.AccountID), Name: name,
			RawType: a.AccountType, Category: integrations.CategoryInvestment, Currency: cur, Status: status, Paper: paper,
		}})
	}
	return out, nil
}

// decodeBalances reads GET /brokerage/accounts/{number}/balances: one
// balance in the account's currency (cash, buying power, equity).
func decodeBalances(b []byte, number, currency string) ([]integrations.Balance, error) {
	var w struct {
		Balances []wireBalance `json:"Balances"`
		Errors   []wireError   `json:"Errors"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	if err := accountError(w.Errors, number); err != nil {
		return nil, err
	}
	for _, bal := range w.Balances {
		if bal.AccountID != number {
			continue
		}
		if !bal.CashBalance.Valid || !bal.Equity.Valid {
			return nil, errMalformed
		}
		return []integrations.Balance{{Currency: currency, Cash: bal.CashBalance.Decimal, BuyingPower: bal.BuyingPower.Null(),
			Total: bal.Equity.Decimal}}, nil
	}
	return nil, errMalformed
}

func securityType(asset string) integrations.SecurityType {
	switch strings.ToUpper(asset) {
	case "STOCK":
		return integrations.SecurityEquity
	case "STOCKOPTION", "INDEXOPTION", "FUTUREOPTION", "CURRENCYOPTION":
		return integrations.SecurityOption
	case "CRYPTO":
		return integrations.SecurityCrypto
	}
	return integrations.SecurityOther
}

// parseTime reads the API's times: RFC 3339 ("2021-02-24T15:47:45Z").
func parseTime(s string) (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// decodePositions reads GET /brokerage/accounts/{number}/positions. A
// position comes priced: Last, MarketValue, AveragePrice and TotalCost;
// LongShort says its side (the units are negative for a short, whatever
// the sign of Quantity).
func decodePositions(b []byte, number, currency string, asOf time.Time) ([]integrations.Position, error) {
	var w struct {
		Positions []wirePosition `json:"Positions"`
		Errors    []wireError    `json:"Errors"`
	}
	if err := decode(b, &w); err != nil {
		return nil, err
	}
	if err := accountError(w.Errors, number); err != nil {
		return nil, err
	}
	out := make([]integrations.Position, 0, len(w.Positions))
	for _, p := range w.Positions {
		if p.AccountID != "" && p.AccountID != number {
			continue
		}
		ticker := strings.TrimSpace(p.Symbol)
		if ticker == "" || !p.Quantity.Valid {
			return nil, errMalformed
		}
		units := p.Quantity.Abs()
		if strings.EqualFold(p.LongShort, "Short") {
			units = units.Neg()
		}
		price := p.Last
		if !price.Valid {
			price = p.MarkToMarketPrice
		}
		at := asOf
		if t, ok := parseTime(p.Timestamp); ok {
			at = t
		}
		out = append(out, integrations.Position{
			Symbol: integrations.Symbol{Ticker: ticker, Type: securityType(p.AssetType), Currency: currency},
			Units:  units, Price: price.OrZero(), MarketValue: p.MarketValue.OrZero(),
			AverageCost: p.AveragePrice.Null(), CostBasis: p.TotalCost.Null(), Currency: currency, AsOf: at,
		})
	}
	return out, nil
}

// multiplier is the units-to-value factor of a leg's asset: 100 for equity
// and index options; 0 (unknown) for futures and their options, whose
// point value the order does not carry.
func multiplier(asset string) decimal.Decimal {
	switch strings.ToUpper(asset) {
	case "STOCKOPTION", "INDEXOPTION":
		return decimal.NewFromInt(100)
	case "FUTURE", "FUTUREOPTION":
		return decimal.Zero
	}
	return decimal.NewFromInt(1)
}

// side maps a leg's BuyOrSell: Buy, BuyToCover, BuyToOpen, BuyToClose are
// buys; Sell, SellShort, SellToOpen, SellToClose sells.
func side(s string) (integrations.ActivityType, bool) {
	switch {
	case strings.HasPrefix(strings.ToLower(s), "buy"):
		return integrations.ActivityBuy, true
	case strings.HasPrefix(strings.ToLower(s), "sell"):
		return integrations.ActivitySell, true
	}
	return integrations.ActivityOther, false
}

// decodeOrders reads a page of GET historicalorders or orders: an activity
// per leg that executed (ExecQuantity above zero), and the next page's
// token ("" on the last). Orders that never filled are no activity.
func decodeOrders(b []byte, number, currency string) ([]integrations.Activity, string, error) {
	var w struct {
		Orders    []wireOrder `json:"Orders"`
		Errors    []wireError `json:"Errors"`
		NextToken string      `json:"NextToken"`
	}
	if err := decode(b, &w); err != nil {
		return nil, "", err
	}
	if err := accountError(w.Errors, number); err != nil {
		return nil, "", err
	}
	var out []integrations.Activity
	for _, o := range w.Orders {
		if o.AccountID != "" && o.AccountID != number {
			continue
		}
		if o.OrderID == "" {
			return nil, "", errMalformed
		}
		when, ok := parseTime(o.ClosedDateTime)
		if !ok {
			if when, ok = parseTime(o.OpenedDateTime); !ok {
				return nil, "", errMalformed
			}
		}
		cur := strings.ToUpper(strings.TrimSpace(o.Currency))
		if cur == "" {
			cur = currency
		}
		fee := o.CommissionFee.OrZero().Abs()
		filled := 0
		for i, l := range o.Legs {
			qty := l.ExecQuantity.OrZero().Abs()
			if qty.IsZero() {
				continue
			}
			typ, known := side(l.BuyOrSell)
			price := l.ExecutionPrice
			if !price.Valid || price.IsZero() {
				price = o.FilledPrice
			}
			value := qty.Mul(price.OrZero()).Mul(multiplier(l.AssetType)).Round(2)
			units, amount := integrations.Traded(typ, qty, value, decimal.Zero)
			legFee := decimal.Zero
			if filled == 0 {
				legFee = fee
				if !value.IsZero() {
					amount = amount.Sub(fee)
				}
			}
			filled++
			id := o.OrderID
			if len(o.Legs) > 1 {
				id = fmt.Sprintf("%s/%d", o.OrderID, i+1)
			}
			raw := l.BuyOrSell
			if !known && raw == "" {
				raw = "order"
			}
			out = append(out, integrations.Activity{
				ID: id, Type: typ, RawType: raw, TradeDate: integrations.DateOf(when), Symbol: strings.TrimSpace(l.Symbol),
				Units: units, Price: price.OrZero(), Amount: amount, Fee: legFee, Currency: cur,
				Description: strings.TrimSpace(fmt.Sprintf("%s %s %s @ %s (%s order)", l.BuyOrSell, qty, strings.TrimSpace(l.Symbol), price.OrZero(), o.OrderType)),
			})
		}
	}
	return out, w.NextToken, nil
}
