package fakekit

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// Started is a fake a test started for one variant, kept together: the
// integration, its Env pointing at the fake, the fake and the clock they
// share. A package's tests call theirs a rig.
type Started[S Server] struct {
	In   integrations.Integration
	Env  integrations.Env
	Fake S
	Clk  *Clock
}

// StartFor starts a fake for in with start (a fake package's Start, a Rig's
// Start) and opts, and keeps what it returns beside in.
func StartFor[O any, S Server](t testing.TB, in integrations.Integration,
	start func(testing.TB, integrations.Integration, O) (integrations.Env, S, *Clock), opts O) *Started[S] {
	t.Helper()
	env, srv, clk := start(t, in, opts)
	return &Started[S]{In: in, Env: env, Fake: srv, Clk: clk}
}
