package chart

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/ui/internal/wcag"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestNiceTicks(t *testing.T) {
	for _, c := range []struct {
		lo, hi string
		max    int
		want   string
		step   string
	}{
		{"0", "100", 6, "0 20 40 60 80 100", "20"},
		{"3", "97", 6, "0 20 40 60 80 100", "20"},
		{"101234.56", "187654.32", 5, "100000 150000 200000", "50000"},
		{"101234.56", "187654.32", 6, "100000 120000 140000 160000 180000 200000", "20000"},
		{"101234.56", "187654.32", 10, "100000 110000 120000 130000 140000 150000 160000 170000 180000 190000", "10000"},
		{"0.1", "0.35", 6, "0.1 0.15 0.2 0.25 0.3 0.35", "0.05"},
		{"-1200", "800", 5, "-2000 -1000 0 1000", "1000"},
		{"-1200", "800", 6, "-1500 -1000 -500 0 500 1000", "500"},
		{"1000", "1000", 5, "900 950 1000 1050 1100", "50"},
		{"0", "0", 5, "-0.1 -0.05 0 0.05 0.1", "0.05"},
		{"0.00012", "0.00019", 3, "0.0001 0.00015 0.0002", "0.00005"},
	} {
		ticks, step := niceTicks(dec(c.lo), dec(c.hi), c.max)
		var got []string
		for _, t := range ticks {
			got = append(got, t.String())
		}
		if strings.Join(got, " ") != c.want || step.String() != c.step {
			t.Errorf("niceTicks(%s, %s, %d) = %v step %s, want %s step %s", c.lo, c.hi, c.max, got, step, c.want, c.step)
		}
		if len(ticks) > c.max {
			t.Errorf("niceTicks(%s, %s, %d): %d ticks", c.lo, c.hi, c.max, len(ticks))
		}
		if ticks[0].GreaterThan(dec(c.lo)) || ticks[len(ticks)-1].LessThan(dec(c.hi)) {
			t.Errorf("niceTicks(%s, %s): %v does not cover the range", c.lo, c.hi, got)
		}
	}
}

func TestAxisLabels(t *testing.T) {
	usd := Unit{Prefix: "US$"}
	for _, c := range []struct {
		ticks []string
		step  string
		unit  Unit
		want  string
	}{
		{[]string{"0", "20000", "40000"}, "20000", usd, "US$0 US$20k US$40k"},
		{[]string{"1000000", "1250000", "1500000"}, "250000", Unit{Prefix: "€"}, "€1M €1.25M €1.5M"},
		{[]string{"-500", "0", "500"}, "500", usd, "-US$500 US$0 US$500"},
		{[]string{"0.05", "0.1"}, "0.05", Unit{Suffix: " BTC"}, "0.05 BTC 0.1 BTC"},
		{[]string{"2000000000", "3000000000"}, "1000000000", Unit{Prefix: "¥"}, "¥2B ¥3B"},
		{[]string{"900", "950", "1000"}, "50", usd, "US$900 US$950 US$1,000"},
		{[]string{"0", "5000", "10000"}, "5000", usd, "US$0 US$5k US$10k"},
		{[]string{"100", "200"}, "100", Unit{Suffix: " CHF"}, "100 CHF 200 CHF"},
	} {
		var ticks []decimal.Decimal
		for _, s := range c.ticks {
			ticks = append(ticks, dec(s))
		}
		if got := strings.Join(axisLabels(ticks, dec(c.step), c.unit), " "); got != c.want {
			t.Errorf("axisLabels(%v) = %q, want %q", c.ticks, got, c.want)
		}
	}
}

// daily is a synthetic series of n daily values ending on end.
func daily(n int, end time.Time) []Point {
	out := make([]Point, n)
	v := decimal.NewFromInt(100000)
	for i := range out {
		// A wobble that is exact in decimal: ±0.5% steps.
		if (i/7)%3 == 0 {
			v = v.Mul(dec("0.995")).Round(2)
		} else {
			v = v.Mul(dec("1.004")).Round(2)
		}
		out[i] = Point{Time: end.AddDate(0, 0, i-n+1), Value: v.Round(2)}
	}
	return out
}

