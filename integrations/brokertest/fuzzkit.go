package brokertest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// Seeder is the part of *testing.F that SeedTestdata uses.
type Seeder interface {
	Helper()
	Fatalf(format string, args ...any)
	Add(args ...any)
}

// SeedTestdata adds every file of the package's testdata folder whose name
// matches pattern (filepath.Match, e.g. "*.json") to f's seed corpus, each
// after lead (the fuzz function's leading arguments, e.g. an HTTP status):
// a decoder fuzz test starts from the institution's documented examples. It
// fails f when no file matches or one cannot be read.
func SeedTestdata(f Seeder, pattern string, lead ...any) {
	f.Helper()
	for _, b := range TestdataFiles(f, pattern) {
		f.Add(append(append([]any{}, lead...), b)...)
	}
}

// TestdataFiles reads the files of the package's testdata folder whose name
// matches pattern, in name order (folders are skipped), failing t when none
// matches or one cannot be read.
func TestdataFiles(t interface {
	Helper()
	Fatalf(format string, args ...any)
}, pattern string) [][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		t.Fatalf("testdata %s: %v", pattern, err)
		return nil
	}
	var files [][]byte
	for _, n := range names {
		if fi, err := os.Stat(n); err == nil && fi.IsDir() {
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatalf("testdata: %v", err)
			return nil
		}
		files = append(files, b)
	}
	if len(files) == 0 {
		t.Fatalf("no testdata file matches %s", pattern)
	}
	return files
}

// WantNilOr fails t unless err is nil or wraps one of sentinels: what a
// decoder reports for any input must be an error the app can explain (a
// fuzz test's check, what names the decoder).
func WantNilOr(t testing.TB, what string, err error, sentinels ...error) {
	t.Helper()
	if err == nil {
		return
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	names := make([]string, len(sentinels))
	for i, s := range sentinels {
		names[i] = s.Error()
	}
	t.Errorf("%s: %v is none of the documented errors (%s)", what, err, strings.Join(names, ", "))
}

// WantActivities fails t for an activity without an ID, a universal Type,
// its RawType (blank counts as none) or a TradeDate: the fields a decoder fills in every activity
// it accepts, whatever the input (a fuzz test's check of what decoded; the
// conformance suite checks the rest on the fake's data).
func WantActivities(t testing.TB, acts ...integrations.Activity) {
	t.Helper()
	for _, a := range acts {
		if a.ID == "" || !a.Type.Valid() || strings.TrimSpace(a.RawType) == "" || a.TradeDate == "" {
			t.Fatalf("incomplete activity %+v", a)
		}
	}
}

// WantPositions fails t for a position without a Symbol.Ticker or a
// Currency: the fields a decoder fills in every position it accepts,
// whatever the input (a fuzz test's check of what decoded).
func WantPositions(t testing.TB, pos ...integrations.Position) {
	t.Helper()
	for _, p := range pos {
		if p.Symbol.Ticker == "" || p.Currency == "" {
			t.Fatalf("incomplete position %+v", p)
		}
	}
}

// WantNumbered fails t for an account known by its number that lacks its
// ID or its full number, or whose shown Number is not masked ("••••" and
// the last digits): what a decoder of an account list fills in every
// account it accepts, whatever the input (a fuzz test's check).
func WantNumbered(t testing.TB, accts ...integrations.NumberedAccount) {
	t.Helper()
	for _, a := range accts {
		if a.ID == "" || a.Full == "" || !strings.HasPrefix(a.Number, "••••") {
			t.Fatalf("incomplete account %+v", a)
		}
	}
}

// WantRefused fails t for each case (a decoder fed what its name says)
// whose error does not wrap sentinel: broken answers must end in the
// error the app can explain, not in a row made up of them.
func WantRefused(t testing.TB, sentinel error, cases map[string]func() error) {
	t.Helper()
	for name, f := range cases {
		if err := f(); !errors.Is(err, sentinel) {
			t.Errorf("%s: %v, want %v", name, err, sentinel)
		}
	}
}
