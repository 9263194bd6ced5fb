package fake_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/etrade"
	"github.com/latchkey/latchkey/integrations/etrade/fake"
)

// TestFakeControls: the harness serves both E*TRADE environments and no
// other institution, counts what it serves, and an unsigned data request is
// refused the way E*TRADE refuses it.
func TestFakeControls(t *testing.T) {
	var live integrations.Integration
	for _, in := range etrade.New() {
		h, ok := fake.Harness(in)
		if !ok || len(h.Logins) == 0 {
			t.Fatalf("no harness for %s", in.Institution().ID)
		}
		if in.Institution().ID == fake.LiveID {
			live = in
		}
	}
	h, _ := fake.Harness(live)
	_, env, f := h.New(t)
	c, ok := f.(brokertest.Counter)
	if !ok || c.Count(brokertest.ListAccounts, "") != 2 {
		t.Fatal("the harness's fake does not count two accounts")
	}
	srv := f.(interface{ AccountKeys() []string })
	key := srv.AccountKeys()[0]
	if c.Count(brokertest.ListPositions, key) == 0 || c.Count(brokertest.ListActivities, key) == 0 {
		t.Error("no positions or activities counted")
	}
	resp, err := http.Get(env.URL("api") + "/v1/accounts/list.json")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "oauth_problem=") {
		t.Errorf("an unsigned request: HTTP %d %.80s", resp.StatusCode, body)
	}
	if _, ok := fake.Harness(fakeInst{}); ok {
		t.Error("a harness for another institution")
	}
}

type fakeInst struct{ integrations.Integration }

func (fakeInst) Institution() integrations.Institution { return integrations.Institution{ID: "other"} }

// TestStartSandbox: the sandbox's fake is reached with the sandbox's own
// consumer key, its clock standing at T0.
func TestStartSandbox(t *testing.T) {
	for _, in := range etrade.New() {
		if in.Institution().ID != fake.SandboxID {
			continue
		}
		env, _, clk := fake.Start(t, in, fake.Options{})
		if env.App == nil || env.App.ClientID != fake.SandboxConsumerKey || !clk.Now().Equal(fake.T0) {
			t.Errorf("sandbox app %v, clock %v", env.App, clk.Now())
		}
		return
	}
	t.Fatal("no sandbox variant")
}
