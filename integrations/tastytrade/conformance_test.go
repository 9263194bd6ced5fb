package tastytrade_test

import (
	"context"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/tastytrade"
	"github.com/latchkey/latchkey/integrations/tastytrade/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, tastytrade.New()...)
}

const clientSecret = fake.ClientSecret

type rig struct {
	fake *fake.Server
	clk  *fakekit.Clock
	env  integrations.Env
	in   integrations.Integration
}

func newRig(t testing.TB, id string, opts fake.Options) *rig {
	t.Helper()
	in := brokertest.Variant(t, tastytrade.New(), id)
	env, srv, clk := fake.Start(t, in, opts)
	return &rig{fake: srv, clk: clk, env: env, in: in}
}

func press(decision string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
	return brokertest.Press(decision, nil)
}
