package chart

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// readout is what every chart shares about the item it reads out: the one
// under the pointer or, with the keyboard focus, the one the keys moved to.
// A chart embeds it (newReadout) and so answers the pointer and the
// keyboard (desktop.Hoverable, fyne.Tappable, fyne.Focusable) with its own
// readable parts.
type readout struct {
	chart   readable
	current int // the item read out, -1 = none
	focused bool
	hovered bool
}

// readable is what a chart tells its readout: the widget to refresh when
// the readout changes, and its own geometry and order of items.
type readable interface {
	fyne.Widget
	// itemAt is the item drawn under p, -1 when none.
	itemAt(p fyne.Position) int
	// focusItem is how many items there are and the one read out when the
	// chart gains the focus with nothing read out.
	focusItem() (n, first int)
	// keyTo is the item key moves the readout to; ok is false for a key
	// the chart does not use, or when there are no items.
	keyTo(key fyne.KeyName) (i int, ok bool)
}

// newReadout is a readout of nothing, of chart c.
func newReadout(c readable) readout { return readout{chart: c, current: -1} }

// readOf is item i of a chart's items and whether there is one (i = -1:
// none read out).
func readOf[T any](items []T, i int) (T, bool) {
	if i < 0 || i >= len(items) {
		var none T
		return none, false
	}
	return items[i], true
}

// show reads out item i (-1: none), refreshing the chart when it changes.
func (r *readout) show(i int) {
	if i != r.current {
		r.current = i
		r.chart.Refresh()
	}
}

// MouseIn implements desktop.Hoverable.
func (r *readout) MouseIn(e *desktop.MouseEvent) { r.MouseMoved(e) }

// MouseMoved reads out the item under the pointer.
func (r *readout) MouseMoved(e *desktop.MouseEvent) {
	r.hovered = true
	r.show(r.chart.itemAt(e.Position))
}

// MouseOut drops the readout as the pointer leaves, unless the chart has
// the focus.
func (r *readout) MouseOut() {
	r.hovered = false
	if !r.focused {
		r.show(-1)
	}
}

// Tapped reads out the item tapped.
func (r *readout) Tapped(e *fyne.PointEvent) { r.show(r.chart.itemAt(e.Position)) }

// FocusGained reads out the chart's focusItem when nothing is read out
// yet (or keeps the hovered one).
func (r *readout) FocusGained() {
	r.focused = true
	if n, first := r.chart.focusItem(); r.current < 0 && n > 0 {
		r.current = first
	}
	r.chart.Refresh()
}

// FocusLost drops the readout unless the pointer is over the chart.
func (r *readout) FocusLost() {
	r.focused = false
	if !r.hovered {
		r.current = -1
	}
	r.chart.Refresh()
}

// TypedKey moves the readout where the chart's keyTo says.
func (r *readout) TypedKey(e *fyne.KeyEvent) {
	if i, ok := r.chart.keyTo(e.Name); ok {
		r.show(i)
	}
}

// TypedRune implements fyne.Focusable.
func (r *readout) TypedRune(rune) {}

// move is where key moves the readout from the current item among n in a
// series: Left and Right by one, Page Up and Page Down by page (when it is
// not 0), Home and End to the ends; from nothing, as from the last. ok is
// false for any other key, or when there are no items.
func (r *readout) move(key fyne.KeyName, n, page int) (i int, ok bool) {
	if n == 0 {
		return 0, false
	}
	i = r.current
	if i < 0 {
		i = n - 1
	}
	switch {
	case key == fyne.KeyLeft:
		i--
	case key == fyne.KeyRight:
		i++
	case key == fyne.KeyPageUp && page > 0:
		i -= page
	case key == fyne.KeyPageDown && page > 0:
		i += page
	case key == fyne.KeyHome:
		i = 0
	case key == fyne.KeyEnd:
		i = n - 1
	default:
		return 0, false
	}
	return min(max(i, 0), n-1), true
}
