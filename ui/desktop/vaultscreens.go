package desktop

import (
	"context"
	"errors"
	"fmt"
	
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/ccojocar/zxcvbn-go"

	"github.com/latchkey/latchkey/vault"
)

// minPasswordLen is the shortest master password the app accepts.
const minPasswordLen = 8

// createScreen: first run. Password, confirmation, strength meter; then the
// recovery key, shown once.
type createScreen struct {
	password, confirm *widget.Entry
	strength          *widget.ProgressBar
	strengthText      *widget.Label
	message           *widget.Label
	createButton      *widget.Button
	progress          *widget.ProgressBarInfinite
	progressBox       *fyne.Container

	// Recovery key step.
	recoveryKey  *widget.Label
	copyButton   *widget.Button
	savedCheck   *widget.Check
	continueBtn  *widget.Button
	recoveryView fyne.CanvasObject
}

func (u *UI) showCreate() {
	s := &createScreen{}
	u.create = s
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder("Master password")
	s.confirm = widget.NewPasswordEntry()
	s.confirm.SetPlaceHolder("Repeat the master password")
	s.strength = widget.NewProgressBar()
	s.strength.Max = 4
	s.strength.TextFormatter = func() string { return "" }
	s.strengthText = widget.NewLabel("")
	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Importance = widget.DangerImportance
	s.createButton = widget.NewButtonWithIcon("Create vault", theme.ConfirmIcon(), func() { u.doCreate() })
	s.createButton.Importance = widget.HighImportance
	s.createButton.Disable()
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	progressLabel := widget.NewLabel("Creating your vault: tuning the key derivation to this computer…")
	s.progressBox = container.NewVBox(progressLabel, s.progress)
	s.progressBox.Hide()

	validate := func(string) {
		pw := s.password.Text
		score, label := passwordStrength(pw)
		s.strength.SetValue(float64(score))
		s.strengthText.SetText(label)
		ok := len([]rune(pw)) >= minPasswordLen && pw == s.confirm.Text
		switch {
		case s.confirm.Text != "" && pw != s.confirm.Text:
			s.message.SetText("The two passwords differ.")
		default:
			s.message.SetText("")
		}
		if ok {
			s.createButton.Enable()
		} else {
			s.createButton.Disable()
		}
	}
	s.password.OnChanged = validate
	s.confirm.OnChanged = validate
	s.confirm.OnSubmitted = func(string) {
		if !s.createButton.Disabled() {
			u.doCreate()
		}
	}
	s.password.OnSubmitted = func(string) { u.win.Canvas().Focus(s.confirm) }

	intro := widget.NewLabel("Latchkey keeps the keys to your brokerage accounts in an encrypted vault on this computer. " +
		"Choose a master password to lock it. Nobody — not even Latchkey — can recover the password for you; " +
		"you will get a recovery key instead.")
	intro.Wrapping = fyne.TextWrapWord
	form := container.NewVBox(
		heading("Create your vault"),
		intro,
		widget.NewForm(
			widget.NewFormItem("Master password", s.password),
			widget.NewFormItem("Confirm", s.confirm),
			widget.NewFormItem("Strength", container.NewBorder(nil, nil, nil, s.strengthText, s.strength)),
		),
		widget.NewLabel(fmt.Sprintf("At least %d characters. A few unrelated words make a strong, memorable password.", minPasswordLen)),
		s.message,
		container.NewHBox(layoutSpacer(), s.createButton),
		s.progressBox,
	)
	u.setContent(centered(form))
	u.win.Canvas().Focus(s.password)
}

func (u *UI) doCreate() {
	s := u.create
	pw := []byte(s.password.Text)
	s.createButton.Disable()
	s.password.Disable()
	s.confirm.Disable()
	s.progressBox.Show()
	s.progress.Start()
	go func() {
		v, rk, err := vault.Create(context.Background(), u.path, pw, u.opts.Create)
		wipe(pw)
		fyne.Do(func() {
			s.progress.Stop()
			s.progressBox.Hide()
			if err != nil {
				s.password.Enable()
				s.confirm.Enable()
				s.createButton.Enable()
				s.message.SetText("The vault could not be created: " + err.Error())
				return
			}
			u.vault = v
			u.showRecoveryKey(rk)
		})
	}()
}

