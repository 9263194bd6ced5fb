package public

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/public/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, New()...)
}

// The fake names accounts as the package does.
func TestFakeAccountIDs(t *testing.T) {
	if fake.AccountID(fake.Brokerage) != accountID(fake.Brokerage) {
		t.Error("the fake's account ids are not the package's")
	}
}
