package saxo_test

import (
	"context"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/saxo"
	"github.com/latchkey/latchkey/integrations/saxo/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, saxo.New()...)
}

type rig struct {
	fake *fake.Server
	clk  *fakekit.Clock
	env  integrations.Env
	in   integrations.Integration
}

// newRig runs a fake for institution id, the user's app registered with the
// redirect port entered in Settings.
func newRig(t testing.TB, id string, opts fake.Options) *rig {
	t.Helper()
	in := brokertest.Variant(t, saxo.New(), id)
	env, srv, clk := fake.Start(t, in, opts)
	env.App.RedirectPort = brokertest.FreePort(t)
	return &rig{fake: srv, clk: clk, env: env, in: in}
}

var (
	press = func(decision string) func(ctx context.Context, f brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		return brokertest.Press(decision, nil)
	}
	paste = fake.Paste
)
