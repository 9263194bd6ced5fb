package wealthsimple_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/wealthsimple"
	"github.com/latchkey/latchkey/integrations/wealthsimple/fake"
)

func newRig(t testing.TB) (integrations.Integration, integrations.Env, *fake.Server) {
	in := wealthsimple.New()[0]
	env, srv, _ := fake.Start(t, in)
	return in, env, srv
}

var creds = fake.Creds

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, wealthsimple.New()...)
}
