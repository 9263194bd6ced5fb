package integrations

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/shopspring/decimal"
)

// ErrBadNumber is returned for a JSON value that is not a decimal.
var ErrBadNumber = errors.New("not a decimal number")

// Number is a decimal read from an institution's JSON by its text — a JSON
// number (17798.360000000000000000000) or a JSON string ("0.1234") — never
// through float64. null, "", "null" and "NaN" leave it absent (Valid false).
// Exponents are accepted within ±64 and the text is at most 100 bytes, so
// hostile input cannot make huge numbers.
type Number struct {
	decimal.Decimal
	Valid bool
}

// UnmarshalJSON reads a JSON number or string.
func (n *Number) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		if err := json.Unmarshal(b, &s); err != nil {
			return ErrBadNumber
		}
		s = strings.TrimSpace(s)
	}
	switch s {
	case "null", "", "NaN":
		*n = Number{}
		return nil
	}
	d, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*n = Number{Decimal: d, Valid: true}
	return nil
}

// MarshalJSON writes the number as a JSON string, or null when absent.
func (n Number) MarshalJSON() ([]byte, error) {
	if !n.Valid {
		return []byte("null"), nil
	}
	return json.Marshal(n.Decimal.String())
}

// OrZero is the number, or zero when absent.
func (n Number) OrZero() decimal.Decimal {
	if n.Valid {
		return n.Decimal
	}
	return decimal.Zero
}

// Null is the number as a NullDecimal.
func (n Number) Null() decimal.NullDecimal {
	if n.Valid {
		return decimal.NewNullDecimal(n.Decimal)
	}
	return decimal.NullDecimal{}
}

// ParseDecimal parses an institution's decimal text (see Number's limits).
func ParseDecimal(s string) (decimal.Decimal, error) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 100 {
		return decimal.Zero, ErrBadNumber
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Zero, ErrBadNumber
	}
	if e := d.Exponent(); e > 64 || e < -64 {
		return decimal.Zero, ErrBadNumber
	}
	return d, nil
}
