package coinbase_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/coinbase"
	"github.com/latchkey/latchkey/integrations/coinbase/fake"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// t0 is the fixed clock of the tests.
var t0 = time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)

// newRig starts a fake and returns the integration, an Env pointing at the
// fake with the app's own HTTP client (waits shrunk), and the fake.
func newRig(t testing.TB, opts fake.Options) (integrations.Integration, integrations.Env, *fake.Server) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return t0 }
	}
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := coinbase.New()[0]
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{
		Endpoints: f.Endpoints()[coinbase.ID],
		HTTP:      hc,
		Now:       opts.Now,
		App:       &integrations.AppRegistration{ClientID: "latchkey-test-client", ClientSecret: "test-client-secret", RedirectPort: brokertest.FreePort(t)},
	}
	return in, env, f
}

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, coinbase.New()...)
}
