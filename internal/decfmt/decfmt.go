// Package decfmt writes decimals as shopspring/decimal's String does,
// without allocating: for the hot paths that write hundreds of thousands of
// them (a statement's hashed row ids, its activities' JSON).
package decfmt

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// Append appends d.String() to b, without allocating for the
// decimals a statement holds (a coefficient of at most 18 digits, an
// exponent of zero or below); others go through String.
func Append(b []byte, d decimal.Decimal) []byte {
	e := d.Exponent()
	if e > 0 || e < -18 || !decimal.TrimTrailingZeros || decimal.UseScientificNotation || d.NumDigits() > 18 {
		return append(b, d.String()...)
	}
	c := d.CoefficientInt64()
	if e == 0 {
		return strconv.AppendInt(b, c, 10)
	}
	if c < 0 {
		b = append(b, '-')
		c = -c
	}
	var buf [20]byte
	str := strconv.AppendInt(buf[:0], c, 10)
	n := int(-e) // digits after the point
	var intPart, frac []byte
	zeros := 0
	if len(str) > n {
		intPart, frac = str[:len(str)-n], str[len(str)-n:]
	} else {
		intPart, zeros, frac = []byte{'0'}, n-len(str), str
	}
	for len(frac) > 0 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	b = append(b, intPart...)
	if len(frac) > 0 {
		b = append(b, '.')
		for range zeros {
			b = append(b, '0')
		}
		b = append(b, frac...)
	}
	return b
}
