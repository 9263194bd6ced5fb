package fakekit_test

import (
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
func (stubServer) Endpoints() map[string]map[string]string {
	return map[string]map[string]string{"stub": {"api": "http://127.0.0.1:1"}}
}
func (s stubServer) Close() error { *s.closed = true; return nil }

func TestStartAt(t *testing.T) {
	closed := false
	at := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	t.Run("start", func(t *testing.T) {
		env, srv, clk := fakekit.StartAt(t, stubIntegration{}, &fakekit.TestApp, at, func(now func() time.Time) (stubServer, error) {
			return stubServer{now: now, closed: &closed}, nil
		})
		if !clk.Now().Equal(at) || !srv.now().Equal(at) || !env.Time().Equal(at) {
			t.Errorf("clock %v, fake %v, env %v; want %v", clk.Now(), srv.now(), env.Time(), at)
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
	Now  func() time.Time
	Name string
}

func (o *stubOptions) SetClock(now func() time.Time) { o.Now = now }

func TestLaunch(t *testing.T) {
	closed := false
	var got stubOptions
	newFake := func(o stubOptions) (stubServer, error) { got = o; return stubServer{now: o.Now, closed: &closed}, nil }
	t.Run("launch", func(t *testing.T) {
		env, srv, clk := fakekit.Launch(t, stubIntegration{}, nil, newFake, stubOptions{Name: "kept"})
		if got.Name != "kept" || got.Now == nil || !srv.now().Equal(fakekit.T0) || env.App != nil {
			t.Fatalf("options %+v, fake clock %v, app %v", got, srv.now(), env.App)
		}
		clk.Add(time.Hour)
		if !srv.now().Equal(fakekit.T0.Add(time.Hour)) || !env.Time().Equal(srv.now()) {
			t.Errorf("the fake's clock is not the harness's: %v, env %v", srv.now(), env.Time())
		}
	})
	at := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	t.Run("at", func(t *testing.T) {
		_, srv, clk := fakekit.LaunchAt(t, stubIntegration{}, &fakekit.TestApp, at, newFake, stubOptions{})
		if !srv.now().Equal(at) || !clk.Now().Equal(at) {
			t.Errorf("clock %v, fake %v; want %v", clk.Now(), srv.now(), at)
		}
	})
	if !closed {
		t.Error("the fake was not closed when the test ended")
	}
}
