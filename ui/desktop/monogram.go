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
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/assets"
	"github.com/latchkey/latchkey/integrations"
)

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
	seed := in.ID
	if in.Via != "" {
		seed = in.Name // each brokerage behind a bridge its own colour
	}
	h.Write([]byte(seed))
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
