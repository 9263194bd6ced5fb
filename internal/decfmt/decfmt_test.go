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
