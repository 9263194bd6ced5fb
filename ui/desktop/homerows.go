package desktop

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// connRowWidget is one row of the connection list: the institution's
// monogram, the label, a line that tells rows apart (institution, login,
// accounts, value, last sync), a thin progress bar while it syncs, the
// status badge, the one action its status calls for, and its menu.
type connRowWidget struct {
	widget.BaseWidget
	id     string
	mono   *monogram
	label  *widget.Label
	sub    *muted
	bar    *thinBar
	badge  *badge
	action *button // Repair (disabled) or Reconnect (expiring); its place is kept
	more   *button
	box    *fyne.Container
}

func (h *homeScreen) createRow() fyne.CanvasObject {
	r := &connRowWidget{
		mono:  newMonogram(40),
		label: boldLabel(""),
		sub:   newMuted(""),
		bar:   newThinBar(),
		badge: newBadge(),
	}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.action = newButton("Reconnect", theme.ViewRefreshIcon(), nil)
	r.action.Hide()
	r.more = newButton("", theme.MoreVerticalIcon(), nil)
	r.more.Importance = widget.LowImportance
	text := container.NewVBox(tightVBox(r.label, r.sub), r.bar)
	// The action's place is kept whether it shows or not: the badges of
	// all rows line up, and a row that becomes disabled moves nothing.
	right := container.NewHBox(container.NewCenter(r.badge), container.NewCenter(reserve(r.action)), container.NewCenter(r.more))
	r.box = border(nil, nil, container.NewPadded(r.mono), right, container.NewPadded(text))
	h.data.bound[r] = -1
	r.ExtendBaseWidget(r)
	return r
}

func (r *connRowWidget) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (h *homeScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	r := o.(*connRowWidget)
	if id < 0 || id >= len(h.data.rows) {
		return
	}
	h.data.bound[r] = id
	row := h.data.rows[id]
	c := row.c
	r.id = c.ID
	now := h.host.now()
	st := h.statusOf(row)
	r.mono.Set(row.inst)
	setText(r.label, c.Label)
	row.note, row.next = h.store.StatusNote(c), h.store.NextAllowed(c)
	r.sub.SetText(rowSubtitle(row, st, now))
	before := r.badge.MinSize().Width
	setConnBadge(r.badge, c, st, now)
	if p, syncing := h.host.syncs().syncing(c.ID); syncing {
		r.bar.set(p.Fraction(), true)
	} else {
		r.bar.set(0, false)
	}
	id2 := c.ID
	switch st {
	case app.StatusDisabled:
		setRepairButton(r.action, c, st)
		r.action.Importance = widget.HighImportance
		r.action.OnTapped = func() { h.host.openPortal(app.PortalRequest{ConnectionID: id2}) }
		r.action.Show()
	case app.StatusExpiring:
		setRepairButton(r.action, c, st)
		r.action.Importance = widget.MediumImportance
		r.action.OnTapped = func() { h.host.openPortal(app.PortalRequest{ConnectionID: id2}) }
		r.action.Show()
	default:
		r.action.Hide()
	}
	r.action.Refresh()
	r.more.OnTapped = func() { h.showMenu(id2, r.more) }
	if before != r.badge.MinSize().Width {
		r.box.Refresh() // the badge's word changed width
	}
}

// rowSubtitle tells rows apart: the institution when the label does not
// already say it, the login, the accounts and their value, and the sync.
func rowSubtitle(row connRow, st app.Status, now time.Time) string {
	c := row.c
	var parts []string
	if !strings.EqualFold(strings.TrimSpace(c.Label), row.inst.DisplayName) && !strings.Contains(c.Label, row.inst.Name) {
		parts = append(parts, row.inst.DisplayName)
	}
	if c.LoginHint != "" {
		parts = append(parts, c.LoginHint)
	}
	if row.accounts > 0 {
		parts = append(parts, plural(row.accounts, "account", "accounts"))
	}
	if row.value != "" {
		parts = append(parts, row.value)
	}
	switch st {
	case app.StatusDisabled:
		parts = append(parts, "Needs repair")
	case app.StatusError:
		if e := lastErrorText(c); e != "" {
			parts = append(parts, "Last sync failed: "+strings.TrimSuffix(e, "."))
			return strings.Join(parts, " · ")
		}
	}
	next := row.next
	if st == app.StatusDisabled {
		next = time.Time{} // it needs repair, not a wait
	}
	parts = append(parts, syncLine(now, c, row.note, next))
	return strings.Join(parts, " · ")
}

