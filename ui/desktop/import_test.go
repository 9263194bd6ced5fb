package desktop

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations/importer/importtest"
)

// importInto connects webull-ca with the statement at path through the
// portal and returns the connection (the done page left open).
func (h *harness) importNew(path string) (*portal, app.Connection) {
	h.t.Helper()
	p := h.openForm("webull-ca")
	h.fill(p, map[string]string{importFileField: path})
	h.wait("portal:done")
	if p.st.result == nil {
		h.t.Fatal("the import made no connection")
	}
	return p, *p.st.result
}

// The result page says what the statement brought; a newer one dropped on
// the connection's row is imported into it, with the same words.
func TestImportResultPage(t *testing.T) {
	h := importHarness(t)
	base, _ := importtest.Base("webull-ca")
	next, _ := importtest.Overlap("webull-ca")
	p, c := h.importNew(h.statement(base.Name, base.Data))
	d := h.done(p)
	if d.title != "Imported" || !strings.Contains(d.text.Text, "3 new activities, 0 already known, holdings as of 15 Mar 2026") {
		t.Errorf("the result page: %q: %q", d.title, d.text.Text)
	}
	h.wait("portal:synced")
	if d.bar.Visible() || !strings.Contains(d.syncText.Text, "drop it on this connection's row") {
		t.Errorf("an import syncs nothing; the page says how to import the next statement: %q", d.syncText.Text)
	}
	h.closeDone(p)

	// Drop the newer statement on the row.
	row := h.row(c.ID)
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(row)
	h.drop(at.Add(fyne.NewPos(20, 10)), h.statement("newer.csv", next.Data))
	h.wait("portal:done")
	p = h.u.scr.portal
	if p.st.reconnect == nil || p.st.reconnect.ID != c.ID {
		t.Fatal("a statement dropped on an import row should go into that connection")
	}
	d = h.done(p)
	if d.title != "Statement imported" || !strings.Contains(d.text.Text, "Imported into “Webull Canada”: 1 new activity, 2 already known") {
		t.Errorf("the newer statement's result: %q: %q", d.title, d.text.Text)
	}
	if !strings.Contains(test.RenderToMarkup(h.w.Canvas()), ">Import a newer statement</text>") {
		t.Error("the dialog's title should say a statement is imported, not a login")
	}
	if hdr := test.RenderObjectToMarkup(p.frame.header); !strings.Contains(hdr, "Importing a newer statement into") {
		t.Error("the header should say a statement is imported into the connection")
	}
	h.closeDone(p)
	if n := len(h.u.scr.home.data.all); n != 1 {
		t.Errorf("%d connections: the newer statement made a new one", n)
	}
}

// An unknown CSV gets the mapping step: the first rows previewed as the
// mapping reads them, read again as a choice changes; the mapping is saved
// with the connection, so the next file of the same shape imports at once.
func TestUnknownCSVIsMappedWithALivePreview(t *testing.T) {
	h := importHarness(t)
	file := "When,What,Ticker,Shares,Cash\n2026-02-03,Buy,XEQT,10,-312.50\n2026-02-10,Dividend,XEQT,,4.10\n"
	p := h.openForm("webull-ca")
	h.fill(p, map[string]string{importFileField: h.statement("mine.csv", []byte(file))})
	h.wait("portal:mapping")
	m := pageOf[*mappingPage](t, p, "the mapping")
	if _, ok := m.fields[importNext]; ok {
		t.Error("the preview/import choice is the page's buttons, not a field")
	}
	if !strings.Contains(m.preview.Text, "line 2:") {
		t.Fatalf("the preview should show the file's first rows: %q", m.preview.Text)
	}
	before := m.preview.Text
	for name, col := range map[string]string{"map_date": "When", "map_type": "What", "map_symbol": "Ticker", "map_units": "Shares", "map_amount": "Cash"} {
		if m.fields[name].Selected != col {
			m.fields[name].SetSelected(col)
			h.wait("portal:previewed")
		}
	}
	h.settle()
	if m.preview.Text == before || !strings.Contains(m.preview.Text, "2026-02-03 BUY XEQT 10") {
		t.Fatalf("the preview should read the rows with the mapping chosen: %q", m.preview.Text)
	}
	if p.page != page(m) {
		t.Fatal("a preview rebuilt the page (the focus would be lost)")
	}
	typeKey(h.w.Canvas(), fyne.KeyReturn) // Import with these columns
	h.wait("portal:done")
	if d := h.done(p); !strings.Contains(d.text.Text, "2 new activities") {
		t.Errorf("after the mapping: %q", d.text.Text)
	}
	c := *p.st.result
	h.closeDone(p)

	// The next file of the same shape: no mapping step.
	more := file + "2026-03-02,Buy,XEQT,5,-160.00\n"
	h.u.openPortalWith(app.PortalRequest{ConnectionID: c.ID}, h.statement("mine-march.csv", []byte(more)))
	h.waitAny("portal:done", "portal:mapping")
	p = h.u.scr.portal
	if d, ok := p.page.(*donePage); !ok || !strings.Contains(d.text.Text, "1 new activity, 2 already known") {
		t.Fatalf("the saved mapping should import the next file at once: %s", p.page.name())
	}
}

