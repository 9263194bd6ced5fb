package chart

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/ui/numtext"
)

// Unit is how an axis writes amounts: a prefix ("US$", "€") or a suffix
// (" BTC"). Axis labels are compact ("US$120k", "€1.25M"); the readout
// shows the exact amount through the chart's Value function.
type Unit struct {
	Prefix, Suffix string
}

// formatValue writes a readout's value: with f when there is one, else the
// unit around the plain decimal.
func formatValue(f func(decimal.Decimal) string, u Unit, v decimal.Decimal) string {
	if f != nil {
		return f(v)
	}
	return u.Prefix + v.String() + u.Suffix
}

// niceTicks returns the axis ticks for values in [lo, hi]: a step of 1, 2
// or 5 times a power of ten giving at most maxTicks ticks, and the ticks
// from the multiple of the step at or below lo to the one at or above hi.
// The arithmetic is decimal, so ticks are exact (0.3, not 0.30000000004).
func niceTicks(lo, hi decimal.Decimal, maxTicks int) (ticks []decimal.Decimal, step decimal.Decimal) {
	if maxTicks < 2 {
		maxTicks = 2
	}
	if hi.LessThan(lo) {
		lo, hi = hi, lo
	}
	span := hi.Sub(lo)
	if span.IsZero() {
		// A flat series: one step either side of the value.
		mag := lo.Abs()
		if mag.IsZero() {
			mag = decimal.NewFromInt(1)
		}
		span = mag.Div(decimal.NewFromInt(10))
		lo, hi = lo.Sub(span), hi.Add(span)
		span = hi.Sub(lo)
	}
	// The smallest power of ten exponent whose step fits: start from the
	// span's magnitude and walk 1, 2, 5 upwards.
	exp := int32(len(span.Truncate(0).String())) - 1
	if span.LessThan(decimal.NewFromInt(1)) {
		exp = -int32(leadingZeros(span))
	}
	exp -= 2
	for {
		for _, m := range []int64{1, 2, 5} {
			step = decimal.New(m, exp)
			first := floorTo(lo, step)
			last := ceilTo(hi, step)
			n := last.Sub(first).Div(step).IntPart() + 1
			if n <= int64(maxTicks) {
				for v := first; !v.GreaterThan(last); v = v.Add(step) {
					ticks = append(ticks, v)
				}
				return ticks, step
			}
		}
		exp++
	}
}

// leadingZeros counts the zeros after the point of 0 < d < 1 (0.004 → 2).
func leadingZeros(d decimal.Decimal) int {
	s := d.Abs().String()
	_, frac, _ := strings.Cut(s, ".")
	return len(frac) - len(strings.TrimLeft(frac, "0"))
}

func floorTo(v, step decimal.Decimal) decimal.Decimal {
	return v.Div(step).Floor().Mul(step)
}

func ceilTo(v, step decimal.Decimal) decimal.Decimal {
	return v.Div(step).Ceil().Mul(step)
}

var (
	thousand = decimal.NewFromInt(1_000)
	million  = decimal.NewFromInt(1_000_000)
	billion  = decimal.NewFromInt(1_000_000_000)
)

// scaleFor picks the compact scale for ticks reaching up to mag: none
// below ten thousand (500, 1,000, 9,500 read best in full), then k, M, B.
func scaleFor(mag decimal.Decimal) (decimal.Decimal, string) {
	switch {
	case mag.GreaterThanOrEqual(billion):
		return billion, "B"
	case mag.GreaterThanOrEqual(million):
		return million, "M"
	case mag.GreaterThanOrEqual(thousand.Mul(decimal.NewFromInt(10))):
		return thousand, "k"
	}
	return decimal.NewFromInt(1), ""
}

