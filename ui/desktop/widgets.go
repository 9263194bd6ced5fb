package desktop

import (
	"fmt"
	"hash/fnv"
	"html"
	"image/color"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/assets"
	"github.com/latchkey/latchkey/integrations"
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

// --- monogram ----------------------------------------------------------------------

// monogram is an institution's mark: its monogram from assets/monograms
// when there is one, else its initials on a colour picked from its id.
//
// The shipped monograms are SVGs whose letters are <text> elements, which
// Fyne's SVG renderer does not draw; their colour, corner radius and letters
// are read from the file and drawn here.
type monogram struct {
	widget.BaseWidget
	initials string
	fill     color.Color
	rounded  bool          // a rounded square (asset) instead of a circle
	image    fyne.Resource // an asset drawn as is (no <text> in it)
	size     float32
}

func newMonogram(size float32) *monogram {
	m := &monogram{size: size, fill: color.Gray{Y: 0x80}}
	m.ExtendBaseWidget(m)
	return m
}

// monogramPalette holds fills dark enough for white initials.
var monogramPalette = []color.NRGBA{
	{0x1e, 0x5a, 0xa8, 0xff}, // blue
	{0x0b, 0x7a, 0x6b, 0xff}, // teal
	{0x6a, 0x3d, 0xa8, 0xff}, // purple
	{0xb0, 0x46, 0x1c, 0xff}, // rust
	{0x2f, 0x6b, 0x2a, 0xff}, // green
	{0x8a, 0x2a, 0x5a, 0xff}, // plum
	{0x44, 0x55, 0x66, 0xff}, // slate
	{0x9a, 0x6a, 0x00, 0xff}, // ochre
}

// monogramLook is how an institution's monogram is drawn.
type monogramLook struct {
	initials string
	fill     color.Color
	rounded  bool
	image    fyne.Resource
}

var (
	monogramMu    sync.Mutex
	monogramCache = map[string]monogramLook{}

	svgRectFill = regexp.MustCompile(`<rect[^>]*\bfill="(#[0-9a-fA-F]{6})"`)
	svgText     = regexp.MustCompile(`<text[^>]*>([^<]{1,4})</text>`)
)

// lookOf returns the monogram look of an institution.
func lookOf(in integrations.Institution) monogramLook {
	key := in.ID + "\x00" + in.Monogram + "\x00" + in.Name
	monogramMu.Lock()
	defer monogramMu.Unlock()
	if l, ok := monogramCache[key]; ok {
		return l
	}
	h := fnv.New32a()
	h.Write([]byte(in.ID))
	l := monogramLook{initials: initials(in.Name), fill: monogramPalette[h.Sum32()%uint32(len(monogramPalette))]}
	if in.Monogram != "" {
		if svg, ok := assets.Monogram(in.Monogram); ok {
			fill := svgRectFill.FindSubmatch(svg)
			text := svgText.FindSubmatch(svg)
			switch {
			case fill != nil && text != nil:
				if c, err := parseHex(string(fill[1])); err == nil {
					l.fill = c
				}
				l.initials = strings.TrimSpace(html.UnescapeString(string(text[1])))
				l.rounded = true
			case text == nil:
				l.image = fyne.NewStaticResource("monogram-"+in.Monogram+".svg", svg)
			}
		}
	}
	monogramCache[key] = l
	return l
}

func parseHex(s string) (color.NRGBA, error) {
	var r, g, b uint8
	_, err := fmt.Sscanf(s, "#%02x%02x%02x", &r, &g, &b)
	return color.NRGBA{R: r, G: g, B: b, A: 0xff}, err
}

// Set shows the monogram of an institution.
func (m *monogram) Set(in integrations.Institution) {
	l := lookOf(in)
	if m.initials == l.initials && m.fill == l.fill && m.rounded == l.rounded && m.image == l.image {
		return
	}
	m.initials, m.fill, m.rounded, m.image = l.initials, l.fill, l.rounded, l.image
	m.Refresh()
}

// initials picks one or two letters for a name: one word gives its first
// letter, two words both initials, more the first and the last.
func initials(name string) string {
	var words []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		switch strings.ToLower(w) {
		case "the", "of", "and", "de":
			continue
		}
		words = append(words, w)
	}
	first := func(w string) string { return strings.ToUpper(string([]rune(w)[:1])) }
	switch len(words) {
	case 0:
		return "?"
	case 1:
		return first(words[0])
	case 2:
		return first(words[0]) + first(words[1])
	default:
		return first(words[0]) + first(words[len(words)-1])
	}
}

