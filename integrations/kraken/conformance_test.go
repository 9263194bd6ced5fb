package kraken_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/kraken"
	"github.com/latchkey/latchkey/integrations/kraken/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, kraken.New()...)
}

func TestSavedKeyRefused(t *testing.T) {
	fakekit.WantSavedKeyRefused(t, kraken.New()[0], cryptokit.KeyPair{Key: fake.DemoKey, Secret: fake.DemoSecret}.Encode())
}
