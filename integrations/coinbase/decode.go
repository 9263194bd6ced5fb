package coinbase

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// errMalformed is an answer that could not be understood.
var errMalformed = integrations.Wrap(integrations.ErrUnavailable, "malformed answer from Coinbase")

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

// wireMoney is Coinbase's money hash: {"amount":"0.01","currency":"BTC"}.
type wireMoney struct {
	Amount   num    `json:"amount"`
	Currency string `json:"currency"`
}

// wireCurrency is an account's currency: an object {"code":"BTC",
// "type":"crypto",...} in current API versions, a bare code string in old
// ones.
type wireCurrency struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Type string `json:"type"`
}

func (c *wireCurrency) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &c.Code)
	}
	type plain wireCurrency
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*c = wireCurrency(p)
	return nil
}

// wireUser is GET /v2/user's data.
type wireUser struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Username       string `json:"username"`
	NativeCurrency string `json:"native_currency"`
}

// wireAccount is one of GET /v2/accounts' accounts: a wallet in one
// currency.
type wireAccount struct {
	ID        string       `json:"id"`
	Name      string       `json:"name"`
	Primary   bool         `json:"primary"`
	Type      string       `json:"type"` // wallet, fiat, vault
	Currency  wireCurrency `json:"currency"`
	Balance   wireMoney    `json:"balance"`
	CreatedAt *string      `json:"created_at"`
}

// wirePagination is the pagination object of a list answer.
type wirePagination struct {
	NextURI *string `json:"next_uri"`
}

// wireTransaction is one of GET /v2/accounts/:id/transactions' data.
type wireTransaction struct {
	ID           string     `json:"id"`
	Type         string     `json:"type"`
	Status       string     `json:"status"`
	Amount       wireMoney  `json:"amount"`
	NativeAmount *wireMoney `json:"native_amount"`
	Description  *string    `json:"description"`
	CreatedAt    string     `json:"created_at"`
	Details      *struct {
		Title    string `json:"title"`
		Subtitle string `json:"subtitle"`
	} `json:"details"`
	AdvancedTradeFill *struct {
		FillPrice  num    `json:"fill_price"`
		ProductID  string `json:"product_id"`
		Commission num    `json:"commission"`
		OrderSide  string `json:"order_side"`
	} `json:"advanced_trade_fill"`
}

// wirePrice is GET /v2/prices/:pair/spot's data.
type wirePrice struct {
	Amount   num    `json:"amount"`
	Base     string `json:"base"`
	Currency string `json:"currency"`
}

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// code normalises a currency code; "" if it is not a plausible one.
func code(s string) string {
	if s = strings.ToUpper(strings.TrimSpace(s)); !cryptokit.ValidCode(s) {
		return ""
	}
	return s
}

// decodeUser reads GET /v2/user.
func decodeUser(b []byte) (wireUser, error) {
	var w struct {
		Data *wireUser `json:"data"`
	}
	if err := decode(b, &w); err != nil {
		return wireUser{}, err
	}
	if w.Data == nil || strings.TrimSpace(w.Data.ID) == "" {
		return wireUser{}, errMalformed
	}
	u := *w.Data
	if u.NativeCurrency = code(u.NativeCurrency); u.NativeCurrency == "" {
		u.NativeCurrency = "USD"
	}
	return u, nil
}

// accountOf is the one Latchkey account of a Coinbase login: every wallet of
// the user, valued in their native currency.
func accountOf(u wireUser) integrations.Account {
	name := "Coinbase"
	return integrations.Account{
		ID:       u.ID,
		Number:   maskID(u.ID),
		Name:     name,
		RawType:  "coinbase_user",
		Category: integrations.CategoryCrypto,
		Currency: u.NativeCurrency,
		Status:   "open",
	}
}

// maskID shows only the last four characters of an id.
func maskID(id string) string {
	r := []rune(strings.ReplaceAll(id, "-", ""))
	if len(r) > 4 {
		r = r[len(r)-4:]
	}
	return "••••" + string(r)
}

// decodeAccounts reads one page of GET /v2/accounts.
func decodeAccounts(b []byte) ([]wireAccount, string, error) {
	var w struct {
		Pagination *wirePagination `json:"pagination"`
		Data       []wireAccount   `json:"data"`
	}
	if err := decode(b, &w); err != nil {
		return nil, "", err
	}
	if w.Data == nil {
		return nil, "", errMalformed
	}
	for i, a := range w.Data {
		if a.ID == "" || !a.Balance.Amount.Valid {
			return nil, "", errMalformed
		}
		c := code(a.Currency.Code)
		if c == "" {
			c = code(a.Balance.Currency)
		}
		if c == "" {
			return nil, "", errMalformed
		}
		w.Data[i].Currency.Code = c
	}
	return w.Data, next(w.Pagination), nil
}

