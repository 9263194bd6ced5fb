package comdirect_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/comdirect"
	"github.com/latchkey/latchkey/integrations/comdirect/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, comdirect.New()...)
}
