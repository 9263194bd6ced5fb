package desktop

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// settingsScreen: app registrations per institution, auto-lock, background
// refresh, theme, the vault's password, backup and key, and about.
type settingsScreen struct {
	u    *UI
	tabs *container.AppTabs
	back *widget.Button

	general, apps, vaultTab, about *container.TabItem

	// General.
	prefs     app.Preferences
	autoLock  *widget.Select
	refresh   *widget.Select
	theme     *widget.RadioGroup
	prefsNote *muted
	loading   bool

	// App registrations.
	appInst      *widget.Select
	appInsts     []integrations.Institution
	appHelp      *widget.Label
	clientID     *widget.Entry
	clientSecret *widget.Entry
	redirectPort *widget.Entry
	appSave      *widget.Button
	appRemove    *widget.Button
	appConnect   *widget.Button
	appNote      *widget.Label
	appSaved     *integrations.AppRegistration
	appForm      *fyne.Container

	// Vault.
	changePw    *widget.Button
	backup      *widget.Button
	rotate      *widget.Button
	vaultNote   *widget.Label
	vaultInfo   *muted
	pwDialog    *changePasswordDialog
	rotateConf  *dialog.ConfirmDialog
	rotated     *recoveryKeyView
	rotatedDlg  *dialog.CustomDialog
	aboutVault  *widget.Label
	aboutExtras *widget.Label
}

var autoLockChoices = []struct {
	label   string
	minutes int
}{
	{"Never", 0}, {"After 1 minute", 1}, {"After 5 minutes", 5}, {"After 15 minutes", 15},
	{"After 30 minutes", 30}, {"After 1 hour", 60}, {"After 4 hours", 240},
}

var refreshChoices = []struct {
	label   string
	minutes int
}{
	{"Off (refresh by hand)", 0}, {"Every 15 minutes", 15}, {"Every 30 minutes", 30}, {"Every hour", 60},
	{"Every 4 hours", 240}, {"Every 12 hours", 720}, {"Once a day", 1440},
}

// showSettings shows the settings; focusInstitution, when set, opens the
// app registration of that institution.
func (u *UI) showSettings(focusInstitution string) {
	if u.sess == nil {
		return
	}
	if u.home != nil {
		u.home.visible = false
	}
	u.accounts = nil
	s := &settingsScreen{u: u}
	u.settings = s
	s.back = widget.NewButtonWithIcon("Connections", theme.NavigateBackIcon(), func() { u.showHome() })
	s.general = container.NewTabItemWithIcon("General", theme.SettingsIcon(), container.NewPadded(s.buildGeneral()))
	s.apps = container.NewTabItemWithIcon("App registrations", theme.LoginIcon(), container.NewPadded(s.buildApps()))
	s.vaultTab = container.NewTabItemWithIcon("Vault", theme.StorageIcon(), container.NewPadded(s.buildVault()))
	s.about = container.NewTabItemWithIcon("About", theme.InfoIcon(), container.NewPadded(s.buildAbout()))
	s.tabs = container.NewAppTabs(s.general, s.apps, s.vaultTab, s.about)
	s.tabs.SetTabLocation(container.TabLocationLeading)
	head := container.NewBorder(nil, nil, container.NewHBox(s.back, heading("Settings")), nil)
	u.setContent(container.NewBorder(container.NewPadded(head), nil, nil, nil, s.tabs))
	s.load()
	if focusInstitution != "" {
		s.tabs.Select(s.apps)
		for _, in := range s.appInsts {
			if in.ID == focusInstitution {
				s.appInst.SetSelected(in.DisplayName)
				u.win.Canvas().Focus(s.clientID)
			}
		}
	}
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
	u := s.u
	var locks []string
	for _, c := range autoLockChoices {
		locks = append(locks, c.label)
	}
	s.autoLock = widget.NewSelect(locks, func(string) { s.savePrefs() })
	var refreshes []string
	for _, c := range refreshChoices {
		refreshes = append(refreshes, c.label)
	}
	s.refresh = widget.NewSelect(refreshes, func(string) { s.savePrefs() })
	s.theme = widget.NewRadioGroup([]string{"System", "Light", "Dark"}, func(v string) {
		if v == "" {
			return
		}
		choice := strings.ToLower(v)
		u.prefs.SetTheme(choice)
		u.applyTheme(choice)
	})
	s.theme.Horizontal = true
	s.theme.Required = true
	s.theme.SetSelected(map[string]string{themeSystem: "System", themeLight: "Light", themeDark: "Dark"}[u.prefs.Theme()])
	s.prefsNote = newMuted("")
	s.loading = true
	return container.NewVScroll(container.NewVBox(
		section("Auto-lock", "Lock the vault when Latchkey has not been used for a while. Locking forgets the key; your password unlocks it again.",
			container.NewHBox(withWidth(260, s.autoLock))),
		widget.NewSeparator(),
		section("Background refresh", "While Latchkey is unlocked, download fresh balances, holdings and activity on this schedule. "+
			"Connections that need a repair are reported; they sync again once repaired.", container.NewHBox(withWidth(260, s.refresh))),
		widget.NewSeparator(),
		section("Appearance", "", s.theme),
		s.prefsNote,
	))
}

