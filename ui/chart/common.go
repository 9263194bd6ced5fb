package chart

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
)

// colors are the theme's colours a chart uses, read again at each Refresh
// so a chart follows a change of theme or variant.
type colors struct {
	fg, muted, grid, primary, bg, tipBg, tipBorder, ring color.Color
	palette                                              []color.Color
	dark                                                 bool
}

// readColors reads the colours for a widget from its theme.
func readColors(w fyne.Widget, ring fyne.ThemeColorName) colors {
	c := colors{
		fg:        theme.ColorForWidget(theme.ColorNameForeground, w),
		muted:     theme.ColorForWidget(theme.ColorNamePlaceHolder, w),
		grid:      theme.ColorForWidget(theme.ColorNameSeparator, w),
		primary:   theme.ColorForWidget(theme.ColorNamePrimary, w),
		bg:        theme.ColorForWidget(theme.ColorNameBackground, w),
		tipBg:     theme.ColorForWidget(theme.ColorNameMenuBackground, w),
		tipBorder: theme.ColorForWidget(theme.ColorNameInputBorder, w),
	}
	if ring == "" {
		ring = theme.ColorNamePrimary
	}
	c.ring = theme.ColorForWidget(ring, w)
	c.dark = luminance(c.bg) < 0.5
	if c.dark {
		c.palette = darkPalette
	} else {
		c.palette = lightPalette
	}
	return c
}

// luminance is a colour's relative luminance, 0 (black) to 1 (white).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

func rgb(v uint32) color.Color {
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// The categorical palettes follow Okabe and Ito's colour-blind-safe set
// (its sky blue swapped for a violet, too close to its blue on a ring),
// darkened for a light background and lightened for a dark one so each
// swatch stands out from the background (at least 3:1, palette_test.go).
// The last colour is kept for "Other".
var (
	lightPalette = []color.Color{
		rgb(0x0072b2), rgb(0xc77800), rgb(0x00805c), rgb(0xb5508f),
		rgb(0xc24f00), rgb(0x6a51a3), rgb(0x8a6d00), rgb(0x6e6e6e),
	}
	darkPalette = []color.Color{
		rgb(0x56b4e9), rgb(0xe69f00), rgb(0x2fc496), rgb(0xe08cc0),
		rgb(0xf07f3c), rgb(0xb39ddb), rgb(0xf0e442), rgb(0xa8a8a8),
	}
)

// MaxSlices is the number of slices and legend rows a Donut shows: the
// smallest beyond it are summed into one "Other".
const MaxSlices = 8

// text sizes and spacing from the theme.
func captionSize(w fyne.Widget) float32 {
	return theme.SizeForWidget(theme.SizeNameCaptionText, w)
}

func textSize(w fyne.Widget) float32 {
	return theme.SizeForWidget(theme.SizeNameText, w)
}

func padding(w fyne.Widget) float32 {
	return theme.SizeForWidget(theme.SizeNamePadding, w)
}

// measure is the size of a text at a size and style.
func measure(s string, size float32, style fyne.TextStyle) fyne.Size {
	return fyne.MeasureText(s, size, style)
}

// pool hands out canvas objects of one kind, reusing those of the last
// layout so a relayout allocates nothing once warm and the driver keeps its
// cached textures.
type pool[T fyne.CanvasObject] struct {
	items []T
	used  int
	make  func() T
}

func (p *pool[T]) reset() { p.used = 0 }

func (p *pool[T]) get() T {
	if p.used == len(p.items) {
		p.items = append(p.items, p.make())
	}
	o := p.items[p.used]
	p.used++
	if !o.Visible() {
		o.Show()
	}
	return o
}

// active are the objects handed out since the last reset.
func (p *pool[T]) active() []T { return p.items[:p.used] }

// appendTo appends the active objects to objs.
func (p *pool[T]) appendTo(objs []fyne.CanvasObject) []fyne.CanvasObject {
	for _, o := range p.active() {
		objs = append(objs, o)
	}
	return objs
}

func newTextPool() *pool[*canvas.Text] {
	return &pool[*canvas.Text]{make: func() *canvas.Text { return canvas.NewText("", color.Black) }}
}

func newLinePool() *pool[*canvas.Line] {
	return &pool[*canvas.Line]{make: func() *canvas.Line { return canvas.NewLine(color.Black) }}
}

func newRectPool() *pool[*canvas.Rectangle] {
	return &pool[*canvas.Rectangle]{make: func() *canvas.Rectangle { return canvas.NewRectangle(color.Black) }}
}

// tooltip is the readout box: a caption (the date or name) over the value.
type tooltip struct {
	box          *canvas.Rectangle
	title, value *canvas.Text
}

func newTooltip() *tooltip {
	t := &tooltip{box: canvas.NewRectangle(color.Black), title: canvas.NewText("", color.Black), value: canvas.NewText("", color.Black)}
	t.value.TextStyle = fyne.TextStyle{Bold: true}
	t.box.CornerRadius = 4
	t.box.StrokeWidth = 1
	t.hide()
	return t
}

func (t *tooltip) objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{t.box, t.title, t.value}
}

