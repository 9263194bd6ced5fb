package desktop

import (
	"context"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// historyDialog shows a connection's portal and connection events, newest
// first.
type historyDialog struct {
	m      *modal
	list   *list
	events []app.Event
	empty  *widget.Label
}

func (u *UI) showHistory(c app.Connection) {
	h := &historyDialog{}
	u.scr.history = h
	h.empty = widget.NewLabel("Loading…")
	h.list = newList(func() int { return len(h.events) }, func() fyne.CanvasObject { return newHistoryRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(h.events) {
				o.(*historyRow).set(h.events[id])
			}
		})
	size := u.win.Canvas().Size()
	content := withHeight(min(420, size.Height-160), withWidth(min(620, size.Width-80), container.NewStack(h.list, container.NewCenter(h.empty))))
	h.m = newModal(u, "History of “"+c.Label+"”", content, "Close", nil)
	h.m.show(h.list)
	core := u.core
	u.background("history:loaded", func(ctx context.Context) func() {
		events, err := core.History(ctx, c.ID)
		return func() {
			if u.scr.history != h {
				return
			}
			if err != nil {
				h.empty.SetText(app.Explain(err, app.Situation{Doing: app.DoingRead}).Text)
				return
			}
			// Newest first.
			for i, j := 0, len(events)-1; i < j; i, j = i+1, j-1 {
				events[i], events[j] = events[j], events[i]
			}
			h.events = events
			if len(events) == 0 {
				h.empty.SetText("No events recorded yet.")
			} else {
				h.empty.Hide()
			}
			h.list.Refresh()
		}
	})
}

// historyRow is one event: when, what, and details.
type historyRow struct {
	widget.BaseWidget
	when         *muted
	what, detail *widget.Label
	box          *fyne.Container
}

func newHistoryRow() *historyRow {
	r := &historyRow{when: newMuted(""), what: boldLabel(""),
		detail: widget.NewLabel("")}
	r.what.Truncation = fyne.TextTruncateEllipsis
	r.detail.Truncation = fyne.TextTruncateEllipsis
	r.detail.SizeName = theme.SizeNameCaptionText
	r.box = border(nil, nil, withWidth(150, r.when), nil, tightVBox(r.what, r.detail))
	r.ExtendBaseWidget(r)
	return r
}

func (r *historyRow) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (r *historyRow) set(e app.Event) {
	r.when.SetText(formatDateTime(e.Time))
	r.what.SetText(eventText(e))
	var parts []string
	if e.Detail != "" {
		parts = append(parts, e.Detail)
	}
	if e.Method != "" {
		parts = append(parts, "method: "+authKindName(integrations.AuthKind(e.Method)))
	}
	if e.Type == app.EventConnectionFailed && e.Code != "" {
		parts = append(parts, "code "+e.Code)
	}
	r.detail.SetText(strings.Join(parts, " · "))
}
