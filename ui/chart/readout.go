package chart

import "fyne.io/fyne/v2"

// readout is what every chart shares about the item it reads out: the one
// under the pointer or, with the keyboard focus, the one the keys moved to.
// A chart embeds it and passes itself to be refreshed.
type readout struct {
	current int // the item read out, -1 = none
	focused bool
	hovered bool
}

// noReadout is a readout of nothing.
var noReadout = readout{current: -1}

// readOf is item i of a chart's items and whether there is one (i = -1:
// none read out).
func readOf[T any](items []T, i int) (T, bool) {
	if i < 0 || i >= len(items) {
		var none T
		return none, false
	}
	return items[i], true
}

// show reads out item i (-1: none), refreshing w when it changes.
func (r *readout) show(w fyne.Widget, i int) {
	if i != r.current {
		r.current = i
		w.Refresh()
	}
}

// hover reads out item i, under the pointer.
func (r *readout) hover(w fyne.Widget, i int) {
	r.hovered = true
	r.show(w, i)
}

// out drops the readout as the pointer leaves, unless the chart has the
// focus.
func (r *readout) out(w fyne.Widget) {
	r.hovered = false
	if !r.focused {
		r.show(w, -1)
	}
}

// focusGained reads out item first of n when nothing is read out yet.
func (r *readout) focusGained(w fyne.Widget, n, first int) {
	r.focused = true
	if r.current < 0 && n > 0 {
		r.current = first
	}
	w.Refresh()
}

// focusLost drops the readout unless the pointer is over the chart.
func (r *readout) focusLost(w fyne.Widget) {
	r.focused = false
	if !r.hovered {
		r.current = -1
	}
	w.Refresh()
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