func next(p *wirePagination) string {
	if p == nil || p.NextURI == nil {
		return ""
	}
	return strings.TrimSpace(*p.NextURI)
}

// decodeTransactions reads one page of GET /v2/accounts/:id/transactions.
func decodeTransactions(b []byte) ([]wireTransaction, string, error) {
	var w struct {
		Pagination *wirePagination   `json:"pagination"`
		Data       []wireTransaction `json:"data"`
	}
	if err := decode(b, &w); err != nil {
		return nil, "", err
	}
	if w.Data == nil {
		return nil, "", errMalformed
	}
	for _, t := range w.Data {
		if t.ID == "" || t.Type == "" || !t.Amount.Amount.Valid {
			return nil, "", errMalformed
		}
		if _, err := time.Parse(time.RFC3339, t.CreatedAt); err != nil {
			return nil, "", errMalformed
		}
	}
	return w.Data, next(w.Pagination), nil
}

// decodePrice reads GET /v2/prices/:pair/spot.
func decodePrice(b []byte) (decimal.Decimal, error) {
	var w struct {
		Data *wirePrice `json:"data"`
	}
	if err := decode(b, &w); err != nil {
		return decimal.Zero, err
	}
	if w.Data == nil || !w.Data.Amount.Valid || w.Data.Amount.Decimal.IsNegative() {
		return decimal.Zero, errMalformed
	}
	return w.Data.Amount.Decimal, nil
}

// isFiat reports whether a wallet holds a fiat currency (its cash).
func isFiat(a wireAccount) bool {
	return a.Type == "fiat" || strings.EqualFold(a.Currency.Type, "fiat")
}

// holdings splits wallets into cash balances (fiat wallets) and crypto
// positions valued at prices (spot prices in native, by currency code).
// A crypto without a price is PriceUnknown, with a zero price and value.
func holdings(wallets []wireAccount, native string, prices map[string]decimal.Decimal, asOf time.Time) ([]integrations.Balance, []integrations.Position) {
	cash := map[string]decimal.Decimal{}
	var order []string
	addCash := func(c string, d decimal.Decimal) {
		if _, ok := cash[c]; !ok {
			order = append(order, c)
		}
		cash[c] = cash[c].Add(d)
	}
	held := decimal.Zero
	var pos []integrations.Position
	for _, w := range wallets {
		units := w.Balance.Amount.Decimal
		c := w.Currency.Code
		if isFiat(w) {
			addCash(c, units)
			continue
		}
		if units.IsZero() {
			continue
		}
		desc := w.Currency.Name
		if desc == "" {
			desc = w.Name
		}
		p := integrations.Position{
			Symbol: integrations.Symbol{Ticker: c, Description: desc, Type: integrations.SecurityCrypto, Currency: native},
			Units:  units, Currency: native, AsOf: asOf.UTC(),
		}
		if price, ok := prices[c]; ok {
			p.Price, p.MarketValue = price, units.Mul(price).Round(2)
			held = held.Add(p.MarketValue)
		} else {
			p.PriceUnknown = true
		}
		pos = append(pos, p)
	}
	if _, ok := cash[native]; !ok {
		addCash(native, decimal.Zero)
	}
	bals := make([]integrations.Balance, 0, len(order))
	for _, c := range order {
		total := cash[c]
		if c == native {
			total = total.Add(held)
		}
		bals = append(bals, integrations.Balance{Currency: c, Cash: cash[c], BuyingPower: decimal.NewNullDecimal(cash[c]), Total: total})
	}
	return bals, pos
}

// transactionTypes maps Coinbase transaction types that are not trades. A
// type missing here is OTHER. Trades (buy, sell, trade, advanced_trade_fill)
// are mapped by the sign of the amount.
// The types are the documented list (docs.cdp.coinbase.com coinbase-app
// track-apis transactions, "Transaction Types"); staking_reward,
// inflation_reward and interest are older types still found in histories.
var transactionTypes = map[string]integrations.ActivityType{
	"fiat_deposit":              integrations.ActivityContribution,
	"fiat_withdrawal":           integrations.ActivityWithdrawal,
	"receive":                   integrations.ActivityTransferIn,
	"staking_reward":            integrations.ActivityInterest,
	"inflation_reward":          integrations.ActivityInterest,
	"earn_payout":               integrations.ActivityInterest,
	"incentives_rewards_payout": integrations.ActivityInterest,
	"interest":                  integrations.ActivityInterest,
	"subscription":              integrations.ActivityFee,
	"send":                      integrations.ActivityTransferOut, // a positive send is an incoming one
	"intx_deposit":              integrations.ActivityTransferOut, // to the user's international account
	"intx_withdrawal":           integrations.ActivityTransferIn,  // from it
	"transfer":                  integrations.ActivityOther,
	"staking_transfer":          integrations.ActivityOther,
	"unstaking_transfer":        integrations.ActivityOther,
}

