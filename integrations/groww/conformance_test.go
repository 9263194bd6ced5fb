package groww_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/groww"
	"github.com/latchkey/latchkey/integrations/groww/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, groww.New()...)
}
