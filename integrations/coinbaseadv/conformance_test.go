package coinbaseadv_test

import (
	"encoding/json"
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/coinbaseadv"
	"github.com/latchkey/latchkey/integrations/coinbaseadv/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, coinbaseadv.New()...)
}

func TestSavedKeyRefused(t *testing.T) {
	key, err := json.Marshal(map[string]string{"name": fake.DemoKeyName, "private_key": fake.DemoPrivateKey})
	if err != nil {
		t.Fatal(err)
	}
	fakekit.WantSavedKeyRefused(t, coinbaseadv.New()[0], key)
}
