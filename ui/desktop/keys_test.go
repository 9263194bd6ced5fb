package desktop

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/latchkey/latchkey/integrations/demo"
)

// The app's shortcuts work wherever the focus is, a text field included: a
// lock shortcut swallowed by an entry would leave the vault open.
func TestShortcutsWorkInsideTextFields(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	c := h.w.Canvas()
	hs := h.u.scr.home

	// Ctrl+F focuses the search; typing there, Ctrl+N still connects.
	typeShortcut(c, fyne.KeyF)
	if c.Focused() != hs.search {
		t.Fatal("Ctrl+F should focus the search")
	}
	test.Type(hs.search, "abc")
	typeShortcut(c, fyne.KeyN)
	h.wait("portal:institutions")
	p := h.u.scr.portal
	if p == nil || c.Focused() != h.picker(p).search {
		t.Fatal("Ctrl+N from the search field should open the portal")
	}
	// Esc in the portal's search closes it.
	typeKey(c, fyne.KeyEscape)
	h.wait("portal:closed")

	// Ctrl+, from a focused entry opens the settings; Esc goes back.
	h.u.focus(h.u.scr.home.search)
	typeShortcut(c, fyne.KeyComma)
	h.wait("settings:loaded")
	if h.u.scr.settings == nil {
		t.Fatal("Ctrl+, should open the settings")
	}
	typeKey(c, fyne.KeyEscape)
	if h.u.scr.home == nil {
		t.Fatal("Esc on the settings should go back to the connections")
	}
	h.wait("connections")

	// Ctrl+R refreshes.
	h.connectWithPassword("user_good")
	typeShortcut(c, fyne.KeyR)
	h.wait("refresh:done")

	// Ctrl+L locks from inside a password field of a dialog.
	h.u.showSettings("")
	h.wait("settings:loaded")
	s := h.u.scr.settings
	s.tabs.Select(s.tab.vault)
	test.Tap(s.vault.changePw)
	test.Type(s.vault.pw.current, "typing")
	if c.Focused() != s.vault.pw.current {
		t.Fatal("the current password field should have the focus")
	}
	typeShortcut(c, fyne.KeyL)
	h.wait("locked")
	if !h.u.vault.Locked() || h.u.scr.unlock == nil || len(c.Overlays().List()) != 0 {
		t.Fatal("Ctrl+L inside a password field must lock the vault and close every dialog")
	}
	// And from the unlock screen's own password field nothing breaks.
	typeShortcut(c, fyne.KeyN)
	if h.u.scr.portal != nil {
		t.Error("Ctrl+N must do nothing while locked")
	}
}

func TestEscAndEnterInDialogs(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	conn := h.connectWithPassword("user_good")
	c := h.w.Canvas()
	hs := h.u.scr.home

	// The row menu's Rename: Enter in the field renames.
	test.Tap(h.row(conn.ID).more)
	menuAction(t, hs.menu, "Rename…")()
	m := h.u.scr.modal
	name := c.Focused().(*entry)
	if name.SelectedText() != conn.Label {
		t.Errorf("the name should be selected to type over: %q", name.SelectedText())
	}
	test.Type(name, "Renamed")
	typeKey(c, fyne.KeyReturn)
	h.wait("renamed")
	h.wait("connections")
	if !m.closed || hs.data.all[0].c.Label != "Renamed" {
		t.Fatalf("Enter should rename: %q", hs.data.all[0].c.Label)
	}

	// Esc closes a confirmation without doing it; Enter on a destructive
	// one presses Cancel.
	for _, k := range []struct {
		key fyne.KeyName
		why string
	}{
		{fyne.KeyReturn, "Enter on Disconnect's confirmation should cancel (Cancel is the default)"},
		{fyne.KeyEscape, "Esc should close the confirmation"},
	} {
		test.Tap(h.row(conn.ID).more)
		menuAction(t, hs.menu, "Disconnect…")()
		m = h.u.scr.modal
		typeKey(c, k.key)
		if !m.closed {
			t.Fatal(k.why)
		}
	}
	h.settle()
	if len(hs.data.all) != 1 {
		t.Fatal("nothing was disconnected")
	}

	// History closes with Esc.
	h.u.showHistory(conn)
	h.wait("history:loaded")
	typeKey(c, fyne.KeyEscape)
	if !h.u.scr.history.m.closed {
		t.Error("Esc should close the history")
	}

	// A connection row opens from the keyboard: Tab to the list, Enter.
	h.u.focus(hs.list)
	typeKey(c, fyne.KeyReturn)
	h.waitAll("accounts:loaded")
	if h.u.scr.accounts == nil || h.u.scr.accounts.connID != conn.ID {
		t.Fatal("Enter on a focused row should open its accounts")
	}
	typeKey(c, fyne.KeyEscape)
	if h.u.scr.home == nil {
		t.Fatal("Esc on the accounts should go back to the connections")
	}
}

