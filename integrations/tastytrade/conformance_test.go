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

type rig = fakekit.Started[*fake.Server]

func newRig(t testing.TB, id string, opts fake.Options) *rig {
	t.Helper()
	return fakekit.StartFor(t, brokertest.Variant(t, tastytrade.New(), id), fake.Start, opts)
}

func press(decision string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
	return brokertest.Press(decision, nil)
}
