package desktop

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// tabs is a row (or, leading, a column) of tab buttons over a content
// area. Unlike container.AppTabs its tabs are buttons the keyboard reaches:
// Tab to one, Enter or Space to open it.
type tabs struct {
	items    []*tabItem
	buttons  []*button
	marks    []*canvas.Rectangle
	content  *fyne.Container
	selected int
	// OnSelected runs after a tab opens.
	OnSelected func(*tabItem)
	root       *fyne.Container
	bar        *fyne.Container // the tab buttons, for a caller that places them itself
}

// tabItem is one tab.
type tabItem struct {
	Title   string
	Content fyne.CanvasObject
}

func newTabs(leading bool, items ...*tabItem) *tabs {
	t := newTabBar(leading, items...)
	if leading {
		t.root = border(nil, nil, container.NewPadded(t.bar), nil, t.content)
	} else {
		t.root = border(t.bar, nil, nil, nil, t.content)
	}
	if len(items) > 0 {
		t.Select(items[0])
	}
	return t
}

// newTabBar builds the tab buttons (t.bar) and the content area
// (t.content) for a caller that places them itself; no tab is open yet.
func newTabBar(leading bool, items ...*tabItem) *tabs {
	t := &tabs{items: items, content: container.NewStack(), selected: -1}
	var bar []fyne.CanvasObject
	for i, it := range items {
		i := i
		b := newButton(it.Title, nil, func() { t.Select(t.items[i]) })
		b.Importance = widget.LowImportance
		// The mark keeps its place when its tab is not open (transparent):
		// opening a tab changes no size, so nothing around the bar moves.
		mark := canvas.NewRectangle(color.Transparent)
		mark.SetMinSize(fyne.NewSize(3, 3))
		t.buttons = append(t.buttons, b)
		t.marks = append(t.marks, mark)
		if leading {
			b.Alignment = widget.ButtonAlignLeading
			bar = append(bar, border(nil, nil, mark, nil, b))
		} else {
			bar = append(bar, border(nil, mark, nil, nil, b))
		}
	}
	if leading {
		t.bar = container.NewVBox(bar...)
	} else {
		t.bar = container.New(layout.NewHBoxLayout(), bar...)
	}
	return t
}

// Select opens a tab.
func (t *tabs) Select(it *tabItem) {
	for i, x := range t.items {
		on := x == it
		t.marks[i].FillColor = color.Transparent
		if on {
			t.marks[i].FillColor = theme.Color(theme.ColorNamePrimary)
		}
		t.marks[i].Refresh()
		if on {
			t.buttons[i].Importance = widget.MediumImportance
			t.selected = i
			t.content.Objects = []fyne.CanvasObject{x.Content}
			t.content.Refresh()
		} else {
			t.buttons[i].Importance = widget.LowImportance
		}
		t.buttons[i].Refresh()
	}
	if t.OnSelected != nil {
		t.OnSelected(it)
	}
}

// Selected returns the open tab.
func (t *tabs) Selected() *tabItem {
	if t.selected < 0 {
		return nil
	}
	return t.items[t.selected]
}

// button returns the tab button of it (tests, focus).
func (t *tabs) button(it *tabItem) *button {
	for i, x := range t.items {
		if x == it {
			return t.buttons[i]
		}
	}
	return nil
}

// radioGroup is a set of options of which one is chosen, made of buttons
// the keyboard reaches (Fyne's radio items pass no keys on).
// Up and Down (Left and Right in a row) move the choice and the focus;
// Enter chooses the focused option and then presses the dialog's or the
// page's default button.
type radioGroup struct {
	options   []string
	buttons   []*button
	Selected  string
	onChanged func(string)
	box       *fyne.Container
}

func newRadio(options []string, horizontal bool, changed func(string)) *radioGroup {
	r := &radioGroup{options: options, onChanged: changed}
	var objs []fyne.CanvasObject
	prev, next := fyne.KeyUp, fyne.KeyDown
	if horizontal {
		prev, next = fyne.KeyLeft, fyne.KeyRight
	}
	for i, o := range options {
		b := newButton(o, theme.RadioButtonIcon(), func() { r.SetSelected(o) })
		b.Importance = widget.LowImportance
		b.Alignment = widget.ButtonAlignLeading
		b.onKey = func(ev *fyne.KeyEvent) bool {
			switch {
			case ev.Name == prev && i > 0:
				r.move(i - 1)
			case ev.Name == next && i < len(options)-1:
				r.move(i + 1)
			case isEnter(ev) && !b.Disabled():
				r.SetSelected(o)
				routeKey(b, ev)
			default:
				return ev.Name == prev || ev.Name == next // at either end: stay
			}
			return true
		}
		r.buttons = append(r.buttons, b)
		objs = append(objs, b)
	}
	if horizontal {
		r.box = container.NewHBox(objs...)
	} else {
		r.box = container.NewVBox(objs...)
	}
	return r
}

// SetSelected chooses an option and runs the change function.
func (r *radioGroup) SetSelected(o string) {
	changed := r.Selected != o
	r.Selected = o
	for i, b := range r.buttons {
		if r.options[i] == o {
			b.SetIcon(theme.RadioButtonCheckedIcon())
		} else {
			b.SetIcon(theme.RadioButtonIcon())
		}
	}
	if changed && r.onChanged != nil {
		r.onChanged(o)
	}
}

// move chooses option i and gives it the focus.
func (r *radioGroup) move(i int) {
	b := r.buttons[i]
	if b.Disabled() {
		return
	}
	r.SetSelected(r.options[i])
	if c := fyne.CurrentApp().Driver().CanvasForObject(b); c != nil {
		c.Focus(b)
	}
}

// Disable and Enable all options.
func (r *radioGroup) Disable() {
	for _, b := range r.buttons {
		b.Disable()
	}
}

func (r *radioGroup) Enable() {
	for _, b := range r.buttons {
		b.Enable()
	}
}
