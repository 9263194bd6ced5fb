package desktop

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// column describes one column of a sortTable.
type column struct {
	title string
	align fyne.TextAlign // numbers are trailing, under a trailing title
	// giveWay orders the columns that go when the window is too narrow for
	// all of them: 1 goes first, then 2…; 0 never goes.
	giveWay int
	// flex marks the column that takes the width left over (a
	// description); it shrinks to min before any column goes.
	flex bool
	min  float32
	bold bool // the row's key (a symbol)
	// text marks a column of text, sorted ascending on its first click;
	// other columns (amounts, dates) sort largest or newest first.
	text bool
}

// measureRows is how many rows the content widths are measured on: enough
// for the widths to be right on any screen of data, few enough to stay
// fast with 100,000 activities.
const measureRows = 400

// sortTable is a widget.Table (which creates cells only for what is on
// screen, so it scales to many rows) whose columns are sized to their
// content and to the window: no truncated text while space is left, the
// leftover width goes to the flexible column, and at small widths the
// lower-priority columns give way. Clicking a title sorts by it: the
// table keeps which column and which way, its owner's order puts the rows
// in that order.
type sortTable struct {
	cols    []column
	t       *table
	box     *fyne.Container // the table in its fitting layout: put this on screen
	shown   []int           // the columns on screen, in order
	natural []float32       // each column's content width
	widths  []float32       // each shown column's width now
	rows    func() int
	cell    func(row, col int) (string, widget.Importance)
	order   func(col int, asc bool) // sorts the owner's rows
	sortCol int
	sortAsc bool
	width   float32 // the width last fitted to
}

// newSortTable is a table of cols, its rows sorted by sortCol, largest or
// newest first.
func newSortTable(cols []column, sortCol int, rows func() int, cell func(row, col int) (string, widget.Importance),
	order func(col int, asc bool)) *sortTable {
	st := &sortTable{cols: cols, rows: rows, cell: cell, order: order, sortCol: sortCol}
	for i := range cols {
		st.shown = append(st.shown, i)
	}
	st.t = newTable(func() (int, int) { return st.rows(), len(st.shown) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		}, st.update)
	st.t.ShowHeaderRow = true
	st.t.CreateHeader = func() fyne.CanvasObject { return newHeaderCell() }
	st.t.UpdateHeader = st.updateHeader
	st.box = container.New(&tableFit{st: st}, st.t)
	st.measure()
	return st
}

func (st *sortTable) update(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= st.rows() || id.Col < 0 || id.Col >= len(st.shown) {
		l.SetText("")
		return
	}
	col := st.shown[id.Col]
	text, imp := st.cell(id.Row, col)
	c := st.cols[col]
	if l.Text == text && l.Importance == imp && l.Alignment == c.align && l.TextStyle.Bold == c.bold {
		return // a refresh after a sort often leaves a cell as it was
	}
	l.Alignment, l.Importance, l.TextStyle.Bold = c.align, imp, c.bold
	l.SetText(text)
}

func (st *sortTable) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	if id.Col < 0 || id.Col >= len(st.shown) {
		return
	}
	col := st.shown[id.Col]
	c := st.cols[col]
	dir := 0
	if col == st.sortCol {
		dir = -1
		if st.sortAsc {
			dir = 1
		}
	}
	o.(*headerCell).Set(c.title, c.align, dir, func() { st.SortBy(col) })
}

// SortBy sorts by a column; the same column again flips the order. A text
// column starts ascending, any other largest or newest first.
func (st *sortTable) SortBy(col int) {
	if col == st.sortCol {
		st.sortAsc = !st.sortAsc
	} else {
		st.sortCol, st.sortAsc = col, st.cols[col].text
	}
	st.resort()
}

// resort puts new rows in the current order and shows them.
func (st *sortTable) resort() {
	st.order(st.sortCol, st.sortAsc)
	st.refresh()
}

// refresh shows new rows or a new order: the widths are measured again.
func (st *sortTable) refresh() {
	st.measure()
	st.fit(st.width, true)
	st.t.Refresh()
}

// measure computes each column's content width: its title with the sort
// arrow, and its widest cell among the first measureRows rows.
func (st *sortTable) measure() {
	st.natural = make([]float32, len(st.cols))
	pad := theme.InnerPadding()*2 + 2
	arrow := theme.IconInlineSize() + theme.Padding()
	size := theme.TextSize()
	for i, c := range st.cols {
		st.natural[i] = fyne.MeasureText(c.title, size, fyne.TextStyle{Bold: true}).Width + pad + arrow
	}
	n := min(st.rows(), measureRows)
	for r := 0; r < n; r++ {
		for i, c := range st.cols {
			text, _ := st.cell(r, i)
			if text == "" {
				continue
			}
			if w := fyne.MeasureText(text, size, fyne.TextStyle{Bold: c.bold}).Width + pad; w > st.natural[i] {
				st.natural[i] = w
			}
		}
	}
}

