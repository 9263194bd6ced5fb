package etoro_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/etoro"
	"github.com/latchkey/latchkey/integrations/etoro/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, etoro.New()...)
}