// axisLabels writes ticks compactly in a unit, with as many decimals as the
// step needs to tell neighbours apart and no more: 0, 20k, 40k; 1.25M,
// 1.5M; 0.05 BTC.
func axisLabels(ticks []decimal.Decimal, step decimal.Decimal, u Unit) []string {
	mag := decimal.Zero
	for _, t := range ticks {
		if t.Abs().GreaterThan(mag) {
			mag = t.Abs()
		}
	}
	scale, suffix := scaleFor(mag)
	places := fracDigits(step.Div(scale))
	out := make([]string, len(ticks))
	for i, t := range ticks {
		v := t.Div(scale)
		s := numtext.GroupDigits(v.Abs().StringFixed(places))
		if places > 0 {
			// 1.50M → 1.5M: drop the zeros the step does not need here.
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		sign := ""
		if v.Round(places).IsNegative() {
			sign = "-"
		}
		if s == "0" {
			out[i] = u.Prefix + "0" + u.Suffix
			continue
		}
		out[i] = sign + u.Prefix + s + suffix + u.Suffix
	}
	return out
}

// fracDigits is the number of decimals d needs (2.50 → 1, 20 → 0).
func fracDigits(d decimal.Decimal) int32 {
	_, frac, ok := strings.Cut(d.String(), ".")
	if !ok {
		return 0
	}
	return int32(len(strings.TrimRight(frac, "0")))
}

// timeStep is one spacing of date ticks.
type timeStep struct {
	days, months, years int
}

// timeSteps are the spacings tried, finest first.
var timeSteps = []timeStep{
	{days: 1}, {days: 2}, {days: 7}, {days: 14},
	{months: 1}, {months: 2}, {months: 3}, {months: 6},
	{years: 1}, {years: 2}, {years: 5}, {years: 10}, {years: 25}, {years: 50},
}

// approxDays is the spacing's length in days, roughly.
func (s timeStep) approxDays() float64 {
	return float64(s.days) + 30.4*float64(s.months) + 365.25*float64(s.years)
}

// timeTicks lists the tick dates of a spacing from first to last (days at
// midnight, weeks on Mondays, months on their first, quarters on Jan, Apr,
// Jul, Oct, years on multiples of the step).
func timeTicks(first, last time.Time, s timeStep) []time.Time {
	loc := first.Location()
	t := time.Date(first.Year(), first.Month(), first.Day(), 0, 0, 0, 0, loc)
	switch {
	case s.years > 0:
		y := (t.Year() / s.years) * s.years
		t = time.Date(y, 1, 1, 0, 0, 0, 0, loc)
	case s.months > 0:
		m := ((int(t.Month()) - 1) / s.months) * s.months
		t = time.Date(t.Year(), time.Month(m+1), 1, 0, 0, 0, 0, loc)
	case s.days == 7 || s.days == 14:
		for t.Weekday() != time.Monday {
			t = t.AddDate(0, 0, -1)
		}
	}
	var out []time.Time
	for i := 0; ; i++ {
		v := t.AddDate(i*s.years, i*s.months, i*s.days)
		if v.After(last) {
			return out
		}
		if !v.Before(first) {
			out = append(out, v)
		}
	}
}

// timeLabel writes a tick date for its spacing: "2 Jan", "Mar", "Jan 2026"
// (a month tick in January, or the first one), "2026".
func timeLabel(t time.Time, s timeStep, first bool) string {
	switch {
	case s.years > 0:
		return t.Format("2006")
	case s.months > 0:
		if first || t.Month() == time.January {
			return t.Format("Jan 2006")
		}
		return t.Format("Jan")
	}
	return t.Format("2 Jan")
}

// valueAxis is a chart's value axis, laid out: its ticks and their labels,
// the height of a line of caption text and the width of the widest label.
type valueAxis struct {
	ticks         []decimal.Decimal
	labels        []string
	lineH, labelW float32
}

// layValueAxis picks as many nice ticks over lo..hi as a chart of height
// holds, and measures their labels written in u at caption size cs.
func layValueAxis(lo, hi decimal.Decimal, u Unit, height, cs, pad float32) valueAxis {
	lineH := measure("0", cs, fyne.TextStyle{}).Height
	maxTicks := max(2, int((height-lineH-2*pad)/(2.5*lineH)))
	ticks, step := niceTicks(lo, hi, maxTicks)
	a := valueAxis{ticks: ticks, labels: axisLabels(ticks, step, u), lineH: lineH}
	for _, s := range a.labels {
		a.labelW = max(a.labelW, measure(s, cs, fyne.TextStyle{}).Width)
	}
	return a
}

// plot is the plotting area of a chart of size: right of the labels, above
// a line of labels, with right more space on its right.
func (a valueAxis) plot(size fyne.Size, pad, right float32) rect {
	return rect{X: a.labelW + 2*pad, Y: pad + a.lineH/2, Width: size.Width - a.labelW - 2*pad - right, Height: size.Height - 2*a.lineH - 2*pad}
}

// yOf maps a value onto p's height: the first tick at its bottom, the last
// at its top.
func (a valueAxis) yOf(p rect) func(float64) float32 {
	y0, y1 := a.ticks[0].InexactFloat64(), a.ticks[len(a.ticks)-1].InexactFloat64()
	return func(v float64) float32 { return p.Y + p.Height - float32((v-y0)/(y1-y0))*p.Height }
}

// grid draws a grid line across p at each tick, with its label left of p;
// with markZero, the zero line in the muted colour.
func (a valueAxis) grid(lines *pool[*canvas.Line], texts *pool[*canvas.Text], c colors, p rect, cs, pad float32, markZero bool) {
	yOf := a.yOf(p)
	for i, t := range a.ticks {
		y := yOf(t.InexactFloat64())
		g := lines.get()
		g.StrokeColor, g.StrokeWidth = c.grid, 1
		if markZero && t.IsZero() {
			g.StrokeColor = c.muted
		}
		g.Position1, g.Position2 = fyne.NewPos(p.X, y), fyne.NewPos(p.X+p.Width, y)
		g.Refresh()
		setText(texts.get(), a.labels[i], cs, c.muted, p.X-pad, y-a.lineH/2, fyne.TextAlignTrailing)
	}
}
