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

type rig = fakekit.Started[*fake.Server]

// newRig runs a fake for institution id, the user's app registered with the
// redirect port entered in Settings.
func newRig(t testing.TB, id string, opts fake.Options) *rig {
	t.Helper()
	r := fakekit.StartFor(t, brokertest.Variant(t, saxo.New(), id), fake.Start, opts)
	r.Env.App.RedirectPort = brokertest.FreePort(t)
	return r
}

var (
	press = func(decision string) func(ctx context.Context, f brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		return brokertest.Press(decision, nil)
	}
	paste = fake.Paste
)
