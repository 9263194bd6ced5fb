package chart

import (
	"image/color"
	"sort"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"
)

// Point is one value of a series on a date.
type Point struct {
	Time  time.Time
	Value decimal.Decimal
}

// Line is a value-over-time chart: a line through the points over a value
// axis with nice ticks and a date axis whose labels never overlap. Hovering
// the pointer, or moving with the arrow keys while the chart has the focus,
// shows the date and value of the nearest point.
type Line struct {
	widget.BaseWidget

	// Unit writes the axis labels; Value writes the readout's value
	// (nil: the unit and the plain decimal); Date the readout's date (nil:
	// "2 Jan 2006").
	Unit  Unit
	Value func(decimal.Decimal) string
	Date  func(time.Time) string
	// Empty is shown when there are fewer than two points.
	Empty string
	// Ring is the theme colour of the focus ring ("" = primary).
	Ring fyne.ThemeColorName

	points []Point
	readout
	plot rect // the plot area as last laid out
}

// NewLine returns an empty line chart.
func NewLine(u Unit) *Line {
	l := &Line{Unit: u, Empty: "No history yet"}
	l.readout = newReadout(l)
	l.ExtendBaseWidget(l)
	return l
}

// SetPoints replaces the series (sorted by time) and drops the readout.
func (l *Line) SetPoints(p []Point) {
	l.points = append(l.points[:0], p...)
	sort.SliceStable(l.points, func(i, j int) bool { return l.points[i].Time.Before(l.points[j].Time) })
	l.current = -1
	if l.focused && len(l.points) > 0 {
		l.current = len(l.points) - 1
	}
	l.Refresh()
}

// Points returns the series shown.
func (l *Line) Points() []Point { return l.points }

// Readout returns the point read out (hovered or focused) and whether there
// is one.
func (l *Line) Readout() (Point, bool) { return readOf(l.points, l.current) }

// ReadoutText is the readout as shown: its date and value.
func (l *Line) ReadoutText() (date, value string) {
	p, ok := l.Readout()
	if !ok {
		return "", ""
	}
	return l.dateText(p.Time), l.valueText(p.Value)
}

func (l *Line) dateText(t time.Time) string {
	if l.Date != nil {
		return l.Date(t)
	}
	return t.Format("2 Jan 2006")
}

func (l *Line) valueText(v decimal.Decimal) string { return formatValue(l.Value, l.Unit, v) }

// MinSize is room for a few ticks on each axis.
func (l *Line) MinSize() fyne.Size {
	l.ExtendBaseWidget(l)
	return fyne.NewSize(220, 140)
}

// CreateRenderer implements fyne.Widget.
func (l *Line) CreateRenderer() fyne.WidgetRenderer {
	l.ExtendBaseWidget(l)
	r := &lineRenderer{l: l, texts: newTextPool(), lines: newLinePool(), tip: newTooltip(),
		guide: canvas.NewLine(color.Black), marker: canvas.NewCircle(color.Black), empty: canvas.NewText("", color.Black)}
	r.frame = newFrame(l, &l.Ring, r.Layout)
	r.guide.Hide()
	r.marker.Hide()
	r.empty.Hide()
	r.Refresh()
	return r
}

// Hover and keyboard.

// focusItem: the focus reads out the last point.
func (l *Line) focusItem() (n, first int) { return len(l.points), len(l.points) - 1 }

// keyTo moves the readout: Left and Right by a point, Page Up and Page
// Down by a tenth of the series, Home and End to the ends.
func (l *Line) keyTo(key fyne.KeyName) (int, bool) {
	return l.move(key, len(l.points), max(1, len(l.points)/10))
}

// itemAt is the index of the point nearest p's x (the pointer or a tap),
// -1 when there are none.
func (l *Line) itemAt(p fyne.Position) int {
	x := p.X
	n := len(l.points)
	if n == 0 {
		return -1
	}
	left, right := l.plotX()
	first, last := l.points[0].Time, l.points[n-1].Time
	span := last.Sub(first)
	if span <= 0 || right <= left {
		return n - 1
	}
	t := first.Add(time.Duration(float64(span) * float64((x-left)/(right-left))))
	i := sort.Search(n, func(i int) bool { return !l.points[i].Time.Before(t) })
	switch {
	case i == 0:
		return 0
	case i == n:
		return n - 1
	case t.Sub(l.points[i-1].Time) < l.points[i].Time.Sub(t):
		return i - 1
	}
	return i
}

// plotX is the horizontal extent of the plot area, as last laid out.
func (l *Line) plotX() (float32, float32) {
	if l.plot.Width > 0 {
		return l.plot.X, l.plot.X + l.plot.Width
	}
	return 0, l.Size().Width
}

// lineRenderer draws a Line.
type lineRenderer struct {
	frame
	l      *Line
	texts  *pool[*canvas.Text]
	lines  *pool[*canvas.Line] // grid lines first, then the series
	tip    *tooltip
	guide  *canvas.Line
	marker *canvas.Circle
	empty  *canvas.Text
}

// rect is an area of the widget.
type rect struct{ X, Y, Width, Height float32 }

