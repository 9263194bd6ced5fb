package desktop

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// portal is the guided dialog that connects an institution or repairs a
// connection. It is a small state machine over one app.Portal session:
// choose the institution, choose the method, then one page per login step
// until done or an error with a way forward. Each page is its own type
// (portal*.go) that owns its widgets. A session that must start over —
// Back, Start again, Choose another institution — goes through restart,
// the one way to begin a fresh session.
//
// Every call into the session runs off the UI goroutine; its result is
// applied only if the dialog still shows the page that started it (gen).
// Esc steps back where there is a Back, and closes the portal otherwise.
type portal struct {
	host   portalHost
	store  portalStore
	req    app.PortalRequest
	sess   *app.Portal
	ctx    context.Context
	cancel context.CancelFunc
	gen    int
	closed bool
	st     portalState
	frame  portalFrame
	page   page
	back   func() // the page's Back, nil: none
	drop   string // a statement file dropped on the window, to import
}

// portalHost is what the portal needs from the UI.
type portalHost interface {
	connectionsHost
	clipboard() fyne.Clipboard
	browser() integrations.Browser
	portalClosed(p *portal)
}

// portalStore is the app's use cases the portal calls.
type portalStore interface {
	NewPortal(ctx context.Context, req app.PortalRequest) (*app.Portal, error)
	AppRegistration(ctx context.Context, institutionID string) (*integrations.AppRegistration, error)
	Rename(ctx context.Context, id, label string) (app.Connection, error)
	Connections(ctx context.Context) ([]app.Connection, error)
}

// portalState is what the session has established so far.
type portalState struct {
	inst      *integrations.Institution
	method    integrations.AuthKind
	reconnect *app.Connection // the connection being repaired or reconnected
	steps     int             // login steps shown (Back only on the first)
	values    map[string]string
	result    *app.Connection
	browser   *event           // the browser's last answer to "open this page"
	also      []app.Connection // the other connections the login made (a bridge's brokerages)
}

// page is one page of the portal.
type page interface {
	name() string            // "institutions", "form", … (emitted as portal:<name>)
	view() fyne.CanvasObject // the page's body
	actions() []*button      // right of Cancel; the last is the default (Enter)
	focus() fyne.Focusable   // what has the focus when the page shows
	failed(msg string) bool  // show an error on the page itself; false: it has no place for one
}

// portalFrame is the dialog around the pages.
type portalFrame struct {
	d       *dialog.CustomDialog
	layer   *keyLayer
	content *fyne.Container
	header  *fyne.Container
	body    *fyne.Container
	bar     *fyne.Container
	cancel  *button
}

// openPortal opens the portal for req (new connection, institution
// preselected, or repair).
func (u *UI) openPortal(req app.PortalRequest) { u.openPortalWith(req, "") }

// openPortalWith opens the portal to import the statement file at path
// (dropped on the window), when set.
func (u *UI) openPortalWith(req app.PortalRequest, path string) {
	if u.sess == nil || u.core == nil || u.scr.portal != nil {
		return
	}
	title := "Connect an account"
	switch {
	case req.ConnectionID != "" && u.fedByFiles(req.ConnectionID):
		title = "Import a newer statement"
	case req.ConnectionID != "":
		title = "Log in again"
	case path != "":
		title = "Import a statement"
	}
	p := newPortal(u, u.core, req, title)
	p.drop = path
	u.scr.portal = p
	u.sess.portalOpen.Store(true)
	p.start()
}

func (u *UI) portalClosed(p *portal) {
	u.bus.drop(p)
	if u.scr.portal == p {
		u.scr.portal = nil
		if u.sess != nil {
			u.sess.portalOpen.Store(false)
		}
	}
}

