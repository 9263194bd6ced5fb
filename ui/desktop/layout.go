package desktop

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// border is container.NewBorder with its objects in the order the eye reads
// them — top, left, centre, right, bottom — which is the order Tab moves
// the focus in. (container.NewBorder puts the centre first.)
func border(top, bottom, left, right fyne.CanvasObject, center ...fyne.CanvasObject) *fyne.Container {
	var objs []fyne.CanvasObject
	for _, o := range []fyne.CanvasObject{top, left} {
		if o != nil {
			objs = append(objs, o)
		}
	}
	objs = append(objs, center...)
	for _, o := range []fyne.CanvasObject{right, bottom} {
		if o != nil {
			objs = append(objs, o)
		}
	}
	return &fyne.Container{Layout: layout.NewBorderLayout(top, bottom, left, right), Objects: objs}
}

// centered puts a form-like column in the middle of the window at a
// readable width, scrolling when the window is too short.
func centered(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewVScroll(&fyne.Container{Layout: columnLayout{width: 560}, Objects: []fyne.CanvasObject{o}})
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

// fixedWidth makes its objects width wide (or their own minimum, whichever
// is larger), stacked.
type fixedWidth struct{ width float32 }

func (l fixedWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return fyne.NewSize(max(s.Width, l.width), s.Height)
}

func (l fixedWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func withWidth(w float32, o ...fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: fixedWidth{width: w}, Objects: o}
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
	return &fyne.Container{Layout: minHeight{height: h}, Objects: []fyne.CanvasObject{o}}
}

// reserved keeps the space of its objects whether they show or not (the
// largest of their minimum sizes), so that a progress bar, a message or
// a button appearing does not move what is around it.
type reserved struct{}

func (reserved) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	return s
}

func (reserved) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

// reserve stacks objs in a space that fits any of them, shown or hidden.
func reserve(objs ...fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: reserved{}, Objects: objs}
}

// toolbarLayout lays buttons out in a row at the trailing edge; when the
// row does not fit, the buttons marked compact drop their words and keep
// their icons. The minimum size is the compact row, so a narrow window
// still shows every action.
type toolbarLayout struct {
	buttons []*toolButton
}

// toolButton is a button that can drop its words. Its width with words is
// that of its widest label, so "Refresh all" turning into "Stop" moves
// nothing beside it.
type toolButton struct {
	*button
	label    string
	widest   string
	compactW float32 // the width of the icon alone
}

func newToolButton(label string, icon fyne.Resource, tapped func()) *toolButton {
	b := &toolButton{button: newButton(label, icon, tapped), label: label, widest: label}
	b.compactW = widget.NewButtonWithIcon("", icon, nil).MinSize().Width
	return b
}

func (b *toolButton) compact(on bool) {
	want := b.label
	if on {
		want = ""
	}
	if b.Text != want {
		b.SetText(want)
	}
}

// setLabel changes the words (kept while compact).
func (b *toolButton) setLabel(s string) {
	b.label = s
	if fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{Bold: true}).Width >
		fyne.MeasureText(b.widest, theme.TextSize(), fyne.TextStyle{Bold: true}).Width {
		b.widest = s
	}
	if b.Text != "" {
		b.SetText(s)
	}
}

// width is the button's width with its words (full) or without.
func (b *toolButton) width(full bool) float32 {
	if !full {
		return b.compactW
	}
	return b.compactW + fyne.MeasureText(b.widest, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + theme.Padding()
}

func (l *toolbarLayout) width(full bool) float32 {
	var w float32
	for i, b := range l.buttons {
		if i > 0 {
			w += theme.Padding()
		}
		w += b.width(full)
	}
	return w
}

func (l *toolbarLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	h := float32(0)
	for _, b := range l.buttons {
		h = max(h, b.MinSize().Height)
	}
	return fyne.NewSize(l.width(false), h)
}

func (l *toolbarLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	full := l.width(true) <= size.Width
	x := size.Width - l.width(full)
	for _, b := range l.buttons {
		b.compact(!full)
		w := max(b.width(full), b.MinSize().Width)
		h := b.MinSize().Height
		b.Resize(fyne.NewSize(w, h))
		b.Move(fyne.NewPos(x, (size.Height-h)/2))
		x += w + theme.Padding()
	}
}

// newToolbar is a trailing row of buttons that drop their words when the
// window is narrow.
func newToolbar(buttons ...*toolButton) *fyne.Container {
	objs := make([]fyne.CanvasObject, len(buttons))
	for i, b := range buttons {
		objs[i] = b
	}
	return &fyne.Container{Layout: &toolbarLayout{buttons: buttons}, Objects: objs}
}

func layoutSpacer() fyne.CanvasObject { return layout.NewSpacer() }

// tightVBox stacks lines of text closer than a VBox does.
func tightVBox(objs ...fyne.CanvasObject) *fyne.Container {
	return &fyne.Container{Layout: layout.NewCustomPaddedVBoxLayout(-theme.Padding() * 1.5), Objects: objs}
}

// setVisible shows or hides o and reports whether that changed anything.
// Fyne does not lay a container out again when a child appears or
// disappears: callers that get true refresh the container.
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

func appIcon(size float32) fyne.CanvasObject {
	img := canvas.NewImageFromResource(Icon)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(size, size))
	return img
}

// bigIcon is a theme icon at 48 points, for screens that explain a problem.
func bigIcon(r fyne.Resource) fyne.CanvasObject {
	img := canvas.NewImageFromResource(r)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(48, 48))
	return img
}

func newBorderLayout(top, bottom, left, right fyne.CanvasObject) fyne.Layout {
	return layout.NewBorderLayout(top, bottom, left, right)
}
