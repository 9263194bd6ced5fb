package desktop

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// focusHeader moves the focus with Tab until a column title of the table
// has it, and returns it.
func focusHeader(t *testing.T, c fyne.Canvas, title string) *headerCell {
	t.Helper()
	for i := 0; i < 40; i++ {
		c.FocusNext()
		if hc, ok := c.Focused().(*headerCell); ok && hc.label.Text == title {
			return hc
		}
	}
	t.Fatalf("Tab never reached the %q column title", title)
	return nil
}

// The column titles of the holdings and activity tables are reached by Tab
// and sort with Enter (again: the other way) or Space, showing the focus.
func TestTablesSortByKeyboard(t *testing.T) {
	h, s, conn := demoAccounts(t)
	c := h.w.Canvas()
	s.tabs.Select(s.hold.tab)
	h.resize(1600, 1000)

	ht := s.hold.table
	hc := focusHeader(t, c, "Symbol")
	if !strings.Contains(test.RenderObjectToMarkup(hc), `strokeWidth="2"`) || !hc.focused {
		t.Error("a focused column title shows the focus ring")
	}
	typeKey(c, fyne.KeyReturn)
	if ht.st.sortCol != holdSymbol || !ht.st.sortAsc {
		t.Fatalf("Enter on Symbol: sorted by %d asc %v", ht.st.sortCol, ht.st.sortAsc)
	}
	first := ht.rows[0].Symbol.Ticker
	typeKey(c, fyne.KeySpace)
	if ht.st.sortCol != holdSymbol || ht.st.sortAsc || ht.rows[0].Symbol.Ticker == first {
		t.Errorf("Space again should sort the other way: %s first", ht.rows[0].Symbol.Ticker)
	}
	// Shortcuts still work from a column title.
	typeShortcut(c, fyne.KeyComma)
	if h.u.scr.settings == nil {
		t.Fatal("Ctrl+, from a column title should open the settings")
	}
	h.wait("settings:loaded")

	s = h.openAccounts(conn.ID)
	s.tabs.Select(s.activity.tab)
	h.settle()
	at := s.activity.table
	focusHeader(t, c, "Amount")
	typeKey(c, fyne.KeyReturn)
	if shown, _ := at.st.columnShown(at.st.sortCol); !shown || at.st.cols[at.st.sortCol].title != "Amount" {
		t.Errorf("Enter on Amount sorted by %q", at.st.cols[at.st.sortCol].title)
	}
	if !strings.Contains(s.hold.sum.Text(), "Tab to it") {
		t.Errorf("the holdings' summary should say how to sort by keyboard: %q", s.hold.sum.Text())
	}
}