func newPortal(host portalHost, store portalStore, req app.PortalRequest, title string) *portal {
	ctx, cancel := context.WithCancel(host.sessionContext())
	p := &portal{host: host, store: store, req: req, ctx: ctx, cancel: cancel}
	f := &p.frame
	f.header = container.NewVBox()
	f.body = container.NewStack()
	f.bar = container.NewHBox()
	f.cancel = newButton("Cancel", nil, p.close)
	f.content = border(f.header, container.NewVBox(widget.NewSeparator(), f.bar), nil, nil, f.body)
	f.d = dialog.NewCustomWithoutButtons(title, newTracker(f.content, host.touch), host.window())
	size := host.window().Canvas().Size()
	f.d.Resize(fyne.NewSize(min(700, size.Width-24), min(640, size.Height-24)))
	f.layer = &keyLayer{escape: p.escape, enter: p.enter}
	host.keyboard().push(f.layer)
	host.events().on(p, topicBrowser, func(e event) {
		p.st.browser = &e
		if b, ok := p.page.(*browserPage); ok {
			b.opened(e)
		}
	})
	p.showWorking("Starting…")
	f.d.Show()
	return p
}

// start creates the portal session and shows its first page.
func (p *portal) start() {
	p.restart(restartTo{inst: p.req.InstitutionID})
}

// restartTo is where a fresh session starts: the institution picker (no
// institution), an institution's methods, or a method's first page. fresh
// drops the repair: the login is added as a new connection.
type restartTo struct {
	inst   string
	method integrations.AuthKind
	fresh  bool
}

// restart abandons the session (if any) and starts a fresh one at t. It is
// the one way a session begins.
func (p *portal) restart(t restartTo) {
	old := p.sess
	p.sess = nil
	if old != nil {
		p.abandonSession(old)
	}
	req := p.req
	if t.fresh {
		req.ConnectionID = ""
		p.req = req
	}
	if req.ConnectionID == "" {
		req.InstitutionID = t.inst
	}
	p.st = portalState{browser: p.st.browser, values: p.st.values}
	gen := p.next()
	p.showWorking("Opening…")
	store := p.store
	p.run("portal:started", func(ctx context.Context) func() {
		s, err := store.NewPortal(ctx, req)
		return func() {
			if !p.current(gen) {
				if s != nil {
					p.abandonSession(s)
				}
				return
			}
			if err != nil {
				p.showError(err)
				return
			}
			p.sess = s
			p.st.reconnect = s.Reconnecting()
			p.st.inst = s.Institution()
			switch {
			case p.st.reconnect != nil || (p.st.inst != nil && t.method != ""):
				p.setHeader()
				p.begin(t.method)
			case p.st.inst != nil:
				p.chooseMethod(*p.st.inst)
			default:
				p.showInstitutions()
			}
		}
	})
}

// run is the host's background bound to the dialog's context.
func (p *portal) run(name string, work func(ctx context.Context) func()) {
	ctx := p.ctx
	p.host.background(name, func(context.Context) func() { return work(ctx) })
}

// runCurrent is run whose result, work's function, runs only while the
// page generation gen is still current.
func (p *portal) runCurrent(gen int, name string, work func(ctx context.Context) func()) {
	p.run(name, func(ctx context.Context) func() {
		done := work(ctx)
		return func() {
			if p.current(gen) && done != nil {
				done()
			}
		}
	})
}

// next starts a new page generation; results of older ones are dropped.
func (p *portal) next() int {
	p.gen++
	return p.gen
}

func (p *portal) current(gen int) bool { return !p.closed && p.gen == gen }

// close ends the session (abandoned unless it made a connection) and hides
// the dialog.
func (p *portal) close() {
	if p.closed {
		return
	}
	p.closed = true
	p.cancel()
	if p.sess != nil {
		p.abandonSession(p.sess)
	}
	p.hide()
}

// finish closes the dialog after success; the sync started on the done
// page goes on in the session.
func (p *portal) finish() {
	if p.closed {
		return
	}
	p.closed = true
	p.cancel()
	p.hide()
}

func (p *portal) hide() {
	p.host.keyboard().pop(p.frame.layer)
	p.frame.d.Hide()
	p.host.window().Canvas().Unfocus()
	p.host.portalClosed(p)
	p.host.publish(event{Topic: topicConnections})
	p.host.emit("portal:closed")
}