// load reads the vault-kept settings.
func (s *settingsScreen) load() {
	u := s.u
	u.background("settings:loaded", func(ctx context.Context) func() {
		p, err := u.core.Preferences(ctx)
		info, ierr := u.vault.Info(ctx)
		return func() {
			if u.settings != s {
				return
			}
			if err != nil {
				s.prefsNote.SetText("The settings could not be read: " + err.Error())
				p = app.DefaultPreferences
			}
			s.prefs = p
			s.loading = true
			s.autoLock.SetSelected(choiceLabel(autoLockChoices, p.AutoLockMinutes, "After %d minutes", &s.autoLock.Options))
			s.refresh.SetSelected(choiceLabel(refreshChoices, p.RefreshIntervalMinutes, "Every %d minutes", &s.refresh.Options))
			s.loading = false
			if ierr == nil {
				rk := "yes"
				if !info.HasRecoveryKey {
					rk = "no"
				}
				s.vaultInfo.SetText(fmt.Sprintf("Created %s · Argon2id, %s, %d passes · recovery key: %s · %s on disk",
					formatDate(info.Created), humanBytes(int64(info.KDF.MemoryKiB)<<10), info.KDF.Iterations, rk, humanBytes(info.FileSize)))
			}
		}
	})
}

func choiceLabel(choices []struct {
	label   string
	minutes int
}, minutes int, other string, options *[]string) string {
	for _, c := range choices {
		if c.minutes == minutes {
			return c.label
		}
	}
	l := fmt.Sprintf(other, minutes)
	*options = append(*options, l)
	return l
}

func choiceMinutes(choices []struct {
	label   string
	minutes int
}, label string, other string) (int, bool) {
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
	if s.loading {
		return
	}
	u := s.u
	p := s.prefs
	if m, ok := choiceMinutes(autoLockChoices, s.autoLock.Selected, "After %d minutes"); ok {
		p.AutoLockMinutes = m
	}
	if m, ok := choiceMinutes(refreshChoices, s.refresh.Selected, "Every %d minutes"); ok {
		p.RefreshIntervalMinutes = m
	}
	s.prefs = p
	u.background("settings:saved", func(ctx context.Context) func() {
		err := u.core.SetPreferences(ctx, p)
		return func() {
			if err != nil {
				s.prefsNote.SetText("The settings could not be saved: " + err.Error())
				return
			}
			s.prefsNote.SetText("Saved.")
			u.applyPreferences(p)
		}
	})
}

// --- app registrations -------------------------------------------------------------

