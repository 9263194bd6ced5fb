package desktop

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// minOf is the minimum size of what the window shows, dialogs included.
func minOf(c fyne.Canvas) fyne.Size {
	s := c.Content().MinSize()
	for _, o := range c.Overlays().List() {
		s = s.Max(o.MinSize())
	}
	return s
}

// wantFits checks, once the UI has settled, that what the window shows
// (named what) fits the smallest window the app allows and 600 px high.
func (h *harness) wantFits(what string) {
	h.t.Helper()
	h.settle()
	if m := minOf(h.w.Canvas()); m.Width > minWindow.Width || m.Height > 600 {
		h.t.Errorf("%s needs %v, more than %v wide or 600 high", what, m, minWindow.Width)
	}
}

// Every screen fits the smallest window the app allows, well under 800 px
// wide, and 800×600 without anything clipped.
func TestScreensFitSmallWindows(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	check := h.wantFits
	check("the empty connection list")
	conn := h.connectWithPassword("user_good")
	check("the connection list")
	p := h.demoFormSeen(func(page string) { check("the portal's " + page) })
	test.Tap(p.frame.cancel)
	h.wait("portal:closed")
	h.openAccounts(conn.ID)
	check("the accounts")
	h.u.scr.accounts.tabs.Select(h.u.scr.accounts.activity.tab)
	check("the activity")
	h.u.showSettings("")
	h.wait("settings:loaded")
	for _, tab := range []*tabItem{h.u.scr.settings.tab.general, h.u.scr.settings.tab.apps, h.u.scr.settings.tab.vault, h.u.scr.settings.tab.about} {
		h.u.scr.settings.tabs.Select(tab)
		check("settings › " + tab.Title)
	}
	if minWindow.Width >= 800 {
		t.Errorf("the window's minimum width %v is not well under 800", minWindow.Width)
	}
}

// The toolbar drops its words when narrow, and Refresh all turning into
// Stop moves nothing.
func TestToolbarNoJump(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	h.connectWithPassword("user_good")
	hs := h.u.scr.home
	h.resize(1040, 700)
	pos := func(o fyne.CanvasObject) fyne.Position {
		return fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
	}
	before := pos(hs.bar.connect)
	hs.bar.refresh.setLabel("Stop")
	hs.bar.refresh.Refresh()
	hs.bar.connect.Refresh()
	h.w.Content().Refresh()
	if after := pos(hs.bar.connect); after != before || hs.bar.connect.Text != "Connect" {
		t.Errorf("Refresh all → Stop moved Connect from %v to %v", before, after)
	}
	hs.bar.refresh.setLabel("Refresh all")
	// Squeezed to its minimum the toolbar keeps its icons only, inside
	// the window.
	tools := newToolbar(hs.bar.connect, hs.bar.refresh, hs.bar.settings, hs.bar.lock)
	tools.Resize(tools.MinSize())
	if hs.bar.settings.Text != "" || hs.bar.connect.Text != "" {
		t.Errorf("a narrow toolbar keeps its icons only: %q", hs.bar.settings.Text)
	}
	tools.Resize(fyne.NewSize(1000, tools.MinSize().Height))
	if hs.bar.settings.Text != "Settings" || hs.bar.refresh.Text != "Refresh all" {
		t.Errorf("wide again, the words come back: %q", hs.bar.settings.Text)
	}
	h.w.Resize(minWindow)
	h.settle()
	h.w.Content().Refresh()
	lock := pos(hs.bar.lock)
	if lock.X+hs.bar.lock.Size().Width > minWindow.Width {
		t.Errorf("at %v Lock is cut off at %v", minWindow, lock)
	}
}

// Columns are sized to their content and the window: at 1600 px every
// column shows, each at least as wide as its content, and the description
// takes what is left; at 800 px the lower-priority columns give way and
// Market value and Gain stay whole.
func TestHoldingsColumnsFitTheWindow(t *testing.T) {
	h, s, _ := demoAccounts(t)
	s.tabs.Select(s.hold.tab)
	st := s.hold.table.st

	h.resize(1600, 1000)
	if len(st.shown) != holdColumns {
		t.Fatalf("at 1600 px %d of %d columns show", len(st.shown), holdColumns)
	}
	var total float32
	for j, col := range st.shown {
		total += st.widths[j]
		if st.widths[j] < st.natural[col] {
			t.Errorf("at 1600 px %s is %v wide, its content %v", holdingColumns[col].title, st.widths[j], st.natural[col])
		}
	}
	if _, w := st.columnShown(holdDescription); w <= st.natural[holdDescription] {
		t.Errorf("the description should take the space left: %v", w)
	}
	if gap := st.t.Size().Width - total; gap > 200 {
		t.Errorf("%v px left empty at 1600 px", gap)
	}
	for _, col := range []int{holdUnits, holdPrice, holdValue, holdCost, holdGain} {
		if holdingColumns[col].align != fyne.TextAlignTrailing {
			t.Errorf("%s should be right-aligned", holdingColumns[col].title)
		}
	}

	h.resize(800, 600)
	for _, col := range []int{holdSymbol, holdValue, holdGain} {
		on, w := st.columnShown(col)
		if !on || w < st.natural[col] {
			t.Errorf("at 800 px %s should show whole: shown %v, %v < %v", holdingColumns[col].title, on, w, st.natural[col])
		}
	}
	if on, _ := st.columnShown(holdCost); on {
		t.Error("at 800 px Cost basis gives way before Gain and Market value")
	}
	var sum float32
	for _, w := range st.widths {
		sum += w
	}
	if sum > st.t.Size().Width {
		t.Errorf("at 800 px the columns need %v of %v", sum, st.t.Size().Width)
	}
}

func TestActivityColumnsFitTheWindow(t *testing.T) {
	h, s, _ := demoAccounts(t)
	s.tabs.Select(s.activity.tab)
	st := s.activity.table.st
	h.resize(1600, 1000)
	if len(st.shown) != actColumns {
		t.Errorf("at 1600 px %d of %d columns show", len(st.shown), actColumns)
	}
	h.resize(800, 600)
	for _, col := range []int{actDate, actType, actAmount} {
		if on, w := st.columnShown(col); !on || w < st.natural[col] {
			t.Errorf("at 800 px %s should show whole", activityColumns[col].title)
		}
	}
	if on, _ := st.columnShown(actFee); on {
		t.Error("at 800 px Fee gives way first")
	}
}
