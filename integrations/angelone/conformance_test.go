package angelone_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/angelone"
	"github.com/latchkey/latchkey/integrations/angelone/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, angelone.New()...)
}
