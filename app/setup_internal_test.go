package app

import (
	"context"
	"net/http"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/internal/apptest"
)

type scopedInst struct{ in integrations.Institution }

func (s scopedInst) Institution() integrations.Institution { return s.in }
func (scopedInst) StartLogin(context.Context, integrations.LoginRequest) (integrations.Login, error) {
	return nil, integrations.ErrNotSupported
}
func (scopedInst) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return nil, integrations.ErrNotSupported
}

// TestConnEnvKeepsAClientPerConnection: a connection to an institution
// limited per grant keeps its own client (and rate limiter) across syncs;
// one limited per client address shares one; the clients of one
// institution share one connection pool.
func TestConnEnvKeepsAClientPerConnection(t *testing.T) {
	ctx := t.Context()
	v := apptest.Vault(t, "")
	eps := []integrations.Endpoint{{Name: "api", URL: "https://api.example.com"}}
	reg, err := NewRegistry([]integrations.Integration{
		scopedInst{integrations.Institution{ID: "grant", Endpoints: eps}},
		scopedInst{integrations.Institution{ID: "perip", Endpoints: eps, RateScope: integrations.RateScopeIP}},
	}, "")
	if err != nil {
		t.Fatal(err)
	}
	a := New(Options{Vault: v, Registry: reg})
	client := func(inst, id string) *http.Client {
		t.Helper()
		env, err := a.connEnv(ctx, Connection{ID: id, InstitutionID: inst})
		if err != nil {
			t.Fatal(err)
		}
		if env.Now == nil || env.URL("api") != "https://api.example.com" {
			t.Fatalf("env %+v", env)
		}
		return env.HTTP
	}
	c1, c2 := client("grant", "c1"), client("grant", "c2")
	if c1 == c2 || client("grant", "c1") != c1 {
		t.Error("per-grant clients are not one per connection")
	}
	t1, t2 := c1.Transport.(*httpx.Transport), c2.Transport.(*httpx.Transport)
	if t1.Limiter() == t2.Limiter() {
		t.Error("two connections share a rate limiter")
	}
	if t1.Limiter().Limit() != httpx.DefaultRPS {
		t.Errorf("limit %v, want the production %v", t1.Limiter().Limit(), httpx.DefaultRPS)
	}
	if t1.Base() != t2.Base() {
		t.Error("the connections of one institution do not share a connection pool")
	}
	p := client("perip", "c3")
	if client("perip", "c4") != p {
		t.Error("per-IP clients are not shared")
	}
	if p.Transport.(*httpx.Transport).Base() == t1.Base() {
		t.Error("two institutions share a connection pool")
	}
}
