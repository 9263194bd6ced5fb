package upstox_test

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/upstox"
	"github.com/latchkey/latchkey/integrations/upstox/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, upstox.New()...)
}

// t0 is the fixed clock of the tests: 20:00 in India.
var t0 = time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)

// newRig starts a fake whose clock stands at t0 and returns the
// integration, an Env with the user's app on a known free port, the fake
// and the clock.
func newRig(t testing.TB) (integrations.Integration, integrations.Env, *fake.Server, *fakekit.Clock) {
	t.Helper()
	in := upstox.New()[0]
	env, f, clk := fake.Start(t, in, fake.Options{})
	clk.Set(t0)
	env.App = &integrations.AppRegistration{ClientID: "test-api-key", ClientSecret: "test-api-secret", RedirectPort: brokertest.FreePort(t)}
	return in, env, f, clk
}
