package desktop

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
)

// --- status badge ------------------------------------------------------------------

// badge is a small rounded tag with an icon and a word, tinted by a theme
// colour. The icon and the word carry the meaning; the colour only repeats it.
type badge struct {
	widget.BaseWidget
	text  string
	icon  fyne.Resource
	color fyne.ThemeColorName
}

func newBadge() *badge {
	b := &badge{}
	b.ExtendBaseWidget(b)
	return b
}

// Set changes the badge's word, icon and colour.
func (b *badge) Set(text string, icon fyne.Resource, c fyne.ThemeColorName) {
	if b.text == text && b.icon == icon && b.color == c {
		return
	}
	b.text, b.icon, b.color = text, icon, c
	b.Refresh()
}

// Text returns the badge's word (tests read it).
func (b *badge) Text() string { return b.text }

func (b *badge) CreateRenderer() fyne.WidgetRenderer {
	r := &badgeRenderer{b: b, bg: canvas.NewRectangle(color.Transparent), icon: canvas.NewImageFromResource(nil),
		label: canvas.NewText("", color.Black)}
	r.icon.FillMode = canvas.ImageFillContain
	r.label.TextStyle.Bold = true
	r.Refresh()
	return r
}

type badgeRenderer struct {
	b     *badge
	bg    *canvas.Rectangle
	icon  *canvas.Image
	label *canvas.Text
}

func (r *badgeRenderer) iconSize() float32 { return theme.CaptionTextSize() + 4 }

func (r *badgeRenderer) MinSize() fyne.Size {
	p := theme.Padding()
	ts := fyne.MeasureText(r.label.Text, r.label.TextSize, r.label.TextStyle)
	is := r.iconSize()
	return fyne.NewSize(p*2+is+p+ts.Width+p, max(is, ts.Height)+p*1.2)
}

func (r *badgeRenderer) Layout(size fyne.Size) {
	p := theme.Padding()
	r.bg.Resize(size)
	is := r.iconSize()
	r.icon.Resize(fyne.NewSize(is, is))
	r.icon.Move(fyne.NewPos(p*1.5, (size.Height-is)/2))
	ts := fyne.MeasureText(r.label.Text, r.label.TextSize, r.label.TextStyle)
	r.label.Move(fyne.NewPos(p*2.5+is, (size.Height-ts.Height)/2))
	r.label.Resize(ts)
}

func (r *badgeRenderer) Refresh() {
	th := r.b.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	name := r.b.color
	if name == "" {
		name = theme.ColorNameDisabled
	}
	c := th.Color(name, v)
	rr, gg, bb, _ := c.RGBA()
	r.bg.FillColor = color.NRGBA{R: uint8(rr >> 8), G: uint8(gg >> 8), B: uint8(bb >> 8), A: 0x30}
	r.bg.StrokeColor = color.NRGBA{R: uint8(rr >> 8), G: uint8(gg >> 8), B: uint8(bb >> 8), A: 0xa0}
	r.bg.StrokeWidth = 1
	r.bg.CornerRadius = theme.InputRadiusSize() * 2
	if r.b.icon != nil {
		r.icon.Resource = theme.NewColoredResource(r.b.icon, name)
	} else {
		r.icon.Resource = nil
	}
	r.label.Text = r.b.text
	r.label.TextSize = theme.CaptionTextSize() + 1
	r.label.Color = th.Color(theme.ColorNameForeground, v)
	r.bg.Refresh()
	r.icon.Refresh()
	r.label.Refresh()
	r.Layout(r.b.Size())
}

func (r *badgeRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.bg, r.icon, r.label}
}

func (r *badgeRenderer) Destroy() {}

// setStatusBadge shows a connection status on b.
func setStatusBadge(b *badge, st app.Status, expiresText string) {
	switch st {
	case app.StatusActive:
		b.Set("Active", theme.ConfirmIcon(), theme.ColorNameSuccess)
	case app.StatusSyncing:
		b.Set("Syncing", theme.ViewRefreshIcon(), theme.ColorNamePrimary)
	case app.StatusExpiring:
		b.Set("Expiring "+expiresText, theme.HistoryIcon(), theme.ColorNameWarning)
	case app.StatusError:
		b.Set("Error", theme.WarningIcon(), theme.ColorNameWarning)
	case app.StatusDisabled:
		b.Set("Disabled", theme.ErrorIcon(), theme.ColorNameError)
	default:
		b.Set(string(st), theme.InfoIcon(), "")
	}
}
