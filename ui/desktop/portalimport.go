package desktop

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// The statement import's own pages (the importer's steps, recognised by the
// field names its package doc documents): the column mapping of an unknown
// CSV with its live preview, the rows that could not be read, an older
// statement offered as a backfill, and the result.

// The importer's step and field names (integrations/importer's contract).
const (
	importMapPrefix = "map_"
	importNext      = "next"
	importPreview   = "preview"
	importImport    = "import"
	importBadRows   = "bad_rows"
	importBackfill  = "backfill"
	importCancel    = "cancel"
)

// isMapping reports whether a form step is the import's column mapping.
func isMapping(s *integrations.FormStep) bool {
	for _, f := range s.Fields {
		if strings.HasPrefix(f.Name, importMapPrefix) {
			return true
		}
	}
	return false
}

// mappingPage maps an unknown CSV's columns: a drop-down per field, and the
// first rows as the mapping reads them, read again as a choice changes. The
// mapping is saved with the connection, so the next file of the same shape
// imports without asking.
type mappingPage struct {
	p       *portal
	step    *integrations.FormStep
	intro   *widget.Label
	preview *widget.Label
	fields  map[string]*selectBox
	order   []*selectBox
	submit  *button
	problem *widget.Label
	box     fyne.CanvasObject
	busy    bool // a preview is being read
	dirty   bool // a choice changed while it was
}

func (m *mappingPage) name() string            { return "mapping" }
func (m *mappingPage) view() fyne.CanvasObject { return m.box }
func (m *mappingPage) actions() []*button      { return []*button{m.submit} }
func (m *mappingPage) failed(msg string) bool {
	m.problem.SetText(msg)
	m.problem.Show()
	return true
}
func (m *mappingPage) focus() fyne.Focusable {
	if len(m.order) > 0 {
		return m.order[0]
	}
	return m.submit
}

// splitPreview parts the mapping step's message into its explanation and
// its preview (the last paragraph: a heading line, then a row a line).
func splitPreview(msg string) (intro, preview string) {
	i := strings.LastIndex(msg, "\n\n")
	if i < 0 || !strings.Contains(msg[i+2:], "\n") {
		return msg, ""
	}
	return msg[:i], msg[i+2:]
}