// fit chooses the columns to show at width and their widths.
func (st *sortTable) fit(width float32, force bool) {
	if width <= 0 || (!force && width == st.width) {
		return
	}
	st.width = width
	gap := theme.Padding()
	avail := width - theme.ScrollBarSize() // room for the vertical scroll bar
	shown := make([]bool, len(st.cols))
	for i := range shown {
		shown[i] = true
	}
	need := func() float32 {
		var w float32
		n := 0
		for i, on := range shown {
			if !on {
				continue
			}
			if st.cols[i].flex {
				w += min(st.natural[i], st.cols[i].min)
			} else {
				w += st.natural[i]
			}
			n++
		}
		return w + gap*float32(max(0, n-1))
	}
	for need() > avail {
		next, rank := -1, 0
		for i, on := range shown {
			if g := st.cols[i].giveWay; on && g > 0 && (next < 0 || g < rank) {
				next, rank = i, g
			}
		}
		if next < 0 {
			break // only the columns that never go: the table scrolls sideways
		}
		shown[next] = false
	}
	st.shown = st.shown[:0]
	var fixed float32
	flex := -1
	for i, on := range shown {
		if !on {
			continue
		}
		st.shown = append(st.shown, i)
		if st.cols[i].flex {
			flex = i
		} else {
			fixed += st.natural[i]
		}
	}
	spare := avail - fixed - gap*float32(max(0, len(st.shown)-1))
	st.widths = make([]float32, len(st.shown))
	extra := float32(0)
	if flex < 0 && spare > 0 && len(st.shown) > 0 {
		extra = spare / float32(len(st.shown)) // no empty space on the right
	}
	for j, i := range st.shown {
		w := st.natural[i] + extra
		if i == flex {
			w = max(spare, min(st.natural[i], st.cols[i].min))
		}
		st.widths[j] = w
		st.t.SetColumnWidth(j, w)
	}
	st.t.Refresh()
}

// columnShown reports whether column col is on screen, and its width.
func (st *sortTable) columnShown(col int) (bool, float32) {
	for j, i := range st.shown {
		if i == col {
			return true, st.widths[j]
		}
	}
	return false, 0
}

// tableFit lays the table out at its container's size, fitting its
// columns first. Its minimum size is small: a table never sets the
// window's minimum width.
type tableFit struct{ st *sortTable }

func (l *tableFit) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(120, 120) }

func (l *tableFit) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.st.fit(size.Width, false)
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

// --- sortable header ---------------------------------------------------------------

// headerCell is a table column title and, when the table is sorted by it,
// an arrow. A trailing (numeric) title keeps its arrow on the leading side
// so the words line up with the numbers below. Clicking it sorts; so does
// Enter or Space once Tab reached it (it shows the focus ring).
type headerCell struct {
	widget.BaseWidget
	label   *widget.Label
	arrow   *widget.Icon
	ring    *canvas.Rectangle
	box     *fyne.Container
	onTap   func()
	focused bool
}

func newHeaderCell() *headerCell {
	h := &headerCell{label: boldLabel(""), arrow: widget.NewIcon(nil)}
	h.label.Truncation = fyne.TextTruncateEllipsis
	h.ring = canvas.NewRectangle(color.Transparent)
	h.ring.StrokeWidth = 2
	h.ring.CornerRadius = theme.InputRadiusSize()
	h.box = border(nil, nil, nil, h.arrow, h.label)
	h.ExtendBaseWidget(h)
	return h
}

func (h *headerCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(h.box, h.ring))
}

// Set shows the title; dir is 0 (not sorted), 1 (ascending) or -1.
func (h *headerCell) Set(title string, align fyne.TextAlign, dir int, onTap func()) {
	h.label.Alignment = align
	if align == fyne.TextAlignTrailing {
		h.box.Layout = newBorderLayout(nil, nil, h.arrow, nil)
	} else {
		h.box.Layout = newBorderLayout(nil, nil, nil, h.arrow)
	}
	h.label.SetText(title)
	switch dir {
	case 1:
		h.arrow.SetResource(theme.MenuDropUpIcon())
	case -1:
		h.arrow.SetResource(theme.MenuDropDownIcon())
	default:
		h.arrow.SetResource(nil)
	}
	h.box.Refresh()
	h.onTap = onTap
}

func (h *headerCell) Tapped(*fyne.PointEvent) {
	if h.onTap != nil {
		h.onTap()
	}
}

func (h *headerCell) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (h *headerCell) FocusGained()   { h.setFocused(true) }
func (h *headerCell) FocusLost()     { h.setFocused(false) }
func (h *headerCell) TypedRune(rune) {}

func (h *headerCell) setFocused(on bool) {
	h.focused = on
	h.ring.StrokeColor = color.Transparent
	if on {
		h.ring.StrokeColor = focusRingColor()
	}
	h.ring.Refresh()
}

// TypedKey sorts by the column on Enter or Space and passes the rest on.
func (h *headerCell) TypedKey(ev *fyne.KeyEvent) {
	if (isEnter(ev) || ev.Name == fyne.KeySpace) && h.onTap != nil {
		h.onTap()
		return
	}
	routeKey(h, ev)
}
