package zerodha_test

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/zerodha"
	"github.com/latchkey/latchkey/integrations/zerodha/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, zerodha.New()...)
}

// t0 is the fixed clock of the tests: 20:00 in India, after the market.
var t0 = time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)

// newRig starts a fake with opts whose clock stands at t0 and returns the
// integration, an Env with the user's app on a known free port, the fake
// and the clock.
func newRig(t testing.TB, opts fake.Options) (integrations.Integration, integrations.Env, *fake.Server, *fakekit.Clock) {
	t.Helper()
	in := zerodha.New()[0]
	env, f, clk := fake.Start(t, in, opts)
	clk.Set(t0)
	env.App = &integrations.AppRegistration{ClientID: "kitetestkey01", ClientSecret: fake.APISecret, RedirectPort: brokertest.FreePort(t)}
	return in, env, f, clk
}
