package demo_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/integrations/demo/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, demo.New(demo.Options{})...)
}
