package desktop

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// homeScreen is the main window once the vault is unlocked: the connection
// list.
type homeScreen struct {
	lockButton *widget.Button
	empty      fyne.CanvasObject
}

func (u *UI) showHome() {
	s := &homeScreen{}
	u.home = s
	s.lockButton = widget.NewButtonWithIcon("Lock", theme.VisibilityOffIcon(), func() { u.lock() })
	title := widget.NewLabel("No connections yet")
	title.TextStyle.Bold = true
	title.Alignment = fyne.TextAlignCenter
	text := widget.NewLabel("Connect a brokerage or exchange account. Its keys stay in your vault, on this computer.")
	text.Alignment = fyne.TextAlignCenter
	text.Wrapping = fyne.TextWrapWord
	s.empty = container.NewVBox(container.NewCenter(lockIcon()), title, text)
	toolbar := container.NewHBox(heading("Connections"), layoutSpacer(), s.lockButton)
	u.setContent(container.NewBorder(container.NewPadded(toolbar), nil, nil, nil, centered(s.empty)))
	u.win.Canvas().AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyL, Modifier: fyne.KeyModifierShortcutDefault}, func(fyne.Shortcut) { u.lock() })
}

// lock locks the vault and returns to the unlock screen.
func (u *UI) lock() {
	if u.vault == nil {
		return
	}
	u.vault.Lock()
	u.showUnlock()
}
