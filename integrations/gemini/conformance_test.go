package gemini_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/gemini"
	"github.com/latchkey/latchkey/integrations/gemini/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, gemini.New()...)
}

func TestSavedKeyRefused(t *testing.T) {
	fakekit.WantSavedKeyRefused(t, gemini.New()[0], cryptokit.KeyPair{Key: fake.DemoKey, Secret: fake.DemoSecret}.Encode())
}
