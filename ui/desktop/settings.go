package desktop

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/vault"
)

// settingsScreen: auto-lock, background refresh and theme; app
// registrations per institution; the vault's password, backup and key; and
// about. Esc goes back to the connections.
type settingsScreen struct {
	host    settingsHost
	store   settingsStore
	tabs    *tabs
	back    *button
	general settingsGeneral
	apps    settingsApps
	vault   settingsVault
	tab     struct{ general, apps, vault, about *tabItem }
}

// settingsHost is what the settings need from the UI.
type settingsHost interface {
	runner
	navigator
	catalog
	surface
	uiSettings
	publish(e event)
}

// uiSettings are the desktop's own settings and the vault's lifecycle.
type uiSettings interface {
	applyPreferences(p app.Preferences)
	themeChoice() string
	setThemeChoice(choice string)
	vaultFile() vaultAdmin
	vaultPath() string
	dataDir() string
	version() string
	overrides() integrations.Overrides
	unlockedWithRecoveryKey() bool
	setUnlockedWithRecoveryKey(bool)
	clipboard() fyne.Clipboard
}

// vaultAdmin is the vault's own lifecycle the settings drive.
type vaultAdmin interface {
	Info(ctx context.Context) (vault.Info, error)
	Backup(ctx context.Context, dst string) error
	RotateKey(ctx context.Context) (string, error)
	ChangePassword(ctx context.Context, pw []byte) error
	Unlock(ctx context.Context, pw []byte) error
}

// settingsStore is the app's use cases the settings call.
type settingsStore interface {
	Preferences(ctx context.Context) (app.Preferences, error)
	SetPreferences(ctx context.Context, p app.Preferences) error
	AppRegistration(ctx context.Context, institutionID string) (*integrations.AppRegistration, error)
	SetAppRegistration(ctx context.Context, institutionID string, r *integrations.AppRegistration) error
	currencyStore
}

type settingsGeneral struct {
	prefs    app.Preferences
	autoLock *selectBox
	refresh  *selectBox
	theme    *radioGroup
	note     *muted
	loading  bool
	currency settingsCurrency
}

var autoLockChoices = []choice{
	{"Never", 0}, {"After 1 minute", 1}, {"After 5 minutes", 5}, {"After 15 minutes", 15},
	{"After 30 minutes", 30}, {"After 1 hour", 60}, {"After 4 hours", 240},
}

var refreshChoices = []choice{
	{"Off (refresh by hand)", 0}, {"Every 15 minutes", 15}, {"Every 30 minutes", 30}, {"Every hour", 60},
	{"Every 4 hours", 240}, {"Every 12 hours", 720}, {"Once a day", 1440},
}

type choice struct {
	label   string
	minutes int
}

// showSettings shows the settings; focusInstitution, when set, opens the
// app registration of that institution.
func (u *UI) showSettings(focusInstitution string) {
	if u.sess == nil {
		return
	}
	u.leaveScreens()
	s := newSettings(u, u.core)
	u.scr.settings = s
	u.setContent(s.layout())
	u.keys.setBack(func() { u.showHome() })
	s.load()
	if focusInstitution != "" {
		s.openApp(focusInstitution)
	} else {
		u.focus(s.tabs.button(s.tab.general))
	}
}

func newSettings(host settingsHost, store settingsStore) *settingsScreen {
	s := &settingsScreen{host: host, store: store}
	s.back = newButton("Back", theme.NavigateBackIcon(), func() { host.showHome() })
	s.tab.general = &tabItem{Title: "General", Content: container.NewPadded(s.buildGeneral())}
	s.tab.apps = &tabItem{Title: "App registrations", Content: container.NewPadded(s.buildApps())}
	s.tab.vault = &tabItem{Title: "Vault", Content: container.NewPadded(s.buildVault())}
	s.tab.about = &tabItem{Title: "About", Content: container.NewPadded(s.buildAbout())}
	s.tabs = newTabs(true, s.tab.general, s.tab.apps, s.tab.vault, s.tab.about)
	return s
}

func (s *settingsScreen) layout() fyne.CanvasObject {
	head := container.NewHBox(s.back, heading("Settings"))
	return border(container.NewPadded(head), nil, nil, nil, s.tabs.root)
}

// section is a titled group of settings.
func section(title, help string, objs ...fyne.CanvasObject) fyne.CanvasObject {
	box := container.NewVBox(subheading(title))
	if help != "" {
		box.Add(caption(help))
	}
	box.Objects = append(box.Objects, objs...)
	return box
}

func (s *settingsScreen) buildGeneral() fyne.CanvasObject {
	g := &s.general
	var locks, refreshes []string
	for _, c := range autoLockChoices {
		locks = append(locks, c.label)
	}
	for _, c := range refreshChoices {
		refreshes = append(refreshes, c.label)
	}
	g.autoLock = newSelect(locks, func(string) { s.savePrefs() })
	g.refresh = newSelect(refreshes, func(string) { s.savePrefs() })
	g.theme = newRadio([]string{"System", "Light", "Dark"}, true, func(v string) {
		s.host.setThemeChoice(strings.ToLower(v))
	})
	g.theme.SetSelected(map[string]string{themeSystem: "System", themeLight: "Light", themeDark: "Dark"}[s.host.themeChoice()])
	g.note = newMuted("")
	g.loading = true
	return container.NewVScroll(container.NewVBox(
		section("Auto-lock", "Lock the vault when Latchkey has not been used for a while. Locking forgets the key; your password unlocks it again.",
			container.NewHBox(withWidth(240, g.autoLock))),
		widget.NewSeparator(),
		section("Background refresh", "While Latchkey is unlocked, download fresh balances, holdings and activity on this schedule. "+
			"Connections that need a repair are reported; they sync again once repaired.", container.NewHBox(withWidth(240, g.refresh))),
		widget.NewSeparator(),
		section("Appearance", "", g.theme.box),
		widget.NewSeparator(),
		s.buildCurrency(),
		g.note,
	))
}