// showRecoveryKey shows the recovery key once, with Copy and an "I have
// saved it" confirmation that unlocks Continue.
func (u *UI) showRecoveryKey(rk string) {
	s := u.create
	s.recoveryKey = widget.NewLabelWithStyle(rk, fyne.TextAlignCenter, fyne.TextStyle{Monospace: true, Bold: true})
	s.recoveryKey.Wrapping = fyne.TextWrapWord
	s.recoveryKey.Selectable = true
	s.copyButton = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		u.app.Clipboard().SetContent(rk)
		s.copyButton.SetText("Copied")
	})
	s.continueBtn = widget.NewButtonWithIcon("Continue", theme.NavigateNextIcon(), func() { u.showHome() })
	s.continueBtn.Importance = widget.HighImportance
	s.continueBtn.Disable()
	s.savedCheck = widget.NewCheck("I have saved my recovery key somewhere safe", func(on bool) {
		if on {
			s.continueBtn.Enable()
		} else {
			s.continueBtn.Disable()
		}
	})
	text := widget.NewLabel("If you ever forget your master password, this recovery key is the only way into your vault. " +
		"It is shown only now. Write it down or store it in a password manager, away from this computer.")
	text.Wrapping = fyne.TextWrapWord
	s.recoveryView = container.NewVBox(
		heading("Your recovery key"),
		text,
		widget.NewCard("", "", container.NewVBox(s.recoveryKey, container.NewCenter(s.copyButton))),
		s.savedCheck,
		container.NewHBox(layoutSpacer(), s.continueBtn),
	)
	u.setContent(centered(s.recoveryView))
}

// unlockScreen asks for the master password, or the recovery key.
type unlockScreen struct {
	password     *widget.Entry
	recovery     *widget.Entry
	useRecovery  *widget.Button
	unlockButton *widget.Button
	message      *widget.Label
	progress     *widget.ProgressBarInfinite
	recoveryMode bool
}

func (u *UI) showUnlock() {
	s := &unlockScreen{}
	u.unlock = s
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder("Master password")
	s.recovery = widget.NewEntry()
	s.recovery.SetPlaceHolder("XXXX-XXXX-XXXX-…")
	s.recovery.Hide()
	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Importance = widget.DangerImportance
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	s.unlockButton = widget.NewButtonWithIcon("Unlock", theme.LoginIcon(), func() { u.doUnlock() })
	s.unlockButton.Importance = widget.HighImportance
	s.password.OnSubmitted = func(string) { u.doUnlock() }
	s.recovery.OnSubmitted = func(string) { u.doUnlock() }
	s.useRecovery = widget.NewButton("Use the recovery key instead", nil)
	s.useRecovery.Importance = widget.LowImportance
	s.useRecovery.OnTapped = func() {
		s.recoveryMode = !s.recoveryMode
		s.message.SetText("")
		if s.recoveryMode {
			s.password.Hide()
			s.recovery.Show()
			s.useRecovery.SetText("Use the master password instead")
			u.win.Canvas().Focus(s.recovery)
		} else {
			s.recovery.Hide()
			s.password.Show()
			s.useRecovery.SetText("Use the recovery key instead")
			u.win.Canvas().Focus(s.password)
		}
	}
	box := container.NewVBox(
		container.NewCenter(lockIcon()),
		heading("Unlock Latchkey"),
		widget.NewLabelWithStyle(u.path, fyne.TextAlignCenter, fyne.TextStyle{Italic: true}),
		s.password,
		s.recovery,
		s.message,
		s.progress,
		container.NewHBox(s.useRecovery, layoutSpacer(), s.unlockButton),
	)
	u.setContent(centered(box))
	u.win.Canvas().Focus(s.password)
}

