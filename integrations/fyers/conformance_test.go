package fyers_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/fyers"
	"github.com/latchkey/latchkey/integrations/fyers/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, fyers.New()...)
}
