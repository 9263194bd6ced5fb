package desktop

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// wrapLayout puts objects in a row and wraps them onto more rows when the
// width runs out (the overview's changes: 1D, 1M, YTD, 1Y). Its minimum
// width is its widest object, so it never holds the window wide; its
// height is that of the rows of its last layout, and when a layout
// changes the number of rows it asks its parent (onWrap) to lay out again.
type wrapLayout struct {
	rows   int
	onWrap func()
}

// place lays the objects out in width (or only counts, when move is
// false) and returns the number of rows and the height of one.
func (l *wrapLayout) place(objs []fyne.CanvasObject, width float32, move bool) (rows int, rowH float32) {
	gap := 4 * theme.Padding()
	x := float32(0)
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		rowH = max(rowH, m.Height)
		if rows == 0 || (x > 0 && x+m.Width > width) {
			rows++
			x = 0
		}
		if move {
			o.Move(fyne.NewPos(x, float32(rows-1)*(rowH+theme.Padding())))
			o.Resize(m)
		}
		x += m.Width + gap
	}
	return rows, rowH
}

func (l *wrapLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := float32(0)
	for _, o := range objs {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	rows, rowH := l.place(objs, 1e9, false)
	rows = max(rows, l.rows)
	if rows == 0 {
		return fyne.NewSize(w, 0)
	}
	return fyne.NewSize(w, float32(rows)*rowH+float32(rows-1)*theme.Padding())
}

func (l *wrapLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	rows, _ := l.place(objs, size.Width, true)
	if rows != l.rows {
		l.rows = rows
		if l.onWrap != nil {
			l.onWrap()
		}
	}
}
