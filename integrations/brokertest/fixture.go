package brokertest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/latchkey/latchkey/integrations"
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

// Saves records the grants a client hands to its SaveFunc (Save).
type Saves struct {
	mu     sync.Mutex
	grants []integrations.Grant
}

// Save is a SaveFunc that records g.
func (s *Saves) Save(_ context.Context, g integrations.Grant) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.grants = append(s.grants, g)
	return nil
}

// All returns a copy of the grants saved, oldest first.
func (s *Saves) All() []integrations.Grant {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]integrations.Grant(nil), s.grants...)
}

// Last returns the grant saved last and how many were saved.
func (s *Saves) Last() (integrations.Grant, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.grants) == 0 {
		return integrations.Grant{}, 0
	}
	return s.grants[len(s.grants)-1], len(s.grants)
}
