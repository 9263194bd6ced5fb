package desktop

import (
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// formPage is every step the user answers by typing or choosing:
// credentials and keys, a one-time code, a choice of method, security
// questions. Its problem line sits under the fields, so they do not move
// when it appears.
type formPage struct {
	p       *portal
	spec    formSpec
	fields  map[string]any // *entry, *fileField, *radioGroup or *selectBox, by Field.Name
	order   []fyne.Focusable
	submit  *button
	problem *widget.Label
	box     fyne.CanvasObject
}

// formSpec describes a form page.
type formSpec struct {
	page, title, message, hint string
	fields                     []integrations.Field
	submit, waiting            string
	loginHint                  string // the repaired connection's login, shown in its field
}

func formFromStep(s *integrations.FormStep, reconnect *app.Connection) formSpec {
	title := s.Title
	if title == "" {
		title = "Sign in"
	}
	f := formSpec{page: "form", title: title, message: s.Message, fields: s.Fields, submit: "Connect", waiting: "Signing in…"}
	if reconnect != nil {
		f.loginHint = reconnect.LoginHint
	}
	for _, fl := range s.Fields {
		if fl.Kind == integrations.FieldFile {
			f.submit, f.waiting = "Import", "Reading the statement…"
		}
	}
	return f
}

func formFromCode(s *integrations.CodeStep) formSpec {
	// Say where the code is, unless the institution's message does.
	hint := ""
	if d := s.Destination; d != "" && !strings.Contains(strings.ToLower(s.Message), strings.ToLower(d)) {
		hint = "Sent by " + d + "."
		if strings.Contains(strings.ToLower(d), "app") {
			hint = "The code is in " + d + "."
		}
	}
	return formSpec{page: "code", title: "Enter the verification code", message: s.Message, hint: hint,
		fields: []integrations.Field{s.Field}, submit: "Verify", waiting: "Checking…"}
}

func (f *formPage) name() string            { return f.spec.page }
func (f *formPage) view() fyne.CanvasObject { return f.box }
func (f *formPage) actions() []*button      { return []*button{f.submit} }
func (f *formPage) focus() fyne.Focusable {
	if len(f.order) > 0 {
		return f.order[0]
	}
	return f.submit
}

// failed shows what was wrong and puts the focus where to fix it: a
// rejected code is selected so typing replaces it, a refused password is
// cleared.
func (f *formPage) failed(msg string) bool {
	f.problem.SetText(msg)
	f.problem.Show()
	for _, fl := range f.spec.fields {
		if ff, ok := f.fields[fl.Name].(*fileField); ok {
			// A refused file: choose another (the path stays, selected).
			f.p.host.focus(ff.path)
			ff.path.selectAll()
			return true
		}
		e, ok := f.fields[fl.Name].(*entry)
		if !ok {
			continue
		}
		switch {
		case f.spec.page == "code" || f.spec.page == "questions":
			f.p.host.focus(e)
			e.selectAll()
			return true
		case fl.Kind == integrations.FieldSecret:
			e.SetText("")
			f.p.host.focus(e)
			return true
		}
	}
	return true
}

func (p *portal) newFormPage(spec formSpec) *formPage {
	f := &formPage{p: p, spec: spec, fields: map[string]any{}}
	box := container.NewVBox(wrappedSubheading(spec.title))
	switch {
	case len(spec.message) > 160:
		box.Add(caption(spec.message)) // long help, such as the demo's list of usernames
	case spec.message != "":
		box.Add(wrapped(spec.message))
	}
	if spec.hint != "" {
		l := wordWrap(boldLabel(spec.hint))
		box.Add(l)
	}
	form := widget.NewForm()
	prev := p.st.values
	firstText := true
	for _, fl := range spec.fields {
		var obj fyne.CanvasObject
		switch fl.Kind {
		case integrations.FieldChoice:
			obj = f.newChoice(fl, prev)
		case integrations.FieldFile:
			ff := newFileField(p.host, fl)
			if v := prev[fl.Name]; v != "" {
				ff.path.SetText(v)
			}
			ff.path.OnSubmitted = func(string) { f.submit.tap() }
			f.fields[fl.Name] = ff
			f.order = append(f.order, ff.path)
			obj = ff.box
		default:
			e := f.newField(fl, prev, firstText)
			if fl.Kind != integrations.FieldSecret {
				firstText = false
			}
			f.fields[fl.Name] = e
			f.order = append(f.order, e)
			obj = e
		}
		item := widget.NewFormItem(fl.Label, obj)
		if len(fl.Help) <= 60 {
			item.HintText = fl.Help
		} else {
			obj = container.NewVBox(obj, caption(fl.Help)) // a long help wraps under its field
			item.Widget = obj
		}
		if fl.Optional {
			item.Text += " (optional)"
		}
		if fl.HelpURL != "" {
			if u, err := url.Parse(fl.HelpURL); err == nil {
				item.Widget = container.NewVBox(obj, newLink("Where do I find this?", func() { _ = fyne.CurrentApp().OpenURL(u) }))
			}
		}
		form.AppendItem(item)
	}
	box.Add(form)
	f.problem = errorText()
	box.Add(f.problem)
	f.submit = newButton(spec.submit, theme.NavigateNextIcon(), f.send).primary()
	sc := container.NewVScroll(box)
	for _, obj := range f.fields {
		switch v := obj.(type) {
		case *entry, *selectBox:
			followFocus(sc, v.(fyne.CanvasObject))
		case *fileField:
			followFocus(sc, v.path, v.browse)
		case *radioGroup:
			for _, b := range v.buttons {
				followFocus(sc, b)
			}
		}
	}
	f.box = sc
	// A refused password is typed again: start there.
	return f
}

// maxRadios is how many choices a choice field shows as radio buttons;
// more go in a drop-down.
const maxRadios = 6

// newChoice is a choice field: radio buttons (Up and Down move between
// them, Enter chooses and submits), or a drop-down for a long list.
func (f *formPage) newChoice(fl integrations.Field, prev map[string]string) fyne.CanvasObject {
	var labels []string
	selected := ""
	for _, c := range fl.Choices {
		labels = append(labels, c.Label)
		if c.Value == prev[fl.Name] && f.spec.page == "form" {
			selected = c.Label
		}
	}
	if len(labels) > 0 && selected == "" {
		selected = labels[0]
	}
	if len(labels) > maxRadios {
		sb := newSelect(labels, nil)
		sb.SetSelected(selected)
		f.fields[fl.Name] = sb
		f.order = append(f.order, sb)
		return sb
	}
	rg := newRadio(labels, false, nil)
	if len(labels) > 0 {
		rg.SetSelected(selected)
		f.order = append(f.order, rg.buttons[0])
	}
	f.fields[fl.Name] = rg
	return rg.box
}

// newField is a text, secret or code entry for fl. A multi-line secret (a
// private key in PEM) is a multi-line entry shown as dots until revealed.
func (f *formPage) newField(fl integrations.Field, prev map[string]string, firstText bool) *entry {
	var e *entry
	switch {
	case fl.Kind == integrations.FieldSecret && fl.Multiline:
		e = newSecretArea()
	case fl.Kind == integrations.FieldSecret:
		e = newPasswordEntry()
	case fl.Multiline:
		e = newMultiLineEntry()
		e.SetMinRowsVisible(4)
	default:
		e = newEntry()
	}
	e.SetPlaceHolder(fl.Placeholder)
	if fl.Digits || fl.Length > 0 {
		e.limit(fl.Digits, fl.Length)
		if fl.Placeholder == "" && fl.Length > 0 {
			unit := "characters"
			if fl.Digits {
				unit = "digits"
			}
			e.SetPlaceHolder(fmt.Sprintf("%d %s", fl.Length, unit))
		}
	}
	// Keep what was typed on a retry, except secrets and codes.
	if fl.Kind != integrations.FieldSecret && f.spec.page == "form" && prev != nil {
		e.SetText(prev[fl.Name])
	}
	if firstText && fl.Kind == integrations.FieldText && f.spec.loginHint != "" && e.Text == "" {
		e.SetPlaceHolder("You logged in as " + f.spec.loginHint)
	}
	if !fl.Multiline {
		e.OnSubmitted = func(string) { f.submit.tap() }
	}
	return e
}

// values reads the form.
func (f *formPage) values() map[string]string {
	vals := map[string]string{}
	for _, fl := range f.spec.fields {
		name := fl.Name
		switch v := f.fields[name].(type) {
		case *entry:
			vals[name] = strings.TrimSpace(v.Text)
			if fl.Kind == integrations.FieldSecret {
				vals[name] = v.Text // secrets are taken as typed, shown or not
			}
		case *fileField:
			vals[name] = strings.TrimSpace(v.path.Text)
		case *radioGroup:
			vals[name] = choiceValue(fl, v.Selected)
		case *selectBox:
			vals[name] = choiceValue(fl, v.Selected)
		}
	}
	return vals
}

// choiceValue is the value of the choice labelled label.
func choiceValue(fl integrations.Field, label string) string {
	for _, c := range fl.Choices {
		if c.Label == label {
			return c.Value
		}
	}
	return ""
}

// send checks the form and answers the step.
func (f *formPage) send() {
	if f.submit.Disabled() {
		return
	}
	vals := f.values()
	for _, fl := range f.spec.fields {
		v := vals[fl.Name]
		problem := ""
		switch {
		case !fl.Optional && v == "":
			problem = "Enter " + strings.ToLower(fl.Label) + "."
		case fl.Length > 0 && v != "" && len([]rune(v)) != fl.Length:
			problem = fmt.Sprintf("%s has %d characters; enter all %d.", fl.Label, len([]rune(v)), fl.Length)
		}
		if problem != "" {
			f.problem.SetText(problem)
			f.problem.Show()
			f.p.host.focus(f.focusOf(fl.Name))
			return
		}
	}
	if f.spec.page == "form" {
		f.p.st.values = map[string]string{}
		for _, fl := range f.spec.fields {
			if fl.Kind != integrations.FieldSecret {
				f.p.st.values[fl.Name] = vals[fl.Name]
			}
		}
	}
	f.problem.SetText("")
	f.submit.Disable()
	f.submit.SetText(f.spec.waiting)
	for _, obj := range f.fields {
		if d, ok := obj.(interface{ Disable() }); ok {
			d.Disable()
		}
	}
	f.p.answer(integrations.Answer{Values: vals})
}

// focusOf is what takes the focus for the field named name.
func (f *formPage) focusOf(name string) fyne.Focusable {
	switch v := f.fields[name].(type) {
	case *entry:
		return v
	case *fileField:
		return v.path
	case *selectBox:
		return v
	case *radioGroup:
		if len(v.buttons) > 0 {
			return v.buttons[0]
		}
	}
	return nil
}
