package binance_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/binance"
	"github.com/latchkey/latchkey/integrations/binance/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, binance.New()...)
}
