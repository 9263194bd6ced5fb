package ibkrflex

import (
	"context"
	"sync/atomic"
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
type clock struct {
	*fakekit.Clock
	slept atomic.Int64
}

func newClock() *clock { return &clock{Clock: fakekit.NewClock(t0)} }

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := fakekit.ClockSleep(c.Clock)(ctx, d); err != nil {
		return err
	}
	c.slept.Add(int64(d))
	return nil
}

func (c *clock) Slept() time.Duration { return time.Duration(c.slept.Load()) }

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