func (m *monogram) MinSize() fyne.Size { return fyne.NewSize(m.size, m.size) }

func (m *monogram) CreateRenderer() fyne.WidgetRenderer {
	r := &monogramRenderer{m: m, circle: canvas.NewCircle(m.fill), square: canvas.NewRectangle(m.fill),
		text: canvas.NewText(m.initials, color.White), img: canvas.NewImageFromResource(nil)}
	r.text.TextStyle.Bold = true
	r.text.Alignment = fyne.TextAlignCenter
	r.img.FillMode = canvas.ImageFillContain
	r.Refresh()
	return r
}

type monogramRenderer struct {
	m      *monogram
	circle *canvas.Circle
	square *canvas.Rectangle
	text   *canvas.Text
	img    *canvas.Image
}

func (r *monogramRenderer) Layout(size fyne.Size) {
	d := min(size.Width, size.Height, r.m.size)
	off := fyne.NewPos((size.Width-d)/2, (size.Height-d)/2)
	for _, o := range []fyne.CanvasObject{r.circle, r.square, r.img} {
		o.Move(off)
		o.Resize(fyne.NewSize(d, d))
	}
	r.square.CornerRadius = d * 14 / 64
	r.text.TextSize = d * 0.4
	ts := fyne.MeasureText(r.text.Text, r.text.TextSize, r.text.TextStyle)
	r.text.Move(fyne.NewPos(off.X, off.Y+(d-ts.Height)/2))
	r.text.Resize(fyne.NewSize(d, ts.Height))
}

func (r *monogramRenderer) MinSize() fyne.Size { return r.m.MinSize() }

func (r *monogramRenderer) Refresh() {
	r.circle.FillColor = r.m.fill
	r.square.FillColor = r.m.fill
	r.text.Text = r.m.initials
	r.img.Resource = r.m.image
	r.circle.Hidden = r.m.rounded || r.m.image != nil
	r.square.Hidden = !r.m.rounded || r.m.image != nil
	r.text.Hidden = r.m.image != nil
	r.img.Hidden = r.m.image == nil
	r.Layout(r.m.Size())
	r.circle.Refresh()
	r.square.Refresh()
	r.text.Refresh()
	r.img.Refresh()
}

func (r *monogramRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.circle, r.square, r.img, r.text}
}
func (r *monogramRenderer) Destroy() {}

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
	b.message = widget.NewLabel("")
	b.message.Wrapping = fyne.TextWrapWord
	b.actions = container.NewHBox()
	b.box = container.NewStack(b.bg, container.NewPadded(container.NewBorder(nil, nil, container.NewCenter(b.icon), container.NewCenter(b.actions), b.message)))
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

// --- activity tracker --------------------------------------------------------------

// tracker wraps content and reports mouse movement over it, for the idle
// auto-lock. Hoverable children (buttons, lists) take their own hover
// events, but moving across a window crosses the gaps between them often.
type tracker struct {
	widget.BaseWidget
	content    fyne.CanvasObject
	onActivity func()
}

func newTracker(content fyne.CanvasObject, onActivity func()) *tracker {
	t := &tracker{content: content, onActivity: onActivity}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tracker) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.content) }

func (t *tracker) MouseIn(*desktop.MouseEvent)    { t.onActivity() }
func (t *tracker) MouseMoved(*desktop.MouseEvent) { t.onActivity() }
func (t *tracker) MouseOut()                      {}

// --- sortable header ---------------------------------------------------------------

// headerCell is a table column header: its title and, when the table is
// sorted by it, an arrow. Tapping it asks to sort by the column.
type headerCell struct {
	widget.BaseWidget
	label *widget.Label
	arrow *widget.Icon
	onTap func()
}

func newHeaderCell() *headerCell {
	h := &headerCell{label: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), arrow: widget.NewIcon(nil)}
	h.label.Truncation = fyne.TextTruncateEllipsis
	h.ExtendBaseWidget(h)
	return h
}

func (h *headerCell) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, nil, h.arrow, h.label))
}

// Set shows the title; dir is 0 (not sorted), 1 (ascending) or -1.
func (h *headerCell) Set(title string, align fyne.TextAlign, dir int, onTap func()) {
	h.label.Alignment = align
	h.label.SetText(title)
	switch dir {
	case 1:
		h.arrow.SetResource(theme.MenuDropUpIcon())
	case -1:
		h.arrow.SetResource(theme.MenuDropDownIcon())
	default:
		h.arrow.SetResource(nil)
	}
	h.onTap = onTap
}

