package fake_test

import (
	"net/http"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/zerodha"
	"github.com/latchkey/latchkey/integrations/zerodha/fake"
)

type otherInst struct{ integrations.Integration }

func (otherInst) Institution() integrations.Institution { return integrations.Institution{ID: "other"} }

// TestHarness: the harness serves Zerodha alone; its Env reaches its fake,
// on the harness's clock, with the Kite app whose secret the fake knows.
func TestHarness(t *testing.T) {
	if _, ok := fake.Harness(otherInst{}); ok {
		t.Error("a harness for another institution")
	}
	h, ok := fake.Harness(zerodha.New()[0])
	if !ok || len(h.Logins) != 2 || len(h.LoginFailures) != 1 {
		t.Fatalf("harness %v: %d logins, %d failures", ok, len(h.Logins), len(h.LoginFailures))
	}
	_, env, f := h.New(t)
	if env.App == nil || env.App.ClientSecret != fake.APISecret || !env.Time().Equal(fakekit.T0) {
		t.Fatalf("env app %v at %v", env.App, env.Time())
	}
	resp, err := http.Get(env.URL("api") + "/user/profile")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("the env's api is not the fake: a request without a token got HTTP %d", resp.StatusCode)
	}
	c, ok := f.(brokertest.Counter)
	if !ok {
		t.Fatalf("the harness's fake %T counts no rows", f)
	}
	f.ExpireAccessTokens() // Kite sessions do not refresh: nothing changes
	if n := c.Count(brokertest.ListAccounts, ""); n != 2 {
		t.Errorf("%d accounts counted, want 2 (equity and commodity)", n)
	}
	if c.Count(brokertest.ListPositions, "zerodha-equity") == 0 || c.Count(brokertest.ListActivities, "zerodha-equity") == 0 {
		t.Error("no positions or activities counted in the equity account")
	}
}
