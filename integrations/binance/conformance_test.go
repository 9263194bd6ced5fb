package binance_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/binance"
	"github.com/latchkey/latchkey/integrations/binance/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, binance.New()...)
}

func TestSavedKeyRefused(t *testing.T) {
	fakekit.WantSavedKeyRefused(t, binance.New()[0], cryptokit.KeyPair{Key: fake.DemoKey, Secret: fake.DemoSecret}.Encode())
}
