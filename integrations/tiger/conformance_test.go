package tiger_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/tiger"
	"github.com/latchkey/latchkey/integrations/tiger/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, tiger.New()...)
}
