package statement

import (
	"testing"
)

func TestParseNumber(t *testing.T) {
	cases := []struct {
		in, dec, want, cur string
		ok                 bool
		bad                bool
	}{
		{"1234.56", ".", "1234.56", "", true, false},
		{"1,234.56", ".", "1234.56", "", true, false},
		{"1.234,56", ",", "1234.56", "", true, false},
		{"1 234,56", ",", "1234.56", "", true, false},
		{"1\u00a0234,56", ",", "1234.56", "", true, false},
		{"1'234.56", ".", "1234.56", "", true, false},
		{"-12.50", ".", "-12.5", "", true, false},
		{"12.50-", ".", "-12.5", "", true, false},
		{"(12.50)", ".", "-12.5", "", true, false},
		{"($1,234.00)", ".", "-1234", "", true, false},
		{"-$12.50", ".", "-12.5", "", true, false},
		{"$-12.50", ".", "-12.5", "", true, false},
		{"+5", ".", "5", "", true, false},
		{"€ 12,50", ",", "12.5", "EUR", true, false},
		{"12,50 €", ",", "12.5", "EUR", true, false},
		{"USD 1,000.00", ".", "1000", "USD", true, false},
		{"1,000.00 CAD", ".", "1000", "CAD", true, false},
		{"CA$5.00", ".", "5", "CAD", true, false},
		{"−3.5", ".", "-3.5", "", true, false},
		{".5", ".", "0.5", "", true, false},
		{"0.00000001", ".", "0.00000001", "", true, false},
		{"", ".", "0", "", false, false},
		{"--", ".", "0", "", false, false},
		{"N/A", ".", "0", "", false, false},
		{"1,5", ".", "", "", false, true},     // a comma that is not a thousands separator
		{"1.234.5", ",", "", "", false, true}, // bad grouping
		{"12a", ".", "", "", false, true},
		{"1e5", ".", "", "", false, true},
		{"=1+2", ".", "", "", false, true},
		{"--5", ".", "", "", false, true},
		{"(-5)", ".", "", "", false, true},
		{"1.2.3", ".", "", "", false, true},
	}
	for _, c := range cases {
		d, cur, ok, err := ParseNumber(c.in, c.dec)
		if c.bad {
			if err == nil {
				t.Errorf("%q: want an error, got %s", c.in, d)
			}
			continue
		}
		if err != nil || ok != c.ok || cur != c.cur || (ok && d.String() != c.want) {
			t.Errorf("%q (%s): %s %q %v %v, want %s %q %v", c.in, c.dec, d, cur, ok, err, c.want, c.cur, c.ok)
		}
	}
}

func TestDetectDecimal(t *testing.T) {
	cases := []struct {
		vals []string
		hint bool
		want string
	}{
		{[]string{"1,234.56", "12"}, false, "."},
		{[]string{"1.234,56"}, false, ","},
		{[]string{"12,5", "3"}, false, ","},
		{[]string{"12.5"}, true, "."},
		{[]string{"1,234"}, false, "."},
		{[]string{"1,234"}, true, ","},
		{[]string{"1.234.567"}, false, ","},
		{[]string{"1,234,567"}, true, "."},
	}
	for _, c := range cases {
		if got := DetectDecimal(c.vals, c.hint); got != c.want {
			t.Errorf("%v hint %v: %q, want %q", c.vals, c.hint, got, c.want)
		}
	}
}