// Layout lays the chart out: the value axis's labels on the left, the date
// axis's below, grid lines at the value ticks, the series downsampled to at
// most four points per pixel column (first, lowest, highest, last), and the
// readout.
func (r *lineRenderer) Layout(size fyne.Size) {
	l, c := r.l, r.c
	r.texts.reset()
	r.lines.reset()
	r.guide.Hide()
	r.marker.Hide()
	r.tip.hide()
	r.empty.Hide()
	placeRing(r.ring, c, size, l.focused)
	defer r.collect()
	pad := padding(l)
	cs := captionSize(l)
	if len(l.points) < 2 || size.Width < 40 || size.Height < 40 {
		l.plot = rect{}
		r.placeEmpty(r.empty, l.Empty, size)
		r.empty.Show()
		return
	}
	lo, hi := l.points[0].Value, l.points[0].Value
	for _, p := range l.points {
		lo, hi = decimal.Min(lo, p.Value), decimal.Max(hi, p.Value)
	}
	axis := layValueAxis(lo, hi, l.Unit, size.Height, cs, pad)
	lineH := axis.lineH
	l.plot = axis.plot(size, pad, 2*pad)
	p := l.plot
	if p.Width < 10 || p.Height < 10 {
		return
	}
	yOf := axis.yOf(p)
	axis.grid(r.lines, r.texts, c, p, cs, pad, false)
	first, last := l.points[0].Time, l.points[len(l.points)-1].Time
	span := float64(last.Sub(first))
	xOf := func(t time.Time) float32 { return p.X + float32(float64(t.Sub(first))/span)*p.Width }
	r.dateAxis(first, last, xOf, p.X, p.Y+p.Height+lineH/2+pad/2, cs)
	r.series(xOf, yOf)
	if i := l.current; i >= 0 && i < len(l.points) {
		pt := l.points[i]
		x, y := xOf(pt.Time), yOf(pt.Value.InexactFloat64())
		r.guide.StrokeColor, r.guide.StrokeWidth = c.muted, 1
		r.guide.Position1, r.guide.Position2 = fyne.NewPos(x, p.Y), fyne.NewPos(x, p.Y+p.Height)
		r.guide.Show()
		r.guide.Refresh()
		rad := pad
		r.marker.FillColor, r.marker.StrokeColor, r.marker.StrokeWidth = c.primary, c.bg, 2
		r.marker.Move(fyne.NewPos(x-rad, y-rad))
		r.marker.Resize(fyne.NewSize(2*rad, 2*rad))
		r.marker.Show()
		r.marker.Refresh()
		date, value := l.ReadoutText()
		r.tip.place(l, c, date, value, x, y, size.Width, p.Y, p.Y+p.Height)
	}
}

// dateAxis places the date labels: the finest spacing whose labels, each
// centred on its tick (or moved in from the ends), keep a gap between them
// and stay right of the value axis.
func (r *lineRenderer) dateAxis(first, last time.Time, xOf func(time.Time) float32, left, y, size float32) {
	l := r.l
	gap := 3 * padding(l)
	width := l.Size().Width
	span := last.Sub(first).Hours() / 24
	for _, s := range timeSteps {
		if span/s.approxDays() > float64(width/20) {
			continue // far too many: skip listing and measuring them
		}
		ticks := timeTicks(first, last, s)
		if len(ticks) == 0 {
			continue
		}
		type lab struct {
			text string
			x, w float32
		}
		labs := make([]lab, 0, len(ticks))
		ok := true
		prevEnd := float32(-1e9)
		for i, t := range ticks {
			text := timeLabel(t, s, i == 0)
			w := measure(text, size, fyne.TextStyle{}).Width
			x := xOf(t) - w/2
			x = min(max(x, left), width-w)
			if x < prevEnd+gap {
				ok = false
				break
			}
			prevEnd = x + w
			labs = append(labs, lab{text, x, w})
		}
		if !ok {
			continue
		}
		for _, lb := range labs {
			setText(r.texts.get(), lb.text, size, r.c.muted, lb.x, y, fyne.TextAlignLeading)
		}
		return
	}
}

// series draws the line, at most four points per pixel column.
func (r *lineRenderer) series(xOf func(time.Time) float32, yOf func(float64) float32) {
	pts := r.l.points
	var prev fyne.Position
	have := false
	add := func(pos fyne.Position) {
		if have {
			seg := r.lines.get()
			seg.StrokeColor, seg.StrokeWidth = r.c.primary, 2
			seg.Position1, seg.Position2 = prev, pos
		}
		prev, have = pos, true
	}
	col := float32(-1)
	var bucket []fyne.Position
	flush := func() {
		if len(bucket) <= 4 {
			for _, b := range bucket {
				add(b)
			}
		} else {
			lo, hi := 0, 0
			for i, b := range bucket {
				if b.Y > bucket[lo].Y {
					lo = i
				}
				if b.Y < bucket[hi].Y {
					hi = i
				}
			}
			a, b := min(lo, hi), max(lo, hi)
			add(bucket[0])
			if a > 0 {
				add(bucket[a])
			}
			if b > a && b < len(bucket)-1 {
				add(bucket[b])
			}
			add(bucket[len(bucket)-1])
		}
		bucket = bucket[:0]
	}
	for _, p := range pts {
		pos := fyne.NewPos(xOf(p.Time), yOf(p.Value.InexactFloat64()))
		if c := float32(int(pos.X)); c != col {
			flush()
			col = c
		}
		bucket = append(bucket, pos)
	}
	flush()
}

// collect lists the objects in drawing order.
func (r *lineRenderer) collect() {
	for _, g := range r.lines.active() {
		g.Refresh()
	}
	objs := r.lines.appendTo(r.objs[:0])
	objs = r.texts.appendTo(objs)
	r.objs = append(objs, r.guide, r.marker, r.empty)
	r.objs = append(r.objs, r.tip.objects()...)
	r.objs = append(r.objs, r.ring)
}