func (h *headerCell) Tapped(*fyne.PointEvent) {
	if h.onTap != nil {
		h.onTap()
	}
}

func (h *headerCell) Cursor() desktop.Cursor { return desktop.PointerCursor }

// --- small helpers -----------------------------------------------------------------

func heading(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameHeadingText
	return l
}

func centeredHeading(s string) *widget.Label {
	l := heading(s)
	l.Alignment = fyne.TextAlignCenter
	return l
}

// bigIcon is a theme icon at 48 points, for screens that explain a problem.
func bigIcon(r fyne.Resource) fyne.CanvasObject {
	img := canvas.NewImageFromResource(r)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(48, 48))
	return img
}

func subheading(s string) *widget.Label {
	l := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	l.SizeName = theme.SizeNameSubHeadingText
	return l
}

func wrapped(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.Wrapping = fyne.TextWrapWord
	return l
}

func caption(s string) *widget.Label {
	l := widget.NewLabel(s)
	l.SizeName = theme.SizeNameCaptionText
	l.Wrapping = fyne.TextWrapWord
	return l
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// centered puts a form-like column in the middle of the window at a
// readable width, scrolling when the window is too short.
func centered(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVScroll(container.New(columnLayout{width: 560}, o))
}

// columnLayout centres one object at most width wide.
type columnLayout struct{ width float32 }

func (l columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	p := theme.Padding() * 4
	return fyne.NewSize(min(m.Width, l.width)+p, m.Height+p)
}

func (l columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	p := theme.Padding() * 2
	w := min(size.Width-2*p, l.width)
	h := objs[0].MinSize().Height
	objs[0].Resize(fyne.NewSize(w, h))
	objs[0].Move(fyne.NewPos((size.Width-w)/2, max(p, (size.Height-h)/2)))
}

// fixedWidth makes its one object exactly width wide (or its own minimum,
// whichever is larger).
type fixedWidth struct{ width float32 }

func (l fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	return fyne.NewSize(max(m.Width, l.width), m.Height)
}

func (l fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func withWidth(w float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(fixedWidth{width: w}, o)
}

// minHeight gives its objects at least height.
type minHeight struct{ height float32 }

func (l minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	m := objs[0].MinSize()
	return fyne.NewSize(m.Width, max(m.Height, l.height))
}

func (l minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func withHeight(h float32, o fyne.CanvasObject) *fyne.Container {
	return container.New(minHeight{height: h}, o)
}

func appIcon(size float32) fyne.CanvasObject {
	img := canvas.NewImageFromResource(Icon)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(size, size))
	return img
}

// --- muted text --------------------------------------------------------------------

// muted is secondary text (a row's second line, a summary, a status) in
// the theme's placeholder colour: quieter than the main text but legible.
type muted struct {
	*widget.RichText
	seg *widget.TextSegment
}

func newMuted(s string) *muted {
	seg := &widget.TextSegment{Text: s, Style: widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder, Inline: true,
		SizeName: theme.SizeNameText}}
	rt := widget.NewRichText(seg)
	rt.Truncation = fyne.TextTruncateEllipsis
	return &muted{RichText: rt, seg: seg}
}

// SetText changes the text (only when it differs).
func (m *muted) SetText(s string) {
	if m.seg.Text != s {
		m.seg.Text = s
		m.Refresh()
	}
}

// Text returns the text.
func (m *muted) Text() string { return m.seg.Text }

// wrap makes the text wrap instead of truncating.
func (m *muted) wrap() *muted {
	m.Truncation = fyne.TextTruncateOff
	m.Wrapping = fyne.TextWrapWord
	return m
}

// tightVBox stacks lines of text closer than a VBox does.
func tightVBox(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(layout.NewCustomPaddedVBoxLayout(-theme.Padding()*1.5), objs...)
}

// setVisible shows or hides o and reports whether that changed anything.
// Fyne does not lay a container out again when a child appears or
// disappears: callers that get true refresh the container (UI.relayout).
func setVisible(o fyne.CanvasObject, on bool) bool {
	if o.Visible() == on {
		return false
	}
	if on {
		o.Show()
	} else {
		o.Hide()
	}
	return true
}
