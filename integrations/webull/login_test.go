package webull_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
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
	in, env, _ := startFake(t, opts, poll, now)
	return in, env
}

func startFake(t *testing.T, opts fake.Options, poll time.Duration, now func() time.Time) (*webull.Integration, integrations.Env, *fake.Server) {
	t.Helper()
	opts.Now = now
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := webull.NewPolling(poll)
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	return in, integrations.Env{Endpoints: f.Endpoints()[webull.ID], HTTP: hc, Now: now}, f
}

// login plays the user: the form is pre-filled, an ApproveStep is answered
// empty (the fake approves).
func login(t *testing.T, ctx context.Context, in integrations.Integration, env integrations.Env, app fake.App) (*integrations.DoneStep, []integrations.Step, error) {
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

// synced is a sync of the grant g: a client of it (save gets the grants it
// moves) that has read the accounts once; either failing fails t.
func synced(t *testing.T, in integrations.Integration, g integrations.Grant, env integrations.Env, save integrations.SaveFunc) integrations.Client {
	t.Helper()
	c, err := in.NewClient(t.Context(), g, env, save)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestGrantExpiryMovesWithUse: a token turns INVALID only after 15 days
// without an API call, so each sync moves the grant's expiry to 15 days on
// (same secret, via SaveFunc) and a connection synced daily never shows as
// expiring; a token left unused for longer is dead.
func TestGrantExpiryMovesWithUse(t *testing.T) {
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
		t.Errorf("Grant.Expiry = %s, want the token's expires %s", done.Grant.Expiry, want)
	}
	var sv brokertest.Saves
	synced(t, in, done.Grant, env, sv.Save)
	if n := len(sv.All()); n != 0 {
		t.Errorf("a sync on the login's day saved %d grants: nothing moved", n)
	}
	// Ten days on, a sync keeps the token alive: the expiry moves.
	clk.Add(10 * 24 * time.Hour)
	for day := range 3 {
		c := synced(t, in, done.Grant, env, sv.Save)
		if _, err := c.Accounts(t.Context()); err != nil {
			t.Fatalf("day %d: %v", day, err)
		}
		got := sv.All()
		if len(got) != day+1 {
			t.Fatalf("day %d: %d saves, want one a sync", day, len(got))
		}
		g := got[day]
		if want := clk.Now().Add(webull.TokenLifetime).Truncate(time.Second); !g.Expiry.Equal(want) {
			t.Errorf("day %d: saved expiry %s, want %s", day, g.Expiry, want)
		}
		if !bytes.Equal(g.Secret, done.Grant.Secret) || g.Fingerprint != done.Grant.Fingerprint || g.Method != done.Grant.Method {
			t.Errorf("day %d: the saved grant must differ only in its expiry", day)
		}
		done.Grant = g
		clk.Add(24 * time.Hour)
	}
	// Unused for more than 15 days, the token is dead.
	clk.Add(webull.TokenLifetime + time.Hour)
	c, err := in.NewClient(t.Context(), done.Grant, env, sv.Save)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a token unused for 16 days: %v, want ErrReauthRequired", err)
	}
}

// TestTwoFactorOffNeedsNoToken: when GET /openapi/config says
// token_check_enabled is false, the login creates no token (as the SDKs'
// ClientInitializer) and the grant, a key pair alone, never expires.
func TestTwoFactorOffNeedsNoToken(t *testing.T) {
	in, env := start(t, fake.Options{}, time.Millisecond, func() time.Time { return t0 })
	done, steps, err := login(t, t.Context(), in, env, fake.Apps[1])
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 1 || !done.Grant.Expiry.IsZero() {
		t.Errorf("steps %d, expiry %s: 2FA off goes straight to a grant that does not expire", len(steps), done.Grant.Expiry)
	}
	if bytes.Contains(done.Grant.Secret, []byte(`"token"`)) {
		t.Error("the grant holds a token although none was needed")
	}
	var sv brokertest.Saves
	synced(t, in, done.Grant, env, sv.Save)
	if len(sv.All()) != 0 {
		t.Error("a grant without a token has no expiry to move")
	}
}

