package gemini_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/gemini"
	"github.com/latchkey/latchkey/integrations/gemini/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, gemini.New()...)
}