var end = time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)

func newTestLine(t testing.TB, pts []Point, size fyne.Size) (*Line, fyne.WidgetRenderer) {
	t.Helper()
	l := NewLine(Unit{Prefix: "€"})
	l.SetPoints(pts)
	l.Resize(size)
	r := test.WidgetRenderer(l)
	r.Layout(size)
	return l, r
}

// texts are the visible texts a renderer draws.
func texts(r fyne.WidgetRenderer) []*canvas.Text {
	var out []*canvas.Text
	for _, o := range r.Objects() {
		if t, ok := o.(*canvas.Text); ok && t.Visible() && t.Text != "" {
			out = append(out, t)
		}
	}
	return out
}

func overlap(a, b *canvas.Text) bool {
	ap, bp := a.Position(), b.Position()
	as, bs := a.Size(), b.Size()
	return ap.X < bp.X+bs.Width && bp.X < ap.X+as.Width && ap.Y < bp.Y+bs.Height && bp.Y < ap.Y+as.Height
}

// No two labels of a line chart overlap and all stay inside it, for every
// period at every width from narrow to wide.
func TestLineLabelsNeverOverlap(t *testing.T) {
	test.NewTempApp(t)
	for _, days := range []int{2, 8, 31, 92, 366, 1827, 7300} {
		for w := float32(220); w <= 1600; w += 115 {
			for _, h := range []float32{140, 320} {
				_, r := newTestLine(t, daily(days, end), fyne.NewSize(w, h))
				ts := texts(r)
				dates := 0
				for i, a := range ts {
					p, s := a.Position(), a.Size()
					if p.X < 0 || p.Y < 0 || p.X+s.Width > w+0.5 || p.Y+s.Height > h+0.5 {
						t.Errorf("%d days, %v×%v: %q at %v size %v leaves the chart", days, w, h, a.Text, p, s)
					}
					if !strings.Contains(a.Text, "€") {
						dates++
					}
					for _, b := range ts[i+1:] {
						if overlap(a, b) {
							t.Errorf("%d days, %v×%v: %q overlaps %q", days, w, h, a.Text, b.Text)
						}
					}
				}
				if dates < 1 || (dates < 2 && w >= 400) {
					t.Errorf("%d days, %v×%v: %d date labels", days, w, h, dates)
				}
			}
		}
	}
}

func TestLineDateLabels(t *testing.T) {
	test.NewTempApp(t)
	for _, c := range []struct {
		days int
		want []string // labels that must show
	}{
		{31, []string{"16 Feb", "2 Mar", "9 Mar"}},
		{366, []string{"Apr 2025", "Jan 2026"}},
		{1827, []string{"Jan 2022", "Jul", "Jan 2026"}},
		{3650, []string{"2018", "2020", "2026"}},
	} {
		_, r := newTestLine(t, daily(c.days, end), fyne.NewSize(900, 300))
		var got []string
		for _, x := range texts(r) {
			got = append(got, x.Text)
		}
		all := " " + strings.Join(got, " | ") + " "
		for _, w := range c.want {
			if !strings.Contains(all, "| "+w+" |") && !strings.HasSuffix(all, "| "+w+" ") {
				t.Errorf("%d days: labels %v lack %q", c.days, got, w)
			}
		}
	}
}

// xOf is where point i is drawn.
func xOf(l *Line, i int) float32 {
	p := l.points
	f := float32(p[i].Time.Sub(p[0].Time)) / float32(p[len(p)-1].Time.Sub(p[0].Time))
	return l.plot.X + f*l.plot.Width
}

