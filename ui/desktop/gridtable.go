package desktop

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// gridTable is a small table that does not scroll (the overview's tables
// of ten rows or so, inside the screen's own scroll): a header row and
// labels in columns sized to their content, the flexible column taking the
// width left and truncating when there is none.
type gridTable struct {
	cols  []column
	box   *fyne.Container
	cells [][]*widget.Label // [row][col], row 0 the header
	lines []*canvas.Rectangle
	rows  int // rows shown, the header not counted
}

func newGridTable(cols ...column) *gridTable {
	g := &gridTable{cols: cols}
	head := make([]*widget.Label, len(cols))
	objs := make([]fyne.CanvasObject, len(cols))
	for i, c := range cols {
		head[i] = widget.NewLabelWithStyle(c.title, c.align, fyne.TextStyle{Bold: true})
		objs[i] = head[i]
	}
	g.cells = [][]*widget.Label{head}
	g.box = container.New(&gridTableLayout{g: g}, objs...)
	return g
}

// cell is one cell's text and look.
type cell struct {
	text string
	imp  widget.Importance
}

// setRows replaces the rows, reusing the labels already made.
func (g *gridTable) setRows(rows [][]cell) {
	for len(g.cells)-1 < len(rows) {
		row := make([]*widget.Label, len(g.cols))
		for i, c := range g.cols {
			l := widget.NewLabelWithStyle("", c.align, fyne.TextStyle{Bold: c.bold})
			if c.flex {
				l.Truncation = fyne.TextTruncateEllipsis
			}
			row[i] = l
		}
		g.cells = append(g.cells, row)
		line := canvas.NewRectangle(theme.Color(theme.ColorNameSeparator))
		g.lines = append(g.lines, line)
	}
	objs := make([]fyne.CanvasObject, 0, (len(rows)+1)*(len(g.cols)+1))
	for _, l := range g.cells[0] {
		objs = append(objs, l)
	}
	for r, row := range rows {
		line := g.lines[r]
		line.FillColor = theme.Color(theme.ColorNameSeparator)
		objs = append(objs, line)
		for i, l := range g.cells[r+1] {
			c := cell{}
			if i < len(row) {
				c = row[i]
			}
			if l.Text != c.text || l.Importance != c.imp {
				l.Text, l.Importance = c.text, c.imp
				l.Refresh()
			}
			objs = append(objs, l)
		}
	}
	g.box.Objects = objs
	g.rows = len(rows)
	g.box.Refresh()
}

// text returns a cell's text (row 0 is the first row under the header).
func (g *gridTable) text(row, col int) string { return g.cells[row+1][col].Text }

// gridTableLayout lays a gridTable out.
type gridTableLayout struct{ g *gridTable }

// widths are the columns' widths for a total width: each fixed column its
// widest cell, the flexible one what is left (at least its minimum).
func (l *gridTableLayout) widths(total float32) []float32 {
	g := l.g
	w := make([]float32, len(g.cols))
	used := float32(0)
	flex := -1
	for i, c := range g.cols {
		if c.flex {
			flex = i
			continue
		}
		for r := 0; r <= g.rows; r++ {
			w[i] = max(w[i], g.cells[r][i].MinSize().Width)
		}
		w[i] = max(w[i], c.min)
		used += w[i]
	}
	if flex >= 0 {
		w[flex] = max(g.cols[flex].min, total-used)
	}
	return w
}

func (l *gridTableLayout) rowHeight() float32 {
	return l.g.cells[0][0].MinSize().Height
}

func (l *gridTableLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	w := float32(0)
	for _, x := range l.widths(0) {
		w += x
	}
	return fyne.NewSize(w, l.rowHeight()*float32(l.g.rows+1))
}

func (l *gridTableLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	g := l.g
	w := l.widths(size.Width)
	h := l.rowHeight()
	for r := 0; r <= g.rows; r++ {
		x := float32(0)
		y := float32(r) * h
		for i, c := range g.cells[r] {
			c.Move(fyne.NewPos(x, y))
			c.Resize(fyne.NewSize(w[i], h))
			x += w[i]
		}
		if r > 0 {
			line := g.lines[r-1]
			line.Move(fyne.NewPos(0, y))
			line.Resize(fyne.NewSize(size.Width, 1))
		}
	}
}
