package fakekit_test

import (
	"cmp"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// stubIntegration is an institution with an id and nothing else.
type stubIntegration struct{ integrations.Integration }

func (stubIntegration) Institution() integrations.Institution {
	return integrations.Institution{ID: "stub"}
}

// stubServer is a fake that serves endpoints for "stub" and records Close.
type stubServer struct {
	now    func() time.Time
	closed *bool
}

func (stubServer) Inject(brokertest.Fault, int) {}
func (stubServer) RevokeAll()                   {}
func (stubServer) ExpireAccessTokens()          {}

// The stub's injections (Base's): a Rig's Count counts such a fake.
func (stubServer) InjectAfter(brokertest.Fault, int, int)   {}
func (stubServer) InjectPath(string, brokertest.Fault, int) {}
func (stubServer) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{"stub": {"api": "http://127.0.0.1:1"}}
}
func (s stubServer) Close() error { *s.closed = true; return nil }

func TestStart(t *testing.T) {
	closed := false
	t.Run("start", func(t *testing.T) {
		env, srv, clk := fakekit.Start(t, stubIntegration{}, &fakekit.TestApp, func(clk *fakekit.Clock) (stubServer, error) {
			return stubServer{now: clk.Now, closed: &closed}, nil
		})
		if !clk.Now().Equal(fakekit.T0) || !srv.now().Equal(fakekit.T0) || !env.Time().Equal(fakekit.T0) {
			t.Errorf("clock %v, fake %v, env %v; want %v", clk.Now(), srv.now(), env.Time(), fakekit.T0)
		}
		if env.URL("api") != "http://127.0.0.1:1" || env.App == nil || env.App.ClientID != fakekit.TestApp.ClientID {
			t.Errorf("env endpoints %v, app %v", env.Endpoints, env.App)
		}
	})
	if !closed {
		t.Error("the fake was not closed when the test ended")
	}
}

func TestBearerAndTokenStores(t *testing.T) {
	live, paper := &fakekit.Tokens{Now: time.Now, AccessLife: time.Hour}, &fakekit.Tokens{Now: time.Now, AccessLife: time.Hour}
	la, _ := live.Issue("alice", false)
	pa, _ := paper.Issue("bob", false)
	req := func(h string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		if h != "" {
			r.Header.Set("Authorization", h)
		}
		return r
	}
	if who, ok := live.Bearer(req("Bearer " + la)); !ok || who != "alice" {
		t.Errorf("live token: %q %v", who, ok)
	}
	for _, h := range []string{"", la, "Basic " + la, "Bearer " + pa, "Bearer nope"} {
		if who, ok := live.Bearer(req(h)); ok {
			t.Errorf("%q accepted as %q", h, who)
		}
	}
	stores := fakekit.TokenStores{live, paper}
	stores.ExpireAccessTokens()
	if _, ok := paper.Bearer(req("Bearer " + pa)); ok {
		t.Error("an expired access token still accepted")
	}
	la, _ = live.Issue("alice", false)
	stores.RevokeAll()
	if _, ok := live.Bearer(req("Bearer " + la)); ok {
		t.Error("a revoked access token still accepted")
	}
}

// stubOptions are a fake's Options as the recipe has them.
type stubOptions struct {
	Now       func() time.Time
	Name      string
	RateLimit int
	Variant   string
}

// seenStub is a stub fake as a Rig's Seen hands it to the suite.
type seenStub struct {
	stubServer
	id string
}

// otherIntegration is an institution the stub fake does not serve.
type otherIntegration struct{ integrations.Integration }

func (otherIntegration) Institution() integrations.Institution {
	return integrations.Institution{ID: "other"}
}