// rowFor returns the row widget showing a connection, or nil when it is not
// on screen.
func (h *homeScreen) rowFor(id string) *connRowWidget {
	for r, i := range h.data.bound {
		if i >= 0 && i < len(h.data.rows) && h.data.rows[i].c.ID == id && r.id == id {
			return r
		}
	}
	return nil
}

func (h *homeScreen) find(id string) (connRow, bool) {
	for _, r := range h.data.all {
		if r.c.ID == id {
			return r, true
		}
	}
	return connRow{}, false
}

// menuItems are the row menu's actions that can work in the row's status:
// a disabled connection cannot refresh (Repair is its way back), and
// Reconnect is offered as Repair there.
func (h *homeScreen) menuItems(row connRow) []*fyne.MenuItem {
	host := h.host
	id := row.c.ID
	st := h.statusOf(row)
	items := []*fyne.MenuItem{fyne.NewMenuItem("View accounts", func() { host.showAccounts(id) })}
	if st != app.StatusDisabled && !fedByFiles(row.c) { // a statement's data comes with the next file
		items = append(items, fyne.NewMenuItem("Refresh now", func() { host.syncs().refresh([]string{id}, false) }))
	}
	items = append(items,
		fyne.NewMenuItem("Rename…", func() { h.rename(row.c) }),
		fyne.NewMenuItem("History", func() { host.showHistory(row.c) }),
		fyne.NewMenuItem("Export…", func() { host.showExport(id) }))
	items = append(items, fyne.NewMenuItem(repairWord(row.c, st)+"…", func() { host.openPortal(app.PortalRequest{ConnectionID: id}) }))
	items = append(items, fyne.NewMenuItemSeparator())
	if st != app.StatusDisabled { // a disabled connection's grant is dead already
		for _, x := range h.store.Actions(row.c.InstitutionID) {
			items = append(items, fyne.NewMenuItem(x.Label, func() { h.runAction(row.c, x) }))
		}
	}
	return append(items, fyne.NewMenuItem("Disconnect…", func() { h.disconnect(row.c) }))
}

// showMenu opens a row's menu below its ⋮ button.
func (h *homeScreen) showMenu(id string, anchor fyne.CanvasObject) {
	row, ok := h.find(id)
	if !ok {
		return
	}
	h.menu = fyne.NewMenu("", h.menuItems(row)...)
	pop := widget.NewPopUpMenu(h.menu, h.host.window().Canvas())
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(anchor)
	pop.ShowAtPosition(pos.Add(fyne.NewPos(anchor.Size().Width-pop.MinSize().Width, anchor.Size().Height)))
}

// rename asks for a new label.
func (h *homeScreen) rename(c app.Connection) {
	host, store := h.host, h.store
	text := newEntry()
	text.SetText(c.Label)
	msg := errorText()
	var m *modal
	save := newButton("Rename", nil, func() {
		label := strings.TrimSpace(text.Text)
		if label == "" {
			msg.SetText("Enter a name.")
			return
		}
		m.hide()
		host.background("renamed", func(ctx context.Context) func() {
			_, err := store.Rename(ctx, c.ID, label)
			return func() {
				if err != nil {
					showMessage(host, "The connection could not be renamed", app.Explain(err, app.Situation{Doing: app.DoingSave}).Text)
					return
				}
				host.publish(event{Topic: topicConnections, IDs: []string{c.ID}})
			}
		})
	}).primary()
	text.OnSubmitted = func(string) { save.tap() }
	m = newModal(host, "Rename connection", withWidth(min(380, host.window().Canvas().Size().Width-80),
		container.NewVBox(widget.NewForm(widget.NewFormItem("Name", text)), msg)), "Cancel", save)
	m.show(text)
	text.selectAll()
	host.remember(m)
}

// runAction runs one of the extra actions the connection's integration
// offers (the demo's "revoke access", which disables it at its next sync:
// the way to try a repair), after a confirmation when it is destructive,
// then syncs the connection.
func (h *homeScreen) runAction(c app.Connection, x integrations.ExtraAction) {
	host, store := h.host, h.store
	run := func() {
		host.background("action:"+x.ID, func(ctx context.Context) func() {
			_, err := store.RunAction(ctx, c.ID, x.ID)
			return func() {
				if err != nil {
					host.remember(showMessage(host, x.Label+" did not work", app.Explain(err, app.Situation{Doing: app.DoingSync}).Text))
					return
				}
				host.syncs().refresh([]string{c.ID}, false)
			}
		})
	}
	if !x.Destructive {
		run()
		return
	}
	host.remember(showConfirm(host, x.Label+"?", x.Help, x.Label, true, run))
}