func (p *portal) newMappingPage(s *integrations.FormStep) *mappingPage {
	m := &mappingPage{p: p, step: s, fields: map[string]*selectBox{}}
	intro, preview := splitPreview(s.Message)
	m.intro = wrapped(intro)
	m.preview = widget.NewLabelWithStyle(preview, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	m.preview.Wrapping = fyne.TextWrapBreak
	form := widget.NewForm()
	for _, fl := range s.Fields {
		if fl.Name == importNext {
			continue
		}
		var labels []string
		sel := ""
		for _, c := range fl.Choices {
			labels = append(labels, c.Label)
			if c.Value == fl.Placeholder {
				sel = c.Label
			}
		}
		sb := newSelect(labels, nil)
		sb.SetSelected(sel)
		sb.OnChanged = func(string) { m.changed() }
		m.fields[fl.Name] = sb
		m.order = append(m.order, sb)
		form.Append(fl.Label, sb)
	}
	m.submit = newButton("Import with these columns", theme.NavigateNextIcon(), m.send).primary()
	m.problem = errorText()
	m.problem.Hide()
	top := container.NewVBox(wrappedSubheading(s.Title), m.intro, widget.NewCard("", "Preview", m.preview))
	sc := container.NewVScroll(form)
	for _, sb := range m.order {
		followFocus(sc, sb)
	}
	m.box = border(top, m.problem, nil, nil, sc)
	return m
}

// values are the mapping as chosen.
func (m *mappingPage) values(next string) map[string]string {
	vals := map[string]string{importNext: next}
	for _, fl := range m.step.Fields {
		if sb, ok := m.fields[fl.Name]; ok {
			vals[fl.Name] = choiceValue(fl, sb.Selected)
		}
	}
	return vals
}

// changed reads the preview again with the mapping as it now is. One
// preview is read at a time (the session is driven from one goroutine);
// a change meanwhile reads it once more after.
func (m *mappingPage) changed() {
	if m.busy {
		m.dirty = true
		return
	}
	m.busy, m.dirty = true, false
	p := m.p
	gen := p.gen
	s := p.sess
	vals := m.values(importPreview)
	p.run("portal:previewed", func(ctx context.Context) func() {
		step, err := s.Next(ctx, integrations.Answer{Values: vals})
		return func() {
			m.busy = false
			if !p.current(gen) || p.page != page(m) {
				return
			}
			fs, ok := step.(*integrations.FormStep)
			switch {
			case err != nil && !ok:
				p.handle(p.next(), step, err)
				return
			case err != nil:
				m.failed(app.Explain(err, p.situation()).Text)
			case ok && isMapping(fs):
				m.step = fs
				intro, preview := splitPreview(fs.Message)
				m.intro.SetText(intro)
				m.preview.SetText(preview)
				m.problem.Hide()
			}
			if m.dirty {
				m.changed()
			}
		}
	})
}

// send imports with the mapping as chosen.
func (m *mappingPage) send() {
	if m.submit.Disabled() || m.busy {
		return
	}
	for _, sb := range m.order {
		sb.Disable()
	}
	m.submit.Disable()
	m.submit.SetText("Importing…")
	m.p.answer(integrations.Answer{Values: m.values(importImport)})
}

// statementPage asks about a statement that was read: the rows that could
// not be (listed with their line numbers: import the good rows, or choose
// another file), or an older statement (import its activities as a
// backfill). Cancel imports nothing.
type statementPage struct {
	kind    string // importBadRows or importBackfill
	lines   *widget.Label
	another *button
	accept  *button
	box     fyne.CanvasObject
}

func (b *statementPage) name() string            { return b.kind }
func (b *statementPage) view() fyne.CanvasObject { return b.box }
func (b *statementPage) actions() []*button      { return []*button{b.another, b.accept} }
func (b *statementPage) focus() fyne.Focusable   { return b.accept }
func (b *statementPage) failed(string) bool      { return false }

func (p *portal) newStatementPage(s *integrations.ChoiceStep) *statementPage {
	b := &statementPage{kind: s.Field.Name}
	acceptLabel, acceptValue := "", ""
	for _, c := range s.Field.Choices {
		if c.Value != importCancel && acceptValue == "" {
			acceptLabel, acceptValue = c.Label, c.Value
		}
	}
	name := s.Field.Name
	b.accept = newButton(acceptLabel, theme.ConfirmIcon(), func() {
		b.accept.Disable()
		b.another.Disable()
		p.answer(integrations.Answer{Values: map[string]string{name: acceptValue}})
	}).primary()
	inst, method := "", integrations.AuthImport
	if p.st.inst != nil {
		inst = p.st.inst.ID
	}
	b.another = newButton("Choose another file", theme.FolderOpenIcon(), func() { p.restart(restartTo{inst: inst, method: method}) })
	box := container.NewVBox()
	if s.Field.Name == importBadRows {
		head, rows, question := splitBadRows(s.Message)
		box.Add(border(nil, nil, widget.NewIcon(theme.NewColoredResource(theme.WarningIcon(), theme.ColorNameWarning)), nil, wrappedSubheading(head)))
		b.lines = widget.NewLabelWithStyle(rows, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
		b.lines.Wrapping = fyne.TextWrapBreak
		box.Add(widget.NewCard("", "", b.lines))
		box.Add(wrapped(question + " The rows listed are left out; nothing is imported until you choose."))
	} else {
		box.Add(wrappedSubheading("An older statement"))
		box.Add(wrapped(s.Message))
	}
	b.box = container.NewVScroll(box)
	return b
}

// splitBadRows parts the bad-rows step's message: "N rows could not be
// read:", the rows a line, and the question.
func splitBadRows(msg string) (head, rows, question string) {
	lines := strings.Split(strings.TrimSpace(msg), "\n")
	if len(lines) < 3 {
		return msg, "", ""
	}
	return strings.TrimSuffix(lines[0], ":") + ".", strings.Join(lines[1:len(lines)-1], "\n"), lines[len(lines)-1]
}

// importSummary says what an import changed: "12 new activities, 3 already
// known, holdings as of 30 Nov 2026".
func importSummary(r app.ImportResult) string {
	parts := []string{plural(r.NewActivities, "new activity", "new activities"), fmt.Sprintf("%d already known", r.KnownActivities)}
	if r.HoldingsAsOf.IsZero() {
		parts = append(parts, "holdings unchanged (the statement is older than the data)")
	} else {
		parts = append(parts, "holdings as of "+formatDate(r.HoldingsAsOf))
	}
	return strings.Join(parts, ", ")
}

// importedWords are the result page's title and text for a statement
// imported into c (new, or an existing connection before).
func importedWords(c app.Connection, before *app.Connection, r app.ImportResult, inst integrations.Institution) (string, string) {
	text := importSummary(r) + ". What the statement holds is kept in your vault; the file itself was not copied."
	if before != nil {
		return "Statement imported", fmt.Sprintf("Imported into “%s”: %s", before.Label, text)
	}
	return "Imported", fmt.Sprintf("%s is connected with the statement you imported: %s", inst.DisplayName, text)
}

// nextImportHint is the done page's last line for an import connection,
// where the sync line is for the others.
func nextImportHint(inst integrations.Institution) string {
	return "When " + inst.DisplayName + " has a newer statement, drop it on this connection's row, or choose Import a newer statement in its menu."
}