func TestRig(t *testing.T) {
	closed := false
	var got stubOptions
	rig := fakekit.Rig[stubOptions, stubServer]{IDs: []string{"stub"},
		New: func(o stubOptions) (stubServer, error) { got = o; return stubServer{now: o.Now, closed: &closed}, nil },
		Prepare: func(o *stubOptions, now func() time.Time, id string) {
			o.Now, o.RateLimit, o.Variant = now, cmp.Or(o.RateLimit, fakekit.Unlimited), id
		}}
	t.Run("start", func(t *testing.T) {
		env, srv, clk := rig.Start(t, stubIntegration{}, stubOptions{Name: "kept"})
		if got.Name != "kept" || got.RateLimit != fakekit.Unlimited || got.Variant != "stub" || !srv.now().Equal(fakekit.T0) || env.App != nil {
			t.Fatalf("options %+v, fake clock %v, app %v", got, srv.now(), env.App)
		}
		clk.Add(time.Hour)
		if !srv.now().Equal(fakekit.T0.Add(time.Hour)) || !env.Time().Equal(srv.now()) {
			t.Errorf("the fake's clock is not the harness's: %v, env %v", srv.now(), env.Time())
		}
		rig.Start(t, stubIntegration{}, stubOptions{RateLimit: 7})
		if got.RateLimit != 7 {
			t.Errorf("a rate limit the test names is lost: %+v", got)
		}
	})
	if !closed {
		t.Error("the fake was not closed when the test ended")
	}
	at := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	t.Run("at and app", func(t *testing.T) {
		r := rig
		r.At, r.App = at, fakekit.App(fakekit.TestApp)
		env, srv, clk := r.Start(t, stubIntegration{}, stubOptions{})
		if !srv.now().Equal(at) || !clk.Now().Equal(at) || !got.Now().Equal(at) {
			t.Errorf("clock %v, fake %v; want %v", clk.Now(), srv.now(), at)
		}
		if env.App == nil || *env.App != fakekit.TestApp {
			t.Fatalf("app %v", env.App)
		}
		env.App.ClientSecret = "changed by one test"
		if again, _, _ := r.Start(t, stubIntegration{}, stubOptions{}); again.App.ClientSecret != fakekit.TestApp.ClientSecret || fakekit.TestApp.ClientSecret == "changed by one test" {
			t.Errorf("an Env's app is shared: %v", again.App)
		}
	})
	t.Run("harness", func(t *testing.T) {
		built := ""
		build := func(id string) brokertest.Harness {
			built = id
			return brokertest.Harness{PriceEndpoint: "/quotes"}
		}
		if _, ok := rig.Harness(otherIntegration{}, build); ok || built != "" || rig.Serves(otherIntegration{}) {
			t.Fatalf("a harness for an institution the fake does not serve (built for %q)", built)
		}
		h, ok := rig.Harness(stubIntegration{}, build)
		if !ok || built != "stub" || h.PriceEndpoint != "/quotes" || h.New == nil {
			t.Fatalf("harness %+v %v, built for %q", h, ok, built)
		}
		in, env, f := h.New(t)
		if _, isStub := in.(stubIntegration); !isStub || env.URL("api") == "" || f == nil || got.Name != "" || got.RateLimit != fakekit.Unlimited {
			t.Errorf("New: %T, env %v, fake %T, options %+v", in, env.Endpoints, f, got)
		}
		r := rig
		r.Suite = stubOptions{Name: "suite"}
		r.Run = func(in integrations.Integration, clk *fakekit.Clock) integrations.Integration {
			return otherIntegration{in}
		}
		r.Seen = func(srv stubServer, id string) brokertest.Fake { return seenStub{srv, id} }
		h, _ = r.Harness(stubIntegration{}, build)
		in, _, f = h.New(t)
		if _, isRun := in.(otherIntegration); !isRun || got.Name != "suite" {
			t.Errorf("New ran %T with options %+v, want Run's integration and the Suite options", in, got)
		}
		if s, isSeen := f.(seenStub); !isSeen || s.id != "stub" {
			t.Errorf("New handed the suite %T %+v, want Seen's fake for the variant", f, f)
		}
		r = rig
		r.Count = func(srv stubServer, id string, list brokertest.List, acct string) int {
			if id != "stub" || acct != "A1" || list != brokertest.ListPositions {
				return -1
			}
			return 3
		}
		h, _ = r.Harness(stubIntegration{}, build)
		_, _, f = h.New(t)
		if c, isCounter := f.(brokertest.Counter); !isCounter || c.Count(brokertest.ListPositions, "A1") != 3 || c.Count(brokertest.ListActivities, "A1") != -1 {
			t.Errorf("New handed the suite %T, want the fake Counted by Count in the variant", f)
		} else if _, isStub := c.(fakekit.Counted).Injecting.(stubServer); !isStub {
			t.Errorf("the fake Counted is %T, want the fake", c.(fakekit.Counted).Injecting)
		}
		own := func(testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			return nil, integrations.Env{}, nil
		}
		h, _ = rig.Harness(stubIntegration{}, func(string) brokertest.Harness { return brokertest.Harness{New: own} })
		if in, _, _ := h.New(t); in != nil {
			t.Error("the harness's own New was replaced")
		}
	})
}