func (s *settingsScreen) buildApps() fyne.CanvasObject {
	u := s.u
	for _, in := range u.institutions() {
		for _, m := range in.AuthMethods {
			if m.NeedsApp {
				s.appInsts = append(s.appInsts, in)
				break
			}
		}
	}
	intro := "Some institutions only let an app sign in after you register it with them (a “developer app”). " +
		"Register your own once, then enter its client id here. It is kept in your vault; Latchkey ships no shared keys."
	if len(s.appInsts) == 0 {
		return container.NewVScroll(container.NewVBox(subheading("App registrations"), wrapped(intro),
			widget.NewCard("", "", wrapped("None of the institutions in this version of Latchkey needs one. "+
				"The demo brokerage signs in without a registration."))))
	}
	var names []string
	for _, in := range s.appInsts {
		names = append(names, in.DisplayName)
	}
	s.appHelp = wrapped("")
	s.clientID = widget.NewEntry()
	s.clientID.SetPlaceHolder("Client id (also called app key or consumer key)")
	s.clientSecret = widget.NewPasswordEntry()
	s.redirectPort = widget.NewEntry()
	s.redirectPort.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return nil
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 1 || n > 65535 {
			return fmt.Errorf("a port number from 1 to 65535")
		}
		return nil
	}
	s.appSave = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), func() { s.saveApp() })
	s.appSave.Importance = widget.HighImportance
	s.appRemove = widget.NewButtonWithIcon("Remove", theme.DeleteIcon(), func() { s.removeApp() })
	s.appConnect = widget.NewButtonWithIcon("Connect now", theme.NavigateNextIcon(), func() {
		if in := s.currentApp(); in != nil {
			u.showHome()
			u.openPortal(app.PortalRequest{InstitutionID: in.ID})
		}
	})
	s.appConnect.Hide()
	s.appNote = widget.NewLabel("")
	s.appNote.Wrapping = fyne.TextWrapWord
	s.appInst = widget.NewSelect(names, func(string) { s.loadApp() })
	form := widget.NewForm(
		widget.NewFormItem("Client id", s.clientID),
		widget.NewFormItem("Client secret", s.clientSecret),
		widget.NewFormItem("Redirect port", s.redirectPort),
	)
	s.appForm = container.NewVBox(s.appHelp, form, container.NewHBox(s.appRemove, layoutSpacer(), s.appConnect, s.appSave), s.appNote)
	s.appForm.Hide()
	return container.NewVScroll(container.NewVBox(subheading("App registrations"), wrapped(intro),
		container.NewBorder(nil, nil, boldLabel("Institution"), nil, s.appInst), s.appForm))
}

func (s *settingsScreen) currentApp() *integrations.Institution {
	for i, in := range s.appInsts {
		if in.DisplayName == s.appInst.Selected {
			return &s.appInsts[i]
		}
	}
	return nil
}

// loadApp shows the selected institution's registration.
func (s *settingsScreen) loadApp() {
	u := s.u
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
	s.appHelp.SetText(strings.Join(dedupe(help), "\n\n"))
	if port > 0 {
		s.redirectPort.SetPlaceHolder(fmt.Sprintf("%d (%s requires this port)", port, in.Name))
	} else {
		s.redirectPort.SetPlaceHolder("Any free port (leave empty unless your registration names one)")
	}
	s.appNote.SetText("")
	a := setVisible(s.appConnect, false)
	if b := setVisible(s.appForm, true); a || b {
		u.relayout()
	}
	id := in.ID
	u.background("settings:app-loaded", func(ctx context.Context) func() {
		r, err := u.core.AppRegistration(ctx, id)
		return func() {
			if cur := s.currentApp(); u.settings != s || cur == nil || cur.ID != id {
				return
			}
			if err != nil {
				s.appNote.SetText("The registration could not be read: " + err.Error())
				return
			}
			s.appSaved = r
			s.clientSecret.SetText("")
			if r == nil {
				s.clientID.SetText("")
				s.redirectPort.SetText("")
				s.clientSecret.SetPlaceHolder("Only if " + in.Name + " issued one")
				s.appRemove.Disable()
				return
			}
			s.clientID.SetText(r.ClientID)
			if r.RedirectPort > 0 {
				s.redirectPort.SetText(strconv.Itoa(r.RedirectPort))
			} else {
				s.redirectPort.SetText("")
			}
			if r.ClientSecret != "" {
				s.clientSecret.SetPlaceHolder("Saved — leave empty to keep it")
			} else {
				s.clientSecret.SetPlaceHolder("Only if " + in.Name + " issued one")
			}
			s.appRemove.Enable()
		}
	})
}