func TestLineHoverReadsOutNearestPoint(t *testing.T) {
	test.NewTempApp(t)
	pts := daily(92, end)
	l, r := newTestLine(t, pts, fyne.NewSize(800, 300))
	l.Value = func(d decimal.Decimal) string { return "€" + d.StringFixed(2) }
	if _, ok := l.Readout(); ok {
		t.Fatal("a readout before any hover")
	}
	for _, i := range []int{0, 17, 45, 91} {
		l.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(xOf(l, i)+1, 100)}})
		p, ok := l.Readout()
		if !ok || !p.Time.Equal(pts[i].Time) {
			t.Fatalf("hover over point %d read out %v %v", i, p, ok)
		}
		date, value := l.ReadoutText()
		if date != pts[i].Time.Format("2 Jan 2006") || value != "€"+pts[i].Value.StringFixed(2) {
			t.Errorf("readout %q %q", date, value)
		}
		var shown []string
		for _, x := range texts(r) {
			shown = append(shown, x.Text)
		}
		if !contains(shown, date) || !contains(shown, value) {
			t.Errorf("the tooltip shows %v, want %q and %q", shown, date, value)
		}
	}
	l.MouseOut()
	if _, ok := l.Readout(); ok {
		t.Error("the readout stays after the pointer left")
	}
	// Beyond the ends: the end points.
	l.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(2, 100)}})
	if p, _ := l.Readout(); !p.Time.Equal(pts[0].Time) {
		t.Errorf("left of the plot read out %v", p.Time)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestLineKeyboardFocus(t *testing.T) {
	test.NewTempApp(t)
	pts := daily(30, end)
	l, r := newTestLine(t, pts, fyne.NewSize(600, 240))
	w := test.NewTempWindow(t, l)
	w.Canvas().Focus(l)
	if p, ok := l.Readout(); !ok || !p.Time.Equal(pts[29].Time) {
		t.Fatalf("focus read out %v %v, want the last point", p, ok)
	}
	if !ringShown(r) {
		t.Error("no focus ring")
	}
	for _, step := range []struct {
		keys []fyne.KeyName
		want int // the point read out after them
		what string
	}{
		{[]fyne.KeyName{fyne.KeyLeft, fyne.KeyLeft}, 27, "two lefts"},
		{[]fyne.KeyName{fyne.KeyHome}, 0, "Home"},
		{[]fyne.KeyName{fyne.KeyLeft}, 0, "left of the first"},
		{[]fyne.KeyName{fyne.KeyPageDown}, 3, "Page Down"},
		{[]fyne.KeyName{fyne.KeyEnd}, 29, "End"},
	} {
		for _, k := range step.keys {
			l.TypedKey(&fyne.KeyEvent{Name: k})
		}
		if p, _ := l.Readout(); !p.Time.Equal(pts[step.want].Time) {
			t.Errorf("%s read out %v", step.what, p.Time)
		}
	}
	w.Canvas().Unfocus()
	if _, ok := l.Readout(); ok {
		t.Error("the readout stays after the focus left")
	}
	if ringShown(r) {
		t.Error("the focus ring stays")
	}
}

func ringShown(r fyne.WidgetRenderer) bool {
	objs := r.Objects()
	ring, ok := objs[len(objs)-1].(*canvas.Rectangle)
	return ok && ring.Visible() && ring.StrokeWidth > 0
}

// A long series is drawn with a bounded number of segments that still
// reach its extremes.
func TestLineDownsamples(t *testing.T) {
	test.NewTempApp(t)
	pts := daily(1827, end)
	pts[900].Value = dec("5000000") // a spike that must survive
	l, r := newTestLine(t, pts, fyne.NewSize(400, 200))
	segs, top := 0, float32(math.MaxFloat32)
	for _, o := range r.Objects() {
		if ln, ok := o.(*canvas.Line); ok && ln.Visible() && ln.StrokeWidth == 2 {
			segs++
			top = min(top, ln.Position1.Y, ln.Position2.Y)
		}
	}
	if max := 4 * int(l.plot.Width+1); segs > max || segs < int(l.plot.Width) {
		t.Errorf("%d segments for a %v px plot", segs, l.plot.Width)
	}
	// The rest of the series stays below a ninth of the spike: the line
	// reaches up to the spike only if its column kept it.
	if top > l.plot.Y+l.plot.Height/4 {
		t.Errorf("the spike is lost: the line's top is %v in a plot from %v to %v", top, l.plot.Y, l.plot.Y+l.plot.Height)
	}
}

func TestLineEmpty(t *testing.T) {
	test.NewTempApp(t)
	_, r := newTestLine(t, daily(1, end), fyne.NewSize(400, 200))
	ts := texts(r)
	if len(ts) != 1 || ts[0].Text != "No history yet" {
		t.Errorf("one point shows %v", ts)
	}
}

// variantTheme forces a variant of the default theme.
type variantTheme struct {
	fyne.Theme
	v fyne.ThemeVariant
}

func (t variantTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return t.Theme.Color(n, t.v)
}

// The charts take their colours from the theme and follow a variant switch.
func TestChartsFollowTheTheme(t *testing.T) {
	a := test.NewTempApp(t)
	l, lr := newTestLine(t, daily(60, end), fyne.NewSize(500, 200))
	d := NewDonut()
	d.SetSlices([]Slice{{"A", dec("3")}, {"B", dec("1")}})
	d.Resize(fyne.NewSize(400, 200))
	dr := test.WidgetRenderer(d)
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		th := variantTheme{theme.DefaultTheme(), v}
		a.Settings().SetTheme(th)
		l.Refresh()
		d.Refresh()
		primary := th.Color(theme.ColorNamePrimary, v)
		for _, o := range lr.Objects() {
			if ln, ok := o.(*canvas.Line); ok && ln.StrokeWidth == 2 && ln.StrokeColor != primary {
				t.Fatalf("variant %d: the line is %v, the theme's primary %v", v, ln.StrokeColor, primary)
			}
		}
		want := lightPalette[0]
		if v == theme.VariantDark {
			want = darkPalette[0]
		}
		arc := dr.Objects()[0].(*canvas.Arc)
		if arc.FillColor != want {
			t.Errorf("variant %d: the first slice is %v, want %v", v, arc.FillColor, want)
		}
	}
}

