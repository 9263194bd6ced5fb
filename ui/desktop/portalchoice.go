package desktop

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/integrations"
)

// choicePage is a choice step with a long list (SnapTrade's brokerages):
// a search over the choices, Up and Down to move the highlight, Enter to
// pick it, as in the institution picker. Short lists are radio buttons on a
// form page.
type choicePage struct {
	pickList[integrations.Choice]
	p       *portal
	step    *integrations.ChoiceStep
	search  *entry
	problem *widget.Label
	box     fyne.CanvasObject
}

// pickList is the list of a search-and-pick page (the institutions, a long
// choice): the rows the search shows, the one highlighted, which Up and
// Down in the search move and Enter or Continue takes, and Continue.
type pickList[T any] struct {
	list   *list
	shown  []T
	cursor int // the highlighted row, -1 = none
	pick   *button
}

// makeList makes the list: create makes a row, set shows an item in it,
// and take is called when a row is tapped, with it highlighted.
func (pl *pickList[T]) makeList(create func() fyne.CanvasObject, set func(o fyne.CanvasObject, it T, highlighted bool), take func()) {
	pl.list = newList(func() int { return len(pl.shown) }, create,
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(pl.shown) {
				set(o, pl.shown[id], id == pl.cursor)
			}
		})
	pl.list.OnSelected = func(id widget.ListItemID) {
		pl.list.UnselectAll()
		if id < len(pl.shown) {
			pl.cursor = id
			take()
		}
	}
}

// arrows is the search's onKey: Down and Up move the highlight.
func (pl *pickList[T]) arrows(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyDown:
		pl.move(1)
	case fyne.KeyUp:
		pl.move(-1)
	default:
		return false
	}
	return true
}

// refilled highlights the first row shown (none when none is), Continue
// enabled with it, and scrolls to the top.
func (pl *pickList[T]) refilled() {
	pl.cursor = 0
	if len(pl.shown) == 0 {
		pl.cursor = -1
	}
	if pl.pick != nil {
		if pl.cursor < 0 {
			pl.pick.Disable()
		} else {
			pl.pick.Enable()
		}
	}
	pl.list.Refresh()
	pl.list.ScrollToTop()
}

// move moves the highlight by d rows.
func (pl *pickList[T]) move(d int) {
	if len(pl.shown) == 0 {
		return
	}
	pl.cursor = min(len(pl.shown)-1, max(0, pl.cursor+d))
	pl.list.ScrollTo(pl.cursor)
	pl.list.Refresh()
}

// highlighted is the item Enter takes, nil when none.
func (pl *pickList[T]) highlighted() *T {
	if pl.cursor < 0 || pl.cursor >= len(pl.shown) {
		return nil
	}
	return &pl.shown[pl.cursor]
}

func (c *choicePage) name() string            { return "choice" }
func (c *choicePage) view() fyne.CanvasObject { return c.box }
func (c *choicePage) actions() []*button      { return []*button{c.pick} }
func (c *choicePage) focus() fyne.Focusable   { return c.search }
func (c *choicePage) failed(msg string) bool {
	c.problem.SetText(msg)
	c.problem.Show()
	c.pick.Enable()
	c.search.Enable()
	return true
}

func (p *portal) newChoicePage(s *integrations.ChoiceStep) *choicePage {
	c := &choicePage{p: p, step: s}
	c.search = newEntry()
	c.search.SetPlaceHolder("Search " + strings.ToLower(s.Field.Label))
	c.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	c.search.onKey = c.arrows
	c.search.onChanged(func(string) { c.apply() })
	c.search.OnSubmitted = func(string) { c.pick.tap() }
	c.makeList(func() fyne.CanvasObject { return newChoiceRow() },
		func(o fyne.CanvasObject, ch integrations.Choice, hl bool) { o.(*choiceRow).set(ch.Label, hl) }, c.send)
	c.pick = newButton("Continue", theme.NavigateNextIcon(), c.send).primary()
	c.problem = errorText()
	c.problem.Hide()
	title := s.Message
	if title == "" {
		title = s.Field.Label
	}
	top := container.NewVBox(wrappedSubheading(title))
	if s.Field.Help != "" {
		top.Add(caption(s.Field.Help))
	}
	top.Add(c.search)
	c.box = border(top, c.problem, nil, nil, c.list)
	c.apply()
	return c
}

// apply filters the choices by the search.
func (c *choicePage) apply() {
	q := strings.ToLower(strings.TrimSpace(c.search.Text))
	c.shown = c.shown[:0]
	for _, ch := range c.step.Field.Choices {
		if q == "" || strings.Contains(strings.ToLower(ch.Label+" "+ch.Value), q) {
			c.shown = append(c.shown, ch)
		}
	}
	c.refilled()
}

// send answers the step with the highlighted choice.
func (c *choicePage) send() {
	ch := c.highlighted()
	if ch == nil || c.pick.Disabled() {
		return
	}
	c.pick.Disable()
	c.search.Disable()
	c.problem.Hide()
	c.p.answer(integrations.Answer{Values: map[string]string{c.step.Field.Name: ch.Value}})
}

// choiceRow is one choice in the list, with the highlight's mark.
type choiceRow struct {
	widget.BaseWidget
	label *widget.Label
	mark  *widget.Icon
	box   *fyne.Container
}

func newChoiceRow() *choiceRow {
	r := &choiceRow{label: widget.NewLabel(""), mark: widget.NewIcon(theme.NewColoredResource(theme.NavigateNextIcon(), theme.ColorNamePrimary))}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.box = border(nil, nil, reserve(r.mark), nil, r.label)
	r.ExtendBaseWidget(r)
	return r
}

func (r *choiceRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (r *choiceRow) set(label string, highlighted bool) {
	setText(r.label, label)
	if r.mark.Hidden == highlighted {
		r.mark.Hidden = !highlighted
		r.box.Refresh()
	}
}
