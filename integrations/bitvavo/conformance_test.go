package bitvavo_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations/bitvavo"
	"github.com/latchkey/latchkey/integrations/bitvavo/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, bitvavo.New()...)
}

func TestSavedKeyRefused(t *testing.T) {
	fakekit.WantSavedKeyRefused(t, bitvavo.New()[0], cryptokit.KeyPair{Key: fake.DemoKey, Secret: fake.DemoSecret}.Encode())
}
