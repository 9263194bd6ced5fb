package ibkr_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/ibkr"
	"github.com/latchkey/latchkey/integrations/ibkr/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, ibkr.New()...)
}
