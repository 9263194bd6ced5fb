package tradier_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/tradier"
	"github.com/latchkey/latchkey/integrations/tradier/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, tradier.New()...)
}

var t0 = fakekit.T0

func integration(t testing.TB, id string) integrations.Integration {
	return brokertest.Variant(t, tradier.New(), id)
}

// start runs a fake and returns it with an Env for institution id whose
// OAuth app is clientID's.
func start(t testing.TB, id, clientID string) (*fake.Server, integrations.Env, *fakekit.Clock) {
	t.Helper()
	env, srv, clk := fake.Start(t, integration(t, id), clientID)
	return srv, env, clk
}
