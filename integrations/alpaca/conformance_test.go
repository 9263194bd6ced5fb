package alpaca_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/alpaca"
	"github.com/latchkey/latchkey/integrations/alpaca/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, alpaca.New()...)
}

// integration returns the variant with the given id.
func integration(t testing.TB, id string) integrations.Integration {
	return brokertest.Variant(t, alpaca.New(), id)
}

// start runs a fake and returns it with the Env for institution id and the
// shared clock.
func start(t testing.TB, id string) (*fake.Server, integrations.Env, *fakekit.Clock) {
	t.Helper()
	app := fakekit.TestApp
	env, srv, clk := fakekit.Start(t, integration(t, id), &app, func(clk *fakekit.Clock) (*fake.Server, error) {
		return fake.New(fake.Options{Now: clk.Now, RateLimit: 100000})
	})
	return srv, env, clk
}

func keys(id, key string) map[string]string {
	return map[string]string{"key_id": id, "secret_key": key}
}
