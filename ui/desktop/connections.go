package desktop

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// connRow is one connection as the list shows it.
type connRow struct {
	c    app.Connection
	inst integrations.Institution
}

// Filters of the connection list.
const (
	filterAll       = "All connections"
	filterAttention = "Needs attention"
	filterActive    = "Active"
	filterDisabled  = "Disabled"
	filterExpiring  = "Expiring"
	filterError     = "Error"
)

// homeScreen is the main window once the vault is unlocked: the connection
// list with its toolbar.
type homeScreen struct {
	u       *UI
	visible bool
	loaded  bool

	connectButton  *widget.Button
	refreshButton  *widget.Button
	settingsButton *widget.Button
	lockButton     *widget.Button
	search         *widget.Entry
	filter         *widget.Select
	summary        *muted
	status         *muted

	banner    *banner
	bannerBox *fyne.Container
	repairOne *widget.Button // the banner's Repair, when one connection is disabled

	list      *widget.List
	root      *fyne.Container
	top       *fyne.Container
	header    *fyne.Container
	searchRow *fyne.Container
	empty     *fyne.Container
	noMatch   *fyne.Container
	content   *fyne.Container

	emptyConnect *widget.Button
	emptyDemo    *widget.Button

	all  []connRow // every connection, oldest first
	rows []connRow // the filtered view

	mu          sync.Mutex
	progress    map[string]app.Progress // while syncing
	pending     bool                    // a repaint is queued
	refreshing  bool                    // a "refresh all" is running
	cancelAll   context.CancelFunc
	refreshRuns int

	bound map[*connRowWidget]int // row widgets → the row index they show

	// Open menu and dialogs, for tests.
	menu       *fyne.Menu
	confirm    *dialog.ConfirmDialog
	renameForm *dialog.FormDialog
	renameText *widget.Entry
}

// connRowWidget is one row of the list.
type connRowWidget struct {
	widget.BaseWidget
	id       string
	mono     *monogram
	label    *widget.Label
	sub      *muted
	progress *widget.ProgressBar
	badge    *badge
	repair   *widget.Button
	more     *widget.Button
	right    *fyne.Container
	box      *fyne.Container
}

func (u *UI) showHome() {
	if u.home == nil {
		u.home = u.newHome()
	}
	h := u.home
	h.visible = true
	u.accounts = nil
	u.settings = nil
	u.setContent(h.layout())
	if !h.loaded {
		u.reloadConnections()
	} else {
		h.apply()
	}
}

