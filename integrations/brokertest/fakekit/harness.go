package fakekit

import (
	"context"
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

// StartAt is Start for a fake built from its clock's reading alone, with
// the clock then set to at (a "now" after the fake's data): the Env for in
// (with app; nil for none) and the fake with its clock.
func StartAt[S Server](t testing.TB, in integrations.Integration, app *integrations.AppRegistration, at time.Time, start func(now func() time.Time) (S, error)) (integrations.Env, S, *Clock) {
	t.Helper()
	env, srv, clk := Start(t, in, app, func(clk *Clock) (S, error) { return start(clk.Now) })
	clk.Set(at)
	return env, srv, clk
}

// Clocked is a fake's Options (the recipe's: a Now field) as Launch sets
// them: SetClock gives the fake its clock.
type Clocked[O any] interface {
	*O
	SetClock(now func() time.Time)
}

// Launch is Start for a fake package whose New takes its Options: it
// starts newFake(opts) with the fresh clock set in opts.
func Launch[O any, P Clocked[O], S Server](t testing.TB, in integrations.Integration, app *integrations.AppRegistration, newFake func(O) (S, error), opts O) (integrations.Env, S, *Clock) {
	t.Helper()
	return Start(t, in, app, func(clk *Clock) (S, error) {
		P(&opts).SetClock(clk.Now)
		return newFake(opts)
	})
}

// LaunchAt is Launch with the clock then set to at (a "now" after the
// fake's data), as StartAt.
func LaunchAt[O any, P Clocked[O], S Server](t testing.TB, in integrations.Integration, app *integrations.AppRegistration, at time.Time, newFake func(O) (S, error), opts O) (integrations.Env, S, *Clock) {
	t.Helper()
	env, srv, clk := Launch[O, P](t, in, app, newFake, opts)
	clk.Set(at)
	return env, srv, clk
}
