package desktop

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// settingsApps is the settings' App registrations tab: the user's own app
// (client id, secret, redirect port) per institution that needs one.
type settingsApps struct {
	inst         *selectBox
	insts        []integrations.Institution
	help         *widget.Label
	clientID     *entry
	clientSecret *entry
	redirectPort *entry
	save         *button
	remove       *button
	connect      *button
	note         *widget.Label
	endpoints    *widget.Label // the institution's endpoint overrides, if any
	saved        *integrations.AppRegistration
	form         *fyne.Container
}

func (s *settingsScreen) buildApps() fyne.CanvasObject {
	a := &s.apps
	host := s.host
	for _, in := range host.institutions() {
		for _, m := range in.AuthMethods {
			if m.NeedsApp {
				a.insts = append(a.insts, in)
				break
			}
		}
	}
	intro := "Some institutions only let an app sign in after you register it with them (a “developer app”). " +
		"Register your own once, then enter its client id here. It is kept in your vault; Latchkey ships no shared keys."
	if len(a.insts) == 0 {
		return container.NewVScroll(container.NewVBox(subheading("App registrations"), wrapped(intro),
			widget.NewCard("", "", wrapped("None of the institutions in this version of Latchkey needs one. "+
				"The demo brokerage signs in without a registration."))))
	}
	var names []string
	for _, in := range a.insts {
		names = append(names, in.DisplayName)
	}
	a.help = wrapped("")
	a.clientID = newEntry()
	a.clientID.SetPlaceHolder("Client id (also called app key or consumer key)")
	a.clientSecret = newPasswordEntry()
	a.redirectPort = newEntry()
	a.redirectPort.limit(true, 5)
	a.save = newButton("Save", theme.DocumentSaveIcon(), func() { s.saveApp() }).primary()
	a.remove = newButton("Remove", theme.DeleteIcon(), func() { s.removeApp() })
	a.connect = newButton("Connect now", theme.NavigateNextIcon(), func() {
		if in := s.currentApp(); in != nil {
			host.showHome()
			host.openPortal(app.PortalRequest{InstitutionID: in.ID})
		}
	})
	a.connect.Hide()
	a.note = wrapped("")
	a.endpoints = caption("")
	a.endpoints.Hide()
	for _, e := range []*entry{a.clientID, a.clientSecret, a.redirectPort} {
		e.OnSubmitted = func(string) { a.save.tap() }
	}
	a.inst = newSelect(names, func(string) { s.loadApp() })
	form := widget.NewForm(
		widget.NewFormItem("Client id", a.clientID),
		widget.NewFormItem("Client secret", a.clientSecret),
		widget.NewFormItem("Redirect port", a.redirectPort),
	)
	a.form = container.NewVBox(a.help, a.endpoints, form, container.NewHBox(a.remove, layoutSpacer(), reserve(a.connect), a.save), a.note)
	a.form.Hide()
	return container.NewVScroll(container.NewVBox(subheading("App registrations"), wrapped(intro),
		border(nil, nil, boldLabel("Institution"), nil, a.inst), a.form))
}

// openApp shows one institution's registration with the focus on its
// client id (from the portal's "Set up your app registration").
func (s *settingsScreen) openApp(institutionID string) {
	s.tabs.Select(s.tab.apps)
	for _, in := range s.apps.insts {
		if in.ID == institutionID {
			s.apps.inst.SetSelected(in.DisplayName)
			s.host.focus(s.apps.clientID)
		}
	}
}

func (s *settingsScreen) currentApp() *integrations.Institution {
	for i, in := range s.apps.insts {
		if in.DisplayName == s.apps.inst.Selected {
			return &s.apps.insts[i]
		}
	}
	return nil
}

