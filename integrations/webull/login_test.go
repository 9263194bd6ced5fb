package webull_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/webull"
	"github.com/latchkey/latchkey/integrations/webull/fake"
)

type movingClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movingClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *movingClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func start(t *testing.T, opts fake.Options, poll time.Duration, now func() time.Time) (*webull.Integration, integrations.Env) {
	t.Helper()
	opts.Now = now
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := webull.NewPolling(poll)
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	return in, integrations.Env{Endpoints: f.Endpoints()[webull.ID], HTTP: hc, Now: now}
}

// login plays the user: the form is pre-filled, an ApproveStep is answered
// empty (the fake approves).
func login(t *testing.T, ctx context.Context, in *webull.Integration, env integrations.Env, app fake.App) (*integrations.DoneStep, []integrations.Step, error) {
	t.Helper()
	lg, err := in.StartLogin(ctx, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: map[string]string{"key_id": app.Key, "app_secret": app.Secret}})
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	var steps []integrations.Step
	for range 10 {
		st, err := lg.Next(ctx, integrations.Answer{})
		if err != nil {
			return nil, steps, err
		}
		steps = append(steps, st)
		if d, ok := st.(*integrations.DoneStep); ok {
			return d, steps, nil
		}
	}
	t.Fatal("no DoneStep")
	return nil, nil, nil
}

func TestGrantExpiresAfter15Days(t *testing.T) {
	clk := &movingClock{t: t0}
	in, env := start(t, fake.Options{}, time.Millisecond, clk.Now)
	done, steps, err := login(t, t.Context(), in, env, fake.Apps[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := steps[0].(*integrations.ApproveStep); !ok {
		t.Fatalf("a PENDING token must ask for approval in the app, got %T", steps[0])
	}
	if want := t0.Add(webull.TokenLifetime).Truncate(time.Millisecond); !done.Grant.Expiry.Equal(want) {
		t.Errorf("Grant.Expiry = %s, want %s (15 days: the app shows the connection expiring in its last 7)", done.Grant.Expiry, want)
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Unused for more than 15 days, the token is dead.
	clk.Add(webull.TokenLifetime + time.Hour)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a token unused for 16 days: %v, want ErrReauthRequired", err)
	}
}

func TestApprovalPollStopsWithContext(t *testing.T) {
	in, env := start(t, fake.Options{ApproveAfterChecks: 1 << 30}, time.Millisecond, func() time.Time { return t0 })
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, steps, err := login(t, ctx, in, env, fake.Apps[0])
	if len(steps) != 1 || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("steps %d, err %v: the poll must end with the context", len(steps), err)
	}
}

func TestApprovalTimeoutIsBounded(t *testing.T) {
	in, env := start(t, fake.Options{}, time.Millisecond, func() time.Time { return t0 })
	lg, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: map[string]string{"key_id": fake.Apps[0].Key, "app_secret": fake.Apps[0].Secret}})
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	st, err := lg.Next(t.Context(), integrations.Answer{})
	if err != nil {
		t.Fatal(err)
	}
	ap, ok := st.(*integrations.ApproveStep)
	if !ok || ap.Timeout != 5*time.Minute || ap.Message == "" {
		t.Fatalf("step = %#v", st)
	}
	if err := lg.Paste("x"); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("Paste: %v", err)
	}
}
