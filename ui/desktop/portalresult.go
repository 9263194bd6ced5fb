package desktop

import (
	"context"
	"errors"
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

// donePage says what happened — connected, repaired, reconnected or
// updated — lists the accounts found and shows the first sync.
type donePage struct {
	title     string
	text      *widget.Label
	accounts  *widget.Label
	nameEntry *entry // the new connection's name; nil for an existing one
	bar       *widget.ProgressBar
	syncText  *widget.Label
	done      *button
	viewBtn   *button
	box       fyne.CanvasObject
}

func (d *donePage) name() string            { return "done" }
func (d *donePage) view() fyne.CanvasObject { return d.box }
func (d *donePage) actions() []*button      { return []*button{d.done, d.viewBtn} }
func (d *donePage) failed(string) bool      { return false }
func (d *donePage) focus() fyne.Focusable {
	if d.nameEntry != nil {
		return d.nameEntry
	}
	return d.viewBtn
}

// outcome is the words for a login that worked on an existing connection:
// Repaired when it was disabled, Reconnected or Updated when it worked.
func outcome(before app.Connection, viaExisting bool) (string, string) {
	switch {
	case before.Disabled():
		return "Repaired", fmt.Sprintf("“%s” works again. Its accounts, saved data and history were kept.", before.Label)
	case viaExisting:
		return "Updated", fmt.Sprintf("“%s” now uses the login you just made. Its accounts, saved data and history were kept.", before.Label)
	default:
		return "Reconnected", fmt.Sprintf("“%s” has a fresh login. Its accounts, saved data and history were kept.", before.Label)
	}
}

// showDone shows the result of a login that saved a connection: for a
// bridge, the brokerage it reaches and the other brokerages the same login
// brought, each a connection of its own.
func (p *portal) showDone(s *integrations.DoneStep) {
	c := p.sess.Connection()
	if c == nil {
		p.showError(errors.New("the connection was not saved"))
		return
	}
	inst := connInstitution(p.host, *c)
	title, text := "Connected", fmt.Sprintf("%s is connected. Its login is saved in your vault.", inst.DisplayName)
	if bridge := bridgeName(p.host, *c); bridge != "" && c.Name != "" {
		text = fmt.Sprintf("%s is connected through %s. Its authorization is saved in your vault.", c.Name, bridge)
		if made := p.sess.Created(); len(made) > 1 {
			p.st.also = made[1:]
			var names []string
			for _, o := range p.st.also {
				names = append(names, o.Name)
			}
			text += fmt.Sprintf(" The same %s login also reaches %s: each is a connection of its own.", bridge, andList(names))
		}
	}
	if before := p.st.reconnect; before != nil {
		title, text = outcome(*before, false)
	}
	if r := p.sess.Imported(); r != nil {
		title, text = importedWords(*c, p.st.reconnect, *r, inst)
	}
	p.showSuccess(*c, s.Accounts, title, text, p.st.reconnect == nil)
}

func (p *portal) showSuccess(c app.Connection, accts []integrations.Account, title, text string, isNew bool) {
	gen := p.next()
	p.st.result = &c
	d := &donePage{title: title}
	head := border(nil, nil, widget.NewIcon(theme.NewColoredResource(theme.ConfirmIcon(), theme.ColorNameSuccess)), nil, wrappedSubheading(title))
	d.text = wrapped(text)
	box := container.NewVBox(head, d.text)
	if len(accts) > 0 {
		var lines []string
		for _, a := range accts {
			line := "•  " + a.Name
			if a.Number != "" && !strings.Contains(a.Name, a.Number) {
				line += "  " + a.Number
			}
			line += "  ·  " + categoryName(a.Category)
			if a.Currency != "" {
				line += "  ·  " + a.Currency
			}
			lines = append(lines, line)
		}
		box.Add(boldLabel(fmt.Sprintf("Latchkey found %s:", plural(len(accts), "account", "accounts"))))
		d.accounts = wrapped(strings.Join(lines, "\n"))
		box.Add(d.accounts)
	}
	if isNew {
		d.nameEntry = newEntry()
		d.nameEntry.SetText(c.Label)
		box.Add(widget.NewForm(widget.NewFormItem("Name", d.nameEntry)))
	}
	d.bar = widget.NewProgressBar()
	d.syncText = wrapped("Syncing balances, holdings and activity…")
	box.Add(d.syncText)
	box.Add(d.bar)
	id := c.ID
	d.viewBtn = newButton("View accounts", theme.NavigateNextIcon(), func() {
		p.applyName(d)
		p.finish()
		p.host.showAccounts(id)
	}).primary()
	d.done = newButton("Done", nil, func() {
		p.applyName(d)
		p.finish()
	})
	if d.nameEntry != nil {
		d.nameEntry.OnSubmitted = func(string) { d.viewBtn.tap() }
	}
	d.box = container.NewVScroll(box)
	p.show(d, nil)
	p.frame.cancel.Hide()
	p.frame.bar.Refresh()
	p.host.publish(event{Topic: topicConnections, IDs: []string{id}})
	if isNew {
		p.proposeName(d, c)
	}
	if fedByFiles(c) {
		// Its data came with the file: there is nothing to sync.
		d.bar.Hide()
		d.syncText.SetText(nextImportHint(p.host.institution(c.InstitutionID)))
		p.host.emit("portal:synced")
		return
	}
	p.syncFirst(d, gen, id, isNew)
}

// proposeName proposes a name no other connection has: "Latchkey Demo
// Brokerage 2" for a second login there.
func (p *portal) proposeName(d *donePage, c app.Connection) {
	store := p.store
	p.run("portal:named", func(ctx context.Context) func() {
		conns, err := store.Connections(ctx)
		return func() {
			if err != nil || d.nameEntry.Text != c.Label {
				return
			}
			taken := map[string]bool{}
			for _, o := range conns {
				if o.ID != c.ID {
					taken[o.Label] = true
				}
			}
			label := c.Label
			for n := 2; taken[label]; n++ {
				label = fmt.Sprintf("%s %d", c.Label, n)
			}
			d.nameEntry.SetText(label)
			d.nameEntry.selectAll()
		}
	})
}

// syncFirst syncs the connection (and the others its login brought) and
// shows how it went on the page.
func (p *portal) syncFirst(d *donePage, gen int, id string, isNew bool) {
	ids := []string{id}
	for _, o := range p.st.also {
		ids = append(ids, o.ID)
	}
	bus := p.host.events()
	bus.on(p, topicProgress, func(e event) {
		if p.current(gen) && e.concerns(id) {
			d.bar.SetValue(e.Progress.Fraction())
		}
	})
	bus.on(p, topicSynced, func(e event) {
		if !p.current(gen) || e.IDs == nil || !e.concerns(id) {
			return
		}
		d.bar.SetValue(1)
		doing := app.DoingSync
		if isNew {
			doing = app.DoingConnect // nothing was saved before: no "saved data is kept"
		}
		sit := app.Situation{Doing: doing, Institution: connInstitution(p.host, *p.st.result).DisplayName}
		d.syncText.SetText(firstSyncText(p.host, e, id, p.st.also, sit))
		p.host.emit("portal:synced")
	})
	p.host.syncs().refresh(ids, false)
}

// firstSyncText says how the first sync went: of the connection, then of
// the others the same login brought (which have saved nothing yet either).
func firstSyncText(cat catalog, e event, id string, also []app.Connection, sit app.Situation) string {
	if e.Err != nil {
		return "The first sync could not start. " + app.Explain(e.Err, sit).Text
	}
	var msgs []string
	for _, r := range e.Results {
		if r.Err == nil {
			continue
		}
		if r.ConnectionID == id {
			msgs = append([]string{"The first sync did not finish. " + app.Explain(r.Err, sit).Text + " You can refresh it later from the list."}, msgs...)
			continue
		}
		for _, o := range also {
			if o.ID == r.ConnectionID {
				in := connInstitution(cat, o)
				ex := app.Explain(r.Err, app.Situation{Doing: app.DoingSync, Institution: in.DisplayName})
				if ex.Remedy == app.RemedyRepair {
					msgs = append(msgs, ex.Title+": repair it from the list.")
				} else {
					msgs = append(msgs, fmt.Sprintf("“%s” could not sync: %s", o.Label, ex.Text))
				}
			}
		}
	}
	if len(msgs) == 0 {
		return "All synced. Your data is saved in the vault and available offline."
	}
	return strings.Join(msgs, "\n")
}

// applyName renames a new connection when its name was changed.
func (p *portal) applyName(d *donePage) {
	r := p.st.result
	if r == nil || d.nameEntry == nil {
		return
	}
	label := strings.TrimSpace(d.nameEntry.Text)
	if label == "" || label == r.Label {
		return
	}
	id, store, host := r.ID, p.store, p.host
	host.background("renamed", func(ctx context.Context) func() {
		_, err := store.Rename(ctx, id, label)
		return func() {
			if err == nil {
				host.publish(event{Topic: topicConnections, IDs: []string{id}})
			}
		}
	})
}

// existingPage: the login is already connected; offer to update that
// connection instead of adding a second one.
type existingPage struct {
	use *button
	box fyne.CanvasObject
}

func (x *existingPage) name() string            { return "existing" }
func (x *existingPage) view() fyne.CanvasObject { return x.box }
func (x *existingPage) actions() []*button      { return []*button{x.use} }
func (x *existingPage) focus() fyne.Focusable   { return x.use }
func (x *existingPage) failed(string) bool      { return false }

func (p *portal) showExisting(existing app.Connection) {
	gen := p.next()
	text := fmt.Sprintf("This login is already connected as “%s”. Latchkey can give that connection the login you just made "+
		"instead of adding a second one for the same accounts.", existing.Label)
	use := "Update “" + existing.Label + "”"
	if fedByFiles(existing) {
		text = fmt.Sprintf("This statement's account is already connected as “%s”. Latchkey can import it into that connection "+
			"instead of adding a second one for the same account: activities already there are recognised, not added twice.", existing.Label)
		use = "Import into “" + existing.Label + "”"
	}
	x := &existingPage{box: container.NewVBox(subheading("Already connected"), wrapped(text))}
	x.use = newButton(use, theme.ConfirmIcon(), nil).primary()
	x.use.OnTapped = func() {
		x.use.Disable()
		s := p.sess
		p.runCurrent(gen, "portal:existing-used", func(ctx context.Context) func() {
			c, err := s.UseExisting(ctx)
			return func() {
				if err != nil {
					p.showError(err)
					return
				}
				title, text := outcome(existing, true)
				if r := s.Imported(); r != nil {
					title, text = importedWords(c, &existing, *r, connInstitution(p.host, c))
				}
				p.showSuccess(c, nil, title, text, false)
			}
		})
	}
	p.show(x, nil)
}

// errorPage explains what happened and offers the way forward.
type errorPage struct {
	title   string
	message *widget.Label
	buttons []*button // the default (Enter) last
	box     fyne.CanvasObject
}

func (e *errorPage) name() string            { return "error" }
func (e *errorPage) view() fyne.CanvasObject { return e.box }
func (e *errorPage) actions() []*button      { return e.buttons }
func (e *errorPage) failed(string) bool      { return false }
func (e *errorPage) focus() fyne.Focusable {
	if len(e.buttons) > 0 {
		return e.buttons[len(e.buttons)-1]
	}
	return nil
}

// action returns the page's button with that label, nil when it has none
// (tests).
func (e *errorPage) action(label string) *button {
	for _, b := range e.buttons {
		if b.Text == label {
			return b
		}
	}
	return nil
}

// showError explains err with app.Explain and offers its remedy.
func (p *portal) showError(err error) {
	p.next()
	if errors.Is(err, app.ErrNeedsApp) && p.st.inst != nil {
		if m, ok := p.st.inst.Method(p.st.method); ok {
			p.showNeedsApp(*p.st.inst, m)
			return
		}
	}
	sit := p.situation()
	ex := app.Explain(err, sit)
	msg := ex.Text
	if p.st.reconnect != nil && ex.Remedy != app.RemedyOriginalLogin && !strings.Contains(msg, "changed") {
		msg += " The connection was not changed."
	}
	ep := &errorPage{title: ex.Title, message: wrapped(msg)}
	icon := widget.NewIcon(theme.NewColoredResource(theme.ErrorIcon(), theme.ColorNameError))
	box := container.NewVBox(border(nil, nil, icon, nil, wrappedSubheading(ex.Title)), ep.message)
	inst, method := "", p.st.method
	if p.st.inst != nil {
		inst = p.st.inst.ID
	}
	again := func(label string) *button {
		return newButton(label, theme.ViewRefreshIcon(), func() { p.restart(restartTo{inst: inst, method: method}) })
	}
	if p.req.ConnectionID == "" && p.req.InstitutionID == "" && inst != "" {
		ep.buttons = append(ep.buttons, newButton("Choose another institution", nil, func() { p.restart(restartTo{}) }))
	}
	switch ex.Remedy {
	case app.RemedyAtInstitution:
		// Lead with the institution: the login unlocks there, not here.
		ep.buttons = append(ep.buttons, again("Try again"))
		if p.st.inst != nil && p.st.inst.Website != "" {
			if u, perr := url.Parse(p.st.inst.Website); perr == nil {
				site := newButton("Open "+p.st.inst.Name+"'s website", theme.ComputerIcon(), func() { _ = fyne.CurrentApp().OpenURL(u) }).primary()
				ep.buttons = append(ep.buttons, site)
			}
		}
		if len(ep.buttons) > 0 && ep.buttons[len(ep.buttons)-1].Importance != widget.HighImportance {
			ep.buttons[len(ep.buttons)-1].Importance = widget.HighImportance
		}
	case app.RemedyOriginalLogin:
		ep.buttons = append(ep.buttons, newButton("Add as a new connection", nil, func() {
			p.restart(restartTo{inst: inst, method: method, fresh: true})
		}), again("Try again").primary())
	case app.RemedyRetry, app.RemedyFreeSpace, app.RemedyWritable:
		if ex.Wait > 0 {
			box.Add(newMuted(fmt.Sprintf("%s asked to wait %s.", orInstitution(sit.Institution), integrations.HumanDuration(ex.Wait))))
		}
		ep.buttons = append(ep.buttons, again("Try again").primary())
	case app.RemedyNone:
		if ex.Code != app.CodeNotFound {
			ep.buttons = append(ep.buttons, again("Start again").primary())
		}
	default:
		ep.buttons = append(ep.buttons, again("Start again").primary())
	}
	ep.box = container.NewVScroll(box)
	p.show(ep, nil)
	p.frame.cancel.SetText("Close")
}

func orInstitution(name string) string {
	if name == "" {
		return "The institution"
	}
	return name
}

// andList writes names as a list: "A", "A and B", "A, B and C".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
