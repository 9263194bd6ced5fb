package chart

import (
	"image/color"
	"math"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"
)

// Slice is one part of a whole.
type Slice struct {
	Label string
	Value decimal.Decimal
}

// Donut shows how a whole is split: a ring of slices, largest first from
// the top clockwise, and beside it a legend with each slice's colour, name
// and percentage. The centre shows the total, or the slice under the
// pointer or the keyboard focus (arrow keys move between slices). Beyond
// MaxSlices the smallest are summed into one "Other". Slices that are not
// positive (a margin loan) are listed in the legend with their share of the
// total but take no room on the ring.
type Donut struct {
	widget.BaseWidget

	// Value writes amounts (nil: the plain decimal).
	Value func(decimal.Decimal) string
	// Title is the centre's caption when no slice is read out ("Total").
	Title string
	// Total, when valid, is the amount the centre shows under Title (net
	// worth as computed, rather than the sum of the rounded slices).
	Total decimal.NullDecimal
	// Empty is shown when there is nothing to split.
	Empty string
	// Ring is the theme colour of the focus ring ("" = primary).
	Ring fyne.ThemeColorName

	slices []Slice // sorted, at most MaxSlices
	total  decimal.Decimal
	readout
	center fyne.Position
	radius [2]float32 // inner, outer as last laid out
}

// NewDonut returns an empty donut chart.
func NewDonut() *Donut {
	d := &Donut{Title: "Total", Empty: "Nothing to show"}
	d.readout = newReadout(d)
	d.ExtendBaseWidget(d)
	return d
}

// SetSlices replaces the slices; they are sorted largest first, and those
// beyond MaxSlices summed into "Other".
func (d *Donut) SetSlices(s []Slice) {
	d.slices, d.total = groupSlices(s)
	d.current = -1
	d.Refresh()
}

// groupSlices sorts slices by value, largest first, sums those beyond
// MaxSlices-1 into "Other", and returns the total of all of them.
func groupSlices(in []Slice) ([]Slice, decimal.Decimal) {
	s := append([]Slice(nil), in...)
	sort.SliceStable(s, func(i, j int) bool {
		if c := s[i].Value.Cmp(s[j].Value); c != 0 {
			return c > 0
		}
		return s[i].Label < s[j].Label
	})
	total := decimal.Zero
	for _, x := range s {
		total = total.Add(x.Value)
	}
	if len(s) > MaxSlices {
		other := Slice{Label: "Other"}
		for _, x := range s[MaxSlices-1:] {
			other.Value = other.Value.Add(x.Value)
		}
		s = append(s[:MaxSlices-1], other)
	}
	return s, total
}

// Slices returns the slices shown, after grouping.
func (d *Donut) Slices() []Slice { return d.slices }

// Percent is a slice's share of the total, rounded to one decimal ("" when
// the total is zero).
func (d *Donut) Percent(i int) string {
	return percentOf(d.slices[i].Value, d.total)
}

func percentOf(v, total decimal.Decimal) string {
	if total.IsZero() {
		return ""
	}
	return v.Div(total).Mul(decimal.NewFromInt(100)).StringFixed(1) + "%"
}

// Readout returns the slice read out (hovered or focused).
func (d *Donut) Readout() (Slice, bool) { return readOf(d.slices, d.current) }

func (d *Donut) valueText(v decimal.Decimal) string { return formatValue(d.Value, Unit{}, v) }

// MinSize is room for the ring and a legend.
func (d *Donut) MinSize() fyne.Size {
	d.ExtendBaseWidget(d)
	return fyne.NewSize(320, 160)
}

// CreateRenderer implements fyne.Widget.
func (d *Donut) CreateRenderer() fyne.WidgetRenderer {
	d.ExtendBaseWidget(d)
	r := &donutRenderer{d: d, texts: newTextPool(), swatches: newRectPool(),
		arcs: &pool[*canvas.Arc]{make: func() *canvas.Arc { return canvas.NewArc(0, 0, 0.6, color.Black) }}}
	r.frame = newFrame(d, &d.Ring, r.Layout)
	r.Refresh()
	return r
}

