package coinbase

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/coinbase/appapi"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// errMalformed is an answer that could not be understood (the one the
// shared v2 decoders give).
var errMalformed = appapi.ErrMalformed

// num is a decimal read by its text (integrations.Number).
type num = integrations.Number

// wireUser is GET /v2/user's data.
type wireUser struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	Username       string `json:"username"`
	NativeCurrency string `json:"native_currency"`
}

// wirePrice is GET /v2/prices/:pair/spot's data.
type wirePrice struct {
	Amount   num    `json:"amount"`
	Base     string `json:"base"`
	Currency string `json:"currency"`
}

func decode(b []byte, v any) error { return httpx.UnmarshalOr(b, v, errMalformed) }

// code normalises a currency code; "" if it is not a plausible one.
var code = appapi.Code

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

// holdings splits wallets into cash balances (fiat wallets) and crypto
// positions valued at prices (spot prices in native, by currency code).
// A crypto without a price is PriceUnknown, with a zero price and value.
func holdings(wallets []appapi.Account, native string, prices map[string]decimal.Decimal, asOf time.Time) ([]integrations.Balance, []integrations.Position) {
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
		if w.Fiat() {
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

// tradeTypes are the transaction types that exchange one currency for
// another: a convert (trade) too, since this integration reads no other
// list of trades; advanced_trade_fill rows are priced from their fill.
var tradeTypes = map[string]bool{"buy": true, "sell": true, "trade": true, "advanced_trade_fill": true}

// activity maps one completed transaction of wallet w to an activity
// (appapi: the shared mapping); ok is false for rows that are not
// activities of their own (pending or failed transactions, and the cash or
// quote leg of a trade, whose crypto leg carries it).
func activity(w appapi.Account, t appapi.Transaction) (integrations.Activity, bool) {
	a, ok := appapi.Completed(w, t)
	if !ok {
		return a, false
	}
	if !tradeTypes[t.Type] {
		return appapi.Movement(w, t, a), true
	}
	c := w.Currency.Code
	if fill := t.AdvancedTradeFill; fill != nil && t.Type == "advanced_trade_fill" {
		base, quote, _ := strings.Cut(fill.ProductID, "-")
		if code(quote) == c && code(base) != c {
			return integrations.Activity{}, false // the quote (cash) leg
		}
		if q := code(quote); q != "" && fill.FillPrice.Valid {
			units := t.Amount.Amount.Decimal
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
	return appapi.Trade(w, t, a)
}
