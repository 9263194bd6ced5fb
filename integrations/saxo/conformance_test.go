package saxo_test

import (
	"context"
	"net"
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

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

type rig struct {
	fake *fake.Server
	clk  *fakekit.Clock
	env  integrations.Env
	in   integrations.Integration
}

func integration(id string) integrations.Integration {
	for _, in := range saxo.New() {
		if in.Institution().ID == id {
			return in
		}
	}
	panic("no " + id)
}

// newRig runs a fake for institution id, the user's app registered with the
// redirect port entered in Settings.
func newRig(t testing.TB, id string, opts fake.Options) *rig {
	t.Helper()
	in := integration(id)
	env, srv, clk := fake.Start(t, in, opts)
	env.App.RedirectPort = freePort(t)
	return &rig{fake: srv, clk: clk, env: env, in: in}
}

var (
	press = func(decision string) func(ctx context.Context, f brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		return brokertest.Press(decision, nil)
	}
	paste = fake.Paste
)