// focusItem: the focus reads out the largest slice.
func (d *Donut) focusItem() (n, first int) { return len(d.slices), 0 }

// keyTo moves between slices with the arrow keys, round the ring, Home and
// End.
func (d *Donut) keyTo(key fyne.KeyName) (int, bool) {
	n := len(d.slices)
	if n == 0 {
		return 0, false
	}
	i := d.current
	switch key {
	case fyne.KeyRight, fyne.KeyDown:
		i = (i + 1) % n
	case fyne.KeyLeft, fyne.KeyUp:
		if i <= 0 {
			i = n
		}
		i--
	case fyne.KeyHome:
		i = 0
	case fyne.KeyEnd:
		i = n - 1
	default:
		return 0, false
	}
	return i, true
}

// itemAt is the slice drawn under a position (on the ring or its legend
// row), -1 when none.
func (d *Donut) itemAt(p fyne.Position) int {
	in, out := d.radius[0], d.radius[1]
	dx, dy := float64(p.X-d.center.X), float64(p.Y-d.center.Y)
	dist := math.Hypot(dx, dy)
	if dist < float64(in) || dist > float64(out) {
		return -1
	}
	// Clockwise from the top, in degrees.
	deg := math.Mod(math.Atan2(dx, -dy)*180/math.Pi+360, 360)
	for i, a := range d.angles() {
		if deg >= float64(a[0]) && deg < float64(a[1]) {
			return i
		}
	}
	return -1
}

// angles are the slices' start and end, in degrees clockwise from the top;
// slices that are not positive have none.
func (d *Donut) angles() [][2]float32 {
	pos := decimal.Zero
	for _, s := range d.slices {
		if s.Value.IsPositive() {
			pos = pos.Add(s.Value)
		}
	}
	out := make([][2]float32, len(d.slices))
	if !pos.IsPositive() {
		return out
	}
	at := decimal.Zero
	for i, s := range d.slices {
		if !s.Value.IsPositive() {
			out[i] = [2]float32{-1, -1}
			continue
		}
		a := float32(at.Div(pos).InexactFloat64() * 360)
		at = at.Add(s.Value)
		out[i] = [2]float32{a, float32(at.Div(pos).InexactFloat64() * 360)}
	}
	return out
}

type donutRenderer struct {
	frame
	d        *Donut
	arcs     *pool[*canvas.Arc]
	texts    *pool[*canvas.Text]
	swatches *pool[*canvas.Rectangle]
}

// color is slice i's colour; "Other" takes the palette's last (grey).
func (r *donutRenderer) color(i int) color.Color {
	if i == MaxSlices-1 && len(r.d.slices) == MaxSlices && r.d.slices[i].Label == "Other" {
		return r.c.palette[len(r.c.palette)-1]
	}
	return r.c.palette[i%(len(r.c.palette)-1)]
}

