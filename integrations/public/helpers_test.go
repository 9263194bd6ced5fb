package public

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/public/fake"
)

// newRig runs a fake with its clock at fake.T0, after its history.
func newRig(t testing.TB) (*fakekit.Clock, *fake.Server, integrations.Env) {
	t.Helper()
	env, srv, clk := fake.Start(t, New()[0], fake.Options{})
	return clk, srv, env
}
