package bitvavo_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/bitvavo"
	"github.com/latchkey/latchkey/integrations/bitvavo/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, bitvavo.New()...)
}