func TestInstitutionSearchByKeyboard(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	c := h.w.Canvas()
	p := h.portalStart()
	ip := h.picker(p)
	if ip.cursor != 0 || ip.shown[0].ID == demo.CryptoID {
		t.Fatalf("the first institution is highlighted: %d", ip.cursor)
	}
	// Down, Down, Up: the second one.
	typeKey(c, fyne.KeyDown)
	typeKey(c, fyne.KeyDown)
	typeKey(c, fyne.KeyUp)
	want := ip.shown[1].ID
	if ip.cursor != 1 {
		t.Fatalf("cursor %d", ip.cursor)
	}
	typeKey(c, fyne.KeyReturn)
	h.waitAny("portal:methods", "portal:form", "portal:needsapp")
	if p.st.inst == nil || p.st.inst.ID != want {
		t.Fatalf("Enter should pick the highlighted institution %s", want)
	}
	// Esc steps back to the picker (a fresh session).
	typeKey(c, fyne.KeyEscape)
	h.waitAny("portal:institutions", "portal:closed")
}

func TestTabOrderFollowsTheEye(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	h.connectWithPassword("user_good")
	c := h.w.Canvas()
	hs, m := h.u.scr.home, h.u.scr.main
	m.tabs.Select(m.connections)
	c.Unfocus()
	var order []fyne.Focusable
	for i := 0; i < 10; i++ {
		c.FocusNext()
		order = append(order, c.Focused())
	}
	want := []fyne.Focusable{m.tabs.buttons[0], m.tabs.buttons[1], hs.bar.connect, hs.bar.refresh, hs.bar.settings, hs.bar.lock, hs.search, hs.filter, hs.list}
	for i, w := range want {
		if order[i] != w {
			t.Fatalf("Tab stop %d is %T, want %T (tabs, toolbar, search, filter, list)", i, order[i], w)
		}
	}
}

func TestFocusRingShows(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	b := h.u.scr.home.bar.connect
	h.u.focus(b)
	md := test.RenderObjectToMarkup(b)
	if !strings.Contains(md, `strokeWidth="2"`) {
		t.Errorf("a focused button draws a ring: %s", md)
	}
}

// A focused entry's cursor stops blinking after blinkTimeout (a blinking
// cursor repaints the window forever) and keeps the focus: the next key
// goes to it and wakes the blink.
func TestCursorRestsButKeepsTheFocus(t *testing.T) {
	h := newHarness(t)
	h.createVault()
	h.u.Start()
	h.wait("opened")
	s := h.u.scr.unlock
	c := h.w.Canvas()
	if c.Focused() != s.password {
		t.Fatal("the password has the focus")
	}
	s.password.sleep()
	if !s.password.rest.resting || c.Focused() != s.password {
		t.Fatal("after the timeout the cursor rests and the focus stays")
	}
	test.Type(s.password, "x")
	if s.password.rest.resting || s.password.Text != "x" {
		t.Errorf("a key wakes the cursor and is typed: %q", s.password.Text)
	}
	// Ctrl+L still works from a resting entry.
	s.password.sleep()
	typeShortcut(c, fyne.KeyN) // locked: nothing happens, and nothing breaks
	if h.u.scr.portal != nil {
		t.Error("Ctrl+N while locked")
	}
}