func (u *UI) newHome() *homeScreen {
	h := &homeScreen{u: u, progress: map[string]app.Progress{}, bound: map[*connRowWidget]int{}}
	h.connectButton = widget.NewButtonWithIcon("Connect", theme.ContentAddIcon(), func() { u.openPortal(app.PortalRequest{}) })
	h.connectButton.Importance = widget.HighImportance
	h.refreshButton = widget.NewButtonWithIcon("Refresh all", theme.ViewRefreshIcon(), func() {
		if h.refreshing {
			h.stopRefresh()
			return
		}
		u.refreshConnections(nil, false)
	})
	h.settingsButton = widget.NewButtonWithIcon("Settings", theme.SettingsIcon(), func() { u.showSettings("") })
	h.lockButton = widget.NewButtonWithIcon("Lock", theme.LogoutIcon(), func() { u.lock("user") })
	h.search = widget.NewEntry()
	h.search.SetPlaceHolder("Search connections (Ctrl+F)")
	h.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	h.search.OnChanged = func(string) { u.touch(); h.apply() }
	h.filter = widget.NewSelect([]string{filterAll, filterAttention, filterActive, filterExpiring, filterError, filterDisabled}, nil)
	h.summary = newMuted("")
	h.summary.Truncation = fyne.TextTruncateOff
	h.status = newMuted("")

	h.banner = newBanner(theme.ColorNameWarning, theme.WarningIcon())
	h.bannerBox = container.NewPadded(h.banner.box)
	h.bannerBox.Hide()

	h.list = widget.NewList(func() int { return len(h.rows) }, h.createRow, h.updateRow)
	h.list.OnSelected = func(id widget.ListItemID) {
		h.list.UnselectAll()
		if id >= 0 && id < len(h.rows) {
			u.showAccounts(h.rows[id].c.ID)
		}
	}

	h.emptyConnect = widget.NewButtonWithIcon("Connect an account", theme.ContentAddIcon(), func() { u.openPortal(app.PortalRequest{}) })
	h.emptyConnect.Importance = widget.HighImportance
	h.emptyDemo = widget.NewButton("Try the demo brokerage", func() { u.openPortal(app.PortalRequest{InstitutionID: u.demoInstitution()}) })
	title := widget.NewLabelWithStyle("Connect your first account", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	text := widget.NewLabelWithStyle("Latchkey connects to your brokerage and crypto accounts and keeps their keys in your vault, "+
		"on this computer. Your balances, holdings and activity stay available offline.\n\n"+
		"No real account at hand? The built-in demo brokerage shows every kind of login with made-up data.", fyne.TextAlignCenter, fyne.TextStyle{})
	text.Wrapping = fyne.TextWrapWord
	h.empty = container.NewVBox(container.NewCenter(appIcon(80)), title, text,
		container.NewCenter(container.NewHBox(h.emptyConnect, h.emptyDemo)))
	clear := widget.NewButton("Clear the search", func() {
		h.search.SetText("")
		h.filter.SetSelected(filterAll)
	})
	h.noMatch = container.NewVBox(widget.NewLabelWithStyle("No connection matches", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		container.NewCenter(clear))
	h.content = container.NewStack()
	h.filter.SetSelected(filterAll)
	h.filter.OnChanged = func(string) { h.apply() }
	return h
}

func (h *homeScreen) layout() fyne.CanvasObject {
	title := heading("Connections")
	h.top = container.NewBorder(nil, nil,
		container.NewHBox(container.NewCenter(appIcon(32)), title, container.NewCenter(h.summary)),
		container.NewCenter(container.NewHBox(h.connectButton, h.refreshButton, h.settingsButton, h.lockButton)))
	h.searchRow = container.NewPadded(container.NewBorder(nil, nil, nil, withWidth(180, h.filter), h.search))
	h.header = container.NewVBox(container.NewPadded(h.top), h.searchRow, h.bannerBox)
	footer := container.NewPadded(h.status)
	h.root = container.NewBorder(h.header, footer, nil, nil, h.content)
	return h.root
}

func (h *homeScreen) createRow() fyne.CanvasObject {
	r := &connRowWidget{
		mono:     newMonogram(40),
		label:    widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		sub:      newMuted(""),
		progress: widget.NewProgressBar(),
		badge:    newBadge(),
	}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.progress.TextFormatter = func() string { return "" }
	r.progress.Hide()
	r.repair = widget.NewButtonWithIcon("Repair", theme.ViewRefreshIcon(), nil)
	r.repair.Importance = widget.HighImportance
	r.repair.Hide()
	r.more = widget.NewButtonWithIcon("", theme.MoreVerticalIcon(), nil)
	r.more.Importance = widget.LowImportance
	text := tightVBox(r.label, r.sub)
	r.right = container.NewHBox(container.NewCenter(withWidth(110, r.progress)), container.NewCenter(r.badge), container.NewCenter(r.repair), container.NewCenter(r.more))
	r.box = container.NewBorder(nil, nil, container.NewPadded(r.mono), r.right, container.NewPadded(text))
	h.bound[r] = -1
	r.ExtendBaseWidget(r)
	return r
}

func (r *connRowWidget) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(r.box) }

func (h *homeScreen) updateRow(id widget.ListItemID, o fyne.CanvasObject) {
	r := o.(*connRowWidget)
	if id < 0 || id >= len(h.rows) {
		return
	}
	h.bound[r] = id
	row := h.rows[id]
	c := row.c
	r.id = c.ID
	now := h.u.now()
	h.mu.Lock()
	p, syncing := h.progress[c.ID]
	h.mu.Unlock()
	if syncing && (p.Phase == app.PhaseDone || p.Phase == app.PhaseFailed) {
		syncing = false
	}
	st := c.StatusAt(now, syncing)
	r.mono.Set(row.inst)
	setText(r.label, c.Label)
	sub := row.inst.DisplayName + " · " + syncedText(now, c)
	if st == app.StatusError {
		if e := lastErrorText(c); e != "" {
			sub = row.inst.DisplayName + " · Last sync failed: " + e
		}
	}
	if st == app.StatusDisabled {
		sub = row.inst.DisplayName + " · Needs repair · " + syncedText(now, c)
	}
	r.sub.SetText(sub)
	before := r.badge.MinSize().Width
	wasSyncing, wasRepair := r.progress.Visible(), r.repair.Visible()
	setStatusBadge(r.badge, st, expiresIn(now, c.ExpiresAt))
	if syncing {
		r.progress.SetValue(p.Fraction())
		r.progress.Show()
	} else {
		r.progress.Hide()
	}
	id2 := c.ID
	if st == app.StatusDisabled {
		r.repair.OnTapped = func() { h.u.openPortal(app.PortalRequest{ConnectionID: id2}) }
		r.repair.Show()
	} else {
		r.repair.Hide()
	}
	r.more.OnTapped = func() { h.showMenu(id2, r.more) }
	// The right-hand side's width changes with the badge's word and with
	// the progress bar and Repair showing: lay the row out again then.
	if before != r.badge.MinSize().Width || wasSyncing != syncing || wasRepair != (st == app.StatusDisabled) {
		r.box.Layout.Layout(r.box.Objects, r.box.Size())
		r.right.Layout.Layout(r.right.Objects, r.right.Size())
	}
}

// setText changes a label's text only when it differs (a refresh of a
// truncating label measures its text again).
func setText(l *widget.Label, s string) {
	if l.Text != s {
		l.SetText(s)
	}
}

func lastErrorText(c app.Connection) string {
	for _, k := range []string{app.DataHoldings, app.DataTransactions} {
		if s := c.Sync[k]; s.Failed() {
			if s.LastErrorText != "" {
				return s.LastErrorText
			}
			return integrations.UserMessage(errors.New(s.LastError))
		}
	}
	return ""
}

// rowFor returns the row widget showing a connection, or nil when it is not
// on screen.
func (h *homeScreen) rowFor(id string) *connRowWidget {
	for r, i := range h.bound {
		if i >= 0 && i < len(h.rows) && h.rows[i].c.ID == id && r.id == id {
			return r
		}
	}
	return nil
}

// setConnections replaces the list's data.
func (h *homeScreen) setConnections(conns []app.Connection) {
	h.loaded = true
	h.all = h.all[:0]
	for _, c := range conns {
		h.all = append(h.all, connRow{c: c, inst: h.u.institution(c.InstitutionID)})
	}
	h.apply()
}

// statusOf is a row's status now.
func (h *homeScreen) statusOf(row connRow) app.Status {
	h.mu.Lock()
	p, syncing := h.progress[row.c.ID]
	h.mu.Unlock()
	if syncing && (p.Phase == app.PhaseDone || p.Phase == app.PhaseFailed) {
		syncing = false
	}
	return row.c.StatusAt(h.u.now(), syncing)
}

// apply filters the rows by the search and the filter, and updates the
// banner, the summary and which of list / empty state / no match shows.
func (h *homeScreen) apply() {
	q := strings.ToLower(strings.TrimSpace(h.search.Text))
	f := h.filter.Selected
	h.rows = h.rows[:0]
	var disabled, expiring, failing []connRow
	for _, row := range h.all {
		st := h.statusOf(row)
		switch st {
		case app.StatusDisabled:
			disabled = append(disabled, row)
		case app.StatusExpiring:
			expiring = append(expiring, row)
		case app.StatusError:
			failing = append(failing, row)
		}
		if q != "" && !strings.Contains(strings.ToLower(row.c.Label), q) &&
			!strings.Contains(strings.ToLower(row.inst.DisplayName), q) && !strings.Contains(strings.ToLower(row.inst.Name), q) {
			continue
		}
		if !filterMatches(f, st) {
			continue
		}
		h.rows = append(h.rows, row)
	}
	bannerWas, searchWas := h.bannerBox.Visible(), h.searchRow == nil || h.searchRow.Visible()
	h.updateBanner(disabled, expiring, failing)
	n := len(h.all)
	if h.searchRow != nil {
		if n == 0 {
			h.searchRow.Hide()
		} else {
			h.searchRow.Show()
		}
	}
	if h.root != nil && (bannerWas != h.bannerBox.Visible() || searchWas != h.searchRow.Visible()) {
		h.header.Refresh()
		h.root.Refresh()
	}
	insts := map[string]bool{}
	for _, r := range h.all {
		insts[r.c.InstitutionID] = true
	}
	summary := ""
	if n > 0 {
		summary = plural(n, "connection", "connections") + " · " + plural(len(insts), "institution", "institutions")
	}
	if summary != h.summary.Text() {
		h.summary.SetText(summary)
		if h.top != nil {
			h.top.Refresh() // its width changed
		}
	}
	var show fyne.CanvasObject = h.list
	switch {
	case !h.loaded:
		show = container.NewCenter(widget.NewActivity())
	case n == 0:
		show = centered(h.empty)
	case len(h.rows) == 0:
		show = container.NewCenter(h.noMatch)
	}
	if len(h.content.Objects) != 1 || h.content.Objects[0] != show {
		h.content.Objects = []fyne.CanvasObject{show}
		h.content.Refresh()
	}
	if n == 0 {
		h.refreshButton.Disable()
	} else {
		h.refreshButton.Enable()
	}
	h.list.Refresh()
}

func filterMatches(f string, st app.Status) bool {
	switch f {
	case filterAttention:
		return st == app.StatusDisabled || st == app.StatusExpiring || st == app.StatusError
	case filterActive:
		return st == app.StatusActive || st == app.StatusSyncing
	case filterDisabled:
		return st == app.StatusDisabled
	case filterExpiring:
		return st == app.StatusExpiring
	case filterError:
		return st == app.StatusError
	}
	return true
}

// updateBanner counts the connections that need attention.
func (h *homeScreen) updateBanner(disabled, expiring, failing []connRow) {
	n := len(disabled) + len(expiring) + len(failing)
	if n == 0 {
		h.bannerBox.Hide()
		h.repairOne = nil
		return
	}
	var parts []string
	if len(disabled) > 0 {
		parts = append(parts, fmt.Sprintf("%d disabled", len(disabled)))
	}
	if len(expiring) > 0 {
		parts = append(parts, fmt.Sprintf("%d expiring soon", len(expiring)))
	}
	if len(failing) > 0 {
		parts = append(parts, fmt.Sprintf("%d failed to sync", len(failing)))
	}
	var msg string
	var actions []fyne.CanvasObject
	h.repairOne = nil
	switch {
	case n == 1 && len(disabled) == 1:
		c := disabled[0].c
		msg = fmt.Sprintf("1 connection needs attention: “%s” is disabled. %s no longer accepts its login; repair it to get fresh data.",
			c.Label, disabled[0].inst.DisplayName)
		h.repairOne = widget.NewButtonWithIcon("Repair", theme.ViewRefreshIcon(), func() { h.u.openPortal(app.PortalRequest{ConnectionID: c.ID}) })
		h.repairOne.Importance = widget.HighImportance
		actions = append(actions, h.repairOne)
	case n == 1 && len(expiring) == 1:
		c := expiring[0].c
		msg = fmt.Sprintf("1 connection needs attention: the login of “%s” ends %s. Reconnect it to keep it working.", c.Label, expiresIn(h.u.now(), c.ExpiresAt))
		b := widget.NewButton("Reconnect", func() { h.u.openPortal(app.PortalRequest{ConnectionID: c.ID}) })
		actions = append(actions, b)
	case n == 1:
		c := failing[0].c
		msg = fmt.Sprintf("1 connection needs attention: the last sync of “%s” failed. %s", c.Label, lastErrorText(c))
		b := widget.NewButton("Retry", func() { h.u.refreshConnections([]string{c.ID}, false) })
		actions = append(actions, b)
	default:
		msg = fmt.Sprintf("%d connections need attention: %s.", n, strings.Join(parts, ", "))
		if h.filter.Selected != filterAttention {
			actions = append(actions, widget.NewButton("Show them", func() { h.filter.SetSelected(filterAttention) }))
		}
	}
	if len(disabled) > 0 {
		h.banner.SetLook(theme.ColorNameError, theme.ErrorIcon())
	} else {
		h.banner.SetLook(theme.ColorNameWarning, theme.WarningIcon())
	}
	h.banner.Set(msg, actions...)
	h.bannerBox.Show()
}

// reloadConnections reads the connections from the vault.
func (u *UI) reloadConnections() {
	u.background("connections", func(ctx context.Context) func() {
		conns, err := u.core.Connections(ctx)
		return func() {
			if u.home == nil {
				return
			}
			if err != nil {
				u.home.status.SetText("The connections could not be read: " + err.Error())
				return
			}
			u.home.setConnections(conns)
			if u.accounts != nil {
				u.accounts.connectionChanged()
			}
		}
	})
}

// refreshConnections syncs the given connections (all when ids is nil) and
// shows per-connection progress. auto marks a background refresh.
func (u *UI) refreshConnections(ids []string, auto bool) {
	h := u.home
	s := u.sess
	if h == nil || s == nil {
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	all := ids == nil
	targets := ids
	if all {
		if h.refreshing || len(h.all) == 0 {
			cancel()
			return
		}
		h.refreshing = true
		h.cancelAll = cancel
		h.refreshButton.SetText("Stop")
		h.refreshButton.SetIcon(theme.MediaStopIcon())
		for _, r := range h.all {
			targets = append(targets, r.c.ID)
		}
	}
	h.refreshRuns++
	h.mu.Lock()
	for _, id := range targets {
		h.progress[id] = app.Progress{ConnectionID: id, Phase: app.PhaseQueued}
	}
	h.mu.Unlock()
	if !auto {
		h.status.SetText(fmt.Sprintf("Refreshing %s…", plural(len(targets), "connection", "connections")))
	}
	h.apply()
	u.background("refresh:done", func(sctx context.Context) func() {
		res, err := u.core.Refresh(ctx, targets, h.setProgress)
		stopped := ctx.Err() != nil
		cancel()
		conns, cerr := u.core.Connections(sctx)
		return func() {
			h.refreshRuns--
			if all {
				h.refreshing = false
				h.cancelAll = nil
				h.refreshButton.SetText("Refresh all")
				h.refreshButton.SetIcon(theme.ViewRefreshIcon())
			}
			h.mu.Lock()
			for _, id := range targets {
				delete(h.progress, id)
			}
			h.mu.Unlock()
			if cerr == nil {
				h.setConnections(conns)
			} else {
				h.apply()
			}
			h.status.SetText(refreshSummary(res, err, stopped, u.now()))
			if u.accounts != nil {
				u.accounts.connectionChanged()
			}
		}
	})
}

// stopRefresh cancels a running "refresh all".
func (h *homeScreen) stopRefresh() {
	if h.cancelAll != nil {
		h.cancelAll()
		h.status.SetText("Stopping…")
	}
}

// setProgress records a sync's progress (any goroutine) and queues one
// repaint of the visible rows.
func (h *homeScreen) setProgress(p app.Progress) {
	h.mu.Lock()
	h.progress[p.ConnectionID] = p
	queue := !h.pending
	h.pending = true
	h.mu.Unlock()
	if queue {
		h.u.do(func() {
			h.mu.Lock()
			h.pending = false
			h.mu.Unlock()
			h.list.Refresh()
		})
	}
}

// clearProgress forgets a finished sync's progress.
func (h *homeScreen) clearProgress(id string) {
	h.mu.Lock()
	delete(h.progress, id)
	h.mu.Unlock()
}

// refreshSummary is the status line after a refresh.
func refreshSummary(res []app.SyncResult, err error, cancelled bool, now time.Time) string {
	if err != nil {
		return "The refresh could not start: " + integrations.UserMessage(err)
	}
	if cancelled {
		return "Refresh stopped. Connections that had finished keep their new data."
	}
	failed, disabled := 0, 0
	for _, r := range res {
		switch {
		case r.Status == app.StatusDisabled:
			disabled++
		case r.Err != nil:
			failed++
		}
	}
	msg := fmt.Sprintf("Refreshed %s at %s.", plural(len(res), "connection", "connections"), now.Local().Format("15:04"))
	if disabled > 0 {
		msg += " " + plural(disabled, "connection needs", "connections need") + " repair."
	}
	if failed > 0 {
		msg += " " + plural(failed, "connection", "connections") + " could not sync; try again later."
	}
	return msg
}

// showMenu opens a row's menu below its ⋮ button.
func (h *homeScreen) showMenu(id string, anchor fyne.CanvasObject) {
	u := h.u
	row, ok := h.find(id)
	if !ok {
		return
	}
	items := []*fyne.MenuItem{
		fyne.NewMenuItem("View accounts", func() { u.showAccounts(id) }),
		fyne.NewMenuItem("Refresh now", func() { u.refreshConnections([]string{id}, false) }),
		fyne.NewMenuItem("Rename…", func() { h.rename(row.c) }),
		fyne.NewMenuItem("History", func() { u.showHistory(row.c) }),
		fyne.NewMenuItem("Reconnect…", func() { u.openPortal(app.PortalRequest{ConnectionID: id}) }),
		fyne.NewMenuItemSeparator(),
	}
	for _, x := range u.core.Actions(row.c.InstitutionID) {
		items = append(items, fyne.NewMenuItem(x.Label, func() { h.runAction(row.c, x) }))
	}
	items = append(items, fyne.NewMenuItem("Disconnect…", func() { h.disconnect(row.c) }))
	h.menu = fyne.NewMenu("", items...)
	pop := widget.NewPopUpMenu(h.menu, u.win.Canvas())
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(anchor)
	pop.ShowAtPosition(pos.Add(fyne.NewPos(anchor.Size().Width-pop.MinSize().Width, anchor.Size().Height)))
}

func (h *homeScreen) find(id string) (connRow, bool) {
	for _, r := range h.all {
		if r.c.ID == id {
			return r, true
		}
	}
	return connRow{}, false
}

// rename asks for a new label.
func (h *homeScreen) rename(c app.Connection) {
	u := h.u
	h.renameText = widget.NewEntry()
	h.renameText.SetText(c.Label)
	h.renameText.Validator = func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("enter a name")
		}
		return nil
	}
	h.renameForm = dialog.NewForm("Rename connection", "Rename", "Cancel",
		[]*widget.FormItem{widget.NewFormItem("Name", h.renameText)}, func(ok bool) {
			if !ok {
				return
			}
			label := h.renameText.Text
			u.background("renamed", func(ctx context.Context) func() {
				_, err := u.core.Rename(ctx, c.ID, label)
				return func() {
					if err != nil {
						u.showMessage("The connection could not be renamed", err.Error())
						return
					}
					u.reloadConnections()
				}
			})
		}, u.win)
	h.renameForm.Resize(fyne.NewSize(420, 160))
	h.renameForm.Show()
	u.win.Canvas().Focus(h.renameText)
}

