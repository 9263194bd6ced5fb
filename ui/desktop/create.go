package desktop

import (
	"context"
	"fmt"
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/vault"
)

// minPasswordLen is the shortest master password the app accepts.
const minPasswordLen = 8

// createScreen: first run. Password, confirmation, strength meter; then the
// recovery key, shown once.
type createScreen struct {
	password, confirm *entry
	meter             *strengthMeter
	message           *widget.Label
	createButton      *button
	progress          *widget.ProgressBarInfinite
	progressBox       *fyne.Container
	recovery          *recoveryKeyView // the recovery key step
}

// confirmProblem says what is wrong with the confirmation as soon as it is
// wrong: it differs from the password (not a beginning of it), or, once the
// user is done with it (final), it is shorter.
func confirmProblem(pw, confirm string, final bool) string {
	switch {
	case confirm == "" && !final:
		return ""
	case confirm == pw:
		return ""
	case !strings.HasPrefix(pw, confirm):
		return "The two passwords differ."
	case final && confirm == "":
		return "Repeat the password to confirm it."
	case final:
		return "The confirmation is shorter than the password."
	}
	return ""
}

func (u *UI) showCreate() {
	s := &createScreen{}
	u.scr.create = s
	s.password = newPasswordEntry()
	s.password.SetPlaceHolder("Master password")
	s.confirm = newPasswordEntry()
	s.confirm.SetPlaceHolder("Repeat the master password")
	s.meter = newStrengthMeter()
	s.message = errorText()
	s.createButton = newButton("Create vault", theme.ConfirmIcon(), func() { u.doCreate() }).primary()
	s.createButton.Disable()
	s.progress = widget.NewProgressBarInfinite()
	s.progress.Stop()
	s.progressBox = container.NewVBox(wrapped("Creating your vault: tuning the key derivation to this computer. This takes a few seconds…"), s.progress)
	s.progressBox.Hide()

	validate := func(string) {
		u.touch()
		pw := s.password.Text
		s.meter.set(pw)
		s.message.SetText(confirmProblem(pw, s.confirm.Text, false))
		if len([]rune(pw)) >= minPasswordLen && pw == s.confirm.Text {
			s.createButton.Enable()
		} else {
			s.createButton.Disable()
		}
	}
	s.password.onChanged(validate)
	s.confirm.onChanged(validate)
	s.confirm.OnSubmitted = func(string) { u.doCreate() }
	s.confirm.onBlur = func() {
		// Left with a beginning of the password only: it is wrong now.
		if s.confirm.Text != "" && u.scr.create == s && !s.progressBox.Visible() {
			s.message.SetText(confirmProblem(s.password.Text, s.confirm.Text, true))
		}
	}
	s.password.OnSubmitted = func(string) { u.focus(s.confirm) }

	intro := wrapped("Latchkey keeps the keys to your brokerage accounts in an encrypted vault on this computer. " +
		"Choose a master password to lock it. Nobody — not even Latchkey — can recover this password for you; " +
		"you will get a recovery key instead.")
	form := container.NewVBox(
		container.NewHBox(appIcon(48), container.NewCenter(heading("Welcome to Latchkey"))),
		intro,
		widget.NewForm(
			widget.NewFormItem("Master password", s.password),
			widget.NewFormItem("Confirm", s.confirm),
			widget.NewFormItem("Strength", s.meter.box),
		),
		caption(fmt.Sprintf("At least %d characters. A few unrelated words make a strong password that is easy to remember.", minPasswordLen)),
		reserve(s.message, s.progressBox),
		container.NewHBox(layoutSpacer(), s.createButton),
		caption("The vault will be saved at "+u.env.path),
	)
	u.setContent(centered(form))
	u.focus(s.password)
}

