package desktop

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// modal is a dialog of the app: its own buttons, Esc closes it (as its
// dismiss button does), Enter presses its default button, and the focus is
// dropped when it closes (a focused entry left behind keeps blinking).
type modal struct {
	d       *dialog.CustomDialog
	s       surface
	layer   *keyLayer
	dismiss *button
	def     *button // pressed by Enter; nil: none
	action  *button // a confirmation's action button
	onClose func()
	closed  bool
}

// newModal builds a dialog with content and the buttons dismiss (Esc),
// others and def (Enter, last). It shows nothing until show.
func newModal(s surface, title string, content fyne.CanvasObject, dismiss string, def *button, others ...*button) *modal {
	m := &modal{s: s, def: def}
	m.dismiss = newButton(dismiss, nil, func() { m.hide() })
	btns := []fyne.CanvasObject{m.dismiss}
	for _, b := range others {
		btns = append(btns, b)
	}
	if def != nil {
		btns = append(btns, def)
	}
	m.d = dialog.NewCustomWithoutButtons(title, content, s.window())
	m.d.SetButtons(btns)
	m.layer = &keyLayer{escape: m.hide, enter: func() bool {
		if m.def == nil {
			return false
		}
		return m.def.tap()
	}}
	m.d.SetOnClosed(func() { m.closedDown() })
	return m
}

// show shows the dialog and gives the focus to first (or the default
// button).
func (m *modal) show(first fyne.Focusable) {
	m.s.keyboard().push(m.layer)
	m.d.Show()
	switch {
	case first != nil:
		m.s.focus(first)
	case m.def != nil:
		m.s.focus(m.def)
	default:
		m.s.focus(m.dismiss)
	}
}

// hide closes the dialog (Esc, the dismiss button, or after its action).
func (m *modal) hide() {
	if m.closed {
		return
	}
	m.d.Hide()
	m.closedDown()
}

func (m *modal) closedDown() {
	if m.closed {
		return
	}
	m.closed = true
	m.s.keyboard().pop(m.layer)
	m.s.window().Canvas().Unfocus()
	if m.onClose != nil {
		m.onClose()
	}
}

// resize sets the dialog's size.
func (m *modal) resize(s fyne.Size) { m.d.Resize(s) }

// showMessage shows a plain message with Close.
func showMessage(s surface, title, text string) *modal {
	m := newModal(s, title, withWidth(min(420, s.window().Canvas().Size().Width-80), wrapped(text)), "Close", nil)
	m.show(nil)
	return m
}

// showConfirm asks before doing something. A destructive action is not the
// default: Enter and Esc cancel, and the user tabs to it.
func showConfirm(s surface, title, text, confirmText string, destructive bool, ok func()) *modal {
	return showConfirmContent(s, title, wrapped(text), nil, confirmText, destructive, ok)
}

// showConfirmContent is showConfirm with its own content (a message and a
// choice); first, when set, has the focus.
func showConfirmContent(s surface, title string, content fyne.CanvasObject, first fyne.Focusable, confirmText string, destructive bool, ok func()) *modal {
	var m *modal
	yes := newButton(confirmText, nil, func() {
		m.hide()
		ok()
	})
	defer func() { m.action = yes }()
	body := withWidth(min(440, s.window().Canvas().Size().Width-80), content)
	if destructive {
		yes.Importance = widget.DangerImportance
		m = newModal(s, title, body, "Cancel", nil, yes)
		m.layer.enter = func() bool { m.hide(); return true }
	} else {
		yes.Importance = widget.HighImportance
		m = newModal(s, title, body, "Cancel", yes)
	}
	m.show(first)
	return m
}
