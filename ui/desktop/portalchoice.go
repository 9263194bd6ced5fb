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
	p       *portal
	step    *integrations.ChoiceStep
	search  *entry
	list    *list
	shown   []integrations.Choice
	cursor  int
	pick    *button
	problem *widget.Label
	box     fyne.CanvasObject
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
	c.search.onKey = func(ev *fyne.KeyEvent) bool {
		switch ev.Name {
		case fyne.KeyDown:
			c.move(1)
		case fyne.KeyUp:
			c.move(-1)
		default:
			return false
		}
		return true
	}
	c.search.onChanged(func(string) { c.apply() })
	c.search.OnSubmitted = func(string) { c.pick.tap() }
	c.list = newList(func() int { return len(c.shown) }, func() fyne.CanvasObject { return newChoiceRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(c.shown) {
				o.(*choiceRow).set(c.shown[id].Label, id == c.cursor)
			}
		})
	c.list.OnSelected = func(id widget.ListItemID) {
		c.list.UnselectAll()
		if id < len(c.shown) {
			c.cursor = id
			c.send()
		}
	}
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
	c.cursor = 0
	if len(c.shown) == 0 {
		c.cursor = -1
		c.pick.Disable()
	} else {
		c.pick.Enable()
	}
	c.list.Refresh()
	c.list.ScrollToTop()
}

// move moves the highlight by d rows.
func (c *choicePage) move(d int) {
	if len(c.shown) == 0 {
		return
	}
	c.cursor = min(len(c.shown)-1, max(0, c.cursor+d))
	c.list.ScrollTo(c.cursor)
	c.list.Refresh()
}

// highlighted is the choice Enter picks, nil when none.
func (c *choicePage) highlighted() *integrations.Choice {
	if c.cursor < 0 || c.cursor >= len(c.shown) {
		return nil
	}
	return &c.shown[c.cursor]
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