// loadApp shows the selected institution's registration.
func (s *settingsScreen) loadApp() {
	a := &s.apps
	in := s.currentApp()
	if in == nil {
		return
	}
	var help []string
	port := 0
	for _, m := range in.AuthMethods {
		if m.NeedsApp {
			if m.AppHelp != "" {
				help = append(help, m.AppHelp)
			}
			if m.FixedRedirectPort > 0 {
				port = m.FixedRedirectPort
			}
		}
	}
	if len(help) == 0 {
		help = append(help, "Register an app on "+in.Name+"'s developer site and copy its client id here.")
	}
	a.help.SetText(strings.Join(dedupe(help), "\n\n"))
	if port > 0 {
		a.redirectPort.SetPlaceHolder(fmt.Sprintf("%d (%s requires this port)", port, in.Name))
	} else {
		a.redirectPort.SetPlaceHolder("Any free port (leave empty unless your registration names one)")
	}
	a.note.SetText("")
	a.connect.Hide()
	if lines := overrideLines(s.host, s.host.overrides(), in.ID); len(lines) > 0 {
		a.endpoints.SetText("Endpoint override in use (for testing): " + strings.Join(lines, "; ") + ".")
		a.endpoints.Show()
	} else {
		a.endpoints.Hide()
	}
	if setVisible(a.form, true) {
		s.host.relayout()
	}
	id, name := in.ID, in.Name
	store := s.store
	s.host.background("settings:app-loaded", func(ctx context.Context) func() {
		r, err := store.AppRegistration(ctx, id)
		return func() {
			if !s.showingApp(id) {
				return
			}
			if err != nil {
				a.note.SetText(app.Explain(err, app.Situation{Doing: app.DoingRead}).Text)
				return
			}
			a.showSaved(r, name)
		}
	})
}

// showingApp reports whether the form still shows the institution id: a
// load, save or removal that lands after the user picked another (or none)
// must not fill that one's form with this one's registration.
func (s *settingsScreen) showingApp(id string) bool {
	cur := s.currentApp()
	return cur != nil && cur.ID == id
}

// stored tells how a save or removal of the registration of institution id
// (called display) ended, on the form of whatever is shown now: a failure's
// explanation, under display's name when the user has picked another since.
// It is true when the change is stored and the form still shows id, for the
// caller to show the result.
func (s *settingsScreen) stored(id, display string, err error) bool {
	here := s.showingApp(id)
	if err != nil {
		msg := app.Explain(err, app.Situation{Doing: app.DoingSave}).Text
		if !here {
			msg = display + ": " + msg
		}
		s.apps.note.SetText(msg)
	}
	return err == nil && here
}

// showSaved fills the form with r, the registration the vault holds for the
// institution called name (nil: none): its client id and port, its secret
// never, only a word that one is kept; Remove only when there is one.
func (a *settingsApps) showSaved(r *integrations.AppRegistration, name string) {
	a.saved = r
	a.clientID.SetText("")
	a.clientSecret.SetText("")
	a.clientSecret.SetPlaceHolder("Only if " + name + " issued one")
	a.redirectPort.SetText("")
	a.remove.Disable()
	if r == nil {
		return
	}
	a.clientID.SetText(r.ClientID)
	if r.RedirectPort > 0 {
		a.redirectPort.SetText(strconv.Itoa(r.RedirectPort))
	}
	if r.ClientSecret != "" {
		a.clientSecret.SetPlaceHolder("Saved — leave empty to keep it")
	}
	a.remove.Enable()
}

func (s *settingsScreen) saveApp() {
	a := &s.apps
	in := s.currentApp()
	if in == nil {
		return
	}
	if strings.TrimSpace(a.clientID.Text) == "" {
		a.note.SetText("Enter the client id.")
		s.host.focus(a.clientID)
		return
	}
	r := &integrations.AppRegistration{ClientID: strings.TrimSpace(a.clientID.Text), ClientSecret: a.clientSecret.Text}
	if r.ClientSecret == "" && a.saved != nil {
		r.ClientSecret = a.saved.ClientSecret
	}
	if p := strings.TrimSpace(a.redirectPort.Text); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			a.note.SetText("The redirect port must be a number from 1 to 65535.")
			s.host.focus(a.redirectPort)
			return
		}
		r.RedirectPort = n
	}
	id, name, display := in.ID, in.Name, in.DisplayName
	a.save.Disable()
	store := s.store
	s.host.background("settings:app-saved", func(ctx context.Context) func() {
		err := store.SetAppRegistration(ctx, id, r)
		return func() {
			a.save.Enable()
			if !s.stored(id, display, err) {
				return
			}
			a.showSaved(r, name)
			a.note.SetText("Saved in your vault. You can now connect to " + display + ".")
			a.connect.Show()
		}
	})
}

func (s *settingsScreen) removeApp() {
	a := &s.apps
	in := s.currentApp()
	if in == nil {
		return
	}
	id, name, display := in.ID, in.Name, in.DisplayName
	store := s.store
	s.host.background("settings:app-removed", func(ctx context.Context) func() {
		err := store.SetAppRegistration(ctx, id, nil)
		return func() {
			if !s.stored(id, display, err) {
				return
			}
			a.showSaved(nil, name)
			a.connect.Hide()
			a.note.SetText("Removed. Connections already made keep working until their login ends.")
		}
	})
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