// Each palette colour stands out from its background (3:1, WCAG's figure
// for graphics).
func TestPaletteContrast(t *testing.T) {
	for name, c := range map[string]struct {
		bg  color.Color
		pal []color.Color
	}{
		"light": {theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantLight), lightPalette},
		"dark":  {theme.DefaultTheme().Color(theme.ColorNameBackground, theme.VariantDark), darkPalette},
	} {
		for i, p := range c.pal {
			if r := wcag.Contrast(p, c.bg); r < 3 {
				t.Errorf("%s palette colour %d: %.2f:1 against the background", name, i, r)
			}
		}
	}
}

func TestDonutGroupsAndReadsOut(t *testing.T) {
	test.NewTempApp(t)
	d := NewDonut()
	d.Value = func(v decimal.Decimal) string { return "$" + v.StringFixed(2) }
	var in []Slice
	for i := range 11 {
		in = append(in, Slice{Label: fmt.Sprintf("S%02d", i), Value: decimal.NewFromInt(int64(100 - i))})
	}
	d.SetSlices(in)
	got := d.Slices()
	if len(got) != MaxSlices || got[0].Label != "S00" || got[MaxSlices-1].Label != "Other" {
		t.Fatalf("slices %v", got)
	}
	// Other sums S07..S10: 93+92+91+90.
	if !got[MaxSlices-1].Value.Equal(decimal.NewFromInt(366)) {
		t.Errorf("Other = %s", got[MaxSlices-1].Value)
	}
	if p := d.Percent(0); p != "9.6%" { // 100 / 1045
		t.Errorf("S00's share %q", p)
	}
	d.Resize(fyne.NewSize(500, 240))
	r := test.WidgetRenderer(d)
	r.Layout(d.Size())
	// Just right of the top of the ring: the first slice.
	out := d.radius[1]
	mid := (d.radius[0] + out) / 2
	d.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: d.center.Add(fyne.NewPos(3, -mid))}})
	if s, ok := d.Readout(); !ok || s.Label != "S00" {
		t.Errorf("hover at the top read out %v %v", s, ok)
	}
	// Just left of the top: the last slice (Other).
	d.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: d.center.Add(fyne.NewPos(-3, -mid))}})
	if s, _ := d.Readout(); s.Label != "Other" {
		t.Errorf("hover left of the top read out %v", s)
	}
	var shown []string
	for _, x := range texts(r) {
		shown = append(shown, x.Text)
	}
	if !contains(shown, "$366.00") || !contains(shown, "Other · 35.0%") {
		t.Errorf("the centre shows %v", shown)
	}
	// The hole reads out nothing.
	d.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: d.center}})
	if _, ok := d.Readout(); ok {
		t.Error("the hole read out a slice")
	}
	// The keyboard walks the slices, wrapping.
	d.MouseOut()
	d.FocusGained()
	if s, _ := d.Readout(); s.Label != "S00" {
		t.Errorf("focus read out %v", s)
	}
	d.TypedKey(&fyne.KeyEvent{Name: fyne.KeyLeft})
	if s, _ := d.Readout(); s.Label != "Other" {
		t.Errorf("Left from the first read out %v", s)
	}
	d.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	d.TypedKey(&fyne.KeyEvent{Name: fyne.KeyRight})
	if s, _ := d.Readout(); s.Label != "S01" {
		t.Errorf("two Rights read out %v", s)
	}
	d.FocusLost()
	if _, ok := d.Readout(); ok {
		t.Error("the readout stays after the focus left")
	}
	// The legend lists every slice with its share, without overlaps.
	ts := texts(r)
	for i, a := range ts {
		for _, b := range ts[i+1:] {
			if overlap(a, b) {
				t.Errorf("%q overlaps %q", a.Text, b.Text)
			}
		}
	}
}

