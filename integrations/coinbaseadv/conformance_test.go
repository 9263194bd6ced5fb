package coinbaseadv_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/coinbaseadv"
	"github.com/latchkey/latchkey/integrations/coinbaseadv/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, coinbaseadv.New()...)
}