// TestLoginWithoutConfigRoute: a server without GET /openapi/config (404) is
// taken to need a token.
func TestLoginWithoutConfigRoute(t *testing.T) {
	in, env := start(t, fake.Options{NoConfig: true}, time.Millisecond, func() time.Time { return t0 })
	done, steps, err := login(t, t.Context(), in, env, fake.Apps[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := steps[0].(*integrations.ApproveStep); !ok || done.Grant.Expiry.IsZero() {
		t.Errorf("steps[0] %T, expiry %s: want the token flow", steps[0], done.Grant.Expiry)
	}
}

// TestRefusedLoginEndsAtTheForm: when the first account read with a new
// grant is refused, Next ends the attempt with ErrInvalidCredentials and the
// form (not the approval step, which the CLI would poll for ever); the form
// answered again logs in.
func TestRefusedLoginEndsAtTheForm(t *testing.T) {
	for _, app := range []fake.App{fake.Apps[0], fake.Apps[1]} {
		t.Run(app.Key, func(t *testing.T) {
			in, env, f := startFake(t, fake.Options{}, time.Millisecond, func() time.Time { return t0 })
			lg, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
				Values: map[string]string{"key_id": app.Key, "app_secret": app.Secret}})
			if err != nil {
				t.Fatal(err)
			}
			defer lg.Close()
			f.Inject(brokertest.Unauthorized, 1) // the subscriptions read
			var st integrations.Step
			for range 5 {
				st, err = lg.Next(t.Context(), integrations.Answer{})
				if err != nil {
					break
				}
				if _, ok := st.(*integrations.ApproveStep); !ok {
					t.Fatalf("step %T before the refusal", st)
				}
			}
			if !errors.Is(err, integrations.ErrInvalidCredentials) {
				t.Fatalf("err = %v, want ErrInvalidCredentials", err)
			}
			if _, ok := st.(*integrations.FormStep); !ok {
				t.Fatalf("step = %T, want the form again", st)
			}
			if msg := integrations.UserMessage(err); msg == "" || strings.Contains(msg, app.Secret) {
				t.Errorf("message %q", msg)
			}
			ans := integrations.Answer{Values: map[string]string{"key_id": app.Key, "app_secret": app.Secret}}
			for range 5 {
				st, err = lg.Next(t.Context(), ans)
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := st.(*integrations.DoneStep); ok {
					return
				}
				ans = integrations.Answer{}
			}
			t.Fatalf("no grant after the form was answered again (last step %T)", st)
		})
	}
}

// TestRefusedKeyEndsAtTheForm: a wrong secret is refused at GET
// /openapi/config and the form comes back.
func TestRefusedKeyEndsAtTheForm(t *testing.T) {
	in, env := start(t, fake.Options{}, time.Millisecond, func() time.Time { return t0 })
	_, steps, err := login(t, t.Context(), in, env, fake.App{Key: fake.Apps[0].Key, Secret: "wb-app-secret-wrong"})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || len(steps) != 0 {
		t.Errorf("steps %d, err %v", len(steps), err)
	}
}

func TestApprovalPollStopsWithContext(t *testing.T) {
	in, env := start(t, fake.Options{ApproveAfterChecks: 1 << 30}, time.Millisecond, func() time.Time { return t0 })
	// The approval step comes first, whatever the machine's speed; only the
	// poll that follows (never approved) runs against the deadline.
	lg, st, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: map[string]string{"key_id": fake.Apps[0].Key, "app_secret": fake.Apps[0].Secret}})
	if _, ok := st.(*integrations.ApproveStep); !ok || err != nil {
		t.Fatalf("first step %T, %v; want the approval step", st, err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	if st, err := lg.Next(ctx, integrations.Answer{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("step %T, err %v: the poll must end with the context", st, err)
	}
}

func TestApprovalTimeoutIsBounded(t *testing.T) {
	in, env := start(t, fake.Options{}, time.Millisecond, func() time.Time { return t0 })
	lg, st, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: map[string]string{"key_id": fake.Apps[0].Key, "app_secret": fake.Apps[0].Secret}})
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
