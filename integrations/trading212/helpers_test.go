package trading212_test

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/trading212"
	"github.com/latchkey/latchkey/integrations/trading212/fake"
)

// t0 is the tests' pinned "now", after the fake's history.
var t0 = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// clock is a test clock whose Sleep moves time instead of waiting, so rate
// limits are honoured without the tests sleeping; it counts what it slept.
type clock = fakekit.SleepClock

func newClock() *clock { return fakekit.NewSleepClock(t0) }

// rig is a fake, an integration of each environment and their Envs.
type rig struct {
	clk  *clock
	fake *fake.Server
	live integrations.Integration
	demo integrations.Integration
	env  integrations.Env // live
	denv integrations.Env // demo
}

func variant(t testing.TB, id string) *trading212.Integration {
	t.Helper()
	return brokertest.Variant(t, trading212.New(), id).(*trading212.Integration)
}

func newRig(t testing.TB) *rig {
	t.Helper()
	clk := newClock()
	f, err := fake.New(fake.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	r := &rig{clk: clk, fake: f,
		live: variant(t, trading212.LiveID).WithSleep(clk.Sleep),
		demo: variant(t, trading212.PracticeID).WithSleep(clk.Sleep)}
	eps := f.Endpoints()
	r.env = fakekit.Env(r.live.Institution(), eps[trading212.LiveID], clk.Now, nil)
	r.denv = fakekit.Env(r.demo.Institution(), eps[trading212.PracticeID], clk.Now, nil)
	return r
}

func keyValues(key, secret string) map[string]string {
	v := map[string]string{"api_key": key}
	if secret != "" {
		v["api_secret"] = secret
	}
	return v
}
