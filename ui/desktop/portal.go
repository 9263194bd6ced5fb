package desktop

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// portalDialog is the guided dialog that connects an institution or
// repairs a connection: choose the institution, choose the method, then one
// page per login step until done or an error with a way forward.
//
// Every call into the portal runs off the UI goroutine; its result is
// applied only if the dialog still shows the page that started it (gen).
type portalDialog struct {
	u    *UI
	sess *session
	req  app.PortalRequest
	p    *app.Portal

	ctx    context.Context
	cancel context.CancelFunc
	gen    int
	closed bool

	inst      *integrations.Institution
	method    integrations.AuthKind
	reconnect *app.Connection
	step      integrations.Step
	result    *app.Connection

	d        *dialog.CustomDialog
	content  *fyne.Container
	header   *fyne.Container
	body     *fyne.Container
	buttons  *fyne.Container
	errorBox *banner
	errorRow *fyne.Container
	page     string

	// Widgets of the page showing, for tests.
	picker     *institutionPicker
	methodBtns map[integrations.AuthKind]*widget.Button
	fields     map[string]fyne.CanvasObject // *widget.Entry, *widget.Select, *widget.RadioGroup
	submit     *widget.Button
	cancelBtn  *widget.Button
	backBtn    *widget.Button
	working    *widget.Label
	urlLabel   *widget.Label
	copyURL    *widget.Button
	openAgain  *widget.Button
	paste      *widget.Entry
	pasteBtn   *widget.Button
	pasteError *widget.Label
	approveURL *widget.Hyperlink
	doneText   *widget.Label
	accounts   *widget.Label
	syncBar    *widget.ProgressBar
	syncText   *widget.Label
	nameEntry  *widget.Entry
	viewBtn    *widget.Button
	doneBtn    *widget.Button
	actions    map[string]*widget.Button // error and other pages' buttons by label
	message    *widget.Label
	lastValues map[string]string // non-secret values of the last form, kept on a retry
	steps      int               // login steps shown so far (Back only on the first)
}

// openPortal opens the portal dialog for req (new connection, institution
// preselected, or repair).
func (u *UI) openPortal(req app.PortalRequest) {
	if u.sess == nil || u.core == nil {
		return
	}
	if u.portal != nil {
		return
	}
	ctx, cancel := context.WithCancel(u.sess.ctx)
	pd := &portalDialog{u: u, sess: u.sess, req: req, ctx: ctx, cancel: cancel}
	u.portal = pd
	u.portalOpen.Store(true)
	pd.header = container.NewVBox()
	pd.body = container.NewStack()
	pd.buttons = container.NewHBox()
	pd.errorBox = newBanner(theme.ColorNameError, theme.ErrorIcon())
	pd.errorRow = container.NewVBox(pd.errorBox.box)
	pd.errorRow.Hide()
	content := container.NewBorder(container.NewVBox(pd.header, pd.errorRow), container.NewVBox(widget.NewSeparator(), pd.buttons), nil, nil, pd.body)
	pd.content = content
	title := "Connect an account"
	if req.ConnectionID != "" {
		title = "Repair a connection"
	}
	pd.d = dialog.NewCustomWithoutButtons(title, newTracker(content, u.touch), u.win)
	pd.d.Resize(fyne.NewSize(min(700, u.win.Canvas().Size().Width-40), min(640, u.win.Canvas().Size().Height-40)))
	pd.showWorking("Starting…")
	pd.d.Show()
	pd.start()
}

// busy reports whether the portal is open (it postpones the idle lock: the
// user is in the middle of connecting).
func (pd *portalDialog) busy() bool { return !pd.closed }

// start creates the portal session and shows its first page.
func (pd *portalDialog) start() {
	u := pd.u
	gen := pd.next()
	req := pd.req
	pd.run("portal:started", func(ctx context.Context) func() {
		p, err := u.core.NewPortal(ctx, req)
		var conn *app.Connection
		if err == nil && req.ConnectionID != "" {
			conn = p.Reconnecting()
		}
		return func() {
			if !pd.current(gen) {
				if p != nil {
					pd.abandonPortal(p)
				}
				return
			}
			if err != nil {
				pd.showError(err)
				return
			}
			pd.p = p
			pd.reconnect = conn
			pd.inst = p.Institution()
			switch {
			case conn != nil:
				pd.setHeader()
				pd.begin("")
			case pd.inst != nil:
				pd.chooseMethod(*pd.inst)
			default:
				pd.showInstitutions()
			}
		}
	})
}

// run is UI.background bound to the dialog's context.
func (pd *portalDialog) run(name string, work func(ctx context.Context) func()) {
	ctx := pd.ctx
	pd.u.background(name, func(context.Context) func() { return work(ctx) })
}

// next starts a new page generation; results of older ones are dropped.
func (pd *portalDialog) next() int {
	pd.gen++
	return pd.gen
}

func (pd *portalDialog) current(gen int) bool {
	return !pd.closed && pd.gen == gen && pd.u.portal == pd
}

// close ends the session (abandoned unless it made a connection) and hides
// the dialog.
func (pd *portalDialog) close() {
	if pd.closed {
		return
	}
	pd.abandon()
	pd.d.Hide()
	if pd.u.home != nil {
		pd.u.reloadConnections()
	}
	pd.u.emit("portal:closed")
}

// abandon cancels the dialog's work and records ABANDONED, without hiding.
func (pd *portalDialog) abandon() {
	if pd.closed {
		return
	}
	pd.closed = true
	pd.cancel()
	if pd.u.portal == pd {
		pd.u.portal = nil
		pd.u.portalOpen.Store(false)
	}
	if pd.p != nil {
		pd.abandonPortal(pd.p)
	}
}

