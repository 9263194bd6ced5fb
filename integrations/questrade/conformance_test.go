package questrade_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/questrade"
	"github.com/latchkey/latchkey/integrations/questrade/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, questrade.New()...)
}

var t0 = fakekit.T0

func integration(t testing.TB, id string) integrations.Integration {
	return brokertest.Variant(t, questrade.New(), id)
}

func start(t testing.TB, id string) (*fake.Server, integrations.Env, *fakekit.Clock) {
	t.Helper()
	env, srv, clk := fake.Start(t, integration(t, id))
	return srv, env, clk
}