// pollStub is an integration whose approval polls.
type pollStub struct {
	stubIntegration
	every time.Duration
}

func (p pollStub) WithPollInterval(d time.Duration) integrations.Integration {
	p.every = d
	return p
}

func TestPolled(t *testing.T) {
	if got, ok := fakekit.Polled(pollStub{every: 2 * time.Second}, nil).(pollStub); !ok || got.every != time.Millisecond {
		t.Errorf("Polled gave %+v, want a poll every millisecond", got)
	}
	if got := fakekit.Polled(stubIntegration{}, nil); got != (stubIntegration{}) {
		t.Errorf("Polled changed an integration that does not poll: %T", got)
	}
}

// TestRigPolls: a Rig whose login polls serves only a Poller, run polling
// every millisecond.
func TestRigPolls(t *testing.T) {
	rig := fakekit.Rig[stubOptions, stubServer]{IDs: []string{"stub"}, Polls: true,
		New: func(o stubOptions) (stubServer, error) { return stubServer{now: o.Now, closed: new(bool)}, nil }}
	build := func(string) brokertest.Harness { return brokertest.Harness{} }
	if _, ok := rig.Harness(stubIntegration{}, build); ok {
		t.Error("a polling Rig served an integration that does not poll")
	}
	h, ok := rig.Harness(pollStub{every: 2 * time.Second}, build)
	if !ok {
		t.Fatal("a polling Rig refused a Poller")
	}
	if in, _, _ := h.New(t); in.(pollStub).every != time.Millisecond {
		t.Errorf("the suite ran %+v, want a poll every millisecond", in)
	}
}

// plainServer is a fake without Base's injections.
type plainServer struct{ s stubServer }

func (plainServer) Inject(brokertest.Fault, int)              {}
func (plainServer) RevokeAll()                                {}
func (plainServer) ExpireAccessTokens()                       {}
func (p plainServer) Endpoints() map[string]map[string]string { return p.s.Endpoints() }
func (p plainServer) Close() error                            { return p.s.Close() }

// fatalTB records a Fatalf instead of ending the test.
type fatalTB struct {
	testing.TB
	fatal string
}

func (f *fatalTB) Fatalf(format string, args ...any) { f.fatal = format }

func TestRigCountNeedsInjections(t *testing.T) {
	closed := false
	rig := fakekit.Rig[stubOptions, plainServer]{IDs: []string{"stub"},
		New: func(o stubOptions) (plainServer, error) {
			return plainServer{stubServer{now: o.Now, closed: &closed}}, nil
		},
		Count: func(plainServer, string, brokertest.List, string) int { return 0 }}
	h, _ := rig.Harness(stubIntegration{}, func(string) brokertest.Harness { return brokertest.Harness{} })
	tb := &fatalTB{TB: t}
	h.New(tb)
	if tb.fatal == "" {
		t.Error("a Rig counted a fake without Base's injections")
	}
}
