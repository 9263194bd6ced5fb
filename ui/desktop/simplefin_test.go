package desktop

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/simplefin"
	simplefinfake "github.com/latchkey/latchkey/integrations/simplefin/fake"
)

// TestSimpleFINInTheDesktop is issue 15's "done when" for SimpleFIN in the
// desktop, against its fake: a setup token pasted in the portal is claimed
// once and brings a connection per institution at the Bridge; when the
// Bridge reports that one institution's login needs attention, Refresh
// all disables that connection alone, and the others stay active.
func TestSimpleFINInTheDesktop(t *testing.T) {
	srv, err := simplefinfake.New(simplefinfake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	opts := simplefin.Options{MinSyncInterval: time.Nanosecond, ShareFor: time.Nanosecond}
	h := newHarness(t, withIntegrations(t, func() []integrations.Integration {
		return []integrations.Integration{simplefin.NewWith(opts)}
	}, srv.Endpoints()))
	h.unlocked()

	p := h.openForm(simplefin.ID)
	h.fill(p, map[string]string{"setup_token": srv.NewSetupToken()})
	h.wait("portal:done")
	h.wait("portal:synced")
	h.closeDone(p)
	if srv.Claims() != 1 {
		t.Errorf("the token was claimed %d times", srv.Claims())
	}
	home := h.u.scr.home
	var labels []string
	for _, r := range home.data.all {
		labels = append(labels, r.c.Label)
	}
	sort.Strings(labels)
	if want := []string{"Fidelity Investments · via SimpleFIN", "SimpleFIN Demo · via SimpleFIN", "Vanguard · via SimpleFIN"}; !slices.Equal(labels, want) {
		t.Fatalf("rows %q, want %q", labels, want)
	}

	// The Bridge's login to Vanguard needs attention: that row alone.
	srv.NeedsAttention(simplefinfake.VanguardConn, "")
	h.clk.Add(time.Minute) // past the (test-short) budget floor
	h.u.sync.refresh(nil, false)
	h.wait("refresh:done")
	h.settleConnections()
	for _, r := range home.data.all {
		st := home.statusOf(r)
		vanguard := strings.HasPrefix(r.c.Label, "Vanguard")
		if vanguard && (st != app.StatusDisabled || h.row(r.c.ID).badge.Text() != "Disabled") {
			t.Errorf("Vanguard's row: %s, badge %q", st, h.row(r.c.ID).badge.Text())
		}
		if !vanguard && st != app.StatusActive {
			t.Errorf("%s is %s; only Vanguard's login needs attention", r.c.Label, st)
		}
	}
}