func (pd *portalDialog) abandonPortal(p *app.Portal) {
	s := pd.sess
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		p.Abandon(ctx)
	}()
}

// --- page frame --------------------------------------------------------------------

// setPage replaces the body and the buttons.
func (pd *portalDialog) setPage(name string, body fyne.CanvasObject, buttons ...fyne.CanvasObject) {
	pd.page = name
	pd.body.Objects = []fyne.CanvasObject{body}
	pd.body.Refresh()
	pd.cancelBtn = widget.NewButton("Cancel", pd.close)
	row := []fyne.CanvasObject{}
	if pd.backBtn != nil {
		row = append(row, pd.backBtn)
	}
	row = append(row, layoutSpacer(), pd.cancelBtn)
	row = append(row, buttons...)
	pd.buttons.Objects = row
	pd.buttons.Refresh()
	pd.u.emit("portal:" + name)
}

// setError shows (or with "" hides) the error strip above the page.
func (pd *portalDialog) setError(msg string) {
	if msg != "" {
		pd.errorBox.Set(msg)
	}
	if setVisible(pd.errorRow, msg != "") {
		pd.content.Refresh()
	}
}

// setHeader shows who is being connected: the institution, and in repair
// mode which connection.
func (pd *portalDialog) setHeader() {
	pd.header.Objects = nil
	if pd.inst == nil {
		pd.content.Refresh()
		return
	}
	in := *pd.inst
	m := newMonogram(36)
	m.Set(in)
	name := widget.NewLabelWithStyle(in.DisplayName, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	tags := newMuted(institutionTags(in))
	pd.header.Add(container.NewBorder(nil, nil, container.NewPadded(m), nil,
		container.NewVBox(layoutSpacer(), tightVBox(name, tags), layoutSpacer())))
	if pd.reconnect != nil {
		b := newBanner(theme.ColorNamePrimary, theme.InfoIcon())
		b.Set(fmt.Sprintf("Repairing “%s”. Log in to %s again as the same user. The connection keeps its accounts, saved data and history.",
			pd.reconnect.Label, in.DisplayName))
		pd.header.Add(b.box)
	} else if in.Unofficial {
		b := newBanner(theme.ColorNameWarning, theme.WarningIcon())
		b.Set(unofficialWarning(in))
		pd.header.Add(b.box)
	}
	pd.header.Add(widget.NewSeparator())
	pd.content.Refresh()
}

func unofficialWarning(in integrations.Institution) string {
	return fmt.Sprintf("Unofficial API: %s does not officially support the way Latchkey connects. "+
		"It may stop working without notice, and %s's terms may not allow it. Your login stays on this computer.", in.Name, in.Name)
}

// institutionTags is the line under an institution's name.
func institutionTags(in integrations.Institution) string {
	parts := []string{kindName(in.Kind), regionName(in.Region)}
	switch {
	case in.Demo:
		parts = append(parts, "Demo (made-up data)")
	case in.Paper:
		parts = append(parts, "Paper trading")
	default:
		parts = append(parts, "Live")
	}
	if in.Unofficial {
		parts = append(parts, "Unofficial API")
	}
	return strings.Join(parts, " · ")
}

func (pd *portalDialog) showWorking(text string) {
	pd.working = widget.NewLabelWithStyle(text, fyne.TextAlignCenter, fyne.TextStyle{})
	a := widget.NewActivity()
	a.Start()
	pd.setPage("working", container.NewCenter(container.NewVBox(container.NewCenter(a), pd.working)))
}

// --- choose the institution --------------------------------------------------------

// institutionPicker is the searchable, filterable list of institutions.
type institutionPicker struct {
	search *widget.Entry
	region *widget.Select
	kind   *widget.Select
	list   *widget.List
	all    []integrations.Institution
	shown  []integrations.Institution
	empty  *widget.Label
	// onLayout lays the page out again (the "no match" text came or went).
	onLayout func()
}

const (
	allRegions = "All regions"
	allKinds   = "All kinds"
)

func (pd *portalDialog) showInstitutions() {
	u := pd.u
	pd.next()
	pd.inst = nil
	pd.backBtn = nil
	pd.setHeader()
	pd.setError("")
	ip := &institutionPicker{all: u.institutions()}
	pd.picker = ip
	regions := map[string]bool{}
	kinds := map[string]bool{}
	for _, in := range ip.all {
		regions[regionName(in.Region)] = true
		kinds[kindName(in.Kind)] = true
	}
	ip.search = widget.NewEntry()
	ip.search.SetPlaceHolder("Search institutions")
	ip.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	ip.region = widget.NewSelect(append([]string{allRegions}, sortedKeys(regions)...), nil)
	ip.region.SetSelected(allRegions)
	ip.kind = widget.NewSelect(append([]string{allKinds}, sortedKeys(kinds)...), nil)
	ip.kind.SetSelected(allKinds)
	ip.empty = widget.NewLabelWithStyle("No institution matches. Try another name, or clear the filters.", fyne.TextAlignCenter, fyne.TextStyle{})
	ip.empty.Hide()
	ip.list = widget.NewList(func() int { return len(ip.shown) }, func() fyne.CanvasObject { return newInstRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(ip.shown) {
				o.(*instRow).set(ip.shown[id])
			}
		})
	ip.list.OnSelected = func(id widget.ListItemID) {
		ip.list.UnselectAll()
		if id < len(ip.shown) {
			pd.chooseInstitution(ip.shown[id].ID)
		}
	}
	ip.search.OnChanged = func(string) { u.touch(); ip.apply() }
	ip.region.OnChanged = func(string) { ip.apply() }
	ip.kind.OnChanged = func(string) { ip.apply() }
	ip.search.OnSubmitted = func(string) {
		if len(ip.shown) == 1 {
			pd.chooseInstitution(ip.shown[0].ID)
		}
	}
	ip.apply()
	ip.onLayout = func() { pd.content.Refresh() }
	filters := container.NewGridWithColumns(2, ip.region, ip.kind)
	top := container.NewVBox(subheading("Choose your institution"), ip.search, filters)
	body := container.NewBorder(top, nil, nil, nil, container.NewStack(ip.list, container.NewCenter(ip.empty)))
	pd.setPage("institutions", body)
	u.win.Canvas().Focus(ip.search)
}

// instRow is one institution in the picker.
type instRow struct {
	widget.BaseWidget
	mono    *monogram
	name    *widget.Label
	tags    *muted
	methods *muted
	warn    *widget.Icon
	box     *fyne.Container
}

func newInstRow() *instRow {
	r := &instRow{mono: newMonogram(36), name: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		tags: newMuted(""), methods: newMuted(""),
		warn: widget.NewIcon(theme.NewColoredResource(theme.WarningIcon(), theme.ColorNameWarning))}
	r.box = container.NewBorder(nil, nil, container.NewPadded(r.mono), container.NewCenter(r.warn),
		tightVBox(r.name, r.tags, r.methods))
	r.ExtendBaseWidget(r)
	return r
}

func (r *instRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (r *instRow) set(in integrations.Institution) {
	r.mono.Set(in)
	r.name.SetText(in.DisplayName)
	r.tags.SetText(institutionTags(in))
	var ms []string
	for _, am := range in.AuthMethods {
		ms = append(ms, authKindName(am.Kind))
	}
	r.methods.SetText("Connect with: " + strings.Join(dedupe(ms), " · "))
	if setVisible(r.warn, in.Unofficial) {
		r.box.Refresh()
	}
}

func (ip *institutionPicker) apply() {
	q := strings.ToLower(strings.TrimSpace(ip.search.Text))
	ip.shown = ip.shown[:0]
	for _, in := range ip.all {
		if q != "" && !strings.Contains(strings.ToLower(in.DisplayName+" "+in.Name+" "+in.ID), q) {
			continue
		}
		if r := ip.region.Selected; r != "" && r != allRegions && regionName(in.Region) != r {
			continue
		}
		if k := ip.kind.Selected; k != "" && k != allKinds && kindName(in.Kind) != k {
			continue
		}
		ip.shown = append(ip.shown, in)
	}
	if setVisible(ip.empty, len(ip.shown) == 0) && ip.onLayout != nil {
		ip.onLayout()
	}
	ip.list.Refresh()
}

func (pd *portalDialog) chooseInstitution(id string) {
	gen := pd.next()
	pd.showWorking("Opening…")
	p := pd.p
	pd.run("portal:selected", func(ctx context.Context) func() {
		err := p.SelectInstitution(ctx, id)
		return func() {
			if !pd.current(gen) {
				return
			}
			if err != nil {
				pd.showError(err)
				return
			}
			pd.inst = p.Institution()
			pd.chooseMethod(*pd.inst)
		}
	})
}

// --- choose the method -------------------------------------------------------------

// chooseMethod shows the institution's methods, or begins the only one.
func (pd *portalDialog) chooseMethod(in integrations.Institution) {
	u := pd.u
	gen := pd.next()
	pd.setHeader()
	pd.setError("")
	if pd.req.InstitutionID == "" && pd.req.ConnectionID == "" {
		pd.backBtn = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), func() { pd.restartAtInstitutions() })
	}
	// Which methods need an app registration that is missing?
	pd.run("portal:apps", func(ctx context.Context) func() {
		missing := map[integrations.AuthKind]bool{}
		for _, m := range in.AuthMethods {
			if m.NeedsApp {
				if r, err := u.core.AppRegistration(ctx, in.ID); err != nil || r == nil {
					missing[m.Kind] = true
				}
			}
		}
		return func() {
			if !pd.current(gen) {
				return
			}
			if len(in.AuthMethods) == 1 && !missing[in.AuthMethods[0].Kind] {
				pd.begin(in.AuthMethods[0].Kind)
				return
			}
			if len(in.AuthMethods) == 1 {
				pd.showNeedsApp(in, in.AuthMethods[0])
				return
			}
			pd.showMethods(in, missing)
		}
	})
}

