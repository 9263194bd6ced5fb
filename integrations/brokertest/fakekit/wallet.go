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

// Rotation is trade n of an exchange fake's made-up history: a rotation
// of buys (x is buys[n%len(buys)]), but every sellEvery-th trade (n %
// sellEvery == sellEvery-1) a sale (sell true) of the one before (x is
// buys[(n-1)%len(buys)]); drift is the factor its price moves by, 0.955
// to 1.044, the same for n in every run. The fake's data file decides how
// much a sale sells and what a trade costs. sellEvery is 2 or more.
func Rotation[T any](buys []T, n, sellEvery int) (x T, sell bool, drift decimal.Decimal) {
	x, sell = buys[n%len(buys)], n%sellEvery == sellEvery-1
	if sell {
		x = buys[(n-1)%len(buys)]
	}
	return x, sell, decimal.NewFromInt(int64(1000 + (n*37)%90 - 45)).Div(decimal.NewFromInt(1000))
}
