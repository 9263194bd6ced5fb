package desktop

import (
	"context"
	"runtime/debug"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/vault"
)

// unlockPassword unlocks v with the master password, reporting the key
// derivation's progress (0–1) and stopping when ctx ends
// (vault.Vault.UnlockProgress). Tests replace it.
var unlockPassword = func(ctx context.Context, v *vault.Vault, pw []byte, progress func(float64)) error {
	return v.UnlockProgress(ctx, pw, progress)
}

// unlockScreen asks for the master password, or the recovery key. While the
// key derivation runs it shows its progress and a Cancel button.
type unlockScreen struct {
	password     *entry
	recovery     *entry
	useRecovery  *button
	unlockButton *button
	cancelButton *button
	message      *widget.Label
	info         *widget.Label
	working      *widget.ProgressBarInfinite // until the first progress report
	progress     *widget.ProgressBar
	cancel       context.CancelFunc // the running unlock, nil: none
	recoveryMode bool
	locking      bool
}

func (u *UI) showUnlock() {
	s := &unlockScreen{}
	u.scr.unlock = s
	s.password = newPasswordEntry()
	s.password.SetPlaceHolder("Master password")
	s.recovery = newEntry()
	s.recovery.SetPlaceHolder("XXXX-XXXX-XXXX-…")
	s.recovery.Hide()
	s.message = errorText()
	s.info = wrapped("")
	s.info.Hide()
	s.working = widget.NewProgressBarInfinite()
	s.working.Stop()
	s.working.Hide()
	s.progress = widget.NewProgressBar()
	s.progress.Hide()
	s.unlockButton = newButton("Unlock", theme.LoginIcon(), func() { u.doUnlock() }).primary()
	s.cancelButton = newButton("Cancel", theme.CancelIcon(), func() { s.stop() })
	s.cancelButton.Hide()
	s.password.OnSubmitted = func(string) { u.doUnlock() }
	s.recovery.OnSubmitted = func(string) { u.doUnlock() }
	s.password.onChanged(func(string) { s.message.SetText("") })
	s.recovery.onChanged(func(string) { s.message.SetText("") })
	s.useRecovery = newButton("Use the recovery key instead", nil, func() { u.toggleRecovery() })
	s.useRecovery.Importance = widget.LowImportance
	box := container.NewVBox(
		container.NewCenter(appIcon(96)),
		centeredHeading("Unlock Latchkey"),
		s.info,
		reserve(s.password, s.recovery),
		// The message and the progress share one reserved line: nothing
		// below moves when either appears.
		reserve(s.message, s.working, s.progress),
		container.NewHBox(s.useRecovery, layoutSpacer(), reserve(s.cancelButton), s.unlockButton),
		pathCentered(u.env.path),
	)
	u.setContent(centered(box))
	u.focus(s.password)
}

func pathCentered(p string) *widget.Label {
	l := pathLabel(p)
	l.Alignment = fyne.TextAlignCenter
	l.TextStyle = fyne.TextStyle{Italic: true}
	return l
}

func (u *UI) toggleRecovery() {
	s := u.scr.unlock
	s.recoveryMode = !s.recoveryMode
	s.message.SetText("")
	if s.recoveryMode {
		s.password.Hide()
		s.recovery.Show()
		s.useRecovery.SetText("Use the master password instead")
		u.focus(s.recovery)
	} else {
		s.recovery.Hide()
		s.password.Show()
		s.useRecovery.SetText("Use the recovery key instead")
		u.focus(s.password)
	}
}

// setLocking shows that the vault is being locked (background work is
// stopping) and why it was locked.
func (s *unlockScreen) setLocking(on bool, reason string) {
	s.locking = on
	if on {
		s.unlockButton.Disable()
	} else {
		s.unlockButton.Enable()
	}
	if reason == "idle" {
		s.info.SetText("Latchkey locked itself after a while without use. Unlock to continue.")
		s.info.Show()
	}
}

// stop cancels a running unlock.
func (s *unlockScreen) stop() {
	if s.cancel != nil {
		s.cancel()
	}
}