func (pd *portalDialog) showMethods(in integrations.Institution, missing map[integrations.AuthKind]bool) {
	pd.methodBtns = map[integrations.AuthKind]*widget.Button{}
	box := container.NewVBox(subheading("How do you want to connect?"))
	if in.Help != "" {
		box.Add(caption(in.Help))
	}
	for _, m := range in.AuthMethods {
		m := m
		title := widget.NewLabelWithStyle(m.Label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		title.Wrapping = fyne.TextWrapWord
		help := caption(m.Help)
		var btn *widget.Button
		if missing[m.Kind] {
			help.SetText(strings.TrimSpace(m.Help + "\nNeeds your own app registration at " + in.Name + " first."))
			btn = widget.NewButton("Set up…", func() { pd.showNeedsApp(in, m) })
		} else {
			btn = widget.NewButtonWithIcon("Continue", theme.NavigateNextIcon(), func() { pd.begin(m.Kind) })
			btn.Importance = widget.HighImportance
		}
		pd.methodBtns[m.Kind] = btn
		icon := widget.NewIcon(methodIcon(m.Kind))
		card := container.NewBorder(nil, nil, container.NewPadded(icon), container.NewCenter(btn), tightVBox(title, help))
		box.Add(widget.NewCard("", "", card))
	}
	pd.setPage("methods", container.NewVScroll(box))
}

func methodIcon(k integrations.AuthKind) fyne.Resource {
	switch k {
	case integrations.AuthOAuth2, integrations.AuthOAuth1:
		return theme.ComputerIcon()
	case integrations.AuthCredentials:
		return theme.AccountIcon()
	case integrations.AuthAPIKey, integrations.AuthToken:
		return theme.LoginIcon()
	}
	return theme.InfoIcon()
}

// showNeedsApp explains that the method needs the user's own app
// registration and offers Settings for the institution.
func (pd *portalDialog) showNeedsApp(in integrations.Institution, m integrations.AuthMethod) {
	pd.next()
	text := fmt.Sprintf("To connect with “%s”, %s needs you to register your own app with it once, and enter its client id in Latchkey's Settings. "+
		"Latchkey ships no shared keys: your registration stays in your vault.", m.Label, in.Name)
	box := container.NewVBox(subheading("Set up your app registration"), wrapped(text))
	if m.AppHelp != "" {
		box.Add(widget.NewCard("", "How to register", wrapped(m.AppHelp)))
	}
	open := widget.NewButtonWithIcon("Open Settings", theme.SettingsIcon(), func() {
		id := in.ID
		pd.close()
		pd.u.showSettings(id)
	})
	open.Importance = widget.HighImportance
	pd.actions = map[string]*widget.Button{"Open Settings": open}
	pd.setPage("needsapp", container.NewVScroll(box), open)
}

func (pd *portalDialog) restartAtInstitutions() {
	// The institution cannot change once chosen: start a fresh session.
	old := pd.p
	gen := pd.next()
	pd.showWorking("Opening…")
	pd.run("portal:restarted", func(ctx context.Context) func() {
		p, err := pd.u.core.NewPortal(ctx, app.PortalRequest{Label: pd.req.Label})
		return func() {
			if !pd.current(gen) {
				if p != nil {
					pd.abandonPortal(p)
				}
				return
			}
			if err != nil {
				pd.showError(err)
				return
			}
			if old != nil {
				pd.abandonPortal(old)
			}
			pd.p = p
			pd.showInstitutions()
		}
	})
}

// backToMethods abandons the login and shows the institution's methods in
// a fresh session.
func (pd *portalDialog) backToMethods() {
	old := pd.p
	gen := pd.next()
	req := pd.req
	req.InstitutionID = pd.inst.ID
	pd.showWorking("Opening…")
	pd.run("portal:restarted", func(ctx context.Context) func() {
		p, err := pd.u.core.NewPortal(ctx, req)
		return func() {
			if !pd.current(gen) {
				if p != nil {
					pd.abandonPortal(p)
				}
				return
			}
			if old != nil {
				pd.abandonPortal(old)
			}
			if err != nil {
				pd.showError(err)
				return
			}
			pd.p = p
			pd.step = nil
			pd.steps = 0
			pd.inst = p.Institution()
			pd.chooseMethod(*pd.inst)
		}
	})
}

// --- the login ---------------------------------------------------------------------

// begin starts the login with a method ("" = the connection's own in repair
// mode, or the first).
func (pd *portalDialog) begin(method integrations.AuthKind) {
	pd.method = method
	pd.step = nil
	pd.steps = 0
	pd.backBtn = nil
	gen := pd.next()
	name := "the institution"
	if pd.inst != nil {
		name = pd.inst.DisplayName
	}
	pd.setError("")
	pd.showWorking("Contacting " + name + "…")
	p := pd.p
	pd.run("portal:begun", func(ctx context.Context) func() {
		step, err := p.Begin(ctx, method, nil)
		return func() { pd.handle(gen, step, err) }
	})
}

// answer sends the answer to the current step and shows what comes next.
func (pd *portalDialog) answer(ans integrations.Answer, waiting string) {
	gen := pd.next()
	pd.setError("")
	if pd.submit != nil {
		pd.submit.Disable()
		pd.submit.SetText(waiting)
	}
	for _, f := range pd.fields {
		if d, ok := f.(fyne.Disableable); ok {
			d.Disable()
		}
	}
	p := pd.p
	pd.run("portal:answered", func(ctx context.Context) func() {
		step, err := p.Next(ctx, ans)
		return func() { pd.handle(gen, step, err) }
	})
}

// handle shows the step a portal call returned, or its error.
func (pd *portalDialog) handle(gen int, step integrations.Step, err error) {
	if !pd.current(gen) {
		return
	}
	var already *app.AlreadyConnectedError
	switch {
	case err != nil && errors.As(err, &already):
		pd.showExisting(already.Existing)
		return
	case err != nil && step == nil:
		pd.showError(err)
		return
	case err != nil:
		// The same step again, to answer again.
		pd.render(step, stepErrorText(err))
		return
	}
	pd.steps++
	pd.render(step, "")
}

func stepErrorText(err error) string {
	if errors.Is(err, integrations.ErrInvalidCredentials) {
		// A message the integration wrote for the user ("enter a username
		// and a password") is more precise than the generic text.
		msg := err.Error()
		if rest, ok := strings.CutPrefix(msg, integrations.ErrInvalidCredentials.Error()+": "); ok && rest != "" {
			return sentence(rest)
		}
	}
	return integrations.UserMessage(err)
}

func sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

func (pd *portalDialog) render(step integrations.Step, errText string) {
	first := pd.steps <= 1
	pd.step = step
	// On the login's first page of a new connection, Back returns to the
	// choice of method (a fresh session: a login cannot go back).
	pd.backBtn = nil
	if first && pd.reconnect == nil && pd.inst != nil && len(pd.inst.AuthMethods) > 1 {
		switch step.(type) {
		case *integrations.FormStep, *integrations.BrowserStep:
			pd.backBtn = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), func() { pd.backToMethods() })
		}
	}
	pd.fields = map[string]fyne.CanvasObject{}
	pd.submit = nil
	pd.setError(errText)
	switch s := step.(type) {
	case *integrations.BrowserStep:
		pd.showBrowser(s)
	case *integrations.FormStep:
		title := s.Title
		if title == "" {
			title = "Sign in"
		}
		pd.showFields("form", title, s.Message, "", s.Fields, "Connect", "Signing in…")
	case *integrations.CodeStep:
		// Say where the code is, unless the institution's message does.
		dest := ""
		if d := s.Destination; d != "" && !strings.Contains(strings.ToLower(s.Message), strings.ToLower(d)) {
			dest = "Sent by " + d + "."
			if strings.Contains(strings.ToLower(d), "app") {
				dest = "The code is in " + d + "."
			}
		}
		pd.showFields("code", "Enter the verification code", s.Message, dest, []integrations.Field{s.Field}, "Verify", "Checking…")
	case *integrations.ChoiceStep:
		pd.showFields("choice", "Choose how to verify", s.Message, "", []integrations.Field{s.Field}, "Continue", "Sending…")
	case *integrations.QuestionsStep:
		pd.showFields("questions", "Answer your security questions", s.Message, "", s.Fields, "Continue", "Checking…")
	case *integrations.ApproveStep:
		pd.showApprove(s)
	case *integrations.DoneStep:
		pd.showDone(s)
	default:
		pd.showError(fmt.Errorf("%w: this institution asked for a step Latchkey does not know", integrations.ErrNotSupported))
	}
}