func (s *settingsScreen) saveApp() {
	u := s.u
	in := s.currentApp()
	if in == nil {
		return
	}
	if strings.TrimSpace(s.clientID.Text) == "" {
		s.appNote.SetText("Enter the client id.")
		u.win.Canvas().Focus(s.clientID)
		return
	}
	if err := s.redirectPort.Validate(); err != nil {
		s.appNote.SetText("The redirect port must be " + err.Error() + ".")
		return
	}
	r := &integrations.AppRegistration{ClientID: strings.TrimSpace(s.clientID.Text), ClientSecret: s.clientSecret.Text}
	if r.ClientSecret == "" && s.appSaved != nil {
		r.ClientSecret = s.appSaved.ClientSecret
	}
	if p := strings.TrimSpace(s.redirectPort.Text); p != "" {
		r.RedirectPort, _ = strconv.Atoi(p)
	}
	id, name := in.ID, in.DisplayName
	s.appSave.Disable()
	u.background("settings:app-saved", func(ctx context.Context) func() {
		err := u.core.SetAppRegistration(ctx, id, r)
		return func() {
			s.appSave.Enable()
			if err != nil {
				s.appNote.SetText("The registration could not be saved: " + err.Error())
				return
			}
			s.appSaved = r
			s.clientSecret.SetText("")
			if r.ClientSecret != "" {
				s.clientSecret.SetPlaceHolder("Saved — leave empty to keep it")
			}
			s.appRemove.Enable()
			s.appNote.SetText("Saved in your vault. You can now connect to " + name + ".")
			if setVisible(s.appConnect, true) {
				u.relayout()
			}
		}
	})
}

func (s *settingsScreen) removeApp() {
	u := s.u
	in := s.currentApp()
	if in == nil {
		return
	}
	id := in.ID
	u.background("settings:app-removed", func(ctx context.Context) func() {
		err := u.core.SetAppRegistration(ctx, id, nil)
		return func() {
			if err != nil {
				s.appNote.SetText("The registration could not be removed: " + err.Error())
				return
			}
			s.appSaved = nil
			s.clientID.SetText("")
			s.clientSecret.SetText("")
			s.redirectPort.SetText("")
			s.appRemove.Disable()
			if setVisible(s.appConnect, false) {
				u.relayout()
			}
			s.appNote.SetText("Removed. Connections already made keep working until their login ends.")
		}
	})
}

// --- vault -------------------------------------------------------------------------

func (s *settingsScreen) buildVault() fyne.CanvasObject {
	u := s.u
	s.changePw = widget.NewButtonWithIcon("Change password…", theme.AccountIcon(), func() { u.showChangePassword(!u.recoveryUnlocked) })
	s.backup = widget.NewButtonWithIcon("Back up the vault…", theme.DocumentSaveIcon(), func() { s.chooseBackup() })
	s.rotate = widget.NewButtonWithIcon("Rotate the vault key…", theme.ViewRefreshIcon(), func() { s.confirmRotate() })
	s.vaultNote = widget.NewLabel("")
	s.vaultNote.Wrapping = fyne.TextWrapWord
	s.vaultInfo = newMuted("").wrap()
	return container.NewVScroll(container.NewVBox(
		section("Master password", "Change the password that unlocks the vault. Your recovery key keeps working.", container.NewHBox(s.changePw)),
		widget.NewSeparator(),
		section("Backup", "Save a copy of the encrypted vault, for example to a USB drive. It opens with the same password and recovery key.",
			container.NewHBox(s.backup)),
		widget.NewSeparator(),
		section("Vault key", "Re-encrypt everything under a new key and get a new recovery key (the old one stops working). "+
			"Do this if you think your recovery key was seen by someone else.", container.NewHBox(s.rotate)),
		s.vaultNote,
		widget.NewSeparator(),
		widget.NewLabelWithStyle(u.path, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}),
		s.vaultInfo,
	))
}

// chooseBackup asks where to save the backup.
func (s *settingsScreen) chooseBackup() {
	u := s.u
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		path := w.URI().Path()
		_ = w.Close()
		s.backupTo(path)
	}, u.win)
	d.SetFileName("latchkey-backup-" + u.now().Format("2006-01-02") + ".db")
	d.Resize(fyne.NewSize(800, 560))
	d.Show()
}

