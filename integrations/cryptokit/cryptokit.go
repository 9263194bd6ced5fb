// Package cryptokit is what the crypto exchanges' integrations (Binance,
// Kraken, Coinbase Advanced, Bitvavo, Gemini) share: their balances per
// currency turned into cash balances and a position per coin valued in the
// exchange's valuation currency ([Holdings], [Balances]), their one
// account listed and read ([Account], [Spot]), a spot
// trade mapped onto an activity ([Fill]), the API-key login ([KeyPair],
// [PairLogin]), the wait for a rate-limit window a test moves on its fake
// clock ([Wait], [WithWait]). Each exchange's package keeps its own wire
// types, markets and quirks; this package holds no API.
package cryptokit

import (
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// Holdings splits balances per currency code: the currencies isCash names
// are cash (kept as they are, zero included); every other currency with a
// balance is a coin, a position valued in valuation at its price in prices
// (rounded to cents). A coin without a price is PriceUnknown, not worth
// zero. held is the value of the priced coins. Positions are in code order.
func Holdings(bal map[string]decimal.Decimal, isCash func(code string) bool, prices map[string]decimal.Decimal,
	valuation string, asOf time.Time) (cash map[string]decimal.Decimal, pos []integrations.Position, held decimal.Decimal) {
	cash = map[string]decimal.Decimal{}
	held = decimal.Zero
	for _, c := range slices.Sorted(maps.Keys(bal)) {
		amt := bal[c]
		if isCash(c) {
			cash[c] = amt
			continue
		}
		if amt.IsZero() {
			continue
		}
		p := integrations.Position{
			Symbol: integrations.Symbol{Ticker: c, Description: c, Type: integrations.SecurityCrypto, Currency: valuation},
			Units:  amt, Currency: valuation, AsOf: asOf,
		}
		if px, ok := prices[c]; ok {
			p.Price, p.MarketValue = px, amt.Mul(px).Round(2)
			held = held.Add(p.MarketValue)
		} else {
			p.PriceUnknown = true // no market in the valuation currency
		}
		pos = append(pos, p)
	}
	return cash, pos, held
}

// Coins are the currencies of bal that Holdings makes positions of: every
// one isCash does not name whose balance is not zero, in code order. They
// are what a client prices before it calls Holdings.
func Coins(bal map[string]decimal.Decimal, isCash func(code string) bool) []string {
	var out []string
	for _, c := range slices.Sorted(maps.Keys(bal)) {
		if !isCash(c) && !bal[c].IsZero() {
			out = append(out, c)
		}
	}
	return out
}

// Balances is a balance per cash currency, in code order: its cash, all of
// it buying power, and, for valuation, a total counting held. With
// withValuation, valuation has a balance even when cash has none.
func Balances(cash map[string]decimal.Decimal, valuation string, held decimal.Decimal, withValuation bool) []integrations.Balance {
	if _, ok := cash[valuation]; !ok && withValuation {
		cash[valuation] = decimal.Zero
	}
	bals := make([]integrations.Balance, 0, len(cash))
	for _, c := range slices.Sorted(maps.Keys(cash)) {
		b := integrations.Balance{Currency: c, Cash: cash[c], BuyingPower: decimal.NewNullDecimal(cash[c]), Total: cash[c]}
		if c == valuation {
			b.Total = cash[c].Add(held)
		}
		bals = append(bals, b)
	}
	return bals
}

// ValidCode reports whether c reads as an exchange's currency code: 2 to
// 10 upper-case letters and digits, at least one a letter ("BTC", "1INCH").
func ValidCode(c string) bool {
	if len(c) < 2 || len(c) > 10 {
		return false
	}
	letter := false
	for _, r := range c {
		switch {
		case r >= 'A' && r <= 'Z':
			letter = true
		case r >= '0' && r <= '9':
		default:
			return false
		}
	}
	return letter
}