// Rows that cannot be read are listed with their line numbers; the user
// imports the good rows or chooses another file.
func TestBadRowsAreListedWithLineNumbers(t *testing.T) {
	h := importHarness(t)
	base, _ := importtest.Base("webull-ca")
	bad := bytes.Replace(base.Data, []byte("@170.00,169.95"), []byte("@170.00,16x9.95"), 1)
	p := h.openForm("webull-ca")
	h.fill(p, map[string]string{importFileField: h.statement("bad.csv", bad)})
	h.wait("portal:bad_rows")
	sp := p.page.(*statementPage)
	if !strings.Contains(sp.lines.Text, "line 3:") {
		t.Errorf("the bad rows should be listed by line: %q", sp.lines.Text)
	}
	if !strings.HasPrefix(sp.accept.Text, "Import the ") || !strings.Contains(sp.accept.Text, "good row") || h.w.Canvas().Focused() != sp.accept {
		t.Errorf("the default should be importing the good rows: %q", sp.accept.Text)
	}
	// Choose another file: the form again, with the file named.
	test.Tap(sp.another)
	h.wait("portal:form")
	if got := h.form(p).fields[importFileField].(*fileField).path.Text; !strings.HasSuffix(got, "bad.csv") {
		t.Errorf("the form should keep the file chosen: %q", got)
	}
	h.fill(p, map[string]string{})
	h.wait("portal:bad_rows")
	typeKey(h.w.Canvas(), fyne.KeyReturn)
	h.wait("portal:done")
	if d := h.done(p); !strings.Contains(d.text.Text, "2 new activities") {
		t.Errorf("the good rows: %q", d.text.Text)
	}
}

// An import connection whose statement is past its window shows "Old
// statement" and offers "Import a newer statement" as its repair, on the
// row, in the banner, the menu and the accounts screen; refreshing it is
// not offered (its data comes with files).
func TestStaleImportOffersANewerStatement(t *testing.T) {
	h := importHarness(t)
	base, _ := importtest.Base("webull-ca")
	p, c := h.importNew(h.statement(base.Name, base.Data))
	h.closeDone(p)
	home := h.u.scr.home
	if r := h.row(c.ID); r.action.Visible() || r.badge.Text() != "Active" {
		t.Fatalf("a fresh import: badge %q", r.badge.Text())
	}
	h.clk.Add(40 * 24 * time.Hour)
	h.settleConnections()
	r := h.row(c.ID)
	if r.badge.Text() != "Old statement" || !r.action.Visible() || r.action.Text != "Import…" {
		t.Fatalf("a stale import's row: badge %q, action %q", r.badge.Text(), r.action.Text)
	}
	if b := home.bannerAction(); b == nil || b.Text != "Import a newer statement" ||
		!strings.Contains(home.banner.message.Text, "the newest statement is of 15 Mar 2026") {
		t.Errorf("the banner: %q", home.banner.message.Text)
	}
	// Tabbed to, the banner's button keeps the focus while the list updates.
	h.u.focus(home.bannerAction())
	home.apply()
	if f := h.w.Canvas().Focused(); f == nil || f != fyne.Focusable(home.bannerAction()) {
		t.Error("the banner's button lost the focus when the list updated")
	}
	home.showMenu(c.ID, r.more)
	if hasMenuItem(home.menu, "Refresh now") || !hasMenuItem(home.menu, "Import a newer statement…") {
		t.Errorf("the menu of an import connection: %v", home.menu.Items)
	}
	for _, w := range fyne.CurrentApp().Driver().AllWindows() {
		for _, o := range w.Canvas().Overlays().List() {
			w.Canvas().Overlays().Remove(o)
		}
	}
	h.u.showAccounts(c.ID)
	h.waitAll("accounts:loaded", "holdings:loaded")
	s := h.u.scr.accounts
	if s.head.refresh.Visible() || !s.head.repair.Visible() || s.head.repair.Text != "Import…" {
		t.Errorf("the accounts screen's header: refresh shown %v, repair %q", s.head.refresh.Visible(), s.head.repair.Text)
	}
	if b := s.staleAction(); !s.stale.box.Visible() || b == nil || b.Text != "Import a newer statement" {
		t.Errorf("the stale notice: %q", s.stale.message.Text)
	}
	test.Tap(s.head.repair)
	h.wait("portal:form")
	if f := h.form(h.u.scr.portal); !strings.HasPrefix(f.spec.title, "Import a newer statement") {
		t.Errorf("the repair's form: %q", f.spec.title)
	}
}

// The import's pages fit the smallest window the app allows.
func TestImportPagesFitSmallWindows(t *testing.T) {
	h := importHarness(t)
	c := h.w.Canvas()
	check := h.wantFits
	base, _ := importtest.Base("webull-ca")
	bad := bytes.Replace(base.Data, []byte("@170.00,169.95"), []byte("@170.00,16x9.95"), 1)
	p := h.openForm("webull-ca")
	check("the import form")
	h.fill(p, map[string]string{importFileField: h.statement("mine.csv", []byte("When,What,Ticker,Shares,Cash\n2026-02-03,Buy,XEQT,10,-312.50\n"))})
	h.wait("portal:mapping")
	check("the column mapping")
	// Tab through the mapping: the focused drop-down scrolls into view.
	h.resize(800, 600)
	m := p.page.(*mappingPage)
	last := m.order[len(m.order)-1]
	sc := m.box.(*fyne.Container).Objects[1].(*container.Scroll)
	h.u.focus(last)
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(last).Y - d.AbsolutePositionForObject(sc).Y
	if sc.Offset.Y <= 0 || top < 0 || top+last.Size().Height > sc.Size().Height+1 {
		t.Errorf("the focused drop-down is out of view: offset %v, at %v of %v", sc.Offset.Y, top, sc.Size().Height)
	}
	h.u.focus(m.order[0])
	if sc.Offset.Y != 0 {
		t.Errorf("back to the first: offset %v", sc.Offset.Y)
	}
	test.Tap(p.frame.cancel)
	h.wait("portal:closed")
	p = h.openForm("webull-ca")
	h.fill(p, map[string]string{importFileField: h.statement("bad.csv", bad)})
	h.wait("portal:bad_rows")
	check("the bad rows")
	typeKey(c, fyne.KeyReturn)
	h.wait("portal:done")
	check("the result page")
}