// showFields renders a form of fields (credentials, API keys, a code, a
// choice, questions) with their help text and links.
func (pd *portalDialog) showFields(page, title, message, hint string, fields []integrations.Field, submitText, waitingText string) {
	u := pd.u
	box := container.NewVBox(subheading(title))
	switch {
	case len(message) > 160:
		box.Add(caption(message)) // long help, such as the demo's list of usernames
	case message != "":
		box.Add(wrapped(message))
	}
	if hint != "" {
		l := widget.NewLabelWithStyle(hint, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		l.Wrapping = fyne.TextWrapWord
		box.Add(l)
	}
	form := widget.NewForm()
	var first, firstSecret fyne.Focusable
	var entries []*widget.Entry
	prev := pd.lastValues
	for _, f := range fields {
		f := f
		var obj fyne.CanvasObject
		switch f.Kind {
		case integrations.FieldChoice:
			var labels []string
			byLabel := map[string]string{}
			for _, c := range f.Choices {
				labels = append(labels, c.Label)
				byLabel[c.Label] = c.Value
			}
			rg := widget.NewRadioGroup(labels, nil)
			rg.Required = !f.Optional
			if len(labels) > 0 {
				rg.SetSelected(labels[0])
			}
			pd.fields[f.Name] = &choiceField{RadioGroup: rg, values: byLabel}
			obj = rg
		default:
			var e *widget.Entry
			switch {
			case f.Kind == integrations.FieldSecret:
				e = widget.NewPasswordEntry()
			case f.Multiline:
				e = widget.NewMultiLineEntry()
				e.SetMinRowsVisible(4)
				e.Wrapping = fyne.TextWrapBreak
			default:
				e = widget.NewEntry()
			}
			e.SetPlaceHolder(f.Placeholder)
			if f.Kind != integrations.FieldSecret && prev != nil {
				e.SetText(prev[f.Name])
			}
			e.OnChanged = func(string) { u.touch() }
			pd.fields[f.Name] = e
			entries = append(entries, e)
			if first == nil {
				first = e
			}
			if firstSecret == nil && f.Kind == integrations.FieldSecret && e.Text == "" {
				firstSecret = e
			}
			obj = e
		}
		item := widget.NewFormItem(f.Label, obj)
		item.HintText = f.Help
		if f.Optional {
			item.Text += " (optional)"
		}
		if f.HelpURL != "" {
			if link, err := url.Parse(f.HelpURL); err == nil {
				hl := widget.NewHyperlink("Where do I find this?", link)
				item.Widget = container.NewVBox(obj, hl)
			}
		}
		form.AppendItem(item)
	}
	box.Add(form)
	pd.submit = widget.NewButtonWithIcon(submitText, theme.NavigateNextIcon(), nil)
	pd.submit.Importance = widget.HighImportance
	submitFn := func() {
		if pd.submit.Disabled() {
			return
		}
		vals := map[string]string{}
		for name, obj := range pd.fields {
			switch v := obj.(type) {
			case *widget.Entry:
				vals[name] = strings.TrimSpace(v.Text)
				if v.Password {
					vals[name] = v.Text // secrets are taken as typed
				}
			case *choiceField:
				vals[name] = v.value()
			}
		}
		for _, f := range fields {
			if !f.Optional && vals[f.Name] == "" {
				pd.setError("Enter " + strings.ToLower(f.Label) + ".")
				if e, ok := pd.fields[f.Name].(*widget.Entry); ok {
					u.win.Canvas().Focus(e)
				}
				return
			}
		}
		pd.lastValues = map[string]string{}
		for _, f := range fields {
			if f.Kind != integrations.FieldSecret {
				pd.lastValues[f.Name] = vals[f.Name]
			}
		}
		pd.answer(integrations.Answer{Values: vals}, waitingText)
	}
	pd.submit.OnTapped = submitFn
	for _, e := range entries {
		if !e.MultiLine {
			e.OnSubmitted = func(string) { submitFn() }
		}
	}
	pd.setPage(page, container.NewVScroll(box), pd.submit)
	switch {
	case pd.errorRow.Visible() && firstSecret != nil && page == "form":
		u.win.Canvas().Focus(firstSecret)
	case first != nil:
		u.win.Canvas().Focus(first)
	}
}

// choiceField is a radio group that answers with the choices' values.
type choiceField struct {
	*widget.RadioGroup
	values map[string]string
}

func (c *choiceField) value() string { return c.values[c.Selected] }

// showBrowser: the institution's page is open in the browser; wait for the
// callback, with the URL to copy or open again and a paste box.
func (pd *portalDialog) showBrowser(s *integrations.BrowserStep) {
	u := pd.u
	gen := pd.gen
	name := "the institution"
	if pd.inst != nil {
		name = pd.inst.DisplayName
	}
	box := container.NewVBox(subheading("Continue in your browser"),
		wrapped(fmt.Sprintf("Latchkey opened %s's sign-in page in your web browser. Sign in there and allow access; "+
			"this window continues by itself when you are done.", name)))
	pd.urlLabel = widget.NewLabel(s.URL)
	pd.urlLabel.Truncation = fyne.TextTruncateEllipsis
	pd.urlLabel.TextStyle.Monospace = true
	pd.urlLabel.Selectable = true
	pd.copyURL = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), nil)
	pd.copyURL.OnTapped = func() {
		u.fyne.Clipboard().SetContent(s.URL)
		pd.copyURL.SetText("Copied")
	}
	pd.openAgain = widget.NewButtonWithIcon("Open again", theme.ComputerIcon(), func() {
		p := pd.p
		go p.OpenURL(pd.ctx)
	})
	box.Add(widget.NewCard("", "", container.NewVBox(
		caption("Browser did not open? Copy this address into it:"),
		container.NewBorder(nil, nil, nil, container.NewHBox(pd.copyURL, pd.openAgain), pd.urlLabel))))
	act := widget.NewActivity()
	act.Start()
	wait := "Waiting for you to finish in the browser…"
	if s.Timeout > 0 {
		wait = fmt.Sprintf("Waiting for you to finish in the browser (up to %s)…", humanDuration(s.Timeout))
	}
	box.Add(container.NewHBox(act, widget.NewLabel(wait)))
	if s.CanPaste {
		pd.paste = widget.NewEntry()
		pd.paste.SetPlaceHolder("Paste the address the browser ended on, or the code it shows")
		pd.pasteError = widget.NewLabel("")
		pd.pasteError.Importance = widget.DangerImportance
		pd.pasteError.Wrapping = fyne.TextWrapWord
		pd.pasteError.Hide()
		pd.pasteBtn = widget.NewButton("Continue", nil)
		doPaste := func() {
			text := strings.TrimSpace(pd.paste.Text)
			if text == "" {
				return
			}
			p := pd.p
			pd.pasteBtn.Disable()
			pd.run("portal:pasted", func(ctx context.Context) func() {
				err := p.Paste(text)
				return func() {
					if !pd.current(gen) {
						return
					}
					pd.pasteBtn.Enable()
					if err != nil {
						pd.pasteError.SetText(pasteErrorText(err))
					}
					if setVisible(pd.pasteError, err != nil) {
						pd.content.Refresh()
					}
					if err != nil {
						return
					}
					pd.paste.SetText("")
				}
			})
		}
		pd.pasteBtn.OnTapped = doPaste
		pd.paste.OnSubmitted = func(string) { doPaste() }
		box.Add(widget.NewSeparator())
		box.Add(widget.NewLabelWithStyle("The browser did not come back to Latchkey?", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(caption("Copy the full address from the browser's address bar after you allowed access (or the code the page shows) and paste it here."))
		box.Add(container.NewBorder(nil, nil, nil, pd.pasteBtn, pd.paste))
		box.Add(pd.pasteError)
	}
	pd.setPage("browser", container.NewVScroll(box))
	// Wait for the callback (or the paste) off the UI goroutine.
	p := pd.p
	pd.run("portal:callback", func(ctx context.Context) func() {
		step, err := p.Next(ctx, integrations.Answer{})
		return func() {
			if !pd.current(gen) {
				return
			}
			pd.next()
			pd.handle(pd.gen, step, err)
		}
	})
}

func pasteErrorText(err error) string {
	msg := err.Error()
	if rest, ok := strings.CutPrefix(msg, integrations.ErrInvalidCredentials.Error()+": "); ok {
		return "That could not be used: " + rest + "."
	}
	return "That could not be used: " + integrations.UserMessage(err)
}

func humanDuration(d time.Duration) string {
	switch {
	case d >= time.Hour:
		return plural(int(d/time.Hour), "hour", "hours")
	case d >= time.Minute:
		return plural(int(d/time.Minute), "minute", "minutes")
	default:
		return plural(int(d/time.Second), "second", "seconds")
	}
}

// showApprove: approve the login in the institution's app; Next polls.
func (pd *portalDialog) showApprove(s *integrations.ApproveStep) {
	gen := pd.gen
	msg := s.Message
	if msg == "" {
		msg = "Open the institution's app on your phone and approve the sign-in request."
	}
	box := container.NewVBox(subheading("Approve the sign-in in your app"), wrapped(msg))
	act := widget.NewActivity()
	act.Start()
	box.Add(container.NewHBox(act, widget.NewLabel("Waiting for your approval…")))
	if s.ApproveURL != "" {
		if link, err := url.Parse(s.ApproveURL); err == nil {
			pd.approveURL = widget.NewHyperlink("Open the approval page in the browser", link)
			pd.approveURL.OnTapped = func() {
				go func() { _ = pd.u.opts.Browser.OpenURL(pd.ctx, s.ApproveURL) }()
			}
			box.Add(pd.approveURL)
		}
	}
	if s.Timeout > 0 {
		box.Add(caption(fmt.Sprintf("The request expires after %s.", humanDuration(s.Timeout))))
	}
	pd.setPage("approve", container.NewVScroll(box))
	p := pd.p
	pd.run("portal:approved", func(ctx context.Context) func() {
		step, err := p.Next(ctx, integrations.Answer{})
		return func() {
			if !pd.current(gen) {
				return
			}
			pd.next()
			pd.handle(pd.gen, step, err)
		}
	})
}

// showDone lists the accounts found and syncs the connection.
func (pd *portalDialog) showDone(s *integrations.DoneStep) {
	c := pd.p.Connection()
	if c == nil {
		pd.showError(errors.New("the connection was not saved"))
		return
	}
	pd.result = c
	pd.showSuccess(*c, s.Accounts, pd.reconnect != nil)
}

func (pd *portalDialog) showSuccess(c app.Connection, accts []integrations.Account, repaired bool) {
	u := pd.u
	gen := pd.next()
	pd.backBtn = nil
	pd.setError("")
	inst := u.institution(c.InstitutionID)
	title := "Connected"
	text := fmt.Sprintf("%s is connected. Its login is saved in your vault.", inst.DisplayName)
	if repaired {
		title = "Repaired"
		text = fmt.Sprintf("“%s” works again. Its accounts, saved data and history were kept.", c.Label)
	}
	head := container.NewHBox(widget.NewIcon(theme.NewColoredResource(theme.ConfirmIcon(), theme.ColorNameSuccess)), subheading(title))
	pd.doneText = wrapped(text)
	box := container.NewVBox(head, pd.doneText)
	if len(accts) > 0 {
		var lines []string
		for _, a := range accts {
			line := "•  " + a.Name
			if a.Number != "" {
				line += "  " + a.Number
			}
			line += "  ·  " + categoryName(a.Category)
			if a.Currency != "" {
				line += "  ·  " + a.Currency
			}
			lines = append(lines, line)
		}
		box.Add(widget.NewLabelWithStyle(fmt.Sprintf("Latchkey found %s:", plural(len(accts), "account", "accounts")), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		pd.accounts = widget.NewLabel(strings.Join(lines, "\n"))
		pd.accounts.Wrapping = fyne.TextWrapWord
		box.Add(pd.accounts)
	}
	if !repaired {
		pd.nameEntry = widget.NewEntry()
		pd.nameEntry.SetText(pd.uniqueLabel(c))
		box.Add(widget.NewForm(widget.NewFormItem("Name", pd.nameEntry)))
	} else {
		pd.nameEntry = nil
	}
	pd.syncBar = widget.NewProgressBar()
	pd.syncText = widget.NewLabel("Syncing balances, holdings and activity…")
	pd.syncText.Wrapping = fyne.TextWrapWord
	box.Add(pd.syncText)
	box.Add(pd.syncBar)
	pd.viewBtn = widget.NewButtonWithIcon("View accounts", theme.NavigateNextIcon(), func() {
		id := c.ID
		pd.finish()
		u.showAccounts(id)
	})
	pd.viewBtn.Importance = widget.HighImportance
	pd.doneBtn = widget.NewButton("Done", func() { pd.finish() })
	pd.setPage("done", container.NewVScroll(box), pd.doneBtn, pd.viewBtn)
	pd.cancelBtn.Hide()
	pd.buttons.Refresh()
	u.reloadConnections()
	id := c.ID
	home := u.home
	pd.u.background("portal:synced", func(sctx context.Context) func() {
		res, err := u.core.Refresh(sctx, []string{id}, func(p app.Progress) {
			if home != nil {
				home.setProgress(p) // the row shows Syncing behind the dialog
			}
			u.do(func() {
				if pd.current(gen) {
					pd.syncBar.SetValue(p.Fraction())
				}
			})
		})
		return func() {
			if home != nil {
				home.clearProgress(id)
				if pd.reconnect != nil && err == nil && len(res) == 1 && res[0].Err == nil {
					home.status.SetText("“" + pd.reconnect.Label + "” was repaired and synced.")
				}
			}
			if u.home != nil {
				u.reloadConnections()
			}
			if pd.page != "done" || pd.gen != gen {
				return
			}
			pd.syncBar.SetValue(1)
			switch {
			case err != nil:
				pd.syncText.SetText("The first sync could not start: " + integrations.UserMessage(err))
			case len(res) == 1 && res[0].Err != nil:
				pd.syncText.SetText("The first sync did not finish: " + integrations.UserMessage(res[0].Err) + " You can refresh it later from the list.")
			default:
				pd.syncText.SetText("All synced. Your data is saved in the vault and available offline.")
			}
		}
	})
}

// uniqueLabel proposes a name for a new connection that no other
// connection has: "Latchkey Demo Brokerage 2" for a second login there.
func (pd *portalDialog) uniqueLabel(c app.Connection) string {
	if pd.u.home == nil {
		return c.Label
	}
	taken := map[string]bool{}
	for _, r := range pd.u.home.all {
		if r.c.ID != c.ID {
			taken[r.c.Label] = true
		}
	}
	label := c.Label
	for n := 2; taken[label]; n++ {
		label = fmt.Sprintf("%s %d", c.Label, n)
	}
	return label
}

// finish closes the dialog after success, applying a new name if given.
func (pd *portalDialog) finish() {
	u := pd.u
	if pd.result != nil && pd.nameEntry != nil {
		label := strings.TrimSpace(pd.nameEntry.Text)
		id := pd.result.ID
		if label != "" && label != pd.result.Label {
			u.background("renamed", func(ctx context.Context) func() {
				_, err := u.core.Rename(ctx, id, label)
				return func() {
					if err == nil {
						u.reloadConnections()
					}
				}
			})
		}
	}
	// The sync started on the done page continues in the session.
	pd.closed = true
	pd.cancel()
	if u.portal == pd {
		u.portal = nil
		u.portalOpen.Store(false)
	}
	pd.d.Hide()
	u.emit("portal:closed")
}

// showExisting: the login is already connected; offer to update that
// connection instead of adding a second one.
func (pd *portalDialog) showExisting(existing app.Connection) {
	gen := pd.next()
	text := fmt.Sprintf("This login is already connected as “%s”. Latchkey can give that connection the login you just made "+
		"instead of adding a second one for the same accounts.", existing.Label)
	use := widget.NewButtonWithIcon("Update “"+existing.Label+"”", theme.ConfirmIcon(), nil)
	use.Importance = widget.HighImportance
	use.OnTapped = func() {
		use.Disable()
		p := pd.p
		pd.run("portal:existing-used", func(ctx context.Context) func() {
			c, err := p.UseExisting(ctx)
			return func() {
				if !pd.current(gen) {
					return
				}
				if err != nil {
					pd.showError(err)
					return
				}
				pd.result = &c
				pd.nameEntry = nil
				pd.showSuccess(c, nil, true)
			}
		})
	}
	pd.actions = map[string]*widget.Button{"Update": use}
	pd.setPage("existing", container.NewVBox(subheading("Already connected"), wrapped(text)), use)
}

// showError explains what happened and offers the way forward.
func (pd *portalDialog) showError(err error) {
	pd.next()
	pd.backBtn = nil
	pd.setError("")
	code := integrations.Code(err)
	title := "Could not connect"
	msg := integrations.UserMessage(err)
	retryText := "Start again"
	switch {
	case errors.Is(err, app.ErrNeedsApp) && pd.inst != nil:
		if m, ok := pd.inst.Method(pd.method); ok {
			pd.showNeedsApp(*pd.inst, m)
			return
		}
	case errors.Is(err, integrations.ErrDifferentLogin):
		title = "That is a different login"
		retryText = "Try again"
	case code == "ACCOUNT_LOCKED":
		title = "This login is locked"
	case code == "RATE_LIMITED":
		title = "The institution is not available right now"
		retryText = "Try again"
		if d, _ := integrations.RetryAfter(err); d > 0 {
			msg = "The institution is limiting requests. Try again in " + humanDuration(d) + "."
		}
	case code == "UNAVAILABLE":
		title = "The institution is not available right now"
		retryText = "Try again"
	case code == "TIMEOUT":
		title = "The login took too long"
	case code == "APPROVAL_DENIED":
		title = "The sign-in was denied"
	case errors.Is(err, app.ErrNotFound):
		title = "This connection no longer exists"
		msg = "It may have been disconnected in another window."
	case code == "UNKNOWN" && pd.p == nil:
		msg = "The connection window could not start: " + err.Error()
	}
	if pd.reconnect != nil && code != "DIFFERENT_LOGIN" {
		msg += " The connection was not changed."
	}
	icon := widget.NewIcon(theme.NewColoredResource(theme.ErrorIcon(), theme.ColorNameError))
	pd.message = wrapped(msg)
	box := container.NewVBox(container.NewHBox(icon, subheading(title)), pd.message)
	retry := widget.NewButtonWithIcon(retryText, theme.ViewRefreshIcon(), func() { pd.retry() })
	retry.Importance = widget.HighImportance
	pd.actions = map[string]*widget.Button{"retry": retry}
	var buttons []fyne.CanvasObject
	if pd.req.ConnectionID == "" && pd.req.InstitutionID == "" {
		other := widget.NewButton("Choose another institution", func() { pd.restartAtInstitutions() })
		pd.actions["other"] = other
		buttons = append(buttons, other)
	}
	buttons = append(buttons, retry)
	pd.setPage("error", container.NewVScroll(box), buttons...)
	pd.cancelBtn.SetText("Close")
}

// retry starts a new session with the same institution and method.
func (pd *portalDialog) retry() {
	old := pd.p
	gen := pd.next()
	req := pd.req
	if pd.inst != nil && req.ConnectionID == "" {
		req.InstitutionID = pd.inst.ID
	}
	method := pd.method
	pd.showWorking("Starting again…")
	pd.run("portal:restarted", func(ctx context.Context) func() {
		p, err := pd.u.core.NewPortal(ctx, req)
		return func() {
			if !pd.current(gen) {
				if p != nil {
					pd.abandonPortal(p)
				}
				return
			}
			if old != nil {
				pd.abandonPortal(old)
			}
			if err != nil {
				pd.p = nil
				pd.showError(err)
				return
			}
			pd.p = p
			pd.reconnect = p.Reconnecting()
			if in := p.Institution(); in != nil {
				pd.inst = in
				pd.setHeader()
				if method != "" || pd.reconnect != nil {
					pd.begin(method)
				} else {
					pd.chooseMethod(*in)
				}
				return
			}
			pd.showInstitutions()
		}
	})
}

func sortedKeys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func dedupe(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