func (u *UI) doUnlock() {
	s := u.unlock
	if s.unlockButton.Disabled() {
		return
	}
	recovery := s.recoveryMode
	secret := []byte(s.password.Text)
	if recovery {
		secret = []byte(s.recovery.Text)
	}
	if len(secret) == 0 {
		return
	}
	s.message.SetText("")
	s.unlockButton.Disable()
	s.password.Disable()
	s.recovery.Disable()
	s.progress.Show()
	s.progress.Start()
	v := u.vault
	go func() {
		var err error
		if recovery {
			err = v.UnlockWithRecoveryKey(context.Background(), string(secret))
		} else {
			err = v.Unlock(context.Background(), secret)
		}
		wipe(secret)
		fyne.Do(func() {
			s.progress.Stop()
			s.progress.Hide()
			s.unlockButton.Enable()
			s.password.Enable()
			s.recovery.Enable()
			if err != nil {
				s.message.SetText(unlockErrorText(err, recovery))
				if recovery {
					s.recovery.SetText("")
					u.win.Canvas().Focus(s.recovery)
				} else {
					s.password.SetText("")
					u.win.Canvas().Focus(s.password)
				}
				return
			}
			s.password.SetText("")
			s.recovery.SetText("")
			u.showHome()
		})
	}()
}

func unlockErrorText(err error, recovery bool) string {
	switch {
	case errors.Is(err, vault.ErrWrongPassword) && recovery:
		return "That recovery key does not open this vault. Check it and try again."
	case errors.Is(err, vault.ErrWrongPassword):
		return "Wrong password. Try again, or use your recovery key."
	case errors.Is(err, vault.ErrCorrupt), errors.Is(err, vault.ErrUnsupportedVersion):
		return "The vault cannot be read: " + err.Error()
	default:
		return "The vault could not be unlocked: " + err.Error()
	}
}

// showOpenError explains why the vault file could not be opened, with a way
// forward.
func (u *UI) showOpenError(err error) {
	var title, text string
	switch {
	case errors.Is(err, vault.ErrInUse):
		title = "Latchkey is already open"
		text = "Your vault is open in another Latchkey window (or a latchkey command is using it). " +
			"Switch to that window, or close it and try again here."
	case errors.Is(err, vault.ErrUnsupportedVersion):
		title = "This vault needs a newer Latchkey"
		text = "The vault at " + u.path + " was written by a newer version of Latchkey. Install the latest version to open it. Nothing was changed."
	case errors.Is(err, vault.ErrCorrupt):
		title = "The vault is damaged"
		text = "The vault file at " + u.path + " cannot be read (" + err.Error() + "). " +
			"Nothing was changed. If you have a backup, quit Latchkey and copy it over this file."
	default:
		title = "The vault could not be opened"
		text = err.Error()
	}
	label := widget.NewLabel(text)
	label.Wrapping = fyne.TextWrapWord
	retry := widget.NewButtonWithIcon("Try again", theme.ViewRefreshIcon(), nil)
	retry.OnTapped = func() {
		retry.Disable()
		go func() {
			v, err := vault.Open(context.Background(), u.path)
			fyne.Do(func() {
				if err != nil {
					u.showOpenError(err)
					return
				}
				u.vault = v
				u.showUnlock()
			})
		}()
	}
	quit := widget.NewButton("Quit", func() { u.app.Quit() })
	u.setContent(centered(container.NewVBox(
		container.NewCenter(widget.NewIcon(theme.WarningIcon())),
		heading(title), label,
		container.NewHBox(layoutSpacer(), quit, retry),
	)))
}

// passwordStrength scores a password 0 (weakest) to 4 with a label.
func passwordStrength(pw string) (int, string) {
	if pw == "" {
		return 0, ""
	}
	if len([]rune(pw)) < minPasswordLen {
		return 0, "Too short"
	}
	r := zxcvbn.PasswordStrength(pw, []string{"latchkey", "vault", "password"})
	return r.Score, [...]string{"Very weak", "Weak", "Fair", "Good", "Strong"}[r.Score]
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

func heading(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	return l
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// centered puts a form-like column in the middle of the window at a
// readable width, scrolling when the window is too short.
func centered(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVScroll(container.New(columnLayout{width: 560}, o))
}

// columnLayout centres one object at most width wide.
type columnLayout struct{ width float32 }

func (l columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	p := theme.Padding() * 4
	return fyne.NewSize(min(m.Width, l.width)+p, m.Height+p)
}

func (l columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	p := theme.Padding() * 2
	w := min(size.Width-2*p, l.width)
	h := objs[0].MinSize().Height
	objs[0].Resize(fyne.NewSize(w, h))
	objs[0].Move(fyne.NewPos((size.Width-w)/2, max(p, (size.Height-h)/2)))
}

func lockIcon() fyne.CanvasObject {
	img := canvas.NewImageFromResource(Icon)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(96, 96))
	return img
}
