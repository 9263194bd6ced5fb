package desktop

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/latchkey/latchkey/integrations/demo"
)

func TestRevokeAndRepair(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	c := h.connectWithPassword("user_good")
	accts, _ := h.u.core.Accounts(context.Background(), c.ID)
	hs := h.u.scr.home
	r := h.row(c.ID)
	if r.badge.Text() != "Active" || r.action.Visible() || hs.banner.box.Visible() {
		t.Fatalf("fresh connection: badge %q", r.badge.Text())
	}
	if !strings.Contains(r.sub.Text(), "accounts") || !strings.Contains(r.sub.Text(), "$") || strings.Contains(r.sub.Text(), c.Label) {
		t.Errorf("the row should tell rows apart (accounts, value) without repeating its title: %q", r.sub.Text())
	}

	// Row menu → Revoke access (demo) → confirm: the next sync disables it.
	test.Tap(r.more)
	test.AssertNotificationSent(t, &fyne.Notification{Title: "Connection needs repair",
		Content: "Latchkey Demo Brokerage no longer accepts Latchkey's access. Open Latchkey and choose Repair."}, func() {
		menuAction(t, hs.menu, "Revoke access (demo)")()
		test.Tap(h.u.scr.modal.action)
		h.wait("action:revoke")
		h.wait("refresh:done")
	})
	h.settle()
	r = h.row(c.ID)
	if r.badge.Text() != "Disabled" || !r.action.Visible() || r.action.Text != "Repair" {
		t.Fatalf("after revoking: badge %q, action %q %v", r.badge.Text(), r.action.Text, r.action.Visible())
	}
	if !hs.banner.box.Visible() || hs.bannerAction() == nil || !strings.Contains(hs.banner.message.Text, "is disabled") {
		t.Fatalf("the banner should say so: %q", hs.banner.message.Text)
	}
	// A disabled row's menu drops what cannot work.
	test.Tap(r.more)
	if hasMenuItem(hs.menu, "Refresh now") || hasMenuItem(hs.menu, "Revoke access (demo)") || !hasMenuItem(hs.menu, "Repair…") {
		t.Errorf("disabled row's menu: %v", menuLabels(hs.menu))
	}
	h.u.closeOverlays()

	// Repair: one click opens the portal in reconnect mode.
	test.Tap(r.action)
	h.wait("portal:form")
	p := h.u.scr.portal
	if p.st.reconnect == nil || p.st.reconnect.ID != c.ID {
		t.Fatal("Repair should skip the institution choice and name the connection")
	}
	h.fill(p, map[string]string{"username": "user_good", "password": demo.GoodPassword})
	h.wait("portal:done")
	if d := h.done(p); p.st.result.ID != c.ID || d.title != "Repaired" || !strings.Contains(d.text.Text, "works again") {
		t.Fatalf("repair result: %q %q", d.title, d.text.Text)
	}
	h.wait("portal:synced")
	h.closeDone(p)
	r = h.row(c.ID)
	if r.badge.Text() != "Active" || r.action.Visible() || hs.banner.box.Visible() {
		t.Fatalf("after repair: badge %q, action %v, banner %v", r.badge.Text(), r.action.Visible(), hs.banner.box.Visible())
	}
	if strings.Contains(hs.status.Text(), "repair") {
		t.Errorf("a status line that is no longer true should clear: %q", hs.status.Text())
	}
	conns, _ := h.u.core.Connections(context.Background())
	after, _ := h.u.core.Accounts(context.Background(), c.ID)
	if len(conns) != 1 || conns[0].ID != c.ID || len(after) != len(accts) {
		t.Fatalf("repair must keep the connection and its accounts: %d connections, %d→%d accounts", len(conns), len(accts), len(after))
	}
}

func menuLabels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		out = append(out, it.Label)
	}
	return out
}

func TestReconnectWorkingConnectionIsNotRepaired(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	c := h.connectWithPassword("user_expiring")
	h.settle()
	r := h.row(c.ID)
	if r.badge.Text() == "Active" || !r.action.Visible() || r.action.Text != "Reconnect" {
		t.Fatalf("an expiring row has its own Reconnect: badge %q action %q", r.badge.Text(), r.action.Text)
	}
	test.Tap(r.action)
	h.wait("portal:form")
	p := h.u.scr.portal
	h.fill(p, map[string]string{"username": "user_expiring", "password": demo.GoodPassword})
	h.wait("portal:done")
	if d := h.done(p); d.title != "Reconnected" || strings.Contains(d.text.Text, "works again") {
		t.Errorf("a working connection logged in again: %q %q", d.title, d.text.Text)
	}
}

func TestRepairWithAnotherLogin(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	c := h.connectWithPassword("user_good")
	if _, err := h.u.core.RunAction(context.Background(), c.ID, demo.ActionRevoke); err != nil {
		t.Fatal(err)
	}
	h.u.sync.refresh([]string{c.ID}, false)
	h.wait("refresh:done")
	h.settle()
	test.Tap(h.row(c.ID).action)
	h.wait("portal:form")
	p := h.u.scr.portal
	h.fill(p, map[string]string{"username": "user_expiring", "password": demo.GoodPassword})
	h.wait("portal:error")
	ep := p.page.(*errorPage)
	if !strings.Contains(ep.message.Text, "different user") || ep.action("Add as a new connection") == nil {
		t.Errorf("repair as another user: %q", ep.message.Text)
	}
	got, _ := h.u.core.Connection(context.Background(), c.ID)
	if !got.Disabled() {
		t.Error("a refused repair must change nothing")
	}
}
