package chart

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"
)

// Bar is one bar: its axis label ("Mar"), the readout's title ("March
// 2026") and its value.
type Bar struct {
	Label, Title string
	Value        decimal.Decimal
}

// Bars is a column chart (income by month): bars from zero over a value
// axis with nice ticks, labels under the bars thinned so they never
// overlap, and the bar under the pointer or the keyboard focus (arrow keys)
// read out.
type Bars struct {
	widget.BaseWidget

	// Unit writes the axis labels; Value the readout's value (nil: the unit
	// and the plain decimal).
	Unit  Unit
	Value func(decimal.Decimal) string
	// Empty is shown when there are no bars or all are zero.
	Empty string
	// Ring is the theme colour of the focus ring ("" = primary).
	Ring fyne.ThemeColorName

	bars []Bar
	readout
	slots [2]float32 // x of the first slot and a slot's width, as last laid out
}

// NewBars returns an empty bar chart.
func NewBars(u Unit) *Bars {
	b := &Bars{Unit: u, Empty: "Nothing to show"}
	b.readout = newReadout(b)
	b.ExtendBaseWidget(b)
	return b
}

// SetBars replaces the bars.
func (b *Bars) SetBars(bars []Bar) {
	b.bars = append(b.bars[:0], bars...)
	b.current = -1
	b.Refresh()
}

// Bars returns the bars shown.
func (b *Bars) Bars() []Bar { return b.bars }

// Readout returns the bar read out (hovered or focused).
func (b *Bars) Readout() (Bar, bool) { return readOf(b.bars, b.current) }

func (b *Bars) valueText(v decimal.Decimal) string { return formatValue(b.Value, b.Unit, v) }

// MinSize is room for a few ticks and bars.
func (b *Bars) MinSize() fyne.Size {
	b.ExtendBaseWidget(b)
	return fyne.NewSize(220, 140)
}

// CreateRenderer implements fyne.Widget.
func (b *Bars) CreateRenderer() fyne.WidgetRenderer {
	b.ExtendBaseWidget(b)
	r := &barsRenderer{b: b, texts: newTextPool(), lines: newLinePool(), rects: newRectPool(), tip: newTooltip()}
	r.frame = newFrame(b, &b.Ring, r.Layout)
	r.Refresh()
	return r
}

// focusItem: the focus reads out the last bar.
func (b *Bars) focusItem() (n, first int) { return len(b.bars), len(b.bars) - 1 }

// keyTo moves between bars with Left, Right, Home and End.
func (b *Bars) keyTo(key fyne.KeyName) (int, bool) { return b.move(key, len(b.bars), 0) }

// itemAt is the bar whose slot holds p's x, -1 when none.
func (b *Bars) itemAt(p fyne.Position) int {
	x, x0, w := p.X, b.slots[0], b.slots[1]
	if w <= 0 || x < x0 {
		return -1
	}
	i := int((x - x0) / w)
	if i >= len(b.bars) {
		return -1
	}
	return i
}

type barsRenderer struct {
	frame
	b     *Bars
	texts *pool[*canvas.Text]
	lines *pool[*canvas.Line]
	rects *pool[*canvas.Rectangle]
	tip   *tooltip
}

// Layout lays out the value axis (always including zero), the bars, one
// slot each with a gap, and every k-th label, k the smallest that keeps
// labels apart.
func (r *barsRenderer) Layout(size fyne.Size) {
	b, c := r.b, r.c
	r.texts.reset()
	r.lines.reset()
	r.rects.reset()
	r.tip.hide()
	placeRing(r.ring, c, size, b.focused)
	defer r.collect()
	pad := padding(b)
	cs := captionSize(b)
	lo, hi := decimal.Zero, decimal.Zero
	for _, x := range b.bars {
		lo, hi = decimal.Min(lo, x.Value), decimal.Max(hi, x.Value)
	}
	if len(b.bars) == 0 || (lo.IsZero() && hi.IsZero()) || size.Width < 40 || size.Height < 40 {
		b.slots = [2]float32{}
		r.placeEmpty(r.texts.get(), b.Empty, size)
		return
	}
	axis := layValueAxis(lo, hi, b.Unit, size.Height, cs, pad)
	p := axis.plot(size, pad, pad)
	if p.Width < 10 || p.Height < 10 {
		return
	}
	yOf := axis.yOf(p)
	axis.grid(r.lines, r.texts, c, p, cs, pad, true)
	slot := p.Width / float32(len(b.bars))
	b.slots = [2]float32{p.X, slot}
	gap := max(1, min(slot*0.25, 2*pad))
	zero := yOf(0)
	// Every k-th label, k the smallest that leaves a gap between them.
	widest := float32(0)
	for _, x := range b.bars {
		widest = max(widest, measure(x.Label, cs, fyne.TextStyle{}).Width)
	}
	k := max(1, int(math.Ceil(float64((widest+pad)/slot))))
	for i, x := range b.bars {
		top := yOf(x.Value.InexactFloat64())
		rc := r.rects.get()
		rc.FillColor = withAlpha(c.primary, 0xb0)
		if i == b.current {
			rc.FillColor = c.primary
		}
		rc.CornerRadius = min(2, (slot-gap)/4)
		rc.Move(fyne.NewPos(p.X+float32(i)*slot+gap/2, min(top, zero)))
		rc.Resize(fyne.NewSize(slot-gap, max(1, abs32(zero-top))))
		rc.Refresh()
		if (len(b.bars)-1-i)%k == 0 { // the latest month always has its label
			setText(r.texts.get(), x.Label, cs, c.muted, p.X+(float32(i)+0.5)*slot, p.Y+p.Height+pad/2, fyne.TextAlignCenter)
		}
	}
	if x, ok := b.Readout(); ok {
		cx := p.X + (float32(b.current)+0.5)*slot
		title := x.Title
		if title == "" {
			title = x.Label
		}
		r.tip.place(b, c, title, b.valueText(x.Value), cx+slot/2-2*pad, yOf(x.Value.InexactFloat64()), size.Width, p.Y, p.Y+p.Height)
	}
}

func (r *barsRenderer) collect() {
	objs := r.lines.appendTo(r.objs[:0])
	objs = r.rects.appendTo(objs)
	objs = r.texts.appendTo(objs)
	objs = append(objs, r.tip.objects()...)
	r.objs = append(objs, r.ring)
}

func withAlpha(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

func abs32(f float32) float32 {
	if f < 0 {
		return -f
	}
	return f
}
