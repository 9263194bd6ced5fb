package fakekit

import "github.com/shopspring/decimal"

// Wallet is an exchange fake's balances per currency or asset, as its data
// file builds them from the deposits, trades and withdrawals it serves.
type Wallet map[string]decimal.Decimal

// Add moves c's balance by amt. It panics when the balance goes negative:
// the fake's data, not the integration, would be wrong.
func (w Wallet) Add(c string, amt decimal.Decimal) {
	w[c] = w[c].Add(amt)
	if w[c].IsNegative() {
		panic("fake data: negative balance of " + c)
	}
}
