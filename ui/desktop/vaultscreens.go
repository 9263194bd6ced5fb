package desktop

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/ccojocar/zxcvbn-go"

	"github.com/latchkey/latchkey/vault"
)

// minPasswordLen is the shortest master password the app accepts.
const minPasswordLen = 8

// --- create ------------------------------------------------------------------------

// createScreen: first run. Password, confirmation, strength meter; then the
// recovery key, shown once.
type createScreen struct {
	password, confirm *widget.Entry
	strength          *strengthMeter
	strengthText      *widget.Label
	message           *widget.Label
	createButton      *widget.Button
	progress          *widget.ProgressBarInfinite
	progressBox       *fyne.Container

	// Recovery key step.
	recovery *recoveryKeyView
}

func (u *UI) showCreate() {
	s := &createScreen{}
	u.create = s
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder("Master password")
	s.confirm = widget.NewPasswordEntry()
	s.confirm.SetPlaceHolder("Repeat the master password")
	s.strength = newStrengthMeter()
	s.strengthText = widget.NewLabel(" ")
	s.message = widget.NewLabel("")
	s.message.Wrapping = fyne.TextWrapWord
	s.message.Importance = widget.DangerImportance
	s.createButton = widget.NewButtonWithIcon("Create vault", theme.ConfirmIcon(), func() { u.doCreate() })
	s.createButton.Importance = widget.HighImportance
	s.createButton.Disable()
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progressBox = container.NewVBox(wrapped("Creating your vault: tuning the key derivation to this computer. This takes a few seconds…"), s.progress)
	s.progressBox.Hide()

	validate := func(string) {
		u.touch()
		pw := s.password.Text
		score, label := passwordStrength(pw)
		s.strength.SetScore(score, pw != "")
		s.strengthText.SetText(label)
		long := len([]rune(pw)) >= minPasswordLen
		switch {
		case s.confirm.Text != "" && pw != s.confirm.Text && len(s.confirm.Text) >= len(pw):
			s.message.SetText("The two passwords differ.")
		default:
			s.message.SetText("")
		}
		if long && pw == s.confirm.Text {
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

	intro := wrapped("Latchkey keeps the keys to your brokerage accounts in an encrypted vault on this computer. " +
		"Choose a master password to lock it. Nobody — not even Latchkey — can recover this password for you; " +
		"you will get a recovery key instead.")
	where := caption("The vault will be saved at " + u.path)
	form := container.NewVBox(
		container.NewHBox(appIcon(48), container.NewCenter(heading("Welcome to Latchkey"))),
		intro,
		widget.NewForm(
			widget.NewFormItem("Master password", s.password),
			widget.NewFormItem("Confirm", s.confirm),
			widget.NewFormItem("Strength", container.NewBorder(nil, nil, nil, withWidth(90, s.strengthText), container.NewCenter(s.strength))),
		),
		caption(fmt.Sprintf("At least %d characters. A few unrelated words make a strong password that is easy to remember.", minPasswordLen)),
		s.message,
		container.NewHBox(layoutSpacer(), s.createButton),
		s.progressBox,
		where,
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
	s.message.SetText("")
	s.progressBox.Show()
	s.progress.Start()
	u.relayout()
	go func() {
		v, rk, err := vault.Create(context.Background(), u.path, pw, u.opts.Create)
		wipe(pw)
		u.do(func() {
			s.progress.Stop()
			s.progressBox.Hide()
			u.relayout()
			if err != nil {
				s.password.Enable()
				s.confirm.Enable()
				s.createButton.Enable()
				s.message.SetText(createErrorText(err, u.path))
				u.emit("create:failed")
				return
			}
			s.password.SetText("")
			s.confirm.SetText("")
			u.vault = v
			u.showRecoveryKey(rk)
			u.emit("created")
		})
	}()
}

func createErrorText(err error, path string) string {
	switch {
	case errors.Is(err, vault.ErrExists):
		return "A file already exists at " + path + ". Restart Latchkey to unlock it."
	default:
		return "The vault could not be created: " + err.Error()
	}
}

// showRecoveryKey shows the recovery key once, then starts the session.
func (u *UI) showRecoveryKey(rk string) {
	s := u.create
	s.recovery = newRecoveryKeyView(u, rk, "Your recovery key",
		"If you ever forget your master password, this recovery key is the only way into your vault. "+
			"It is shown only now. Write it down or keep it in a password manager, away from this computer.",
		"Continue", func() { u.startSession() })
	u.setContent(centered(s.recovery.box))
}

// recoveryKeyView shows a recovery key with Copy and an "I have saved it"
// check that unlocks the way on.
type recoveryKeyView struct {
	key         *widget.Label
	copyButton  *widget.Button
	savedCheck  *widget.Check
	continueBtn *widget.Button
	box         *fyne.Container
}

func newRecoveryKeyView(u *UI, rk, title, text, next string, onContinue func()) *recoveryKeyView {
	r := &recoveryKeyView{}
	r.key = widget.NewLabelWithStyle(groupRecoveryKey(rk), fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	r.key.Wrapping = fyne.TextWrapWord
	r.key.Selectable = true
	r.key.SizeName = theme.SizeNameSubHeadingText
	r.copyButton = widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), nil)
	r.copyButton.OnTapped = func() {
		u.fyne.Clipboard().SetContent(rk)
		r.copyButton.SetText("Copied")
		r.copyButton.SetIcon(theme.ConfirmIcon())
	}
	r.continueBtn = widget.NewButtonWithIcon(next, theme.NavigateNextIcon(), onContinue)
	r.continueBtn.Importance = widget.HighImportance
	r.continueBtn.Disable()
	r.savedCheck = widget.NewCheck("I have saved my recovery key somewhere safe", func(on bool) {
		if on {
			r.continueBtn.Enable()
		} else {
			r.continueBtn.Disable()
		}
	})
	r.box = container.NewVBox(
		heading(title),
		wrapped(text),
		widget.NewCard("", "", container.NewVBox(r.key, container.NewCenter(r.copyButton))),
		r.savedCheck,
		container.NewHBox(layoutSpacer(), r.continueBtn),
	)
	return r
}

// groupRecoveryKey breaks a recovery key into lines of five groups for
// reading (dashes and line breaks do not matter when it is typed back).
func groupRecoveryKey(rk string) string {
	groups := strings.Split(rk, "-")
	var lines []string
	for i := 0; i < len(groups); i += 5 {
		lines = append(lines, strings.Join(groups[i:min(i+5, len(groups))], "-"))
	}
	return strings.Join(lines, "\n")
}

// strengthMeter is four segments filled by a zxcvbn score, red to green;
// the label next to it says the same in words.
type strengthMeter struct {
	widget.BaseWidget
	Score int
	any   bool
	segs  [4]*canvas.Rectangle
}

func newStrengthMeter() *strengthMeter {
	m := &strengthMeter{}
	for i := range m.segs {
		m.segs[i] = canvas.NewRectangle(color.Transparent)
		m.segs[i].CornerRadius = 2
	}
	m.ExtendBaseWidget(m)
	return m
}

// SetScore shows score 0–4; any is false for an empty password.
func (m *strengthMeter) SetScore(score int, any bool) {
	m.Score, m.any = score, any
	m.Refresh()
}

func (m *strengthMeter) CreateRenderer() fyne.WidgetRenderer {
	objs := []fyne.CanvasObject{m.segs[0], m.segs[1], m.segs[2], m.segs[3]}
	r := &strengthRenderer{m: m, objs: objs}
	r.Refresh()
	return r
}

type strengthRenderer struct {
	m    *strengthMeter
	objs []fyne.CanvasObject
}

func (r *strengthRenderer) MinSize() fyne.Size { return fyne.NewSize(240, 8) }
func (r *strengthRenderer) Layout(size fyne.Size) {
	gap := float32(4)
	w := (size.Width - 3*gap) / 4
	for i, s := range r.m.segs {
		s.Resize(fyne.NewSize(w, 8))
		s.Move(fyne.NewPos(float32(i)*(w+gap), (size.Height-8)/2))
	}
}
func (r *strengthRenderer) Refresh() {
	th := r.m.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	filled := 0
	var c color.Color
	if r.m.any {
		filled = max(1, r.m.Score)
		switch {
		case r.m.Score <= 1:
			c = th.Color(theme.ColorNameError, v)
		case r.m.Score == 2:
			c = th.Color(theme.ColorNameWarning, v)
		default:
			c = th.Color(theme.ColorNameSuccess, v)
		}
	}
	for i, s := range r.m.segs {
		if i < filled {
			s.FillColor = c
		} else {
			s.FillColor = th.Color(theme.ColorNameInputBorder, v)
		}
		s.Refresh()
	}
}
func (r *strengthRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *strengthRenderer) Destroy()                     {}

// --- unlock ------------------------------------------------------------------------

// unlockScreen asks for the master password, or the recovery key.
type unlockScreen struct {
	password     *widget.Entry
	recovery     *widget.Entry
	useRecovery  *widget.Button
	unlockButton *widget.Button
	message      *widget.Label
	info         *widget.Label
	progress     *widget.ProgressBarInfinite
	recoveryMode bool
	locking      bool
	relayout     func()
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
	s.info = widget.NewLabel("")
	s.info.Wrapping = fyne.TextWrapWord
	s.info.Hide()
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progress.Hide()
	s.unlockButton = widget.NewButtonWithIcon("Unlock", theme.LoginIcon(), func() { u.doUnlock() })
	s.unlockButton.Importance = widget.HighImportance
	s.password.OnSubmitted = func(string) { u.doUnlock() }
	s.recovery.OnSubmitted = func(string) { u.doUnlock() }
	s.password.OnChanged = func(string) { s.message.SetText("") }
	s.useRecovery = widget.NewButton("Use the recovery key instead", nil)
	s.useRecovery.Importance = widget.LowImportance
	s.useRecovery.OnTapped = func() { u.toggleRecovery() }
	box := container.NewVBox(
		container.NewCenter(appIcon(96)),
		centeredHeading("Unlock Latchkey"),
		s.info,
		s.password,
		s.recovery,
		s.message,
		s.progress,
		container.NewHBox(s.useRecovery, layoutSpacer(), s.unlockButton),
		widget.NewLabelWithStyle(u.path, fyne.TextAlignCenter, fyne.TextStyle{Italic: true}),
	)
	u.setContent(centered(box))
	s.relayout = u.relayout
	u.win.Canvas().Focus(s.password)
}

func (u *UI) toggleRecovery() {
	s := u.unlock
	s.recoveryMode = !s.recoveryMode
	s.message.SetText("")
	defer u.relayout()
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
		s.relayout()
	}
}

func (u *UI) doUnlock() {
	s := u.unlock
	if s.unlockButton.Disabled() || s.locking {
		return
	}
	recovery := s.recoveryMode
	secret := []byte(s.password.Text)
	if recovery {
		secret = []byte(s.recovery.Text)
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
	s.unlockButton.Disable()
	s.password.Disable()
	s.recovery.Disable()
	s.useRecovery.Disable()
	s.progress.Show()
	s.progress.Start()
	u.relayout()
	v := u.vault
	go func() {
		var err error
		if recovery {
			err = v.UnlockWithRecoveryKey(context.Background(), string(secret))
		} else {
			err = v.Unlock(context.Background(), secret)
		}
		wipe(secret)
		u.do(func() {
			s.progress.Stop()
			s.progress.Hide()
			u.relayout()
			s.unlockButton.Enable()
			s.password.Enable()
			s.recovery.Enable()
			s.useRecovery.Enable()
			if err != nil {
				s.message.SetText(unlockErrorText(err, recovery))
				if recovery {
					u.win.Canvas().Focus(s.recovery)
				} else {
					s.password.SetText("")
					s.message.SetText(unlockErrorText(err, recovery))
					u.win.Canvas().Focus(s.password)
				}
				u.emit("unlock:failed")
				return
			}
			s.password.SetText("")
			s.recovery.SetText("")
			u.startSession()
			if recovery {
				u.suggestNewPassword()
			}
			u.emit("unlocked")
		})
	}()
}

func unlockErrorText(err error, recovery bool) string {
	switch {
	case errors.Is(err, vault.ErrWrongPassword) && recovery:
		return "That recovery key does not open this vault. Check it and try again (letters and digits only; spaces and dashes do not matter)."
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
			"Switch to that window, or close it and choose Try again."
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
	retry := widget.NewButtonWithIcon("Try again", theme.ViewRefreshIcon(), nil)
	retry.Importance = widget.HighImportance
	retry.OnTapped = func() {
		retry.Disable()
		u.openVault()
	}
	quit := widget.NewButton("Quit", func() { u.fyne.Quit() })
	u.openErr = heading(title)
	u.setContent(centered(container.NewVBox(
		container.NewCenter(bigIcon(theme.NewColoredResource(theme.WarningIcon(), theme.ColorNameWarning))),
		u.openErr, wrapped(text),
		container.NewHBox(layoutSpacer(), quit, retry),
	)))
}

// passwordStrength scores a password 0 (weakest) to 4 with a label.
func passwordStrength(pw string) (int, string) {
	if pw == "" {
		return 0, " "
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
