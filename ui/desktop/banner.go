package desktop

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// --- banner ------------------------------------------------------------------------

// banner is a tinted strip with an icon, a message and optional actions,
// for "2 connections need attention" and "this data is from …".
type banner struct {
	bg      *canvas.Rectangle
	icon    *widget.Icon
	message *widget.Label
	actions *fyne.Container
	color   fyne.ThemeColorName
	box     *fyne.Container
}

func newBanner(c fyne.ThemeColorName, icon fyne.Resource) *banner {
	b := &banner{color: c}
	b.bg = canvas.NewRectangle(color.Transparent)
	b.bg.CornerRadius = theme.InputRadiusSize() * 2
	b.bg.StrokeWidth = 1
	b.icon = widget.NewIcon(theme.NewColoredResource(icon, c))
	b.message = wrapped("")
	b.actions = container.NewHBox()
	b.box = container.NewStack(b.bg, container.NewPadded(border(nil, nil, container.NewCenter(b.icon), container.NewCenter(b.actions), b.message)))
	b.tint()
	return b
}

func (b *banner) tint() {
	th := fyne.CurrentApp().Settings().Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	rr, gg, bb, _ := th.Color(b.color, v).RGBA()
	b.bg.FillColor = color.NRGBA{R: uint8(rr >> 8), G: uint8(gg >> 8), B: uint8(bb >> 8), A: 0x26}
	b.bg.StrokeColor = color.NRGBA{R: uint8(rr >> 8), G: uint8(gg >> 8), B: uint8(bb >> 8), A: 0x80}
	b.bg.Refresh()
}

// Set changes the message and the actions.
func (b *banner) Set(msg string, actions ...fyne.CanvasObject) {
	b.message.SetText(msg)
	b.actions.Objects = actions
	b.actions.Refresh()
	b.tint()
}

// SetLook changes the banner's colour and icon.
func (b *banner) SetLook(c fyne.ThemeColorName, icon fyne.Resource) {
	b.color = c
	b.icon.SetResource(theme.NewColoredResource(icon, c))
	b.tint()
}

// thinBar is a slim progress bar under a row's text. It keeps its place
// when nothing runs, so a sync starting moves nothing.
type thinBar struct {
	widget.BaseWidget
	value float64
	on    bool
	track *canvas.Rectangle
	fill  *canvas.Rectangle
}

func newThinBar() *thinBar {
	b := &thinBar{track: canvas.NewRectangle(color.Transparent), fill: canvas.NewRectangle(color.Transparent)}
	b.track.CornerRadius, b.fill.CornerRadius = 1.5, 1.5
	b.ExtendBaseWidget(b)
	return b
}

// set shows fraction f (0–1) when on; off, the bar is blank.
func (b *thinBar) set(f float64, on bool) {
	if b.value == f && b.on == on {
		return
	}
	b.value, b.on = f, on
	b.Refresh()
}

func (b *thinBar) MinSize() fyne.Size { return fyne.NewSize(40, 3) }

func (b *thinBar) CreateRenderer() fyne.WidgetRenderer {
	return &thinBarRenderer{b: b}
}

type thinBarRenderer struct{ b *thinBar }

func (r *thinBarRenderer) Layout(s fyne.Size) {
	r.b.track.Resize(s)
	r.b.fill.Resize(fyne.NewSize(s.Width*float32(min(1, max(0, r.b.value))), s.Height))
}
func (r *thinBarRenderer) MinSize() fyne.Size { return r.b.MinSize() }
func (r *thinBarRenderer) Refresh() {
	if r.b.on {
		r.b.track.FillColor = theme.Color(theme.ColorNameInputBorder)
		r.b.fill.FillColor = theme.Color(theme.ColorNamePrimary)
	} else {
		r.b.track.FillColor, r.b.fill.FillColor = color.Transparent, color.Transparent
	}
	r.Layout(r.b.Size())
	r.b.track.Refresh()
	r.b.fill.Refresh()
}
func (r *thinBarRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.b.track, r.b.fill}
}
func (r *thinBarRenderer) Destroy() {}
