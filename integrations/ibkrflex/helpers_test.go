package ibkrflex

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/ibkrflex/fake"
)

// t0 is the tests' pinned "now", after the fake's statement period.
var t0 = fake.T0

// clock is the fake's clock with a Sleep that moves it instead of waiting,
// counting what it slept.
type clock = fakekit.SleepClock

func newClock() *clock { return fakekit.NewSleepClock(t0) }

type rig struct {
	clk  *clock
	fake *fake.Server
	in   *Integration
	env  integrations.Env
}

func newRig(t testing.TB, opts fake.Options) *rig {
	t.Helper()
	clk := newClock()
	opts.Now = clk.Now
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := &Integration{wait: clk.Sleep}
	return &rig{clk: clk, fake: f, in: in, env: testEnv(f.Endpoints()[ID], clk.Now)}
}

// testEnv is the Env the app would give, its waits shrunk.
func testEnv(endpoints map[string]string, now func() time.Time) integrations.Env {
	return fakekit.Env((&Integration{}).Institution(), endpoints, now, nil)
}

func values(token, query, expires string) map[string]string {
	v := map[string]string{fieldToken: token, fieldQuery: query}
	if expires != "" {
		v[fieldExpires] = expires
	}
	return v
}