// backupTo writes the backup to path.
func (s *settingsScreen) backupTo(path string) {
	u := s.u
	s.backup.Disable()
	s.vaultNote.SetText("Backing up…")
	u.background("settings:backed-up", func(ctx context.Context) func() {
		err := u.vault.Backup(ctx, path)
		return func() {
			s.backup.Enable()
			if err != nil {
				s.vaultNote.SetText("The backup failed: " + err.Error())
				return
			}
			s.vaultNote.SetText("Backed up to " + path + ".")
		}
	})
}

func (s *settingsScreen) confirmRotate() {
	u := s.u
	if u.recoveryUnlocked {
		s.vaultNote.SetText("You unlocked with the recovery key: choose a new master password first, then rotate the key.")
		return
	}
	s.rotateConf = dialog.NewConfirm("Rotate the vault key?",
		"Latchkey re-encrypts the vault under a new key and shows you a new recovery key once. Your current recovery key will stop working.",
		func(ok bool) {
			if ok {
				s.doRotate()
			}
		}, u.win)
	s.rotateConf.SetConfirmText("Rotate")
	s.rotateConf.Show()
}

func (s *settingsScreen) doRotate() {
	u := s.u
	s.rotate.Disable()
	s.vaultNote.SetText("Rotating the vault key…")
	u.background("settings:rotated", func(ctx context.Context) func() {
		rk, err := u.vault.RotateKey(ctx)
		return func() {
			s.rotate.Enable()
			if err != nil {
				s.vaultNote.SetText("The key could not be rotated: " + err.Error() + " Nothing was changed.")
				return
			}
			s.vaultNote.SetText("The vault key was rotated.")
			var d *dialog.CustomDialog
			s.rotated = newRecoveryKeyView(u, rk, "Your new recovery key",
				"The old recovery key no longer works. This new one is shown only now: save it somewhere safe, away from this computer.",
				"Done", func() { d.Hide() })
			d = dialog.NewCustomWithoutButtons("New recovery key", withWidth(520, s.rotated.box), u.win)
			s.rotatedDlg = d
			d.Show()
		}
	})
}

// --- about -------------------------------------------------------------------------

func (s *settingsScreen) buildAbout() fyne.CanvasObject {
	u := s.u
	version := u.opts.Version
	if version == "" {
		version = "dev"
	}
	s.aboutVault = widget.NewLabel("Vault: " + u.path)
	s.aboutVault.Wrapping = fyne.TextWrapWord
	var extras []string
	extras = append(extras, "Data folder: "+u.dataDir)
	if o := u.reg.Overrides(); len(o) > 0 {
		for id, eps := range o {
			for name, v := range eps {
				extras = append(extras, fmt.Sprintf("Endpoint override: %s %s → %s", id, name, v))
			}
		}
	}
	s.aboutExtras = widget.NewLabel(strings.Join(extras, "\n"))
	s.aboutExtras.Wrapping = fyne.TextWrapWord
	site, _ := url.Parse("https://github.com/latchkey/latchkey")
	return container.NewVScroll(container.NewVBox(
		container.NewHBox(appIcon(64), container.NewVBox(heading("Latchkey"), widget.NewLabel("Version "+version))),
		wrapped("Latchkey connects your brokerage and crypto accounts and keeps every key in an encrypted vault on this computer. "+
			"No server of ours ever sees your logins or your data."),
		s.aboutVault, s.aboutExtras,
		widget.NewHyperlink("Project website", site),
	))
}

// --- change password ---------------------------------------------------------------

// changePasswordDialog asks for the current password (unless the vault was
// unlocked with the recovery key) and a new one with its strength.
type changePasswordDialog struct {
	d        *dialog.CustomDialog
	current  *widget.Entry
	password *widget.Entry
	confirm  *widget.Entry
	meter    *strengthMeter
	meterTxt *widget.Label
	message  *widget.Label
	progress *widget.ProgressBarInfinite
	save     *widget.Button
	cancel   *widget.Button
	body     *fyne.Container
}