func (p *portal) abandonSession(s *app.Portal) {
	// Recording ABANDONED must not be cut short by the dialog's context.
	p.host.background("portal:abandoned", func(context.Context) func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.Abandon(ctx)
		return nil
	})
}

// escape steps back, or closes the portal.
func (p *portal) escape() {
	if p.back != nil {
		p.back()
		return
	}
	p.close()
}

// enter presses the page's default button.
func (p *portal) enter() bool {
	if p.page == nil {
		return false
	}
	acts := p.page.actions()
	if len(acts) == 0 {
		return false
	}
	return acts[len(acts)-1].tap()
}

// --- the frame ---------------------------------------------------------------------

// show replaces the page; back, when set, is its Back (and Esc).
func (p *portal) show(pg page, back func()) {
	p.page, p.back = pg, back
	f := &p.frame
	f.cancel.SetText("Cancel")
	f.cancel.Show()
	f.body.Objects = []fyne.CanvasObject{pg.view()}
	f.body.Refresh()
	row := []fyne.CanvasObject{}
	if back != nil {
		row = append(row, newButton("Back", theme.NavigateBackIcon(), back))
	}
	row = append(row, layoutSpacer(), f.cancel)
	for _, b := range pg.actions() {
		row = append(row, b)
	}
	f.bar.Objects = row
	f.bar.Refresh()
	p.host.focus(pg.focus())
	p.host.emit("portal:" + pg.name())
}

// setHeader shows who is being connected: the institution, and in repair
// mode which connection and whose login.
func (p *portal) setHeader() {
	f := &p.frame
	f.header.Objects = nil
	if p.st.inst == nil {
		f.header.Refresh()
		return
	}
	in := *p.st.inst
	if c := p.st.reconnect; c != nil {
		in = connInstitution(p.host, *c)
	}
	m := newMonogram(36)
	m.Set(in)
	name := boldLabel(in.DisplayName)
	f.header.Add(border(nil, nil, container.NewPadded(m), nil,
		container.NewVBox(layoutSpacer(), tightVBox(name, newMuted(institutionTags(in))), layoutSpacer())))
	if c := p.st.reconnect; c != nil {
		b := newBanner(theme.ColorNamePrimary, theme.InfoIcon())
		b.Set(reconnectText(*c, in, bridgeName(p.host, *c)))
		f.header.Add(b.box)
	} else if in.Unofficial {
		b := newBanner(theme.ColorNameWarning, theme.WarningIcon())
		b.Set(unofficialWarning(in))
		f.header.Add(b.box)
	}
	f.header.Add(widget.NewSeparator())
	f.header.Refresh()
	f.content.Refresh()
}

func (p *portal) showWorking(text string) {
	p.show(newWorkingPage(text), nil)
}

// situation is how errors are explained now.
func (p *portal) situation() app.Situation {
	s := app.Situation{Doing: app.DoingConnect}
	if c := p.st.reconnect; c != nil {
		s.Doing = app.DoingReconnect
		if c.Disabled() {
			s.Doing = app.DoingRepair
		}
	}
	if p.st.method == integrations.AuthImport || (p.st.reconnect != nil && fedByFiles(*p.st.reconnect)) {
		s.Doing = app.DoingImport
	}
	if p.st.inst != nil {
		s.Institution = p.st.inst.DisplayName
	}
	if _, ok := p.page.(*browserPage); ok {
		s.InBrowser = true
	}
	return s
}

// --- the login ---------------------------------------------------------------------

// choose selects the institution and shows its methods.
func (p *portal) choose(id string) {
	gen := p.next()
	p.showWorking("Opening…")
	s := p.sess
	p.runCurrent(gen, "portal:selected", func(ctx context.Context) func() {
		err := s.SelectInstitution(ctx, id)
		return func() {
			if err != nil {
				p.showError(err)
				return
			}
			p.st.inst = s.Institution()
			p.chooseMethod(*p.st.inst)
		}
	})
}