// disconnect asks for confirmation, then removes the connection.
func (h *homeScreen) disconnect(c app.Connection) {
	u := h.u
	h.confirm = dialog.NewConfirm("Disconnect “"+c.Label+"”?",
		"Latchkey deletes this connection's saved login, its cached balances, holdings and activity, and its history from your vault.\n"+
			"Your account at "+u.institution(c.InstitutionID).DisplayName+" is not affected; to withdraw Latchkey's access there as well, use the institution's website.",
		func(ok bool) {
			if !ok {
				return
			}
			u.background("disconnected", func(ctx context.Context) func() {
				err := u.core.Disconnect(ctx, c.ID)
				return func() {
					if err != nil {
						u.showMessage("The connection could not be removed", err.Error())
						return
					}
					h.status.SetText("Disconnected “" + c.Label + "”.")
					u.reloadConnections()
				}
			})
		}, u.win)
	h.confirm.SetConfirmText("Disconnect")
	h.confirm.SetDismissText("Cancel")
	h.confirm.SetConfirmImportance(widget.DangerImportance)
	h.confirm.Show()
}

// runAction runs one of the extra actions the connection's integration
// offers (the demo's "revoke access", which disables it at its next sync: the
// way to try a repair), after a confirmation when it is destructive, then
// syncs the connection.
func (h *homeScreen) runAction(c app.Connection, x integrations.ExtraAction) {
	u := h.u
	run := func() {
		u.background("action:"+x.ID, func(ctx context.Context) func() {
			_, err := u.core.RunAction(ctx, c.ID, x.ID)
			return func() {
				if err != nil {
					u.showMessage(x.Label+" did not work", err.Error())
					return
				}
				u.refreshConnections([]string{c.ID}, false)
			}
		})
	}
	if !x.Destructive {
		run()
		return
	}
	h.confirm = dialog.NewConfirm(x.Label+"?", x.Help, func(ok bool) {
		if ok {
			run()
		}
	}, u.win)
	h.confirm.SetConfirmText(x.Label)
	h.confirm.SetDismissText("Cancel")
	h.confirm.SetConfirmImportance(widget.DangerImportance)
	h.confirm.Show()
}

// showMessage shows a plain message dialog.
func (u *UI) showMessage(title, text string) {
	l := wrapped(text)
	d := dialog.NewCustom(title, "Close", withWidth(420, l), u.win)
	d.Show()
}

// sortInstitutions sorts by display name.
func sortInstitutions(list []integrations.Institution) {
	sort.SliceStable(list, func(i, j int) bool {
		return strings.ToLower(list[i].DisplayName) < strings.ToLower(list[j].DisplayName)
	})
}

// demoInstitution is the first institution with made-up data, offered on an
// empty connection list ("" when this build has none).
func (u *UI) demoInstitution() string {
	if u.reg == nil {
		return ""
	}
	for _, in := range u.reg.List() {
		if in.Institution().Demo {
			return in.Institution().ID
		}
	}
	return ""
}
