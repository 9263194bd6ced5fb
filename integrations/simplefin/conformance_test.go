package simplefin_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/simplefin"
	"github.com/latchkey/latchkey/integrations/simplefin/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, simplefin.New()...)
}
