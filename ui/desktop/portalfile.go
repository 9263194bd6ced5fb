package desktop

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// Statement files reach an import connection three ways: typed or chosen in
// the import form's file field, or dropped on the window. Dropped on an
// import connection's row (or its accounts screen), a file is imported
// into that connection ("Import a newer statement"); dropped elsewhere it
// starts a new import, the institution first; dropped on the portal's
// import form it fills the file field.

// importFileField is the import method's file field (the importer's
// contract, named in its package doc: the desktop does not import it).
const importFileField = "file"

// fileField is a FieldFile: the file's path, typed, chosen or dropped, and
// Choose… for the file chooser.
type fileField struct {
	path    *entry
	browse  *button
	box     fyne.CanvasObject
	chooser *dialog.FileDialog // the chooser last opened (tests)
}

func newFileField(s surface, fl integrations.Field) *fileField {
	f := &fileField{path: newEntry()}
	ph := "The file's path: choose it, or drop it on this window"
	if fl.Placeholder != "" {
		ph = fl.Placeholder
	}
	f.path.SetPlaceHolder(ph)
	f.browse = newButton("Choose…", theme.FolderOpenIcon(), func() { f.choose(s, fl.Accept) })
	f.box = border(nil, nil, nil, f.browse, f.path)
	return f
}

// choose opens the file chooser in the folder of the path typed, else the
// Downloads folder, showing the files the field accepts. Esc closes it.
func (f *fileField) choose(s surface, accept []string) {
	layer := &keyLayer{}
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		p := r.URI().Path()
		_ = r.Close()
		f.set(s, p)
	}, s.window())
	layer.escape = d.Hide
	d.SetOnClosed(func() { s.keyboard().pop(layer) })
	if len(accept) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(accept))
	}
	if dir := startFolder(f.path.Text); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	size := s.window().Canvas().Size()
	d.Resize(fyne.NewSize(min(800, size.Width-40), min(560, size.Height-40)))
	s.keyboard().push(layer)
	d.Show()
	f.chooser = d
}

// set shows a chosen or dropped file.
func (f *fileField) set(s surface, path string) {
	f.path.SetText(path)
	f.path.CursorColumn = len([]rune(path))
	s.focus(f.path)
}

func (f *fileField) Disable() {
	f.path.Disable()
	f.browse.Disable()
}

// startFolder is where the chooser opens: the folder of typed, else the
// user's Downloads, else home ("" when none exists).
func startFolder(typed string) string {
	if typed = strings.TrimSpace(typed); typed != "" {
		if fi, err := os.Stat(filepath.Dir(typed)); err == nil && fi.IsDir() {
			return filepath.Dir(typed)
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if fi, err := os.Stat(filepath.Join(home, "Downloads")); err == nil && fi.IsDir() {
		return filepath.Join(home, "Downloads")
	}
	return home
}

// dropped takes files dropped on the window (Window.SetOnDropped): the
// first local file is imported where it was dropped.
func (u *UI) dropped(pos fyne.Position, uris []fyne.URI) {
	path := ""
	for _, x := range uris {
		if x != nil && x.Scheme() == "file" {
			path = x.Path()
			break
		}
	}
	if path == "" || u.sess == nil {
		return
	}
	u.touch()
	switch {
	case u.scr.portal != nil:
		u.scr.portal.dropFile(path)
		return
	case u.scr.home != nil:
		if row, ok := u.scr.home.rowAt(pos); ok {
			if fedByFiles(row.c) {
				u.openPortalWith(app.PortalRequest{ConnectionID: row.c.ID}, path)
				return
			}
			if _, ok := u.institution(row.c.InstitutionID).Method(integrations.AuthImport); ok {
				u.openPortalWith(app.PortalRequest{InstitutionID: row.c.InstitutionID}, path)
				return
			}
		}
	case u.scr.accounts != nil && fedByFiles(u.scr.accounts.conn):
		u.openPortalWith(app.PortalRequest{ConnectionID: u.scr.accounts.connID}, path)
		return
	}
	u.openPortalWith(app.PortalRequest{}, path)
}

// rowAt returns the row under a window position.
func (h *homeScreen) rowAt(pos fyne.Position) (connRow, bool) {
	d := fyne.CurrentApp().Driver()
	for r, i := range h.data.bound {
		if i < 0 || i >= len(h.data.rows) || !r.Visible() || h.data.rows[i].c.ID != r.id {
			continue
		}
		at, size := d.AbsolutePositionForObject(r), r.Size()
		if pos.X >= at.X && pos.Y >= at.Y && pos.X < at.X+size.Width && pos.Y < at.Y+size.Height {
			return h.data.rows[i], true
		}
	}
	return connRow{}, false
}

// dropFile takes a file dropped while the portal shows: it fills the import
// form's file field, or, on the institution picker, starts an import of it.
func (p *portal) dropFile(path string) {
	switch pg := p.page.(type) {
	case *formPage:
		for _, fl := range pg.spec.fields {
			if ff, ok := pg.fields[fl.Name].(*fileField); ok && fl.Kind == integrations.FieldFile && !pg.submit.Disabled() {
				ff.set(p.host, path)
				p.host.focus(pg.submit)
				p.host.emit("portal:dropped")
				return
			}
		}
	case *institutionPage:
		p.drop = path
		p.showInstitutions()
		p.host.emit("portal:dropped")
		return
	}
	p.host.emit("portal:drop-ignored")
}

// importValues are the values a login of method starts with: the file
// dropped, when the method imports statements. The path stays in the form
// (p.st.values) if the file is refused, so the user sees which one.
func (p *portal) importValues(method integrations.AuthKind) map[string]string {
	if p.drop == "" {
		return nil
	}
	imports := method == integrations.AuthImport || (method == "" && p.st.reconnect != nil && fedByFiles(*p.st.reconnect))
	if !imports {
		return nil
	}
	path := p.drop
	p.drop = ""
	if p.st.values == nil {
		p.st.values = map[string]string{}
	}
	p.st.values[importFileField] = path
	return map[string]string{importFileField: path}
}

// importable are the institutions a dropped file can go to.
func importable(all []integrations.Institution) []integrations.Institution {
	var out []integrations.Institution
	for _, in := range all {
		if _, ok := in.Method(integrations.AuthImport); ok {
			out = append(out, in)
		}
	}
	return out
}