// begin starts the login with a method ("" = the connection's own in
// repair mode, or the first).
func (p *portal) begin(method integrations.AuthKind) {
	p.st.method, p.st.steps = method, 0
	gen := p.next()
	name := "the institution"
	if in := p.st.inst; in != nil {
		name = in.DisplayName
		if in.Via != "" {
			name = in.Name // "SnapTrade", not its entry's "(your Personal key)"
		}
	}
	values := p.importValues(method)
	if values != nil {
		name = "the statement"
		p.showWorking("Reading the statement…")
	} else {
		p.showWorking("Contacting " + name + "…")
	}
	s := p.sess
	p.run("portal:begun", func(ctx context.Context) func() {
		step, err := s.Begin(ctx, method, values)
		return func() { p.handle(gen, step, err) }
	})
}

// answer sends the answer to the current step and shows what comes next.
func (p *portal) answer(ans integrations.Answer) {
	gen := p.next()
	s := p.sess
	p.run("portal:answered", func(ctx context.Context) func() {
		step, err := s.Next(ctx, ans)
		return func() { p.handle(gen, step, err) }
	})
}

// await waits for a step the user finishes elsewhere (the browser, the
// institution's app).
func (p *portal) await(name string) {
	gen := p.gen
	s := p.sess
	p.runCurrent(gen, name, func(ctx context.Context) func() {
		step, err := s.Next(ctx, integrations.Answer{})
		return func() {
			p.handle(p.next(), step, err)
		}
	})
}

// handle shows the step a session call returned, or its error.
func (p *portal) handle(gen int, step integrations.Step, err error) {
	if !p.current(gen) {
		return
	}
	var already *app.AlreadyConnectedError
	switch {
	case err != nil && errors.As(err, &already):
		p.showExisting(already.Existing)
	case err != nil && step == nil:
		p.showError(err)
	case err != nil:
		// The same step again, to answer again, with what was wrong.
		p.render(step, app.Explain(err, p.situation()).Text)
	default:
		p.st.steps++
		p.render(step, "")
	}
}

// render shows a login step.
func (p *portal) render(step integrations.Step, problem string) {
	var back func()
	if p.st.steps <= 1 && p.st.reconnect == nil && p.st.inst != nil && len(p.st.inst.AuthMethods) > 1 {
		switch step.(type) {
		case *integrations.FormStep, *integrations.BrowserStep:
			inst := p.st.inst.ID
			back = func() { p.restart(restartTo{inst: inst}) }
		}
	}
	var pg page
	switch s := step.(type) {
	case *integrations.BrowserStep:
		pg = p.newBrowserPage(s)
	case *integrations.FormStep:
		if isMapping(s) {
			pg = p.newMappingPage(s)
			break
		}
		pg = p.newFormPage(formFromStep(s, p.st.reconnect))
	case *integrations.CodeStep:
		pg = p.newFormPage(formFromCode(s))
	case *integrations.ChoiceStep:
		if n := s.Field.Name; n == importBadRows || n == importBackfill {
			pg = p.newStatementPage(s)
			break
		}
		if len(s.Field.Choices) > maxRadios {
			pg = p.newChoicePage(s)
			break
		}
		spec := formSpec{page: "choice", title: "Choose how to verify", message: s.Message, fields: []integrations.Field{s.Field},
			submit: "Continue", waiting: "Sending…"}
		if p.st.steps <= 1 && s.Message != "" {
			// A first step is no verification: its question is the title.
			spec.title, spec.message = s.Message, s.Field.Help
		}
		pg = p.newFormPage(spec)
	case *integrations.QuestionsStep:
		pg = p.newFormPage(formSpec{page: "questions", title: "Answer your security questions", message: s.Message, fields: s.Fields,
			submit: "Continue", waiting: "Checking…"})
	case *integrations.ApproveStep:
		pg = p.newApprovePage(s)
	case *integrations.DoneStep:
		p.showDone(s)
		return
	default:
		p.showError(fmt.Errorf("%w: this institution asked for a step Latchkey does not know", integrations.ErrNotSupported))
		return
	}
	p.show(pg, back)
	if problem != "" {
		pg.failed(problem)
	}
	switch pg.(type) {
	case *browserPage:
		p.await("portal:callback")
	case *approvePage:
		p.await("portal:approved")
	}
}
