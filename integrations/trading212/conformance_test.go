package trading212_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/trading212"
	"github.com/latchkey/latchkey/integrations/trading212/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, trading212.New()...)
}