// busy shows or hides the work in progress.
func (s *unlockScreen) busy(on bool) {
	for _, d := range []interface {
		Disable()
		Enable()
	}{s.unlockButton, s.password, s.recovery, s.useRecovery} {
		if on {
			d.Disable()
		} else {
			d.Enable()
		}
	}
	s.message.Hidden = on
	s.working.Hidden = !on
	s.progress.Hidden = true
	s.cancelButton.Hidden = !on
	if on {
		s.working.Start()
		s.progress.SetValue(0)
	} else {
		s.working.Stop()
	}
	s.message.Refresh()
	s.working.Refresh()
	s.progress.Refresh()
	s.cancelButton.Refresh()
}

// reportProgress shows the key derivation's progress (any goroutine).
func (u *UI) reportProgress(s *unlockScreen, f float64) {
	u.do(func() {
		if s.cancel == nil {
			return
		}
		if s.working.Visible() {
			s.working.Stop()
			s.working.Hide()
			s.progress.Show()
		}
		s.progress.SetValue(f)
	})
}

func (u *UI) doUnlock() {
	s := u.scr.unlock
	if s.unlockButton.Disabled() || s.locking || s.cancel != nil {
		return
	}
	recovery := s.recoveryMode
	secret := []byte(s.password.Text)
	doing := app.DoingUnlock
	if recovery {
		secret = []byte(s.recovery.Text)
		doing = app.DoingRecovery
	}
	if len(secret) == 0 {
		if recovery {
			s.message.SetText("Enter your recovery key.")
		} else {
			s.message.SetText("Enter your master password.")
		}
		return
	}
	s.message.SetText("")
	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.busy(true)
	u.focus(s.cancelButton)
	v := u.vault
	go func() {
		var err error
		if recovery {
			err = v.UnlockWithRecoveryKey(ctx, string(secret))
		} else {
			err = unlockPassword(ctx, v, secret, func(f float64) { u.reportProgress(s, f) })
		}
		wipe(secret)
		cancel()
		if err == nil {
			// The key derivation's memory is garbage now: give it back to
			// the system instead of keeping it for the whole session.
			debug.FreeOSMemory()
		}
		u.do(func() {
			s.cancel = nil
			s.busy(false)
			switch {
			case err != nil && app.Cancelled(err):
				s.message.SetText("Stopped. Unlock again when you are ready.")
				u.focus(s.password)
				u.emit("unlock:cancelled")
			case err != nil:
				if recovery {
					u.focus(s.recovery)
					s.recovery.selectAll()
				} else {
					s.password.SetText("")
					u.focus(s.password)
				}
				s.message.SetText(app.Explain(err, app.Situation{Doing: doing}).Text)
				u.emit("unlock:failed")
			default:
				s.password.SetText("")
				s.recovery.SetText("")
				u.scr.unlock = nil
				u.startSession()
				if recovery {
					u.suggestNewPassword()
				}
				u.emit("unlocked")
			}
		})
	}()
}

// openErrorScreen explains why the vault file could not be opened, with a
// way forward.
type openErrorScreen struct {
	title *widget.Label
	text  *widget.Label
	retry *button
}

func (u *UI) showOpenError(err error) {
	ex := app.Explain(err, app.Situation{Doing: app.DoingOpen})
	s := &openErrorScreen{title: heading(ex.Title), text: wrapped(ex.Text + "\n\nThe vault: " + u.env.path)}
	u.scr.openErr = s
	s.retry = newButton("Try again", theme.ViewRefreshIcon(), nil).primary()
	s.retry.OnTapped = func() {
		s.retry.Disable()
		u.openVault()
	}
	quit := newButton("Quit", nil, func() { u.fyne.Quit() })
	u.setContent(centered(container.NewVBox(
		container.NewCenter(bigIcon(theme.NewColoredResource(theme.WarningIcon(), theme.ColorNameWarning))),
		s.title, s.text,
		container.NewHBox(layoutSpacer(), quit, s.retry),
	)))
	u.focus(s.retry)
}
