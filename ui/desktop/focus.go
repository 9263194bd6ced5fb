package desktop

import (
	"image/color"
	"strings"
	"sync"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The focusable widgets of the app. Each passes the keys it has no use for
// (Esc, Enter, the app's shortcuts) to keys (see keys.go), and buttons show
// a focus ring that is visible in both themes.

// --- button ------------------------------------------------------------------------

// button is a widget.Button that Enter presses as well as Space, with a
// focus ring.
type button struct {
	widget.Button
	focused bool
	onKey   func(*fyne.KeyEvent) bool // keys its group handles first (a radio's Up and Down)
	onFocus func()                    // after it took the focus (see followFocus)
}

func newButton(label string, icon fyne.Resource, tapped func()) *button {
	b := &button{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// primary makes b the page's main action.
func (b *button) primary() *button {
	b.Importance = widget.HighImportance
	return b
}

// tap presses the button as a click would (when it is enabled).
func (b *button) tap() bool {
	if b.Disabled() || b.OnTapped == nil || !b.Visible() {
		return false
	}
	b.OnTapped()
	return true
}

func (b *button) TypedKey(ev *fyne.KeyEvent) {
	if b.onKey != nil && b.onKey(ev) {
		return
	}
	switch {
	case isEnter(ev):
		b.tap()
	case ev.Name == fyne.KeySpace:
		b.Button.TypedKey(ev)
	default:
		routeKey(b, ev)
	}
}

func (b *button) FocusGained() {
	b.focused = true
	b.Button.FocusGained()
	if b.onFocus != nil {
		b.onFocus()
	}
}

func (b *button) FocusLost() {
	b.focused = false
	b.Button.FocusLost()
}

func (b *button) CreateRenderer() fyne.WidgetRenderer {
	return newRingRenderer(b.Button.CreateRenderer(), func() bool { return b.focused })
}

// ringRenderer draws a focus ring around a widget's own renderer.
type ringRenderer struct {
	fyne.WidgetRenderer
	ring    *canvas.Rectangle
	focused func() bool
	objs    []fyne.CanvasObject
}

func newRingRenderer(r fyne.WidgetRenderer, focused func() bool) *ringRenderer {
	ring := canvas.NewRectangle(color.Transparent)
	ring.StrokeWidth = 2
	ring.CornerRadius = theme.InputRadiusSize()
	rr := &ringRenderer{WidgetRenderer: r, ring: ring, focused: focused}
	rr.objs = append(append([]fyne.CanvasObject{}, r.Objects()...), ring)
	rr.paint()
	return rr
}

func (r *ringRenderer) paint() {
	if r.focused() {
		r.ring.StrokeColor = focusRingColor()
	} else {
		r.ring.StrokeColor = color.Transparent
	}
}

func (r *ringRenderer) Layout(s fyne.Size) {
	r.WidgetRenderer.Layout(s)
	r.ring.Resize(s)
	r.ring.Move(fyne.NewPos(0, 0))
}

func (r *ringRenderer) Objects() []fyne.CanvasObject {
	inner := r.WidgetRenderer.Objects()
	if len(inner)+1 != len(r.objs) || (len(inner) > 0 && inner[0] != r.objs[0]) {
		r.objs = append(append([]fyne.CanvasObject{}, inner...), r.ring)
	}
	return r.objs
}

func (r *ringRenderer) Refresh() {
	r.WidgetRenderer.Refresh()
	r.paint()
	r.ring.Refresh()
}

// --- entry -------------------------------------------------------------------------

// entry is a widget.Entry that passes the app's shortcuts, Esc and an
// unused Enter on, and can be limited to digits and a length (one-time
// codes).
type entry struct {
	widget.Entry
	digits  bool
	length  int // 0: any
	fixing  bool
	user    func(string)              // the OnChanged given by the screen
	onKey   func(*fyne.KeyEvent) bool // keys the screen handles first (Up, Down)
	onBlur  func()                    // after the focus left it
	onFocus func()                    // after it took the focus (see followFocus)
	rest    *cursorRest
}

// blinkTimeout is how long a focused entry's cursor blinks after the last
// key or click; then it rests, lit (as GTK's cursor-blink-timeout does).
// A blinking cursor repaints the window 60 times a second: left alone on
// the unlock screen it cost 5.6 % of a core at rest.
var blinkTimeout = 5 * time.Second

// cursorRest stops a focused entry's blinking after blinkTimeout. The entry
// keeps the keyboard focus; it only looks unfocused to Fyne's renderer until
// the next key or click wakes it.
type cursorRest struct {
	mu      sync.Mutex
	timer   *time.Timer
	resting bool
	focused bool
}

// wake restarts the blink (a key or a click).
func (e *entry) wake() {
	r := e.rest
	r.mu.Lock()
	resting := r.resting
	r.resting = false
	if r.timer != nil {
		r.timer.Stop()
	}
	if r.focused {
		r.timer = time.AfterFunc(blinkTimeout, func() { fyne.Do(e.sleep) })
	}
	r.mu.Unlock()
	if resting {
		e.Entry.FocusGained()
	}
}

// sleep stops the blink if the entry still has the focus and nothing
// happened since.
func (e *entry) sleep() {
	r := e.rest
	r.mu.Lock()
	ok := r.focused && !r.resting
	if ok {
		r.resting = true
	}
	r.mu.Unlock()
	if ok {
		e.Entry.FocusLost()
	}
}

func (e *entry) FocusGained() {
	e.rest.mu.Lock()
	e.rest.focused, e.rest.resting = true, false
	e.rest.mu.Unlock()
	e.Entry.FocusGained()
	e.wake()
	if e.onFocus != nil {
		e.onFocus()
	}
}

func (e *entry) FocusLost() {
	r := e.rest
	r.mu.Lock()
	r.focused = false
	resting := r.resting
	r.resting = false
	if r.timer != nil {
		r.timer.Stop()
	}
	r.mu.Unlock()
	if !resting {
		e.Entry.FocusLost()
	}
	if e.onBlur != nil {
		e.onBlur()
	}
}

func (e *entry) Tapped(ev *fyne.PointEvent) {
	e.wake()
	e.Entry.Tapped(ev)
}

func newEntry() *entry {
	e := &entry{rest: &cursorRest{}}
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	e.ExtendBaseWidget(e)
	e.Entry.OnChanged = e.changed
	return e
}

func newPasswordEntry() *entry {
	e := newEntry()
	e.Password = true
	e.ActionItem = newRevealer(e)
	return e
}

// newSecretArea is a multi-line secret (a private key in PEM): its lines
// kept as pasted, shown as dots until the eye reveals them.
func newSecretArea() *entry {
	e := newPasswordEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapOff
	e.SetMinRowsVisible(4)
	return e
}

func newMultiLineEntry() *entry {
	e := newEntry()
	e.MultiLine = true
	e.Wrapping = fyne.TextWrapWord
	return e
}

// revealer shows or hides a password entry's text (an eye icon inside it,
// reached by the mouse; the keyboard does not stop on it).
type revealer struct {
	widget.BaseWidget
	icon  *canvas.Image
	entry *entry
}

func newRevealer(e *entry) *revealer {
	r := &revealer{icon: canvas.NewImageFromResource(theme.VisibilityOffIcon()), entry: e}
	r.icon.FillMode = canvas.ImageFillContain
	r.icon.SetMinSize(fyne.NewSquareSize(theme.IconInlineSize()))
	r.ExtendBaseWidget(r)
	return r
}

func (r *revealer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewCenter(r.icon))
}

func (r *revealer) MinSize() fyne.Size {
	return fyne.NewSquareSize(theme.IconInlineSize() + theme.Padding()*2)
}

func (r *revealer) Tapped(*fyne.PointEvent) {
	if r.entry.Disabled() {
		return
	}
	r.entry.Password = !r.entry.Password
	if r.entry.Password {
		r.icon.Resource = theme.VisibilityOffIcon()
	} else {
		r.icon.Resource = theme.VisibilityIcon()
	}
	r.icon.Refresh()
	r.entry.Refresh()
}

func (r *revealer) Cursor() desktop.Cursor { return desktop.DefaultCursor }

// onChanged sets what runs after the text changes (OnChanged is the
// entry's own filter).
func (e *entry) onChanged(f func(string)) { e.user = f }

// limit accepts only digits (when digits) and at most length characters.
func (e *entry) limit(digits bool, length int) {
	e.digits, e.length = digits, length
}

// allowed filters s to what the entry accepts.
func (e *entry) allowed(s string) string {
	if !e.digits && e.length == 0 {
		return s
	}
	var b strings.Builder
	n := 0
	for _, r := range s {
		if e.digits && !unicode.IsDigit(r) {
			continue
		}
		if e.length > 0 && n >= e.length {
			break
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

func (e *entry) changed(s string) {
	if e.fixing {
		return
	}
	if ok := e.allowed(s); ok != s {
		// A paste or a programmatic change brought what the field cannot
		// hold: keep what it can.
		e.fixing = true
		e.SetText(ok)
		e.CursorColumn = len([]rune(ok))
		e.fixing = false
		s = ok
	}
	if e.user != nil {
		e.user(s)
	}
}

func (e *entry) TypedRune(r rune) {
	e.wake()
	if e.digits && !unicode.IsDigit(r) {
		return
	}
	if e.length > 0 && len([]rune(e.Text)) >= e.length && e.SelectedText() == "" {
		return
	}
	e.Entry.TypedRune(r)
}

func (e *entry) TypedKey(ev *fyne.KeyEvent) {
	e.wake()
	if e.onKey != nil && e.onKey(ev) {
		return
	}
	switch {
	case ev.Name == fyne.KeyEscape:
		routeKey(e, ev)
	case isEnter(ev) && !e.MultiLine && e.OnSubmitted == nil:
		routeKey(e, ev)
	default:
		e.Entry.TypedKey(ev)
	}
}

func (e *entry) TypedShortcut(s fyne.Shortcut) {
	e.wake()
	if routeShortcut(e, s) {
		return
	}
	e.Entry.TypedShortcut(s)
}

// selectAll selects the whole text, so typing replaces it.
func (e *entry) selectAll() { e.TypedShortcut(&fyne.ShortcutSelectAll{}) }

// --- date entry --------------------------------------------------------------------

// dateEntry is a widget.DateEntry that passes the app's keys on.
type dateEntry struct {
	widget.DateEntry
}

func newDateEntry() *dateEntry {
	e := &dateEntry{}
	e.ExtendBaseWidget(e)
	e.Wrapping = fyne.TextWrap(fyne.TextTruncateClip)
	return e
}

func (e *dateEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape || (isEnter(ev) && e.OnSubmitted == nil) {
		routeKey(e, ev)
		return
	}
	e.DateEntry.TypedKey(ev)
}

func (e *dateEntry) TypedShortcut(s fyne.Shortcut) {
	if routeShortcut(e, s) {
		return
	}
	e.DateEntry.TypedShortcut(s)
}

// date returns the date typed or picked, or nil.
func (e *dateEntry) date() *time.Time { return e.Date }

// --- select ------------------------------------------------------------------------

// selectBox is a widget.Select that passes Esc and Enter on.
type selectBox struct {
	widget.Select
	onFocus func() // after it took the focus (see followFocus)
}

func (s *selectBox) FocusGained() {
	s.Select.FocusGained()
	if s.onFocus != nil {
		s.onFocus()
	}
}

// passOn routes Esc and Enter from w to the screen (routeKey) and gives
// every other key to the widget's own handler.
func passOn(w fyne.CanvasObject, ev *fyne.KeyEvent, own func(*fyne.KeyEvent)) {
	if ev.Name == fyne.KeyEscape || isEnter(ev) {
		routeKey(w, ev)
		return
	}
	own(ev)
}

// enterOpens gives w's own handler Enter as Space, opening what Space
// opens, routes Esc to the screen (routeKey) and gives it every other key.
func enterOpens(w fyne.CanvasObject, ev *fyne.KeyEvent, own func(*fyne.KeyEvent)) {
	switch {
	case isEnter(ev):
		own(&fyne.KeyEvent{Name: fyne.KeySpace})
	case ev.Name == fyne.KeyEscape:
		routeKey(w, ev)
	default:
		own(ev)
	}
}

func newSelect(options []string, changed func(string)) *selectBox {
	s := &selectBox{}
	s.Options, s.OnChanged, s.PlaceHolder = options, changed, "(Select one)"
	s.ExtendBaseWidget(s)
	return s
}

func (s *selectBox) TypedKey(ev *fyne.KeyEvent) { passOn(s, ev, s.Select.TypedKey) }

// --- check -------------------------------------------------------------------------

// check is a widget.Check that passes Esc and Enter on.
type check struct {
	widget.Check
}

func newCheck(label string, changed func(bool)) *check {
	c := &check{}
	c.Text, c.OnChanged = label, changed
	c.ExtendBaseWidget(c)
	return c
}

func (c *check) TypedKey(ev *fyne.KeyEvent) { passOn(c, ev, c.Check.TypedKey) }

// --- list --------------------------------------------------------------------------

// list is a widget.List whose focused row Enter opens (as Space does).
type list struct {
	widget.List
}

func newList(length func() int, create func() fyne.CanvasObject, update func(widget.ListItemID, fyne.CanvasObject)) *list {
	l := &list{}
	l.Length, l.CreateItem, l.UpdateItem = length, create, update
	l.ExtendBaseWidget(l)
	return l
}

func (l *list) TypedKey(ev *fyne.KeyEvent) { enterOpens(l, ev, l.List.TypedKey) }

// --- table -------------------------------------------------------------------------

// table is a widget.Table that passes Esc on.
type table struct {
	widget.Table
}

func newTable(length func() (int, int), create func() fyne.CanvasObject, update func(widget.TableCellID, fyne.CanvasObject)) *table {
	t := &table{}
	t.Length, t.CreateCell, t.UpdateCell = length, create, update
	t.ExtendBaseWidget(t)
	return t
}

func (t *table) TypedKey(ev *fyne.KeyEvent) { passOn(t, ev, t.Table.TypedKey) }

// --- hyperlink ---------------------------------------------------------------------

// link is a widget.Hyperlink that Enter opens too.
type link struct {
	widget.Hyperlink
}

func newLink(text string, tapped func()) *link {
	l := &link{}
	l.Text, l.OnTapped = text, tapped
	l.ExtendBaseWidget(l)
	return l
}

func (l *link) TypedKey(ev *fyne.KeyEvent) { enterOpens(l, ev, l.Hyperlink.TypedKey) }

// followFocus scrolls sc so that whichever of objs takes the focus (Tab,
// Shift+Tab, a problem focusing its field) is in view: Fyne's scroll does
// not follow the focus by itself.
func followFocus(sc *container.Scroll, objs ...fyne.CanvasObject) {
	for _, o := range objs {
		show := func() { scrollTo(sc, o) }
		switch w := o.(type) {
		case *entry:
			w.onFocus = show
		case *button:
			w.onFocus = show
		case *selectBox:
			w.onFocus = show
		}
	}
}

// scrollTo moves sc the least that shows o whole (its top when it is
// taller than sc).
func scrollTo(sc *container.Scroll, o fyne.CanvasObject) {
	d := fyne.CurrentApp().Driver()
	top := d.AbsolutePositionForObject(o).Y - d.AbsolutePositionForObject(sc).Y
	h, view := o.Size().Height, sc.Size().Height
	off := sc.Offset.Y
	switch {
	case top < 0:
		off += top
	case top+h > view:
		off += min(top, top+h-view)
	default:
		return
	}
	sc.ScrollToOffset(fyne.NewPos(sc.Offset.X, max(0, off)))
}
