package etrade

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/etrade/fake"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// t0 is the tests' pinned "now" (07:00 US Eastern), after the fake's history.
var t0 = fake.T0

type rig struct {
	clk  *fakekit.Clock
	fake *fake.Server
	in   *Integration
	env  integrations.Env
}

func newRig(t testing.TB, sandbox bool) *rig {
	t.Helper()
	in := &Integration{id: LiveID}
	if sandbox {
		in = &Integration{id: SandboxID, sandbox: true}
	}
	env, f, clk := fake.Start(t, in, fake.Options{})
	return &rig{clk: clk, fake: f, in: in, env: env}
}

// testHTTP is the app's own client with its waits shrunk.
func testHTTP(in *Integration) *http.Client {
	return httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
}

// press plays the user at E*TRADE's authorize page (see fake.Press).
var press = fake.Press
