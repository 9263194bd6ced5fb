package trading212

import (
	"context"
	"sync"
	"testing"
	"time"

	"net/http"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/trading212/fake"
)

// t0 is the tests' pinned "now", after the fake's history.
var t0 = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// clock is a test clock whose Sleep moves time instead of waiting, so rate
// limits are honoured without the tests sleeping.
type clock struct {
	mu    sync.Mutex
	t     time.Time
	slept time.Duration
}

func newClock() *clock { return &clock{t: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.slept += d
	c.mu.Unlock()
	return nil
}

func (c *clock) Slept() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.slept
}

// rig is a fake, an integration of each environment and their Envs.
type rig struct {
	clk  *clock
	fake *fake.Server
	live *Integration
	demo *Integration
	env  integrations.Env // live
	denv integrations.Env // demo
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
		live: &Integration{id: LiveID, sleep: clk.Sleep}, demo: &Integration{id: PracticeID, practice: true, sleep: clk.Sleep}}
	eps := f.Endpoints()
	r.env = integrations.Env{Endpoints: eps[LiveID], HTTP: testHTTP(r.live), Now: clk.Now}
	r.denv = integrations.Env{Endpoints: eps[PracticeID], HTTP: testHTTP(r.demo), Now: clk.Now}
	return r
}

// testHTTP is the app's own client with its waits shrunk.
func testHTTP(in *Integration) *http.Client {
	return httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
}
