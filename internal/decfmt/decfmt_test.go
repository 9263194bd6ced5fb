package decfmt

import (
	"testing"

	"github.com/shopspring/decimal"
)

func FuzzAppend(f *testing.F) {
	for _, s := range []string{"0", "-0.00", "6.00", "-1856", "0.0005", "-0.50", "123456789012345678", "1234567890123456789.5", "1e3", "-7.25e-3", "100", "0.000000000000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := decimal.NewFromString(s)
		if err != nil || d.Exponent() < -1000 || d.Exponent() > 1000 {
			return
		}
		if got, want := string(Append([]byte("x"), d)), "x"+d.String(); got != want {
			t.Fatalf("Append(%s) = %q, want %q", s, got, want)
		}
	})
}

func TestAppendIsString(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "250.13", "-250.130", "0.000", "0.001", "-0.0000007", "123456789012345678",
		"-123456789012345678", "1234567890123456789", "12345678901234567890.5", "9223372036854775807", "1e3", "1.5e-30",
		"100", "100.00", "-0.5", "3.1400", "12.0001"} {
		d := decimal.RequireFromString(s)
		if got := string(Append(nil, d)); got != d.String() {
			t.Errorf("%s: got %s, want %s", s, got, d.String())
		}
	}
	for _, d := range []decimal.Decimal{{}, decimal.New(0, -5), decimal.New(-5, -1), decimal.New(5, 2), decimal.New(7, -70)} {
		if got := string(Append(nil, d)); got != d.String() {
			t.Errorf("%#v: got %s, want %s", d, got, d.String())
		}
	}
}

// FuzzAppendParts covers every coefficient an int64 holds (its minimum
// included) with exponents either side of Append's own range.
func FuzzAppendParts(f *testing.F) {
	f.Add(int64(25013), int32(-2))
	f.Add(int64(-1), int32(-18))
	f.Add(int64(0), int32(0))
	f.Add(int64(-9223372036854775808), int32(-5))
	f.Fuzz(func(t *testing.T, c int64, exp int32) {
		exp %= 80
		d := decimal.New(c, exp)
		if got := string(Append(nil, d)); got != d.String() {
			t.Errorf("%d e%d: got %s, want %s", c, exp, got, d.String())
		}
	})
}