// Layout puts the ring on the left, as tall as the widget, and the legend
// beside it, one row per slice: swatch, name, percentage.
func (r *donutRenderer) Layout(size fyne.Size) {
	d, c := r.d, r.c
	r.arcs.reset()
	r.texts.reset()
	r.swatches.reset()
	placeRing(r.ring, c, size, d.focused)
	defer r.collect()
	pad := padding(d)
	ts, cs := textSize(d), captionSize(d)
	if len(d.slices) == 0 || d.total.IsZero() {
		d.radius = [2]float32{}
		r.placeEmpty(r.texts.get(), d.Empty, size)
		return
	}
	diam := min(size.Height-2*pad, size.Width*0.45)
	out := diam / 2
	in := out * 0.62
	d.center = fyne.NewPos(pad+out, size.Height/2)
	d.radius = [2]float32{in, out}
	for i, a := range d.angles() {
		if a[1] <= a[0] {
			continue
		}
		arc := r.arcs.get()
		arc.StartAngle, arc.EndAngle = a[0], a[1]
		arc.CutoutRatio = 0.62
		arc.FillColor = r.color(i)
		arc.StrokeColor, arc.StrokeWidth = c.bg, 1.5 // a hairline between slices
		if i == d.current {
			arc.StrokeColor, arc.StrokeWidth = c.fg, 2
		}
		// Drivers draw an arc in the box at its position (its top-left
		// corner), whatever canvas.Arc's comment says of its centre.
		arc.Move(d.center.SubtractXY(out, out))
		arc.Resize(fyne.NewSize(diam, diam))
		arc.Refresh()
	}
	// The centre: the total, or the slice read out.
	title, value := d.Title, d.valueText(d.total)
	if d.Total.Valid {
		value = d.valueText(d.Total.Decimal)
	}
	if s, ok := d.Readout(); ok {
		title, value = s.Label+" · "+percentOf(s.Value, d.total), d.valueText(s.Value)
	}
	vh := measure(value, ts, fyne.TextStyle{Bold: true}).Height
	vt := r.texts.get()
	vt.TextStyle = fyne.TextStyle{Bold: true}
	fitText(vt, value, ts, c.fg, d.center.X, d.center.Y-vh/2, 2*in-2*pad)
	tt := r.texts.get()
	tt.TextStyle = fyne.TextStyle{}
	fitText(tt, title, cs, c.muted, d.center.X, d.center.Y+vh/2, 2*in-2*pad)
	// The legend.
	lx := d.center.X + out + 3*pad
	rowH := measure("Ag", ts, fyne.TextStyle{}).Height + pad/2
	top := max(pad, size.Height/2-rowH*float32(len(d.slices))/2)
	pctW := measure("100.0%", ts, fyne.TextStyle{}).Width
	nameMax := float32(0)
	for _, s := range d.slices {
		nameMax = max(nameMax, measure(s.Label, ts, fyne.TextStyle{Bold: true}).Width)
	}
	// The percentages stand close to the names, not at the far edge of a
	// wide chart.
	right := min(size.Width-pad, lx+12+pad+nameMax+3*pad+pctW)
	for i, s := range d.slices {
		y := top + float32(i)*rowH
		sw := r.swatches.get()
		sw.FillColor, sw.CornerRadius = r.color(i), 2
		sw.Move(fyne.NewPos(lx, y+rowH/2-6))
		sw.Resize(fyne.NewSize(12, 12))
		sw.Refresh()
		style := fyne.TextStyle{Bold: i == d.current}
		name := r.texts.get()
		name.TextStyle = style
		nameW := right - pctW - pad - (lx + 12 + pad)
		truncated(name, s.Label, ts, c.fg, lx+12+pad, y, nameW)
		pct := r.texts.get()
		pct.TextStyle = style
		setText(pct, percentOf(s.Value, d.total), ts, c.fg, right, y, fyne.TextAlignTrailing)
	}
}

func (r *donutRenderer) collect() {
	objs := r.arcs.appendTo(r.objs[:0])
	objs = r.swatches.appendTo(objs)
	objs = r.texts.appendTo(objs)
	r.objs = append(objs, r.ring)
}

// fitText centres a text on x, shortened with an ellipsis to width.
func fitText(t *canvas.Text, s string, size float32, c color.Color, x, y, width float32) {
	s = ellipsis(s, size, t.TextStyle, width)
	setText(t, s, size, c, x, y, fyne.TextAlignCenter)
}

// truncated places a text at x, shortened with an ellipsis to width.
func truncated(t *canvas.Text, s string, size float32, c color.Color, x, y, width float32) {
	setText(t, ellipsis(s, size, t.TextStyle, width), size, c, x, y, fyne.TextAlignLeading)
}

// ellipsis shortens s to fit width, ending it with "…".
func ellipsis(s string, size float32, style fyne.TextStyle, width float32) string {
	if measure(s, size, style).Width <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 {
		r = r[:len(r)-1]
		if t := string(r) + "…"; measure(t, size, style).Width <= width {
			return t
		}
	}
	return ""
}
