package desktop

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/snaptrade"
	snaptradefake "github.com/latchkey/latchkey/integrations/snaptrade/fake"
)

// withIntegrations adds integrations to the harness's registry and their
// endpoint overrides to its endpoints file.
func withIntegrations(t *testing.T, extra func() []integrations.Integration, endpoints map[string]map[string]string) harnessOption {
	return func(o *Options) {
		if extra != nil {
			base := o.Integrations
			o.Integrations = func(dir string) []integrations.Integration { return append(base(dir), extra()...) }
		}
		if len(endpoints) == 0 {
			return
		}
		eps := map[string]map[string]string{}
		b, err := os.ReadFile(o.Endpoints)
		if err == nil {
			err = json.Unmarshal(b, &eps)
		}
		if err != nil {
			t.Fatal(err)
		}
		for id, m := range endpoints {
			eps[id] = m
		}
		b, _ = json.Marshal(eps)
		if err := os.WriteFile(o.Endpoints, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// snapTradeHarness is the desktop with SnapTrade against its fake, the
// user's Personal key saved in Settings, and a browser that presses
// Connect in SnapTrade's portal.
func snapTradeHarness(t *testing.T) (*harness, *snaptradefake.Server) {
	t.Helper()
	var clk *fakekit.Clock // the harness's, once it is built
	srv, err := snaptradefake.New(snaptradefake.Options{Now: func() time.Time { return clk.Now() }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	h := newHarness(t, withIntegrations(t, snaptrade.New, srv.Endpoints()))
	clk = h.clk
	h.browser.mu.Lock()
	h.browser.consent = map[string]string{"decision": "connect"}
	h.browser.mu.Unlock()
	h.unlocked()
	if err := h.u.core.SetAppRegistration(t.Context(), snaptrade.ID, &integrations.AppRegistration{
		ClientID: snaptradefake.ClientID, ClientSecret: snaptradefake.ConsumerKey}); err != nil {
		t.Fatal(err)
	}
	return h, srv
}

// TestSnapTradeConnectionsShowTheirBrokerage is issue 15's "done when" in
// the desktop, against SnapTrade's fake: one portal login brings three
// connections, each shown as the brokerage it reaches ("Webull Canada · via
// SnapTrade") with its own monogram, one of them Disabled; Repair goes
// through SnapTrade's reconnect mode and brings the same connection back;
// Disconnect offers to remove the authorization at SnapTrade too.
func TestSnapTradeConnectionsShowTheirBrokerage(t *testing.T) {
	h, srv := snapTradeHarness(t)
	p := h.portalStart()
	h.pickInstitution(p, snaptrade.ID)
	h.wait("portal:choice")
	// SnapTrade's brokerages: a search, Up and Down, Enter.
	cp := pageOf[*choicePage](t, p, "the searchable list")
	c := h.w.Canvas()
	if c.Focused() != cp.search {
		t.Error("the search should have the focus")
	}
	test.Type(cp.search, "webull")
	if len(cp.shown) != 2 {
		t.Fatalf("“webull”: %d shown", len(cp.shown))
	}
	typeKey(c, fyne.KeyDown)
	if got := cp.highlighted().Value; got != "WEBULL" {
		t.Errorf("Down highlights %s", got)
	}
	typeKey(c, fyne.KeyDown) // stays on the last
	typeKey(c, fyne.KeyUp)
	if got := cp.highlighted().Value; got != "WEBULL-CANADA" {
		t.Errorf("Up highlights %s", got)
	}
	typeKey(c, fyne.KeyReturn)
	h.wait("portal:browser")
	if ll := srv.LastLogin(); ll.Broker != "WEBULL-CANADA" {
		t.Errorf("SnapTrade's portal opened on %q", ll.Broker)
	}
	h.wait("portal:done")
	d := h.done(p)
	if !strings.Contains(d.text.Text, "Webull Canada is connected through SnapTrade") ||
		!strings.Contains(d.text.Text, "also reaches Fidelity and Vanguard US") {
		t.Errorf("the done page: %q", d.text.Text)
	}
	h.wait("portal:synced")
	if !strings.Contains(d.syncText.Text, "Vanguard US · via SnapTrade no longer accepts this login: repair it from the list") {
		t.Errorf("the first sync of the three: %q", d.syncText.Text)
	}
	test.Tap(d.done)
	h.wait("portal:closed")
	h.settleConnections()

	home := h.u.scr.home
	var labels []string
	byName := map[string]connRow{}
	for _, r := range home.data.all {
		labels = append(labels, r.c.Label)
		byName[r.c.Name] = r
	}
	sort.Strings(labels)
	if want := []string{"Fidelity · via SnapTrade", "Vanguard US · via SnapTrade", "Webull Canada · via SnapTrade"}; !slices.Equal(labels, want) {
		t.Fatalf("rows %q, want %q", labels, want)
	}
	if got := home.summary.Text(); got != "3 connections · 3 institutions" {
		t.Errorf("summary %q: a bridge's brokerages are institutions of their own", got)
	}
	webull := byName["Webull Canada"]
	row := h.row(webull.c.ID)
	if st := lookOf(h.u.institution(snaptrade.ID)); row.mono.initials == st.initials && row.mono.fill == st.fill {
		t.Errorf("the row shows SnapTrade's monogram, not the brokerage's: %q", row.mono.initials)
	}
	if lookOf(byName["Fidelity"].inst).fill == lookOf(byName["Vanguard US"].inst).fill && byName["Fidelity"].c.Monogram == "" {
		t.Error("two brokerages behind the bridge share one colour")
	}
	sub := row.sub.Text()
	if strings.Contains(sub, "SnapTrade (your Personal key)") || strings.Contains(sub, "Webull Canada") {
		t.Errorf("the subtitle repeats the title or names the bridge's own entry: %q", sub)
	}
	// A renamed row says what it reaches.
	if _, err := h.u.core.Rename(t.Context(), webull.c.ID, "TFSA"); err != nil {
		t.Fatal(err)
	}
	h.settleConnections()
	if sub := h.row(webull.c.ID).sub.Text(); !strings.HasPrefix(sub, "Webull Canada · via SnapTrade · ") {
		t.Errorf("a renamed bridge row's subtitle: %q", sub)
	}

	// Vanguard US is disabled at SnapTrade: its row says so and repairs
	// through SnapTrade's reconnect mode, keeping the connection.
	vanguard := byName["Vanguard US"]
	vrow := h.row(vanguard.c.ID)
	if vrow.badge.Text() != "Disabled" || !vrow.action.Visible() || vrow.action.Text != "Repair" {
		t.Fatalf("Vanguard's row: badge %q, action %q", vrow.badge.Text(), vrow.action.Text)
	}
	test.Tap(vrow.action)
	h.wait("portal:browser")
	rp := h.u.scr.portal
	if hdr := test.RenderObjectToMarkup(rp.frame.header); !strings.Contains(hdr, "Vanguard US in SnapTrade") {
		t.Errorf("the repair's header should name the brokerage: %s", hdr)
	}
	h.wait("portal:done")
	if got := h.done(rp).title; got != "Repaired" {
		t.Errorf("repair: %q", got)
	}
	h.wait("portal:synced")
	h.closeDone(rp)
	if ll := srv.LastLogin(); ll.Reconnect != snaptradefake.VanguardAuthID {
		t.Errorf("the repair did not use SnapTrade's reconnect mode: %+v", ll)
	}
	if r, ok := home.find(vanguard.c.ID); !ok || home.statusOf(r) != app.StatusActive {
		t.Fatalf("Vanguard after the repair: %v", ok)
	}
	if n := len(home.data.all); n != 3 {
		t.Errorf("%d connections after the repair", n)
	}

	// Disconnect Fidelity, also at SnapTrade.
	fidelity := byName["Fidelity"]
	h.row(fidelity.c.ID)
	home.showMenu(fidelity.c.ID, h.row(fidelity.c.ID).more)
	menuAction(t, home.menu, "Disconnect…")()
	dd := home.remove
	if dd == nil || dd.at == nil || dd.at.Text != "Also remove it at SnapTrade" || dd.at.Checked {
		t.Fatalf("the disconnect should offer removing it at SnapTrade, unticked")
	}
	if !strings.Contains(dd.text.Text, "value history (daily snapshots)") {
		t.Errorf("the confirmation should say the value history goes too: %q", dd.text.Text)
	}
	if !strings.Contains(dd.text.Text, "Its authorization at SnapTrade stays") {
		t.Error("the confirmation should say the authorization stays at SnapTrade unless removed")
	}
	dd.at.SetChecked(true)
	test.Tap(dd.m.action)
	h.wait("disconnected")
	h.wait("connections")
	if slices.Contains(srv.Connections(snaptradefake.ClientID), snaptradefake.FidelityAuthID) {
		t.Error("Fidelity's authorization is still at SnapTrade")
	}
	if !strings.Contains(home.status.Text(), "removed it at SnapTrade") {
		t.Errorf("status after the disconnect: %q", home.status.Text())
	}
	// Without the tick, the authorization stays.
	home.showMenu(webull.c.ID, h.row(webull.c.ID).more)
	menuAction(t, home.menu, "Disconnect…")()
	test.Tap(home.remove.m.action)
	h.wait("disconnected")
	if !slices.Contains(srv.Connections(snaptradefake.ClientID), snaptradefake.WebullAuthID) {
		t.Error("Webull Canada's authorization was removed at SnapTrade without the tick")
	}
}
