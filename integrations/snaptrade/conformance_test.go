package snaptrade_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/snaptrade"
	"github.com/latchkey/latchkey/integrations/snaptrade/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, snaptrade.New()...)
}
