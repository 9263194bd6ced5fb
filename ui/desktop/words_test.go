package desktop

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// A confirmation left with only a beginning of the password is wrong as
// soon as the user leaves it: it says it is shorter, before Enter.
func TestShorterConfirmationSaysSoWhenLeft(t *testing.T) {
	h := newHarness(t)
	h.u.Start()
	s := h.u.scr.create
	test.Type(s.password, testPassword)
	h.u.focus(s.confirm)
	test.Type(s.confirm, "correct horse")
	if s.message.Text != "" {
		t.Fatalf("a beginning of the password is not wrong while typing: %q", s.message.Text)
	}
	h.w.Canvas().FocusPrevious() // back to the password
	if s.message.Text != "The confirmation is shorter than the password." {
		t.Errorf("leaving a shorter confirmation: %q", s.message.Text)
	}
	s.confirm.SetText(testPassword)
	if s.message.Text != "" || s.createButton.Disabled() {
		t.Errorf("a matching confirmation clears it: %q", s.message.Text)
	}
}

// Export writes holdings, activity or balances as CSV or JSON from the
// desktop, as the CLI's export does, and refuses to write over the vault.
func TestExportFromTheDesktop(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	conn := h.connectWithPassword("user_good")
	c := h.w.Canvas()
	hs := h.u.scr.home
	export := func(what, format, path string) {
		t.Helper()
		test.Tap(h.row(conn.ID).more)
		menuAction(t, hs.menu, "Export…")()
		d := h.u.scr.export
		d.what.SetSelected(what)
		d.format.SetSelected(format)
		typeKey(c, fyne.KeyReturn) // Choose the file…
		e, ok := c.Focused().(*entry)
		if !ok {
			t.Fatalf("the path should have the focus, not %T", c.Focused())
		}
		e.SetText(path)
		typeKey(c, fyne.KeyReturn) // Save
		h.wait("exported")
	}
	csvPath := filepath.Join(h.dir, "holdings.csv")
	export("Holdings", "CSV", csvPath)
	b, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) < 2 || !strings.Contains(strings.ToLower(lines[0]), "symbol") {
		t.Fatalf("the CSV export: %q", lines[0])
	}
	if m := h.u.scr.modal; m == nil || !strings.Contains(test.RenderToMarkup(c), "Wrote ") {
		t.Error("the export should say what it wrote")
	}
	typeKey(c, fyne.KeyEscape)

	jsonPath := filepath.Join(h.dir, "activity.json")
	export("Activity", "JSON", jsonPath)
	b, err = os.ReadFile(jsonPath)
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal(b, &rows); err != nil || len(rows) == 0 {
		t.Fatalf("the JSON export: %v, %d rows", err, len(rows))
	}
	typeKey(c, fyne.KeyEscape)

	before, _ := os.ReadFile(h.path)
	export("Balances", "CSV", h.path)
	after, _ := os.ReadFile(h.path)
	if string(before) != string(after) {
		t.Fatal("the export wrote over the vault")
	}
	if m := h.u.scr.modal; m == nil || !strings.Contains(test.RenderToMarkup(c), "That file is your vault") {
		t.Error("writing over the vault should be refused in words")
	}
}
