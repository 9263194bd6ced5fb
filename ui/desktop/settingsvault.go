package desktop

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/vault"
)

// settingsVault is the settings' Vault tab: change the password, back up,
// rotate the key.
type settingsVault struct {
	changePw *button
	backup   *button
	rotate   *button
	note     *widget.Label
	info     *muted
	pw       *changePasswordDialog
	rotated  *recoveryKeyView
}

func (s *settingsScreen) buildVault() fyne.CanvasObject {
	v := &s.vault
	host := s.host
	v.changePw = newButton("Change password…", theme.AccountIcon(), func() { s.showChangePassword(!host.unlockedWithRecoveryKey()) })
	v.backup = newButton("Back up the vault…", theme.DocumentSaveIcon(), func() { s.chooseBackup() })
	v.rotate = newButton("Rotate the vault key…", theme.ViewRefreshIcon(), func() { s.confirmRotate() })
	v.note = wrapped("")
	v.info = newMuted("").wrap()
	return container.NewVScroll(container.NewVBox(
		section("Master password", "Change the password that unlocks the vault. Your recovery key keeps working.", container.NewHBox(v.changePw)),
		widget.NewSeparator(),
		section("Backup", "Save a copy of the encrypted vault, for example to a USB drive. It opens with the same password and recovery key.",
			container.NewHBox(v.backup)),
		widget.NewSeparator(),
		section("Vault key", "Re-encrypt everything under a new key and get a new recovery key (the old one stops working). "+
			"Do this if you think your recovery key was seen by someone else.", container.NewHBox(v.rotate)),
		v.note,
		widget.NewSeparator(),
		pathLabel(host.vaultPath()),
		v.info,
	))
}

func (s *settingsScreen) showVaultInfo(info vault.Info) {
	rk := "yes"
	if !info.HasRecoveryKey {
		rk = "no"
	}
	s.vault.info.SetText(fmt.Sprintf("Created %s · Argon2id, %s, %d passes · recovery key: %s · %s on disk",
		formatDate(info.Created), humanBytes(int64(info.KDF.MemoryKiB)<<10), info.KDF.Iterations, rk, humanBytes(info.FileSize)))
}

// askPath asks where to write a file: a path to type (Enter saves) with
// Browse… for the file chooser. save gets the path.
func askPath(s surface, title, what, defaultName string, save func(path string)) *modal {
	home, _ := os.UserHomeDir()
	path := newEntry()
	path.SetText(filepath.Join(home, defaultName))
	msg := errorText()
	var m *modal
	ok := newButton("Save", theme.DocumentSaveIcon(), func() {
		p := strings.TrimSpace(path.Text)
		if p == "" {
			msg.SetText("Enter where to save the file.")
			return
		}
		m.hide()
		save(p)
	}).primary()
	path.OnSubmitted = func(string) { ok.tap() }
	browse := newButton("Browse…", theme.FolderOpenIcon(), func() {
		d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
			if err != nil || w == nil {
				return
			}
			p := w.URI().Path()
			_ = w.Close()
			_ = os.Remove(p) // the chooser created it empty; the save writes it
			path.SetText(p)
		}, s.window())
		d.SetFileName(filepath.Base(path.Text))
		d.Resize(fyne.NewSize(min(800, s.window().Canvas().Size().Width-40), min(560, s.window().Canvas().Size().Height-40)))
		d.Show()
	})
	body := container.NewVBox(wrapped(what), border(nil, nil, nil, browse, path), msg)
	m = newModal(s, title, withWidth(min(520, s.window().Canvas().Size().Width-80), body), "Cancel", ok)
	m.show(path)
	s.remember(m)
	return m
}

// chooseBackup asks where to save the backup.
func (s *settingsScreen) chooseBackup() {
	askPath(s.host, "Back up the vault", "The backup is a copy of the encrypted vault: it opens with the same password and recovery key.",
		"latchkey-backup-"+s.host.now().Format("2006-01-02")+".db", s.backupTo)
}

// backupTo writes the backup to path.
func (s *settingsScreen) backupTo(path string) {
	v := &s.vault
	v.backup.Disable()
	v.note.SetText("Backing up…")
	admin := s.host.vaultFile()
	s.host.background("settings:backed-up", func(ctx context.Context) func() {
		err := admin.Backup(ctx, path)
		return func() {
			v.backup.Enable()
			if err != nil {
				v.note.SetText("The backup was not written. " + app.Explain(err, app.Situation{Doing: app.DoingExport}).Text)
				return
			}
			v.note.SetText("Backed up to " + path + ".")
		}
	})
}

func (s *settingsScreen) confirmRotate() {
	if s.host.unlockedWithRecoveryKey() {
		s.vault.note.SetText("You unlocked with the recovery key: choose a new master password first, then rotate the key.")
		return
	}
	m := showConfirm(s.host, "Rotate the vault key?",
		"Latchkey re-encrypts the vault under a new key and shows you a new recovery key once. Your current recovery key will stop working.",
		"Rotate", false, func() { s.doRotate() })
	s.host.remember(m)
}

