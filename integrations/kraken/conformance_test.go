package kraken_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/kraken"
	"github.com/latchkey/latchkey/integrations/kraken/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, kraken.New()...)
}
