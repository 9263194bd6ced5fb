package ibkrflex

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/ibkrflex/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, New()...)
}

// The fake's harness computes account ids itself: they must be the
// package's.
func TestFakeAccountID(t *testing.T) {
	for _, n := range []string{fake.Individual, fake.IRA} {
		if fake.AccountID(n) != accountID(n) {
			t.Errorf("fake.AccountID(%s) = %s, want %s", n, fake.AccountID(n), accountID(n))
		}
	}
}
