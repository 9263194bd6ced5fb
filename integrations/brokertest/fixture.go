package brokertest

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/shopspring/decimal"
)

// Fixture reads testdata/name, the package's fixture (an institution's
// documented example answer), failing the test when it cannot.
func Fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// EqualDecimal fails the test unless got equals want's text (any scale).
func EqualDecimal(t testing.TB, what string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(decimal.RequireFromString(want)) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}
