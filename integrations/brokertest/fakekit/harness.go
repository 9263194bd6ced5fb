package fakekit

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// T0 is the conformance harnesses' "now": a Wednesday, mid-afternoon UTC.
var T0 = time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC)

// TestApp is the user's app registration the harnesses log in with.
var TestApp = integrations.AppRegistration{ClientID: "latchkey-test-app", ClientSecret: "app-secret-Zq81mX"}

// Env is the Env an integration runs with against a fake: the endpoints,
// the app's own HTTP client (package httpx) without a rate limit and with
// its waits shrunk to nothing, the clock, and the app registration.
func Env(inst integrations.Institution, endpoints map[string]string, now func() time.Time, app *integrations.AppRegistration) integrations.Env {
	hc := httpx.New(inst, httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	return integrations.Env{Endpoints: endpoints, HTTP: hc, Now: now, App: app}
}

// Server is what a fake package's server offers: the brokertest controls,
// its endpoints per institution id, Close.
type Server interface {
	brokertest.Fake
	Endpoints() map[string]map[string]string
	Close() error
}

// Start is the body of a Harness.New: it starts a fake with a fresh clock at
// T0, closes it when t ends, and returns the Env for in against it (with
// app; nil for none) and the fake with its clock.
func Start[S Server](t testing.TB, in integrations.Integration, app *integrations.AppRegistration, start func(clk *Clock) (S, error)) (integrations.Env, S, *Clock) {
	t.Helper()
	clk := NewClock(T0)
	srv, err := start(clk)
	if err != nil {
		t.Fatalf("start the fake: %v", err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	inst := in.Institution()
	eps, ok := srv.Endpoints()[inst.ID]
	if !ok {
		t.Fatalf("the fake serves no endpoints for %s", inst.ID)
	}
	return Env(inst, eps, clk.Now, app), srv, clk
}

// Rig is a fake package's harness wiring, the lifecycle every fake's
// harness shares: the institutions (variants) the fake serves, and how it
// starts for the suite and for a test (its New, with the clock and the
// variant's test defaults set into its Options; the app registration the
// Env carries; where the clock stands). A fake package declares one and
// has its Start and Harness from it:
//
//	var rig = fakekit.Rig[Options, *Server]{IDs: []string{ID}, New: New, App: fakekit.App(fakekit.TestApp),
//		Prepare: func(o *Options, now func() time.Time, _ string) {
//			o.Now, o.RateLimit = now, cmp.Or(o.RateLimit, fakekit.Unlimited)
//		}}
//
//	// Start runs a fake for a harness or a test.
//	var Start = rig.Start
//
//	func Harness(in integrations.Integration) (brokertest.Harness, bool) {
//		return rig.Harness(in, func(id string) brokertest.Harness {
//			return brokertest.Harness{Logins: ..., LoginFailures: ..., Expect: ...}
//		})
//	}
type Rig[O any, S Server] struct {
	// IDs are the institution ids the fake serves; Harness answers false
	// for any other.
	IDs []string
	// New is the fake package's New.
	New func(O) (S, error)
	// Prepare sets into the Options a Start was given the fake's clock
	// (now) and the test defaults of the variant id (a rate limit out of
	// the way, small pages, the variant's switch). Nil: the Options go to
	// New as they are.
	Prepare func(o *O, now func() time.Time, id string)
	// App is the app registration the Env carries for the variant id; nil
	// (or App returning nil): none.
	App func(id string) *integrations.AppRegistration
	// At is where the clock stands once the fake started (a "now" after
	// the fake's data); zero: T0, where the fake was built.
	At time.Time

	// What Harness's New gives each of the suite's checks:
	//
	// Suite are the Options its fake starts with (prepared as Start's).
	Suite O
	// Run is the integration the suite runs against the fake on clk (in
	// with its test hook: waits that move clk, [Polled]); nil: in ([Polled]
	// when Polls).
	Run func(in integrations.Integration, clk *Clock) integrations.Integration
	// Polls says the institution's login polls for an approval in its app:
	// Harness answers false for an integration that is no [Poller], and
	// the suite runs it polling every millisecond ([Polled]) unless Run is
	// set.
	Polls bool
	// Seen is the fake as the suite sees it in the variant id (wrapped to
	// count its rows: a brokertest.Counter); nil: the fake, [Counted] by
	// Count when it is set.
	Seen func(srv S, id string) brokertest.Fake
	// Count counts the rows the fake serves in the variant id: its
	// accounts, or an account's positions or activities. The fake must be
	// Injecting (built on Base).
	Count func(srv S, id string, list brokertest.List, accountID string) int
}

// App is a Rig's App for one registration, whatever the variant: each Env
// gets its own copy.
func App(reg integrations.AppRegistration) func(string) *integrations.AppRegistration {
	return func(string) *integrations.AppRegistration { app := reg; return &app }
}

// Start starts the fake for in with opts (prepared for in's variant) and a
// fresh clock, closes it when t ends, and returns the Env for in against it
// and the fake with its clock (set to At, when given).
func (r Rig[O, S]) Start(t testing.TB, in integrations.Integration, opts O) (integrations.Env, S, *Clock) {
	t.Helper()
	id := in.Institution().ID
	var app *integrations.AppRegistration
	if r.App != nil {
		app = r.App(id)
	}
	env, srv, clk := Start(t, in, app, func(clk *Clock) (S, error) {
		if r.Prepare != nil {
			r.Prepare(&opts, clk.Now, id)
		}
		return r.New(opts)
	})
	if !r.At.IsZero() {
		clk.Set(r.At)
	}
	return env, srv, clk
}

// Serves says whether the fake serves in's institution (one of IDs).
func (r Rig[O, S]) Serves(in integrations.Integration) bool {
	return slices.Contains(r.IDs, in.Institution().ID)
}

// Harness is the body of the fake's brokertest.HarnessFunc: false for an
// institution the fake does not serve (or, when the Rig Polls, an
// integration that is no Poller); else the Harness build makes for
// the variant id, whose New, when build leaves it nil, starts a fresh fake
// for each check with the Suite Options, and hands the suite the
// integration as Run has it and the fake as Seen has it.
func (r Rig[O, S]) Harness(in integrations.Integration, build func(id string) brokertest.Harness) (brokertest.Harness, bool) {
	if _, polls := in.(Poller); !r.Serves(in) || (r.Polls && !polls) {
		return brokertest.Harness{}, false
	}
	id := in.Institution().ID
	h := build(id)
	if h.New == nil {
		h.New = func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			env, srv, clk := r.Start(t, in, r.Suite)
			run, seen := in, brokertest.Fake(srv)
			switch {
			case r.Run != nil:
				run = r.Run(in, clk)
			case r.Polls:
				run = Polled(in, clk)
			}
			switch {
			case r.Seen != nil:
				seen = r.Seen(srv, id)
			case r.Count != nil:
				inj, ok := any(srv).(Injecting)
				if !ok {
					t.Fatalf("fakekit: Rig.Count counts a fake with Base's injections, not %T", srv)
				}
				seen = Counted{Injecting: inj, Rows: func(list brokertest.List, accountID string) int {
					return r.Count(srv, id, list, accountID)
				}}
			}
			return run, env, seen
		}
	}
	return h, true
}

// Poller is an integration whose login polls for an approval in the
// institution's app, at an interval a test shortens.
type Poller interface {
	WithPollInterval(d time.Duration) integrations.Integration
}

// Polled is a Rig's Run for a Poller: it polls every millisecond (an
// integration that is none runs as it is).
func Polled(in integrations.Integration, _ *Clock) integrations.Integration {
	if p, ok := in.(Poller); ok {
		return p.WithPollInterval(time.Millisecond)
	}
	return in
}
