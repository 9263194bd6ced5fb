package kotakneo_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/kotakneo"
	"github.com/latchkey/latchkey/integrations/kotakneo/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, kotakneo.New()...)
}
