package cli_test

import (
	"context"
	"encoding/json"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/snaptrade"
	snaptradefake "github.com/latchkey/latchkey/integrations/snaptrade/fake"
)

// TestSnapTradeFromTheCLI is issue 15's "done when" through the CLI,
// against SnapTrade's fake: `app set snaptrade` keeps the Personal key,
// `connect snaptrade` opens SnapTrade's portal (a scripted browser presses
// Connect) and brings one connection per authorization, named after the
// brokerage it reaches; the first sync leaves Vanguard US Disabled (exit
// 6) and `reconnect` repairs that same connection through the portal's
// reconnect mode, back to active with the same id and accounts.
func TestSnapTradeFromTheCLI(t *testing.T) {
	srv, err := snaptradefake.New(snaptradefake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	w := newWorld(t)
	w.integrations = snaptrade.New()
	w.setEndpoints("snaptrade-endpoints.json", srv.Endpoints())
	w.init()

	// Without the key, connect says where to put it.
	if r := w.run(unlock, "--password-stdin", "connect", "snaptrade", "--no-browser"); r.code == 0 || !strings.Contains(r.stderr, "app set") {
		t.Fatalf("connect without the Personal key: exit %d\n%s", r.code, r.stderr)
	}
	w.mustRun(unlock+snaptradefake.ConsumerKey+"\n", "--password-stdin", "app", "set", "snaptrade",
		"--client-id", snaptradefake.ClientID, "--client-secret-stdin")

	// A browser that presses Connect on the portal page the CLI prints.
	press := func() func(string) {
		var once sync.Once
		return func(line string) {
			if u := urlRe.FindString(line); u != "" {
				once.Do(func() {
					go brokertest.SubmitForm(context.Background(), u, map[string]string{"decision": "connect"})
				})
			}
		}
	}
	r := w.runWith(unlock+"WEBULL-CANADA\n", press(), "--password-stdin", "connect", "snaptrade", "--no-browser")
	if r.code != 0 {
		t.Fatalf("connect snaptrade: exit %d\n%s", r.code, r.stderr)
	}
	if ll := srv.LastLogin(); ll.Broker != "WEBULL-CANADA" || ll.Reconnect != "" {
		t.Errorf("the portal link %+v", ll)
	}
	type conn struct {
		ID         string   `json:"id"`
		Label      string   `json:"label"`
		Status     string   `json:"status"`
		AccountIDs []string `json:"account_ids"`
	}
	list := func() map[string]conn {
		t.Helper()
		var cs []conn
		r := w.mustRun(unlock, "--password-stdin", "--json", "connections")
		if err := json.Unmarshal([]byte(r.stdout), &cs); err != nil {
			t.Fatal(err)
		}
		m := map[string]conn{}
		for _, c := range cs {
			m[c.Label] = c
		}
		return m
	}
	conns := list()
	var labels []string
	for l := range conns {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	if want := []string{"Fidelity · via SnapTrade", "Vanguard US · via SnapTrade", "Webull Canada · via SnapTrade"}; !slices.Equal(labels, want) {
		t.Fatalf("connections %q, want %q", labels, want)
	}
	if r := w.run(unlock, "--password-stdin", "sync"); r.code != 6 {
		t.Errorf("a sync with a disabled authorization: exit %d, want 6\n%s", r.code, r.stderr)
	}
	conns = list()
	vanguard := conns["Vanguard US · via SnapTrade"]
	if vanguard.Status != "disabled" || conns["Fidelity · via SnapTrade"].Status != "active" || conns["Webull Canada · via SnapTrade"].Status != "active" {
		t.Fatalf("after the sync: %+v", conns)
	}
	r = w.runWith(unlock, press(), "--password-stdin", "reconnect", vanguard.ID, "--no-browser")
	if r.code != 0 {
		t.Fatalf("reconnect: exit %d\n%s", r.code, r.stderr)
	}
	if ll := srv.LastLogin(); ll.Reconnect != snaptradefake.VanguardAuthID {
		t.Errorf("the repair did not use SnapTrade's reconnect mode: %+v", ll)
	}
	w.mustRun(unlock, "--password-stdin", "sync", vanguard.ID)
	after := list()["Vanguard US · via SnapTrade"]
	if after.ID != vanguard.ID || after.Status != "active" || !slices.Equal(after.AccountIDs, vanguard.AccountIDs) {
		t.Errorf("after the repair %+v, before %+v", after, vanguard)
	}
}