// signed are the movement types whose direction is the amount's sign.
var signed = map[string]bool{"send": true, "intx_deposit": true, "intx_withdrawal": true}

// tradeTypes are the transaction types that exchange one currency for
// another.
var tradeTypes = map[string]bool{"buy": true, "sell": true, "trade": true, "advanced_trade_fill": true}

// activity maps one completed transaction of wallet w to an activity; ok is
// false for rows that are not activities of their own (pending or failed
// transactions, and the fiat leg of a trade, whose crypto leg carries it).
func activity(w wireAccount, t wireTransaction, native string) (integrations.Activity, bool) {
	if t.Status != "" && t.Status != "completed" {
		return integrations.Activity{}, false
	}
	created, err := time.Parse(time.RFC3339, t.CreatedAt)
	if err != nil {
		return integrations.Activity{}, false
	}
	c := w.Currency.Code
	units := t.Amount.Amount.Decimal
	a := integrations.Activity{
		ID:          t.ID,
		RawType:     t.Type,
		TradeDate:   integrations.DateOf(created.UTC()),
		Currency:    c,
		Description: describe(t),
	}
	fiat := isFiat(w)
	var nat decimal.Decimal
	natCur := ""
	if t.NativeAmount != nil && t.NativeAmount.Amount.Valid {
		nat, natCur = t.NativeAmount.Amount.Decimal, code(t.NativeAmount.Currency)
	}
	if tradeTypes[t.Type] {
		if fill := t.AdvancedTradeFill; fill != nil && t.Type == "advanced_trade_fill" {
			base, quote, _ := strings.Cut(fill.ProductID, "-")
			if code(quote) == c && code(base) != c {
				return integrations.Activity{}, false // the quote (cash) leg
			}
			if q := code(quote); q != "" && fill.FillPrice.Valid {
				a.Symbol, a.Units, a.Price, a.Currency = c, units, fill.FillPrice.Decimal, q
				notional := units.Abs().Mul(fill.FillPrice.Decimal)
				if fill.Commission.Valid {
					a.Fee = fill.Commission.Decimal.Abs()
				}
				if units.IsNegative() {
					a.Type, a.Amount = integrations.ActivitySell, notional.Sub(a.Fee)
				} else {
					a.Type, a.Amount = integrations.ActivityBuy, notional.Add(a.Fee).Neg()
				}
				return a, true
			}
		}
		if fiat {
			return integrations.Activity{}, false // the cash leg of a buy or sell
		}
		a.Symbol, a.Units = c, units
		if natCur != "" {
			a.Currency = natCur
			if !units.IsZero() {
				a.Price = nat.Abs().Div(units.Abs()).Round(8)
			}
		}
		if units.IsNegative() {
			a.Type, a.Amount = integrations.ActivitySell, nat.Abs()
		} else {
			a.Type, a.Amount = integrations.ActivityBuy, nat.Abs().Neg()
		}
		if natCur == "" {
			a.Amount = decimal.Zero
		}
		return a, true
	}
	typ, ok := transactionTypes[t.Type]
	if !ok {
		typ = integrations.ActivityOther
	}
	if signed[t.Type] {
		typ = integrations.ActivityTransferOut
		if units.IsPositive() {
			typ = integrations.ActivityTransferIn
		}
	}
	a.Type = typ
	if fiat {
		// Cash moves: the amount is the cash effect.
		a.Amount = units
		return a, true
	}
	// A crypto movement: no cash changes hands; the units say what moved.
	a.Symbol, a.Units = c, units
	if natCur != "" && !units.IsZero() {
		a.Price = nat.Abs().Div(units.Abs()).Round(8)
	}
	return a, true
}

// describe is a transaction's text for people: Coinbase's title and
// subtitle, else its description, else its type.
func describe(t wireTransaction) string {
	if t.Details != nil {
		s := strings.TrimSpace(strings.TrimSpace(t.Details.Title) + " " + strings.TrimSpace(t.Details.Subtitle))
		if s != "" {
			return s
		}
	}
	if t.Description != nil && strings.TrimSpace(*t.Description) != "" {
		return strings.TrimSpace(*t.Description)
	}
	return strings.ReplaceAll(t.Type, "_", " ")
}
