package etrade

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/etrade/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, New()...)
}
