package ibkrflex

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/ibkrflex/fake"
)

// t0 is the tests' pinned "now", after the fake's statement period.
var t0 = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// clock is a test clock whose Sleep moves time instead of waiting.
type clock struct {
	mu    sync.Mutex
	t     time.Time
	slept time.Duration
}

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

type rig struct {
	clk  *clock
	fake *fake.Server
	in   *Integration
	env  integrations.Env
}

func newRig(t testing.TB, opts fake.Options) *rig {
	t.Helper()
	clk := &clock{t: t0}
	opts.Now = clk.Now
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := &Integration{wait: clk.Sleep}
	env := integrations.Env{Endpoints: f.Endpoints()[ID], HTTP: testHTTP(), Now: clk.Now}
	return &rig{clk: clk, fake: f, in: in, env: env}
}

// testHTTP is the app's own client with its waits shrunk.
func testHTTP() *http.Client {
	return httpx.New((&Integration{}).Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
}

func values(token, query, expires string) map[string]string {
	v := map[string]string{fieldToken: token, fieldQuery: query}
	if expires != "" {
		v[fieldExpires] = expires
	}
	return v
}