// load reads the vault-kept settings.
func (s *settingsScreen) load() {
	store, v := s.store, s.host.vaultFile()
	s.host.background("settings:loaded", func(ctx context.Context) func() {
		p, err := store.Preferences(ctx)
		info, ierr := v.Info(ctx)
		cur := loadCurrency(ctx, store)
		return func() {
			g := &s.general
			if err != nil {
				g.note.SetText(app.Explain(err, app.Situation{Doing: app.DoingRead}).Text)
				p = app.DefaultPreferences
			}
			g.prefs = p
			g.loading = true
			g.autoLock.SetSelected(choiceLabel(autoLockChoices, p.AutoLockMinutes, "After %d minutes", &g.autoLock.Options))
			g.refresh.SetSelected(choiceLabel(refreshChoices, p.RefreshIntervalMinutes, "Every %d minutes", &g.refresh.Options))
			s.showCurrency(cur)
			g.loading = false
			if ierr == nil {
				s.showVaultInfo(info)
			}
		}
	})
}

func choiceLabel(choices []choice, minutes int, other string, options *[]string) string {
	for _, c := range choices {
		if c.minutes == minutes {
			return c.label
		}
	}
	l := fmt.Sprintf(other, minutes)
	*options = append(*options, l)
	return l
}

func choiceMinutes(choices []choice, label string, other string) (int, bool) {
	for _, c := range choices {
		if c.label == label {
			return c.minutes, true
		}
	}
	var n int
	if _, err := fmt.Sscanf(label, other, &n); err == nil {
		return n, true
	}
	return 0, false
}

// savePrefs stores the auto-lock and refresh choices and re-arms them.
func (s *settingsScreen) savePrefs() {
	g := &s.general
	if g.loading {
		return
	}
	p := g.prefs
	if m, ok := choiceMinutes(autoLockChoices, g.autoLock.Selected, "After %d minutes"); ok {
		p.AutoLockMinutes = m
	}
	if m, ok := choiceMinutes(refreshChoices, g.refresh.Selected, "Every %d minutes"); ok {
		p.RefreshIntervalMinutes = m
	}
	p.BaseCurrency = s.chosenCurrency(p.BaseCurrency)
	baseChanged := p.BaseCurrency != g.prefs.BaseCurrency
	g.prefs = p
	store, host := s.store, s.host
	host.background("settings:saved", func(ctx context.Context) func() {
		err := store.SetPreferences(ctx, p)
		return func() {
			if err != nil {
				g.note.SetText(app.Explain(err, app.Situation{Doing: app.DoingSave}).Text)
				return
			}
			g.note.SetText("Saved.")
			host.applyPreferences(p)
			if baseChanged {
				host.publish(event{Topic: topicBaseCurrency})
			}
		}
	})
}

// --- about -------------------------------------------------------------------------

func (s *settingsScreen) buildAbout() fyne.CanvasObject {
	host := s.host
	version := host.version()
	if version == "" {
		version = "dev"
	}
	extras := []fyne.CanvasObject{boldLabel("Vault"), pathLabel(host.vaultPath()), boldLabel("Data folder"), pathLabel(host.dataDir())}
	if lines := overrideLines(host, host.overrides(), ""); len(lines) > 0 {
		extras = append(extras, boldLabel("Endpoint overrides"),
			caption("Latchkey talks to these addresses instead of the institutions' own (--endpoints or LATCHKEY_ENDPOINTS): for testing against fake servers."),
			pathLabel(strings.Join(lines, "\n")))
	}
	site, _ := url.Parse("https://github.com/latchkey/latchkey")
	web := newLink("Project website", func() { _ = fyne.CurrentApp().OpenURL(site) })
	box := container.NewVBox(
		container.NewHBox(appIcon(64), container.NewVBox(heading("Latchkey"), widget.NewLabel("Version "+version))),
		wrapped("Latchkey connects your brokerage and crypto accounts and keeps every key in an encrypted vault on this computer. "+
			"No server of ours ever sees your logins or your data."))
	box.Objects = append(box.Objects, extras...)
	box.Add(web)
	return container.NewVScroll(box)
}

// --- the UI's side -----------------------------------------------------------------

func (u *UI) themeChoice() string { return u.env.prefs.Theme() }

func (u *UI) setThemeChoice(choice string) {
	if choice == "" {
		return
	}
	u.env.prefs.SetTheme(choice)
	u.applyTheme(choice)
}

func (u *UI) vaultFile() vaultAdmin              { return u.vault }
func (u *UI) dataDir() string                    { return u.env.dataDir }
func (u *UI) version() string                    { return u.opts.Version }
func (u *UI) unlockedWithRecoveryKey() bool      { return u.recoveryUnlocked }
func (u *UI) setUnlockedWithRecoveryKey(on bool) { u.recoveryUnlocked = on }
func (u *UI) clipboard() fyne.Clipboard          { return u.fyne.Clipboard() }

// overrideLines are the endpoint overrides in use, one a line, sorted by
// institution and endpoint: "Example Broker · api → https://…", without
// any user info the address holds. only, when set, keeps one institution's.
func overrideLines(cat catalog, o integrations.Overrides, only string) []string {
	var out []string
	for id, eps := range o {
		if only != "" && id != only {
			continue
		}
		name := cat.institution(id).DisplayName
		for ep, u := range eps {
			out = append(out, fmt.Sprintf("%s · %s → %s", name, ep, integrations.DisplayURL(u)))
		}
	}
	sort.Strings(out)
	return out
}