func TestDonutNegativeSliceTakesNoRoom(t *testing.T) {
	test.NewTempApp(t)
	d := NewDonut()
	d.SetSlices([]Slice{{"Stocks", dec("120")}, {"Margin loan", dec("-20")}})
	if p := d.Percent(0); p != "120.0%" {
		t.Errorf("stocks' share of the net total: %q", p)
	}
	if p := d.Percent(1); p != "-20.0%" {
		t.Errorf("the loan's share: %q", p)
	}
	d.Resize(fyne.NewSize(400, 200))
	arcs := 0
	for _, o := range test.WidgetRenderer(d).Objects() {
		if a, ok := o.(*canvas.Arc); ok {
			arcs++
			if a.StartAngle != 0 || a.EndAngle != 360 {
				t.Errorf("the only arc spans %v..%v", a.StartAngle, a.EndAngle)
			}
		}
	}
	if arcs != 1 {
		t.Errorf("%d arcs", arcs)
	}
}

// The ring is drawn where hovering finds it: each arc's box centred on the
// donut's centre (drivers draw an arc in the box at its position).
func TestDonutRingIsWhereTheHoverLooks(t *testing.T) {
	test.NewTempApp(t)
	d := NewDonut()
	d.SetSlices([]Slice{{"A", dec("3")}, {"B", dec("1")}})
	d.Resize(fyne.NewSize(420, 180))
	for _, o := range test.WidgetRenderer(d).Objects() {
		if a, ok := o.(*canvas.Arc); ok {
			c := a.Position().Add(fyne.NewPos(a.Size().Width/2, a.Size().Height/2))
			if c != d.center || a.Size().Width != 2*d.radius[1] {
				t.Errorf("arc centred on %v size %v; hover looks at %v radius %v", c, a.Size(), d.center, d.radius[1])
			}
			if a.Position().X < 0 || a.Position().Y < 0 || a.Position().Y+a.Size().Height > 180 {
				t.Errorf("arc at %v size %v leaves the chart", a.Position(), a.Size())
			}
		}
	}
}

func months(n int) []Bar {
	var out []Bar
	for i := range n {
		m := time.Date(2026, time.Month(2-n+1+i), 1, 0, 0, 0, 0, time.UTC)
		out = append(out, Bar{Label: m.Format("Jan"), Title: m.Format("January 2006"), Value: decimal.NewFromInt(int64(10 * (i%5 + 1)))})
	}
	return out
}

