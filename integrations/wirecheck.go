package integrations

import "github.com/shopspring/decimal"

// The checks a decoder applies to what an institution sends before it
// reaches the contract's types: shared so that every package reads the same
// things as damaged.

// IsCurrencyCode reports whether c is an ISO 4217 style code: three ASCII
// upper-case letters ("USD", "EUR"). Lower-case, padded or longer codes are
// not, so a decoder can tell a damaged field from a currency.
func IsCurrencyCode(c string) bool {
	return len(c) == 3 && isUpper(c)
}

// isUpper reports whether every byte of s is an ASCII upper-case letter.
func isUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// SaneDecimals reports whether every one of ds is a decimal an institution
// could send: an exponent within ±30 and at most 40 digits. A hostile
// 1e999999999 would otherwise cost gigabytes to print.
func SaneDecimals(ds ...decimal.Decimal) bool {
	for _, d := range ds {
		if e := d.Exponent(); e < -30 || e > 30 || d.NumDigits() > 40 {
			return false
		}
	}
	return true
}
