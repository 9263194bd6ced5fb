package fakekit_test

import (
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