func (s *settingsScreen) doRotate() {
	v := &s.vault
	v.rotate.Disable()
	v.note.SetText("Rotating the vault key…")
	admin, host := s.host.vaultFile(), s.host
	host.background("settings:rotated", func(ctx context.Context) func() {
		rk, err := admin.RotateKey(ctx)
		return func() {
			v.rotate.Enable()
			if err != nil {
				v.note.SetText("The key was not rotated; nothing was changed. " + app.Explain(err, app.Situation{Doing: app.DoingSave}).Text)
				return
			}
			v.note.SetText("The vault key was rotated.")
			var m *modal
			v.rotated = newRecoveryKeyView(host.clipboard(), rk, "Your new recovery key",
				"The old recovery key no longer works. This new one is shown only now: save it somewhere safe, away from this computer.",
				"Done", func() { m.hide() })
			m = newModal(host, "New recovery key", withWidth(min(520, host.window().Canvas().Size().Width-80), v.rotated.box), "Close", nil)
			m.show(v.rotated.copyButton)
			host.remember(m)
		}
	})
}

// --- change password ---------------------------------------------------------------

// changePasswordDialog asks for the current password (unless the vault was
// unlocked with the recovery key) and a new one with its strength.
type changePasswordDialog struct {
	m        *modal
	current  *entry
	password *entry
	confirm  *entry
	meter    *strengthMeter
	message  *widget.Label
	progress *widget.ProgressBarInfinite
	save     *button
}

func (s *settingsScreen) showChangePassword(needCurrent bool) {
	host := s.host
	c := &changePasswordDialog{}
	s.vault.pw = c
	c.current = newPasswordEntry()
	c.password = newPasswordEntry()
	c.confirm = newPasswordEntry()
	c.meter = newStrengthMeter()
	c.message = errorText()
	c.progress = widget.NewProgressBarInfinite()
	c.progress.Stop()
	c.progress.Hide()
	c.save = newButton("Change password", theme.ConfirmIcon(), nil).primary()
	c.save.Disable()
	validate := func(string) {
		c.meter.set(c.password.Text)
		c.message.SetText(confirmProblem(c.password.Text, c.confirm.Text, false))
		ok := len([]rune(c.password.Text)) >= minPasswordLen && c.password.Text == c.confirm.Text && (!needCurrent || c.current.Text != "")
		if ok {
			c.save.Enable()
		} else {
			c.save.Disable()
		}
	}
	for _, e := range []*entry{c.current, c.password, c.confirm} {
		e.onChanged(validate)
	}
	var items []*widget.FormItem
	if needCurrent {
		items = append(items, widget.NewFormItem("Current password", c.current))
	}
	items = append(items,
		widget.NewFormItem("New password", c.password),
		widget.NewFormItem("Confirm", c.confirm),
		widget.NewFormItem("Strength", c.meter.box))
	c.save.OnTapped = func() { s.doChangePassword(c, needCurrent) }
	c.current.OnSubmitted = func(string) { host.focus(c.password) }
	c.password.OnSubmitted = func(string) { host.focus(c.confirm) }
	c.confirm.OnSubmitted = func(string) {
		if msg := confirmProblem(c.password.Text, c.confirm.Text, true); msg != "" {
			c.message.SetText(msg)
			return
		}
		c.save.tap()
	}
	body := container.NewVBox(widget.NewForm(items...),
		caption(fmt.Sprintf("At least %d characters. Your recovery key keeps working.", minPasswordLen)), reserve(c.message, c.progress))
	c.m = newModal(host, "Change the master password", withWidth(min(480, host.window().Canvas().Size().Width-80), body), "Cancel", c.save)
	if needCurrent {
		c.m.show(c.current)
	} else {
		c.m.show(c.password)
	}
	host.remember(c.m)
}

func (s *settingsScreen) doChangePassword(c *changePasswordDialog, needCurrent bool) {
	host := s.host
	current := []byte(c.current.Text)
	next := []byte(c.password.Text)
	c.save.Disable()
	c.message.SetText("")
	c.message.Hide()
	c.progress.Show()
	c.progress.Start()
	admin := host.vaultFile()
	host.background("password:changed", func(ctx context.Context) func() {
		var err error
		if needCurrent {
			// Unlock on an unlocked vault only checks the password.
			err = admin.Unlock(ctx, current)
		}
		if err == nil {
			err = admin.ChangePassword(ctx, next)
		}
		wipe(current)
		wipe(next)
		return func() {
			c.progress.Stop()
			c.progress.Hide()
			c.message.Show()
			if err != nil {
				ex := app.Explain(err, app.Situation{Doing: app.DoingSave})
				if ex.Code == app.CodeWrongPassword {
					c.current.SetText("")
					host.focus(c.current)
				} else {
					c.save.Enable()
				}
				c.message.SetText(ex.Text)
				return
			}
			host.setUnlockedWithRecoveryKey(false)
			c.m.hide()
			s.vault.note.SetText("The master password was changed. Use the new one next time you unlock.")
		}
	})
}

// suggestNewPassword follows an unlock with the recovery key.
func (u *UI) suggestNewPassword() {
	u.recoveryUnlocked = true
	m := showConfirm(u, "Choose a new master password?",
		"You unlocked Latchkey with your recovery key. Choose a new master password now, so you can unlock with it next time.",
		"Choose a new password", false, func() {
			u.showSettings("")
			s := u.scr.settings
			s.tabs.Select(s.tab.vault)
			s.showChangePassword(false)
		})
	m.dismiss.SetText("Later")
	u.remember(m)
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
