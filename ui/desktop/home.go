package desktop

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// homeScreen is the main window once the vault is unlocked: the connection
// list with its toolbar. It listens to the connections and syncs changing.
type homeScreen struct {
	host    homeHost
	store   homeStore
	bar     homeToolbar
	search  *entry
	filter  *selectBox
	summary *muted
	status  *muted // what the last refresh did, next to Refresh all
	banner  *banner
	list    *list
	content *fyne.Container // the list, the empty state or "no match"
	empty   homeEmpty
	data    homeData
	menu    *fyne.Menu        // the row menu last opened, for tests
	remove  *disconnectDialog // the last disconnect asked, for tests
}

// homeHost is what the home screen needs from the UI.
type homeHost interface {
	connectionsHost
	demoInstitution() string
}

// homeStore is the app's use cases the home screen calls.
type homeStore interface {
	Connections(ctx context.Context) ([]app.Connection, error)
	Accounts(ctx context.Context, connectionID string) ([]app.AccountView, error)
	ConnectionTotals(ctx context.Context, currency string) (map[string]app.ConnectionTotal, error)
	Rename(ctx context.Context, id, label string) (app.Connection, error)
	Disconnect(ctx context.Context, id string, opts ...app.DisconnectOptions) error
	CanRemoveAtInstitution(c app.Connection) bool
	StatusNote(c app.Connection) string
	NextAllowed(c app.Connection) time.Time
	Status(c app.Connection) app.Status
	// NextSyncAllowed is when the institution's request budget (SimpleFIN's)
	// allows the connection's next sync; zero when any time.
	NextSyncAllowed(c app.Connection) time.Time
	Actions(institutionID string) []integrations.ExtraAction
	RunAction(ctx context.Context, id, actionID string) (app.Connection, error)
}

type homeToolbar struct {
	connect, refresh, settings, lock *toolButton
}

type homeEmpty struct {
	connect, demo *button
	box, noMatch  fyne.CanvasObject
}

// newHomeEmpty is the empty state before any connection (the home list's
// and the overview's): above (a title and a text) over the buttons that
// connect an account and try the demo brokerage, hidden when there is
// none.
func newHomeEmpty(host interface {
	navigator
	demoInstitution() string
}, above ...fyne.CanvasObject) homeEmpty {
	var e homeEmpty
	e.connect = newButton("Connect an account", theme.ContentAddIcon(), func() { host.openPortal(app.PortalRequest{}) }).primary()
	e.demo = newButton("Try the demo brokerage", nil, func() { host.openPortal(app.PortalRequest{InstitutionID: host.demoInstitution()}) })
	if host.demoInstitution() == "" {
		e.demo.Hide()
	}
	e.box = centered(container.NewVBox(append(above, container.NewCenter(container.NewHBox(e.connect, e.demo)))...))
	return e
}

// homeData is what the list shows.
type homeData struct {
	loaded  bool
	all     []connRow // every connection, oldest first
	rows    []connRow // the filtered view
	refresh *refreshDone
	bound   map[*connRowWidget]int         // row widgets → the row they show
	totals  map[string]app.ConnectionTotal // per connection, in the base currency
}

// connRow is one connection as the list shows it.
type connRow struct {
	c        app.Connection
	inst     integrations.Institution
	accounts int
	value    string    // the accounts' total value per currency
	note     string    // app.StatusNote now ("Imported 3 days ago", "Partly synced: …")
	next     time.Time // when the institution's budget allows the next refresh, zero: now
}