func (u *UI) showChangePassword(needCurrent bool) {
	c := &changePasswordDialog{}
	if u.settings != nil {
		u.settings.pwDialog = c
	}
	c.current = widget.NewPasswordEntry()
	c.password = widget.NewPasswordEntry()
	c.confirm = widget.NewPasswordEntry()
	c.meter = newStrengthMeter()
	c.meterTxt = widget.NewLabel(" ")
	c.message = widget.NewLabel("")
	c.message.Importance = widget.DangerImportance
	c.message.Wrapping = fyne.TextWrapWord
	c.progress = widget.NewProgressBarInfinite()
	c.progress.Stop()
	c.progress.Hide()
	c.save = widget.NewButtonWithIcon("Change password", theme.ConfirmIcon(), nil)
	c.save.Importance = widget.HighImportance
	c.save.Disable()
	validate := func(string) {
		score, label := passwordStrength(c.password.Text)
		c.meter.SetScore(score, c.password.Text != "")
		c.meterTxt.SetText(label)
		ok := len([]rune(c.password.Text)) >= minPasswordLen && c.password.Text == c.confirm.Text && (!needCurrent || c.current.Text != "")
		if ok {
			c.save.Enable()
		} else {
			c.save.Disable()
		}
	}
	c.current.OnChanged = validate
	c.password.OnChanged = validate
	c.confirm.OnChanged = validate
	items := []*widget.FormItem{}
	if needCurrent {
		items = append(items, widget.NewFormItem("Current password", c.current))
	}
	items = append(items,
		widget.NewFormItem("New password", c.password),
		widget.NewFormItem("Confirm", c.confirm),
		widget.NewFormItem("Strength", container.NewBorder(nil, nil, nil, withWidth(90, c.meterTxt), container.NewCenter(c.meter))))
	c.cancel = widget.NewButton("Cancel", func() { c.d.Hide() })
	c.save.OnTapped = func() { u.doChangePassword(c, needCurrent) }
	c.confirm.OnSubmitted = func(string) {
		if !c.save.Disabled() {
			u.doChangePassword(c, needCurrent)
		}
	}
	body := container.NewVBox(widget.NewForm(items...),
		caption(fmt.Sprintf("At least %d characters. Your recovery key keeps working.", minPasswordLen)), c.message, c.progress)
	c.body = body
	c.d = dialog.NewCustomWithoutButtons("Change the master password", withWidth(480, body), u.win)
	c.d.SetButtons([]fyne.CanvasObject{c.cancel, c.save})
	c.d.Show()
	if needCurrent {
		u.win.Canvas().Focus(c.current)
	} else {
		u.win.Canvas().Focus(c.password)
	}
}

func (u *UI) doChangePassword(c *changePasswordDialog, needCurrent bool) {
	current := []byte(c.current.Text)
	next := []byte(c.password.Text)
	c.save.Disable()
	c.message.SetText("")
	c.progress.Show()
	c.progress.Start()
	c.body.Refresh()
	v := u.vault
	u.background("password:changed", func(ctx context.Context) func() {
		var err error
		wrong := false
		if needCurrent {
			// Unlock on an unlocked vault only checks the password.
			if e := v.Unlock(ctx, current); e != nil {
				err, wrong = e, true
			}
		}
		if err == nil {
			err = v.ChangePassword(ctx, next)
		}
		wipe(current)
		wipe(next)
		return func() {
			c.progress.Stop()
			c.progress.Hide()
			c.body.Refresh()
			if err != nil {
				c.save.Enable()
				if wrong {
					c.message.SetText("The current password is not right.")
					c.current.SetText("")
					u.win.Canvas().Focus(c.current)
				} else {
					c.message.SetText("The password could not be changed: " + err.Error())
				}
				return
			}
			u.recoveryUnlocked = false
			c.d.Hide()
			if u.settings != nil {
				u.settings.vaultNote.SetText("The master password was changed. Use the new one next time you unlock.")
			}
		}
	})
}

// suggestNewPassword follows an unlock with the recovery key.
func (u *UI) suggestNewPassword() {
	u.recoveryUnlocked = true
	d := dialog.NewConfirm("Choose a new master password?",
		"You unlocked Latchkey with your recovery key. Choose a new master password now, so you can unlock with it next time.",
		func(ok bool) {
			if ok {
				u.showChangePassword(false)
			}
		}, u.win)
	d.SetConfirmText("Choose a new password")
	d.SetDismissText("Later")
	d.Show()
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