// doCreate creates the vault, or says what is wrong first.
func (u *UI) doCreate() {
	s := u.scr.create
	pw := s.password.Text
	if msg := confirmProblem(pw, s.confirm.Text, true); msg != "" {
		s.message.SetText(msg)
		return
	}
	if len([]rune(pw)) < minPasswordLen {
		s.message.SetText(fmt.Sprintf("The password needs at least %d characters.", minPasswordLen))
		return
	}
	secret := []byte(pw)
	s.createButton.Disable()
	s.password.Disable()
	s.confirm.Disable()
	s.message.SetText("")
	s.message.Hide()
	s.progressBox.Show()
	s.progress.Start()
	go func() {
		v, rk, err := vault.Create(context.Background(), u.env.path, secret, u.opts.Create)
		wipe(secret)
		u.do(func() {
			s.progress.Stop()
			s.progressBox.Hide()
			s.message.Show()
			if err != nil {
				s.password.Enable()
				s.confirm.Enable()
				s.createButton.Enable()
				s.message.SetText(app.Explain(err, app.Situation{Doing: app.DoingCreate}).Text)
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

// showRecoveryKey shows the recovery key once, then starts the session.
func (u *UI) showRecoveryKey(rk string) {
	s := u.scr.create
	s.recovery = newRecoveryKeyView(u.fyne.Clipboard(), rk, "Your recovery key",
		"If you ever forget your master password, this recovery key is the only way into your vault. "+
			"It is shown only now. Write it down or keep it in a password manager, away from this computer.",
		"Continue", func() { u.startSession() })
	u.setContent(centered(s.recovery.box))
	u.focus(s.recovery.copyButton)
}

// recoveryKeyView shows a recovery key with Copy and an "I have saved it"
// check that unlocks the way on.
type recoveryKeyView struct {
	key         *widget.Label
	copyButton  *button
	savedCheck  *check
	continueBtn *button
	box         *fyne.Container
}

func newRecoveryKeyView(clip fyne.Clipboard, rk, title, text, next string, onContinue func()) *recoveryKeyView {
	r := &recoveryKeyView{}
	r.key = widget.NewLabelWithStyle(groupRecoveryKey(rk), fyne.TextAlignCenter, fyne.TextStyle{Monospace: true})
	r.key.Wrapping = fyne.TextWrapBreak
	r.key.SizeName = theme.SizeNameSubHeadingText
	r.copyButton = newButton("Copy", theme.ContentCopyIcon(), nil)
	r.copyButton.OnTapped = func() {
		clip.SetContent(rk)
		r.copyButton.SetText("Copied")
		r.copyButton.SetIcon(theme.ConfirmIcon())
	}
	r.continueBtn = newButton(next, theme.NavigateNextIcon(), onContinue).primary()
	r.continueBtn.Disable()
	r.savedCheck = newCheck("I have saved my recovery key somewhere safe", func(on bool) {
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

// strengthMeter is four segments filled by a zxcvbn score, red to green,
// and the same in words beside it.
type strengthMeter struct {
	widget.BaseWidget
	Score int
	any   bool
	segs  [4]*canvas.Rectangle
	words *widget.Label
	box   *fyne.Container
}

func newStrengthMeter() *strengthMeter {
	m := &strengthMeter{words: widget.NewLabel(" ")}
	for i := range m.segs {
		m.segs[i] = canvas.NewRectangle(color.Transparent)
		m.segs[i].CornerRadius = 2
	}
	m.ExtendBaseWidget(m)
	m.box = border(nil, nil, nil, withWidth(90, m.words), container.NewCenter(m))
	return m
}

// set scores pw and shows it.
func (m *strengthMeter) set(pw string) {
	score, label := passwordStrength(pw)
	m.Score, m.any = score, pw != ""
	m.words.SetText(label)
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

func (r *strengthRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 8) }
func (r *strengthRenderer) Layout(size fyne.Size) {
	gap := float32(4)
	w := (size.Width - 3*gap) / 4
	for i, s := range r.m.segs {
		s.Resize(fyne.NewSize(w, 8))
		s.Move(fyne.NewPos(float32(i)*(w+gap), (size.Height-8)/2))
	}
}
func (r *strengthRenderer) Refresh() {
	filled := 0
	var c color.Color
	if r.m.any {
		filled = max(1, r.m.Score)
		switch {
		case r.m.Score <= 1:
			c = theme.Color(theme.ColorNameError)
		case r.m.Score == 2:
			c = theme.Color(theme.ColorNameWarning)
		default:
			c = theme.Color(theme.ColorNameSuccess)
		}
	}
	for i, s := range r.m.segs {
		if i < filled {
			s.FillColor = c
		} else {
			s.FillColor = theme.Color(theme.ColorNameInputBorder)
		}
		s.Refresh()
	}
}
func (r *strengthRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *strengthRenderer) Destroy()                     {}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
