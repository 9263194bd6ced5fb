package desktop

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/integrations"
)

// methodsPage shows an institution's ways to connect, one card each.
type methodsPage struct {
	buttons map[integrations.AuthKind]*button
	order   []*button
	box     fyne.CanvasObject
}

func (m *methodsPage) name() string            { return "methods" }
func (m *methodsPage) view() fyne.CanvasObject { return m.box }
func (m *methodsPage) actions() []*button      { return nil }
func (m *methodsPage) failed(string) bool      { return false }
func (m *methodsPage) focus() fyne.Focusable {
	if len(m.order) > 0 {
		return m.order[0]
	}
	return nil
}

// chooseMethod shows the institution's methods, or begins the only one.
func (p *portal) chooseMethod(in integrations.Institution) {
	gen := p.next()
	p.setHeader()
	store := p.store
	// Which methods need an app registration that is missing?
	p.runCurrent(gen, "portal:apps", func(ctx context.Context) func() {
		missing := map[integrations.AuthKind]bool{}
		for _, m := range in.AuthMethods {
			if m.NeedsApp {
				if r, err := store.AppRegistration(ctx, in.ID); err != nil || r == nil {
					missing[m.Kind] = true
				}
			}
		}
		return func() {
			_, imports := in.Method(integrations.AuthImport)
			switch {
			case p.drop != "" && imports:
				p.begin(integrations.AuthImport) // a dropped statement
			case len(in.AuthMethods) == 1 && !missing[in.AuthMethods[0].Kind]:
				p.begin(in.AuthMethods[0].Kind)
			case len(in.AuthMethods) == 1:
				p.showNeedsApp(in, in.AuthMethods[0])
			default:
				p.showMethods(in, missing)
			}
		}
	})
}

func (p *portal) showMethods(in integrations.Institution, missing map[integrations.AuthKind]bool) {
	mp := &methodsPage{buttons: map[integrations.AuthKind]*button{}}
	box := container.NewVBox(subheading("How do you want to connect?"))
	if in.Help != "" {
		box.Add(caption(in.Help))
	}
	for _, m := range in.AuthMethods {
		m := m
		title := wordWrap(boldLabel(m.Label))
		help := caption(m.Help)
		var b *button
		if missing[m.Kind] {
			help.SetText(strings.TrimSpace(m.Help + "\nNeeds your own app registration at " + in.Name + " first."))
			b = newButton("Set up…", nil, func() { p.showNeedsApp(in, m) })
		} else {
			b = newButton("Continue", theme.NavigateNextIcon(), func() { p.begin(m.Kind) }).primary()
		}
		mp.buttons[m.Kind] = b
		mp.order = append(mp.order, b)
		card := border(nil, nil, container.NewPadded(widget.NewIcon(methodIcon(m.Kind))), container.NewCenter(b), tightVBox(title, help))
		box.Add(widget.NewCard("", "", card))
	}
	sc := container.NewVScroll(box)
	for _, b := range mp.order {
		followFocus(sc, b)
	}
	mp.box = sc
	var back func()
	if p.req.InstitutionID == "" && p.req.ConnectionID == "" {
		back = func() { p.restart(restartTo{}) }
	}
	p.show(mp, back)
}

func methodIcon(k integrations.AuthKind) fyne.Resource {
	switch k {
	case integrations.AuthOAuth2, integrations.AuthOAuth1:
		return theme.ComputerIcon()
	case integrations.AuthCredentials:
		return theme.AccountIcon()
	case integrations.AuthAPIKey, integrations.AuthToken:
		return theme.LoginIcon()
	case integrations.AuthImport:
		return theme.FolderOpenIcon()
	case integrations.AuthBridge:
		return theme.MailForwardIcon()
	}
	return theme.InfoIcon()
}

// needsAppPage explains that a method needs the user's own app
// registration and offers Settings for the institution.
type needsAppPage struct {
	open *button
	box  fyne.CanvasObject
}

func (n *needsAppPage) name() string            { return "needsapp" }
func (n *needsAppPage) view() fyne.CanvasObject { return n.box }
func (n *needsAppPage) actions() []*button      { return []*button{n.open} }
func (n *needsAppPage) focus() fyne.Focusable   { return n.open }
func (n *needsAppPage) failed(string) bool      { return false }

func (p *portal) showNeedsApp(in integrations.Institution, m integrations.AuthMethod) {
	p.next()
	text := fmt.Sprintf("To connect with “%s”, %s needs you to register your own app with it once, and enter its client id in Latchkey's Settings. "+
		"Latchkey ships no shared keys: your registration stays in your vault.", m.Label, in.Name)
	box := container.NewVBox(subheading("Set up your app registration"), wrapped(text))
	if m.AppHelp != "" {
		box.Add(widget.NewCard("", "How to register", wrapped(m.AppHelp)))
	}
	id := in.ID
	np := &needsAppPage{box: container.NewVScroll(box)}
	np.open = newButton("Open Settings", theme.SettingsIcon(), func() {
		p.close()
		p.host.showSettings(id)
	}).primary()
	var back func()
	if len(in.AuthMethods) > 1 {
		back = func() { p.chooseMethod(in) }
	}
	p.show(np, back)
}