func TestBarsReadOutAndLabels(t *testing.T) {
	test.NewTempApp(t)
	b := NewBars(Unit{Prefix: "US$"})
	b.SetBars(months(12))
	b.Resize(fyne.NewSize(600, 200))
	r := test.WidgetRenderer(b)
	r.Layout(b.Size())
	x0, slot := b.slots[0], b.slots[1]
	b.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(x0+slot*4.5, 100)}})
	bar, ok := b.Readout()
	if !ok || bar.Title != "July 2025" {
		t.Fatalf("hover over the fifth bar read out %v %v", bar, ok)
	}
	var shown []string
	for _, x := range texts(r) {
		shown = append(shown, x.Text)
	}
	if !contains(shown, "July 2025") || !contains(shown, "US$50") {
		t.Errorf("the tooltip shows %v", shown)
	}
	if !contains(shown, "US$0") {
		t.Errorf("the axis lacks zero: %v", shown)
	}
	b.MouseOut()
	b.FocusGained()
	if bar, _ := b.Readout(); bar.Title != "February 2026" {
		t.Errorf("focus read out %v", bar)
	}
	b.TypedKey(&fyne.KeyEvent{Name: fyne.KeyHome})
	if bar, _ := b.Readout(); bar.Title != "March 2025" {
		t.Errorf("Home read out %v", bar)
	}
	// Narrow: labels thin out but never overlap, and the latest stays.
	for _, w := range []float32{220, 300, 420} {
		b.FocusLost()
		b.Resize(fyne.NewSize(w, 160))
		r.Layout(b.Size())
		ts := texts(r)
		seen := false
		for i, a := range ts {
			if a.Text == "Feb" {
				seen = true
			}
			for _, c := range ts[i+1:] {
				if overlap(a, c) {
					t.Errorf("width %v: %q overlaps %q", w, a.Text, c.Text)
				}
			}
		}
		if !seen {
			t.Errorf("width %v: the latest month's label is gone", w)
		}
	}
}

func TestBarsEmpty(t *testing.T) {
	test.NewTempApp(t)
	b := NewBars(Unit{})
	b.Empty = "No income in the last 12 months"
	b.SetBars([]Bar{{Label: "Jan", Value: decimal.Zero}})
	b.Resize(fyne.NewSize(300, 150))
	ts := texts(test.WidgetRenderer(b))
	if len(ts) != 1 || ts[0].Text != b.Empty {
		t.Errorf("all-zero bars show %v", ts)
	}
}

// Every chart's renderer asks for its widget's minimum size, and a tap
// reads out what is under it as a hover does.
func TestChartsRendererSizeAndTap(t *testing.T) {
	test.NewTempApp(t)
	b := NewBars(Unit{})
	b.SetBars(months(12))
	b.Resize(fyne.NewSize(600, 200))
	l, lr := newTestLine(t, daily(30, end), fyne.NewSize(600, 240))
	d := NewDonut()
	d.SetSlices([]Slice{{Label: "Stocks", Value: dec("3")}, {Label: "Cash", Value: dec("1")}})
	d.Resize(fyne.NewSize(400, 200))
	for _, c := range []struct {
		w fyne.Widget
		r fyne.WidgetRenderer
	}{{b, test.WidgetRenderer(b)}, {l, lr}, {d, test.WidgetRenderer(d)}} {
		if got, want := c.r.MinSize(), c.w.MinSize(); got != want {
			t.Errorf("%T's renderer asks for %v, the widget for %v", c.w, got, want)
		}
	}
	x0, slot := b.slots[0], b.slots[1]
	b.Tapped(&fyne.PointEvent{Position: fyne.NewPos(x0+slot*4.5, 100)})
	if bar, ok := b.Readout(); !ok || bar.Title != "July 2025" {
		t.Errorf("a tap on the fifth bar read out %v %v", bar, ok)
	}
}

// BenchmarkLineLayout lays out five years of daily values in a 1000×320
// chart, as the overview's value chart does on a resize (target: 16 ms).
func BenchmarkLineLayout(b *testing.B) {
	test.NewTempApp(b)
	l, _ := newTestLine(b, daily(1827, end), fyne.NewSize(1000, 320))
	size := fyne.NewSize(1000, 320)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		// Alternate widths: a resize to the same size lays nothing out.
		size.Width = 1000 - float32(i%2)
		l.Resize(size)
	}
}

// BenchmarkLineHover moves the readout across the five-year chart.
func BenchmarkLineHover(b *testing.B) {
	test.NewTempApp(b)
	l, _ := newTestLine(b, daily(1827, end), fyne.NewSize(1000, 320))
	for i := 0; b.Loop(); i++ {
		l.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(float32(100+i%800), 100)}})
	}
}
