package statement

import (
	"errors"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// Decimal separators a Mapping names.
const (
	DecimalPoint = "."
	DecimalComma = ","
)

var (
	errNotNumber = errors.New("not a number")
	errGrouping  = errors.New("digit grouping does not match the decimal separator")
)

// currencySymbols are stripped from money cells. Longer ones first.
var currencySymbols = []struct{ sym, code string }{
	{"CA$", "CAD"}, {"US$", "USD"}, {"AU$", "AUD"}, {"NZ$", "NZD"}, {"HK$", "HKD"},
	{"C$", "CAD"}, {"A$", "AUD"}, {"R$", "BRL"}, {"S$", "SGD"},
	{"$", ""}, {"€", "EUR"}, {"£", "GBP"}, {"¥", ""}, {"₹", "INR"}, {"₩", "KRW"},
	{"CHF", "CHF"}, {"kr", ""}, {"zł", "PLN"},
}

// ParseNumber reads a number as institutions write it: a decimal point or
// comma (decimal is DecimalPoint or DecimalComma), thousands separators
// (comma, point, space, no-break space or apostrophe: each group after one
// must have three digits), a currency symbol or ISO code before or after,
// and a negative sign before, after ("12.50-") or as parentheses ("(12.50)").
// A blank, "-", "--" or "n/a" cell is absent: ok is false and err nil.
// currency is the ISO code written in the cell, "" if none.
func ParseNumber(s, decimalSep string) (d decimal.Decimal, currency string, ok bool, err error) {
	s = strings.TrimFunc(s, isSpace)
	switch strings.ToLower(s) {
	case "", "-", "--", "—", "–", "n/a", "na", "none", "null":
		return decimal.Zero, "", false, nil
	}
	if len(s) > 100 {
		return decimal.Zero, "", false, errNotNumber
	}
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, strings.TrimFunc(s[1:len(s)-1], isSpace)
	}
	s, currency = stripCurrency(s)
	for {
		switch {
		case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "−"):
			if neg {
				return decimal.Zero, "", false, errNotNumber
			}
			neg, s = true, strings.TrimPrefix(strings.TrimPrefix(s, "-"), "−")
		case strings.HasSuffix(s, "-"), strings.HasSuffix(s, "−"):
			if neg {
				return decimal.Zero, "", false, errNotNumber
			}
			neg, s = true, strings.TrimSuffix(strings.TrimSuffix(s, "-"), "−")
		case strings.HasPrefix(s, "+"):
			s = s[1:]
		default:
			goto signs
		}
		s = strings.TrimFunc(s, isSpace)
		if c, rest := stripCurrencyOnce(s); c != "" || rest != s {
			s = rest
			if currency == "" {
				currency = c
			}
		}
	}
signs:
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && !neg {
		neg, s = true, strings.TrimFunc(s[1:len(s)-1], isSpace)
	}
	plain, err := normaliseDigits(s, decimalSep)
	if err != nil {
		return decimal.Zero, "", false, err
	}
	d, err = integrations.ParseDecimal(plain)
	if err != nil {
		return decimal.Zero, "", false, errNotNumber
	}
	if neg {
		d = d.Neg()
	}
	return d, currency, true, nil
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00A0' || r == '\u202F' || r == '\u2007'
}

func stripCurrency(s string) (string, string) {
	cur := ""
	for i := 0; i < 2; i++ {
		c, rest := stripCurrencyOnce(s)
		if rest == s {
			break
		}
		s = rest
		if cur == "" {
			cur = c
		}
	}
	return s, cur
}

// stripCurrencyOnce removes one currency symbol or three-letter code from
// either end of s.
func stripCurrencyOnce(s string) (code, rest string) {
	for _, c := range currencySymbols {
		if strings.HasPrefix(s, c.sym) {
			return c.code, strings.TrimFunc(s[len(c.sym):], isSpace)
		}
		if strings.HasSuffix(s, c.sym) {
			return c.code, strings.TrimFunc(s[:len(s)-len(c.sym)], isSpace)
		}
	}
	if len(s) > 3 && isUpperCode(s[:3]) && !isLetter(s[3]) {
		return s[:3], strings.TrimFunc(s[3:], isSpace)
	}
	if len(s) > 3 && isUpperCode(s[len(s)-3:]) && !isLetter(s[len(s)-4]) {
		return s[len(s)-3:], strings.TrimFunc(s[:len(s)-3], isSpace)
	}
	return "", s
}

func isLetter(b byte) bool { return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' }

func isUpperCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// normaliseDigits removes thousands separators and turns the decimal
// separator into a point, checking that each group has three digits.
func normaliseDigits(s, decimalSep string) (string, error) {
	if s == "" {
		return "", errNotNumber
	}
	dec := byte('.')
	if decimalSep == DecimalComma {
		dec = ','
	}
	intPart, frac := s, ""
	if i := strings.LastIndexByte(s, dec); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
		if frac == "" || !allDigits(frac) {
			return "", errNotNumber
		}
	}
	// The integer part: digits, optionally grouped by one separator kind.
	var b strings.Builder
	group, sep := -1, rune(0)
	for _, r := range intPart {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
			if group >= 0 {
				group++
			}
		case r == ',' || r == '.' || r == '\'' || r == '’' || r == ' ' || r == '\u00A0' || r == '\u202F' || r == '\u2007':
			if r == rune(dec) || b.Len() == 0 {
				return "", errNotNumber
			}
			if sep != 0 && sep != r {
				return "", errGrouping
			}
			if group >= 0 && group != 3 {
				return "", errGrouping
			}
			sep, group = r, 0
		default:
			return "", errNotNumber
		}
	}
	if group >= 0 && group != 3 {
		return "", errGrouping
	}
	if b.Len() == 0 {
		if frac == "" {
			return "", errNotNumber
		}
		b.WriteByte('0')
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String(), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// DetectDecimal chooses the decimal separator of a column's (or a file's)
// numbers: a separator followed by other than three digits at the end, or
// the later of a point and a comma in one number, is decimal. When nothing
// decides (every number like "1,234"), commaHint chooses.
func DetectDecimal(values []string, commaHint bool) string {
	var v decimalVote
	for _, x := range values {
		v.add(x)
	}
	return v.result(commaHint)
}

// decimalVote is DetectDecimal fed one value at a time.
type decimalVote struct{ point, comma int }

func (v *decimalVote) add(x string) {
	x = strings.TrimFunc(x, isSpace)
	p, c := strings.LastIndexByte(x, '.'), strings.LastIndexByte(x, ',')
	switch {
	case p >= 0 && c >= 0:
		if p > c {
			v.point++
		} else {
			v.comma++
		}
	case p >= 0:
		if strings.Count(x, ".") > 1 {
			v.comma++ // "1.234.567": points group thousands
		} else if digitsAfter(x, p) != 3 {
			v.point++
		}
	case c >= 0:
		if strings.Count(x, ",") > 1 {
			v.point++
		} else if digitsAfter(x, c) != 3 {
			v.comma++
		}
	}
}

func (v *decimalVote) result(commaHint bool) string {
	switch {
	case v.comma > v.point:
		return DecimalComma
	case v.point > v.comma:
		return DecimalPoint
	case commaHint:
		return DecimalComma
	}
	return DecimalPoint
}

func digitsAfter(s string, i int) int {
	n := 0
	for j := i + 1; j < len(s) && s[j] >= '0' && s[j] <= '9'; j++ {
		n++
	}
	return n
}
