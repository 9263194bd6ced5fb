package public

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/public/fake"
)

// t0 is the tests' pinned "now", after the fake's history.
var t0 = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newRig(t testing.TB) (*clock, *fake.Server, integrations.Env) {
	t.Helper()
	clk := &clock{t: t0}
	f, err := fake.New(fake.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	env := integrations.Env{Endpoints: f.Endpoints()[ID], HTTP: testHTTP(), Now: clk.Now}
	return clk, f, env
}

// testHTTP is the app's own client with its waits shrunk.
func testHTTP() *http.Client {
	return httpx.New((&Integration{}).Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
}
