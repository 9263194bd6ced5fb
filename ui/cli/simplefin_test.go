package cli_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/simplefin"
	simplefinfake "github.com/latchkey/latchkey/integrations/simplefin/fake"
)

func simplefinWorld(t *testing.T, opts simplefin.Options) (*world, *simplefinfake.Server) {
	t.Helper()
	srv, err := simplefinfake.New(simplefinfake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	w := newWorld(t)
	w.integrations = []integrations.Integration{simplefin.NewWith(opts)}
	w.endpoints = ""
	w.init()
	return w, srv
}

// TestSimpleFINConnect: connect simplefin --field setup_token=… claims the
// token once and makes a connection per institution at the Bridge; the
// same token again says what the Bridge's refusal means and saves nothing;
// sync and connections say when the Bridge's budget allows the next
// refresh.
func TestSimpleFINConnect(t *testing.T) {
	w, srv := simplefinWorld(t, simplefin.Options{})
	token := srv.NewSetupToken()
	r := w.mustRun(unlock, "--password-stdin", "connect", "simplefin", "--field", "setup_token="+token)
	for _, name := range []string{"Fidelity Investments", "SimpleFIN Demo", "Vanguard"} {
		if !strings.Contains(r.stderr, name+" · via SimpleFIN") {
			t.Errorf("%s not announced:\n%s", name, r.stderr)
		}
	}
	if strings.Contains(r.stderr+r.stdout, token) {
		t.Error("the token was printed")
	}
	r = w.run(unlock, "--password-stdin", "connect", "simplefin", "--field", "setup_token="+token)
	if r.code == 0 || !strings.Contains(r.stderr, "already claimed") || !strings.Contains(r.stderr, "Nothing was saved") ||
		strings.Contains(r.stderr, token) || srv.Claims() != 1 {
		t.Errorf("the token again: exit %d\n%s", r.code, r.stderr)
	}
	r = w.run(unlock, "--password-stdin", "connect", "simplefin", "--field", "setup_token=garbage")
	if r.code == 0 || !strings.Contains(r.stderr, "not a SimpleFIN setup token") {
		t.Errorf("garbage: exit %d\n%s", r.code, r.stderr)
	}
	r = w.mustRun(unlock, "--password-stdin", "--json", "connections")
	var conns []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &conns); err != nil || len(conns) != 3 {
		t.Fatalf("connections: %v\n%s", err, r.stdout)
	}
	for _, c := range conns {
		if c["status"] != "active" || c["next_sync_allowed"] == nil {
			t.Errorf("connection %v", c)
		}
	}
	r = w.mustRun(unlock, "--password-stdin", "sync")
	if n := strings.Count(r.stdout, "not synced: the institution allows the next refresh at"); n != 3 {
		t.Errorf("sync:\n%s", r.stdout)
	}
	r = w.mustRun(unlock, "--password-stdin", "connections")
	if strings.Count(r.stdout, "(next refresh ") != 3 {
		t.Errorf("connections:\n%s", r.stdout)
	}
}

// TestSimpleFINReconnect: the Bridge's login to Vanguard needs attention:
// sync disables it alone (exit 6); reconnect prints the Bridge's page and
// waits until the user fixed it there, then the same connection syncs.
func TestSimpleFINReconnect(t *testing.T) {
	w, srv := simplefinWorld(t, simplefin.Options{MinSyncInterval: time.Nanosecond, ShareFor: time.Nanosecond,
		RepairPoll: 5 * time.Millisecond, RepairTimeout: 10 * time.Second})
	w.mustRun(unlock, "--password-stdin", "connect", "simplefin", "--field", "setup_token="+srv.NewSetupToken())
	srv.NeedsAttention(simplefinfake.VanguardConn, "")
	r := w.run(unlock, "--password-stdin", "--json", "sync")
	if r.code != 6 {
		t.Fatalf("sync: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	var res []struct {
		ID, Status string
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	disabled := ""
	for _, x := range res {
		if x.Status == "disabled" {
			if disabled != "" {
				t.Fatalf("two disabled: %s", r.stdout)
			}
			disabled = x.ID
		}
	}
	r = w.mustRun(unlock, "--password-stdin", "connections")
	if !strings.Contains(r.stdout, "Vanguard · via SimpleFIN") || !strings.Contains(r.stdout, "(repair: latchkey reconnect") {
		t.Fatalf("connections:\n%s", r.stdout)
	}
	const page = "Open this page in your browser: "
	var fixErr error
	fixed := false
	r = w.runWith(unlock, func(line string) {
		if i := strings.Index(line, page); i >= 0 && !fixed {
			fixed = true
			_, fixErr = brokertest.SubmitForm(context.Background(), strings.TrimSpace(line[i+len(page):]), map[string]string{"decision": "fix"})
		}
	}, "--password-stdin", "reconnect", disabled)
	if r.code != 0 || fixErr != nil || !strings.Contains(r.stderr, "needs your attention") || !strings.Contains(r.stderr, "Repaired") {
		t.Fatalf("reconnect: exit %d %v\n%s", r.code, fixErr, r.stderr)
	}
	r = w.mustRun(unlock, "--password-stdin", "--json", "connections")
	var conns []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &conns); err != nil || len(conns) != 3 {
		t.Fatalf("connections: %v", err)
	}
	for _, c := range conns {
		if c["status"] != "active" {
			t.Errorf("after the repair: %v", c)
		}
	}
}