func (t *tooltip) hide() {
	t.box.Hide()
	t.title.Hide()
	t.value.Hide()
}

// place shows the tooltip with its two lines beside the point at (x, y),
// right of it when it fits in width, else left, and inside [top, bottom].
func (t *tooltip) place(w fyne.Widget, c colors, title, value string, x, y, width, top, bottom float32) {
	pad := padding(w)
	t.title.Text, t.title.TextSize, t.title.Color = title, captionSize(w), c.muted
	t.value.Text, t.value.TextSize, t.value.Color = value, textSize(w), c.fg
	ts := measure(title, t.title.TextSize, t.title.TextStyle)
	vs := measure(value, t.value.TextSize, t.value.TextStyle)
	bw := max(ts.Width, vs.Width) + 2*pad
	bh := ts.Height + vs.Height + 2*pad
	bx := x + 2*pad
	if bx+bw > width {
		bx = x - 2*pad - bw
	}
	bx = max(0, bx)
	by := min(max(top, y-bh/2), bottom-bh)
	by = max(0, by)
	t.box.FillColor, t.box.StrokeColor = c.tipBg, c.tipBorder
	t.box.Move(fyne.NewPos(bx, by))
	t.box.Resize(fyne.NewSize(bw, bh))
	t.title.Move(fyne.NewPos(bx+pad, by+pad))
	t.title.Resize(ts)
	t.value.Move(fyne.NewPos(bx+pad, by+pad+ts.Height))
	t.value.Resize(vs)
	for _, o := range t.objects() {
		o.Show()
		o.Refresh()
	}
}

// frame is what every chart's renderer shares: the widget it draws, the
// theme's colours read again at each Refresh, the focus ring and the
// objects in drawing order. A renderer embeds it, made by newFrame with its
// own Layout.
type frame struct {
	w        fyne.Widget
	ringName *fyne.ThemeColorName // the widget's Ring
	layout   func(fyne.Size)
	c        colors
	ring     *canvas.Rectangle
	objs     []fyne.CanvasObject
}

func newFrame(w fyne.Widget, ringName *fyne.ThemeColorName, layout func(fyne.Size)) frame {
	return frame{w: w, ringName: ringName, layout: layout, ring: newRing()}
}

func (f *frame) Destroy() {}

func (f *frame) MinSize() fyne.Size { return f.w.MinSize() }

func (f *frame) Objects() []fyne.CanvasObject { return f.objs }

// Refresh reads the colours again and lays the chart out.
func (f *frame) Refresh() {
	f.c = readColors(f.w, *f.ringName)
	f.layout(f.w.Size())
	canvas.Refresh(f.w)
}

// placeEmpty centres the message shown when there is nothing to draw.
func (f *frame) placeEmpty(t *canvas.Text, msg string, size fyne.Size) {
	ts := textSize(f.w)
	setText(t, msg, ts, f.c.muted, size.Width/2, size.Height/2-ts, fyne.TextAlignCenter)
}

// ring is the focus ring drawn around a focused chart.
func newRing() *canvas.Rectangle {
	r := canvas.NewRectangle(color.Transparent)
	r.StrokeWidth = 2
	r.CornerRadius = 4
	r.Hide()
	return r
}

func placeRing(r *canvas.Rectangle, c colors, size fyne.Size, focused bool) {
	r.StrokeColor = c.ring
	r.FillColor = color.Transparent
	r.Move(fyne.NewPos(1, 1))
	r.Resize(fyne.NewSize(size.Width-2, size.Height-2))
	if focused {
		r.Show()
	} else {
		r.Hide()
	}
	r.Refresh()
}

// setText places a text at (x, y) with its measured size.
func setText(t *canvas.Text, s string, size float32, c color.Color, x, y float32, align fyne.TextAlign) fyne.Size {
	t.Text, t.TextSize, t.Color, t.Alignment = s, size, c, fyne.TextAlignLeading
	ms := measure(s, size, t.TextStyle)
	switch align {
	case fyne.TextAlignCenter:
		x -= ms.Width / 2
	case fyne.TextAlignTrailing:
		x -= ms.Width
	}
	t.Move(fyne.NewPos(x, y))
	t.Resize(ms)
	t.Refresh()
	return ms
}
