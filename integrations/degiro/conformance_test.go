package degiro_test

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/degiro"
	"github.com/latchkey/latchkey/integrations/degiro/fake"
)

var t0 = fake.T0

func clock() time.Time { return t0 }

func newRig(t testing.TB) (integrations.Integration, integrations.Env, *fake.Server) {
	in := degiro.NewPolling(time.Millisecond)
	env, srv, _ := fake.Start(t, in, fake.Options{})
	return in, env, srv
}

var creds = fake.Creds

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, degiro.New()...)
}