// refreshDone is the last refresh the user asked for; the status line is
// derived from it and the connections now, so it never says what stopped
// being true.
type refreshDone struct {
	ids     []string
	at      time.Time
	err     error
	stopped bool
	note    string // not a refresh: what the user's last action did ("Disconnected …")
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

// leaveScreens forgets the screen that was showing.
func (u *UI) leaveScreens() {
	for _, o := range []any{u.scr.home, u.scr.overview, u.scr.accounts, u.scr.settings} {
		u.bus.drop(o)
	}
	u.scr.home, u.scr.overview, u.scr.main, u.scr.accounts, u.scr.settings = nil, nil, nil, nil, nil
	u.scr.create, u.scr.unlock, u.scr.openErr = nil, nil, nil
}

func newHome(host homeHost, store homeStore) *homeScreen {
	h := &homeScreen{host: host, store: store, data: homeData{bound: map[*connRowWidget]int{}}}
	h.bar.connect = newToolButton("Connect", theme.ContentAddIcon(), func() { host.openPortal(app.PortalRequest{}) })
	h.bar.connect.Importance = widget.HighImportance
	h.bar.refresh = newToolButton("Refresh all", theme.ViewRefreshIcon(), func() {
		if !host.syncs().stop() {
			host.syncs().refresh(nil, false)
		}
	})
	h.bar.refresh.setLabel("Stop") // reserve the width of both words
	h.bar.refresh.setLabel("Refresh all")
	h.bar.settings = newToolButton("Settings", theme.SettingsIcon(), func() { host.showSettings("") })
	h.bar.lock = newToolButton("Lock", theme.LogoutIcon(), func() { host.lock("user") })
	h.search = newEntry()
	h.search.SetPlaceHolder("Search connections (Ctrl+F)")
	h.search.ActionItem = widget.NewIcon(theme.SearchIcon())
	h.search.onChanged(func(string) { h.apply() })
	h.filter = newSelect([]string{filterAll, filterAttention, filterActive, filterExpiring, filterError, filterDisabled}, nil)
	h.filter.SetSelected(filterAll)
	h.filter.OnChanged = func(string) { h.apply() }
	h.summary = newMuted("")
	h.summary.Truncation = fyne.TextTruncateOff
	h.status = newMuted("")
	h.banner = newBanner(theme.ColorNameWarning, theme.WarningIcon())
	h.banner.box.Hide()
	h.list = newList(func() int { return len(h.data.rows) }, h.createRow, h.updateRow)
	h.list.OnSelected = func(id widget.ListItemID) {
		h.list.UnselectAll()
		if id >= 0 && id < len(h.data.rows) {
			host.showAccounts(h.data.rows[id].c.ID)
		}
	}
	h.buildEmpty()
	h.content = container.NewStack(container.NewCenter(widget.NewActivity()))
	bus := host.events()
	bus.on(h, topicConnections, func(event) { h.reload() })
	bus.on(h, topicSynced, func(e event) {
		if !e.Auto {
			h.data.refresh = &refreshDone{ids: e.IDs, at: host.now(), err: e.Err, stopped: e.Stopped}
			if e.IDs != nil && len(e.IDs) == 1 {
				h.data.refresh = nil // one connection: its row says how it went
			}
		}
		h.reload()
	})
	bus.on(h, topicSyncStarted, func(e event) {
		if e.IDs == nil {
			h.bar.refresh.setLabel("Stop")
			h.bar.refresh.SetIcon(theme.MediaStopIcon())
			if !e.Auto {
				h.status.SetText(fmt.Sprintf("Refreshing %s…", plural(len(h.data.all), "connection", "connections")))
			}
		}
		h.apply()
	})
	bus.on(h, topicProgress, func(e event) {
		for _, id := range e.IDs {
			if r := h.rowFor(id); r != nil {
				h.list.RefreshItem(h.data.bound[r])
			}
		}
	})
	return h
}

func (h *homeScreen) buildEmpty() {
	h.empty = newHomeEmpty(h.host, container.NewCenter(appIcon(80)), centerText(subheading("Connect your first account")),
		centerText(wrapped("Latchkey connects to your brokerage and crypto accounts and keeps their keys in your vault, "+
			"on this computer. Your balances, holdings and activity stay available offline.\n\n"+
			"No real account at hand? The built-in demo brokerage shows every kind of login with made-up data.")))
	clear := newButton("Clear the search", nil, func() {
		h.search.SetText("")
		h.filter.SetSelected(filterAll)
	})
	h.empty.noMatch = container.NewCenter(container.NewVBox(centerText(boldLabel("No connection matches")),
		container.NewCenter(clear)))
}

// layout is the connection list on its own under the toolbar (benchmarks;
// the app shows it as a tab of the main view).
func (h *homeScreen) layout() fyne.CanvasObject { return h.frame(nil, h.body()) }

// frame is the window's frame once unlocked: the app icon and nav (the
// main view's tabs) on the left, the toolbar on the right, content below.
func (h *homeScreen) frame(nav, content fyne.CanvasObject) fyne.CanvasObject {
	tools := newToolbar(h.bar.connect, h.bar.refresh, h.bar.settings, h.bar.lock)
	left := container.NewHBox(container.NewCenter(appIcon(32)))
	if nav != nil {
		left.Add(container.NewCenter(nav))
	}
	top := border(nil, nil, left, nil, tools)
	return border(container.NewPadded(top), nil, nil, nil, content)
}

// body is the Connections tab: search and filter, the summary and the
// status of the last refresh, the list.
func (h *homeScreen) body() fyne.CanvasObject {
	statusRow := border(nil, nil, h.summary, nil, h.status)
	searchRow := border(nil, nil, nil, withWidth(180, h.filter), h.search)
	header := container.NewVBox(container.NewPadded(searchRow), container.NewPadded(statusRow))
	// The attention banner sits below the list: appearing, it moves
	// nothing the user is about to press.
	return border(header, container.NewPadded(h.banner.box), nil, nil, h.content)
}

// reload reads the connections and their accounts from the vault.
func (h *homeScreen) reload() {
	store := h.store
	h.host.background("connections", func(ctx context.Context) func() {
		conns, err := store.Connections(ctx)
		accts, aerr := store.Accounts(ctx, "")
		totals, terr := store.ConnectionTotals(ctx, "")
		return func() {
			if err != nil {
				h.status.SetText(app.Explain(err, app.Situation{Doing: app.DoingRead}).Text)
				return
			}
			if aerr != nil {
				accts = nil
			}
			if terr != nil {
				totals = nil
			}
			h.data.totals = totals
			h.setConnections(conns, accts)
		}
	})
}

// setConnections replaces the list's data.
func (h *homeScreen) setConnections(conns []app.Connection, accts []app.AccountView) {
	byConn := map[string][]app.AccountView{}
	for _, a := range accts {
		byConn[a.ConnectionID] = append(byConn[a.ConnectionID], a)
	}
	h.data.loaded = true
	h.data.all = h.data.all[:0]
	for _, c := range conns {
		as := byConn[c.ID]
		row := connRow{c: c, inst: connInstitution(h.host, c), accounts: len(as), value: connectionValue(as),
			next: h.store.NextSyncAllowed(c)}
		// In the base currency when the app has the total; per currency
		// otherwise.
		if t, ok := h.data.totals[c.ID]; ok && t.Accounts > 0 {
			row.accounts, row.value = t.Accounts, valueText(t.Value, t.Currency)
		}
		h.data.all = append(h.data.all, row)
	}
	h.apply()
}

// connectionValue is the accounts' total value: "US$12,345.67", or the two
// largest currencies and how many more.
func connectionValue(accts []app.AccountView) string {
	sums := balanceSums(accts)
	cur := make([]string, 0, len(sums))
	for c := range sums {
		cur = append(cur, c)
	}
	sort.Slice(cur, func(i, j int) bool {
		if c := sums[cur[i]].Cmp(sums[cur[j]]); c != 0 {
			return c > 0
		}
		return cur[i] < cur[j]
	})
	var parts []string
	for i, c := range cur {
		if i == 2 {
			parts = append(parts, fmt.Sprintf("%d more", len(cur)-2))
			break
		}
		parts = append(parts, formatMoney(sums[c], c))
	}
	return strings.Join(parts, " + ")
}

// statusOf is a row's status now.
func (h *homeScreen) statusOf(row connRow) app.Status {
	st := h.store.Status(row.c)
	if _, syncing := h.host.syncs().syncing(row.c.ID); syncing && st != app.StatusDisabled {
		return app.StatusSyncing
	}
	return st
}

// apply filters the rows by the search and the filter, and updates the
// banner, the summary, the status line and which of list / empty state /
// no match shows.
func (h *homeScreen) apply() {
	q := strings.ToLower(strings.TrimSpace(h.search.Text))
	f := h.filter.Selected
	h.data.rows = h.data.rows[:0]
	var disabled, expiring, failing []connRow
	for _, row := range h.data.all {
		st := h.statusOf(row)
		switch st {
		case app.StatusDisabled:
			disabled = append(disabled, row)
		case app.StatusExpiring:
			expiring = append(expiring, row)
		case app.StatusError:
			failing = append(failing, row)
		}
		hay := strings.ToLower(row.c.Label + " " + row.inst.DisplayName + " " + row.inst.Name + " " + row.c.LoginHint)
		if (q != "" && !strings.Contains(hay, q)) || !filterMatches(f, st) {
			continue
		}
		h.data.rows = append(h.data.rows, row)
	}
	if h.updateBanner(disabled, expiring, failing) {
		h.host.relayout()
	}
	n := len(h.data.all)
	insts := map[string]bool{}
	for _, r := range h.data.all {
		insts[r.c.InstitutionID+"/"+r.c.Name] = true // a bridge's brokerages count as theirs
	}
	summary := ""
	if n > 0 {
		summary = plural(n, "connection", "connections") + " · " + plural(len(insts), "institution", "institutions")
	}
	h.summary.SetText(summary)
	if !h.host.syncs().refreshingAll() {
		h.bar.refresh.setLabel("Refresh all")
		h.bar.refresh.SetIcon(theme.ViewRefreshIcon())
		h.status.SetText(h.refreshStatus())
	}
	var show fyne.CanvasObject = h.list
	switch {
	case !h.data.loaded:
		return
	case n == 0:
		show = h.empty.box
	case len(h.data.rows) == 0:
		show = h.empty.noMatch
	}
	if len(h.content.Objects) != 1 || h.content.Objects[0] != show {
		h.content.Objects = []fyne.CanvasObject{show}
		h.content.Refresh()
	}
	if n == 0 {
		h.bar.refresh.Disable()
	} else {
		h.bar.refresh.Enable()
	}
	h.list.Refresh()
}

// refreshStatus is the status line for the last refresh, from what the
// connections are now.
func (h *homeScreen) refreshStatus() string {
	r := h.data.refresh
	if r == nil {
		return ""
	}
	switch {
	case r.note != "":
		return r.note
	case r.err != nil:
		return "The refresh could not start: " + app.Explain(r.err, app.Situation{Doing: app.DoingSync}).Text
	case r.stopped:
		return "Refresh stopped. Connections that had finished keep their new data."
	}
	n, disabled, failed := 0, 0, 0
	for _, row := range h.data.all {
		if r.ids != nil && !(event{IDs: r.ids}).concerns(row.c.ID) {
			continue
		}
		n++
		switch h.statusOf(row) {
		case app.StatusDisabled:
			disabled++
		case app.StatusError:
			failed++
		}
	}
	msg := fmt.Sprintf("Refreshed %s at %s.", plural(n, "connection", "connections"), r.at.Local().Format("15:04"))
	if disabled > 0 {
		msg += " " + plural(disabled, "connection needs", "connections need") + " repair."
	}
	if failed > 0 {
		msg += " " + plural(failed, "connection", "connections") + " could not sync; try again later."
	}
	return msg
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

// updateBanner counts the connections that need attention; it reports
// whether the banner appeared or went.
func (h *homeScreen) updateBanner(disabled, expiring, failing []connRow) bool {
	host := h.host
	n := len(disabled) + len(expiring) + len(failing)
	if n == 0 {
		return setVisible(h.banner.box, false)
	}
	var parts []string
	if len(disabled) > 0 {
		parts = append(parts, fmt.Sprintf("%d disabled", len(disabled)))
	}
	if len(expiring) > 0 {
		old := 0
		for _, r := range expiring {
			if fedByFiles(r.c) {
				old++
			}
		}
		if k := len(expiring) - old; k > 0 {
			parts = append(parts, fmt.Sprintf("%d expiring soon", k))
		}
		if old > 0 {
			parts = append(parts, plural(old, "with an old statement", "with old statements"))
		}
	}
	if len(failing) > 0 {
		parts = append(parts, fmt.Sprintf("%d failed to sync", len(failing)))
	}
	var msg string
	var action *button
	switch {
	case n == 1 && len(disabled) == 1:
		c := disabled[0].c
		msg = fmt.Sprintf("“%s” is disabled: %s no longer accepts its login. Repair it to get fresh data.", c.Label, disabled[0].inst.DisplayName)
		if bridge := bridgeName(host, c); bridge != "" && c.Name != "" {
			msg = fmt.Sprintf("“%s” is disabled: %s reports that %s no longer accepts its login. Repair it to get fresh data.", c.Label, bridge, c.Name)
		}
		action = newButton("Repair", theme.ViewRefreshIcon(), func() { host.openPortal(app.PortalRequest{ConnectionID: c.ID}) }).primary()
	case n == 1 && len(expiring) == 1:
		c := expiring[0].c
		msg = fmt.Sprintf("The login of “%s” ends %s. Reconnect it to keep it working.", c.Label, expiresIn(host.now(), c.ExpiresAt))
		if fedByFiles(c) {
			msg = fmt.Sprintf("For “%s”, %s. Import a newer statement to keep its data current.", c.Label, statementAge(host.now(), c))
		}
		action = newButton(repairWord(c, app.StatusExpiring), nil, func() { host.openPortal(app.PortalRequest{ConnectionID: c.ID}) })
	case n == 1:
		c := failing[0].c
		msg = fmt.Sprintf("The last sync of “%s” failed. %s", c.Label, lastErrorText(c))
		action = newButton("Retry", nil, func() { host.syncs().refresh([]string{c.ID}, false) })
	default:
		msg = fmt.Sprintf("%d connections need attention: %s.", n, strings.Join(parts, ", "))
		if h.filter.Selected != filterAttention {
			action = newButton("Show them", nil, func() { h.filter.SetSelected(filterAttention) })
		}
	}
	if len(disabled) > 0 {
		h.banner.SetLook(theme.ColorNameError, theme.ErrorIcon())
	} else {
		h.banner.SetLook(theme.ColorNameWarning, theme.WarningIcon())
	}
	prev := h.bannerAction()
	switch {
	case action != nil && prev != nil && prev.Text == action.Text && h.banner.message.Text == msg:
		// The same notice: keep its button, which may have the focus.
	case action != nil:
		h.banner.Set(msg, action)
	default:
		h.banner.Set(msg)
	}
	return setVisible(h.banner.box, true)
}

// bannerAction is the banner's button, nil when it has none (tests).
func (h *homeScreen) bannerAction() *button {
	if len(h.banner.actions.Objects) == 0 {
		return nil
	}
	b, _ := h.banner.actions.Objects[0].(*button)
	return b
}

// lastErrorText is the reason of a connection's failed sync.
func lastErrorText(c app.Connection) string {
	for _, k := range []string{app.DataHoldings, app.DataTransactions} {
		if s := c.Sync[k]; s.Failed() {
			if s.LastErrorText != "" {
				return s.LastErrorText
			}
			return "It can be tried again."
		}
	}
	return ""
}

// sortInstitutions sorts by display name.
func sortInstitutions(list []integrations.Institution) {
	sort.SliceStable(list, func(i, j int) bool {
		return strings.ToLower(list[i].DisplayName) < strings.ToLower(list[j].DisplayName)
	})
}
