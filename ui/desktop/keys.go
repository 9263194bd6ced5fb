package desktop

import (
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// keys routes the keyboard wherever the focus is: the app's shortcuts
// (Ctrl+L lock, Ctrl+N connect, Ctrl+R refresh, Ctrl+, settings, Ctrl+F
// search), Esc (close the top dialog, step back) and Enter (press the
// default button).
//
// Fyne hands a shortcut to the focused widget when it takes shortcuts (an
// entry does) and a key to the focused widget whatever it is; neither
// reaches the canvas then. So every focusable widget of this package is one
// of the types in focus.go, which pass what they do not use to keys; the
// canvas handlers cover the case of no focus. A lock shortcut swallowed by
// a text field would be a security defect.
type keys struct {
	mu        sync.Mutex
	shortcuts map[fyne.KeyName]func()
	layers    []*keyLayer // open dialogs, the top last
	back      func()      // the screen's Esc (back to the connections), nil: none
	touch     func()      // user activity (the idle lock)
}

// keyLayer is an open dialog's Esc and Enter.
type keyLayer struct {
	escape func()
	enter  func() bool // presses the default button; false when there is none (or it is disabled)
}

// routes finds the keys of the canvas a widget is on; lastKeys is the
// window's when the canvas of a widget is not known yet.
var (
	routes   sync.Map // fyne.Canvas → *keys
	lastKeys atomic.Pointer[keys]
)

func newKeys(touch func()) *keys {
	if touch == nil {
		touch = func() {}
	}
	return &keys{shortcuts: map[fyne.KeyName]func(){}, touch: touch}
}

// bind registers a shortcut: the platform's shortcut modifier (Ctrl, ⌘ on
// macOS) with name.
func (k *keys) bind(name fyne.KeyName, f func()) {
	k.mu.Lock()
	k.shortcuts[name] = f
	k.mu.Unlock()
}

// install makes k the keyboard router of c.
func (k *keys) install(c fyne.Canvas) {
	routes.Store(c, k)
	lastKeys.Store(k)
	k.mu.Lock()
	names := make([]fyne.KeyName, 0, len(k.shortcuts))
	for n := range k.shortcuts {
		names = append(names, n)
	}
	k.mu.Unlock()
	for _, n := range names {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: n, Modifier: fyne.KeyModifierShortcutDefault}, func(s fyne.Shortcut) { k.shortcut(s) })
	}
	c.SetOnTypedKey(func(ev *fyne.KeyEvent) { k.key(ev) })
}

// uninstall forgets c.
func (k *keys) uninstall(c fyne.Canvas) {
	routes.Delete(c)
	lastKeys.CompareAndSwap(k, nil)
}

// keysOf returns the router of the canvas o is on, or nil.
func keysOf(o fyne.CanvasObject) *keys {
	app := fyne.CurrentApp()
	if app == nil {
		return nil
	}
	if c := app.Driver().CanvasForObject(o); c != nil {
		if k, ok := routes.Load(c); ok {
			return k.(*keys)
		}
	}
	return lastKeys.Load()
}

// shortcut runs s when it is one of the app's; it reports whether it was.
func (k *keys) shortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != fyne.KeyModifierShortcutDefault {
		return false
	}
	k.mu.Lock()
	f := k.shortcuts[cs.KeyName]
	k.mu.Unlock()
	if f == nil {
		return false
	}
	k.touch()
	f()
	return true
}

// key handles Esc and Enter that the focused widget had no use for; it
// reports whether it did anything.
func (k *keys) key(ev *fyne.KeyEvent) bool {
	k.touch()
	k.mu.Lock()
	var top *keyLayer
	if n := len(k.layers); n > 0 {
		top = k.layers[n-1]
	}
	back := k.back
	k.mu.Unlock()
	switch ev.Name {
	case fyne.KeyEscape:
		switch {
		case top != nil && top.escape != nil:
			top.escape()
			return true
		case top == nil && back != nil:
			back()
			return true
		}
	case fyne.KeyReturn, fyne.KeyEnter:
		if top != nil && top.enter != nil {
			return top.enter()
		}
	}
	return false
}

// push opens a layer (a dialog shows); pop closes it.
func (k *keys) push(l *keyLayer) {
	k.mu.Lock()
	k.layers = append(k.layers, l)
	k.mu.Unlock()
}

func (k *keys) pop(l *keyLayer) {
	k.mu.Lock()
	defer k.mu.Unlock()
	for i := len(k.layers) - 1; i >= 0; i-- {
		if k.layers[i] == l {
			k.layers = append(k.layers[:i], k.layers[i+1:]...)
			return
		}
	}
}

// clear forgets every layer (the vault locked: every dialog is gone).
func (k *keys) clear() {
	k.mu.Lock()
	k.layers = nil
	k.mu.Unlock()
}

// setBack sets the screen's Esc (nil: none).
func (k *keys) setBack(f func()) {
	k.mu.Lock()
	k.back = f
	k.mu.Unlock()
}

// routeKey passes a key the widget o did not use to its canvas's router.
func routeKey(o fyne.CanvasObject, ev *fyne.KeyEvent) bool {
	if k := keysOf(o); k != nil {
		return k.key(ev)
	}
	return false
}

// routeShortcut runs an app shortcut typed into the widget o.
func routeShortcut(o fyne.CanvasObject, s fyne.Shortcut) bool {
	if k := keysOf(o); k != nil {
		return k.shortcut(s)
	}
	return false
}

// isEnter reports whether ev is Return or the keypad's Enter.
func isEnter(ev *fyne.KeyEvent) bool { return ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter }
