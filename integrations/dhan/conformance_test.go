package dhan_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/dhan"
	"github.com/latchkey/latchkey/integrations/dhan/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, dhan.New()...)
}
