package robinhood_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/robinhood"
	"github.com/latchkey/latchkey/integrations/robinhood/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, robinhood.New()...)
}
