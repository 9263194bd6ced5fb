package desktop

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// accountsScreen reviews one connection's cached data: its accounts with
// balances per currency, holdings and activity. It reads only the vault, so
// it works offline and for disabled connections (marked stale). Esc goes
// back to the connections.
type accountsScreen struct {
	host     accountsHost
	store    accountsStore
	connID   string
	conn     app.Connection
	inst     integrations.Institution
	head     accountsHead
	stale    *banner // below the tabs: appearing, it moves nothing
	accounts []app.AccountView
	account  *selectBox // which account Holdings and Activity show
	selected string     // its Ref
	overview *fyne.Container
	tabs     *tabs
	hold     holdingsPane
	activity *activityFilters
	gen      int
}

// accountsHost is what the accounts screen needs from the UI.
type accountsHost interface {
	connectionsHost
}

// accountsStore is the app's use cases the accounts screen calls.
type accountsStore interface {
	Connection(ctx context.Context, id string) (app.Connection, error)
	Accounts(ctx context.Context, connectionID string) ([]app.AccountView, error)
	Positions(ctx context.Context, accountRef string) ([]app.PositionView, error)
	Activities(ctx context.Context, f app.ActivityFilter) ([]app.ActivityView, error)
	Status(c app.Connection) app.Status
	StatusNote(c app.Connection) string
	NextAllowed(c app.Connection) time.Time
}

type accountsHead struct {
	back, refresh, repair, history, export *button
	mono                                   *monogram
	title                                  *widget.Label
	sub                                    *muted
	badge                                  *badge
}

type holdingsPane struct {
	tab   *tabItem
	table *holdingsTable
	sum   *muted
	empty *widget.Label
}

func (u *UI) showAccounts(connID string) {
	if u.sess == nil {
		return
	}
	u.leaveScreens()
	s := newAccounts(u, u.core, connID)
	u.scr.accounts = s
	u.setContent(s.layout())
	u.keys.setBack(func() { u.showHome() })
	s.load()
}

func newAccounts(host accountsHost, store accountsStore, connID string) *accountsScreen {
	s := &accountsScreen{host: host, store: store, connID: connID}
	h := &s.head
	h.back = newButton("Connections", theme.NavigateBackIcon(), func() { host.showHome() })
	h.mono = newMonogram(44)
	h.title = heading("")
	h.title.Truncation = fyne.TextTruncateEllipsis
	h.title.Wrapping = fyne.TextWrapOff
	h.sub = newMuted("")
	h.badge = newBadge()
	h.refresh = newButton("Refresh", theme.ViewRefreshIcon(), func() { s.refresh() })
	h.repair = newButton("Repair", theme.ViewRefreshIcon(), func() { host.openPortal(app.PortalRequest{ConnectionID: s.connID}) }).primary()
	h.repair.Hide()
	h.history = newButton("History", theme.HistoryIcon(), func() { host.showHistory(s.conn) })
	h.export = newButton("Export…", theme.DocumentSaveIcon(), func() { host.showExport(s.connID) })
	s.stale = newBanner(theme.ColorNameWarning, theme.HistoryIcon())
	s.stale.box.Hide()

	s.account = newSelect(nil, func(string) { s.accountChosen() })
	s.account.PlaceHolder = "Choose an account"
	s.overview = container.NewVBox()
	s.hold.table = newHoldingsTable()
	s.hold.sum = newMuted("")
	s.hold.empty = widget.NewLabelWithStyle("No holdings in this account.", fyne.TextAlignCenter, fyne.TextStyle{})
	s.hold.empty.Hide()
	s.activity = s.newActivityFilters()
	holdBody := border(container.NewPadded(s.hold.sum), nil, nil, nil, container.NewStack(s.hold.table.st.box, container.NewCenter(s.hold.empty)))
	actBody := border(container.NewVBox(s.activity.bar(), s.activity.count), nil, nil, nil, s.activity.table.st.box)
	overview := &tabItem{Title: "Accounts", Content: container.NewVScroll(s.overview)}
	s.hold.tab = &tabItem{Title: "Holdings", Content: holdBody}
	s.activity.tab = &tabItem{Title: "Activity", Content: actBody}
	s.tabs = newTabs(false, overview, s.hold.tab, s.activity.tab)
	bus := host.events()
	bus.on(s, topicConnections, func(e event) {
		if e.concerns(s.connID) {
			s.load()
		}
	})
	bus.on(s, topicSynced, func(e event) {
		if e.concerns(s.connID) {
			s.load()
		}
	})
	bus.on(s, topicSyncStarted, func(e event) {
		if e.concerns(s.connID) {
			s.render()
		}
	})
	return s
}

func (s *accountsScreen) layout() fyne.CanvasObject {
	h := &s.head
	// The Refresh and Repair buttons share one place: one or the other.
	actions := container.NewCenter(container.NewHBox(container.NewCenter(h.badge), h.history, h.export, reserve(h.refresh, h.repair)))
	head := border(nil, nil, container.NewHBox(container.NewCenter(h.back), container.NewPadded(h.mono)), actions,
		container.NewVBox(layoutSpacer(), tightVBox(h.title, h.sub), layoutSpacer()))
	accountRow := container.NewPadded(border(nil, nil, boldLabel("Account"), nil, s.account))
	// The account picker is always there (Holdings and Activity use it): a
	// picker appearing with a tab would move the tabs' content.
	main := border(accountRow, nil, nil, nil, s.tabs.root)
	return border(container.NewPadded(head), container.NewPadded(s.stale.box), nil, nil, container.NewPadded(main))
}

// refresh syncs the connection (not when it needs a repair).
func (s *accountsScreen) refresh() {
	if s.store.Status(s.conn) == app.StatusDisabled || fedByFiles(s.conn) {
		return
	}
	s.host.syncs().refresh([]string{s.connID}, false)
}

// load reads the connection and its accounts from the vault.
func (s *accountsScreen) load() {
	s.gen++
	gen := s.gen
	id := s.connID
	store := s.store
	s.host.background("accounts:loaded", func(ctx context.Context) func() {
		c, err := store.Connection(ctx, id)
		var accts []app.AccountView
		if err == nil {
			accts, err = store.Accounts(ctx, id)
		}
		return func() {
			if s.gen != gen {
				return
			}
			if err != nil {
				s.problem(app.Explain(err, app.Situation{Doing: app.DoingRead}).Text)
				return
			}
			s.conn = c
			s.inst = connInstitution(s.host, c)
			s.accounts = accts
			s.render()
		}
	})
}

// problem says the data could not be read, where the stale notice goes.
func (s *accountsScreen) problem(msg string) {
	s.stale.SetLook(theme.ColorNameError, theme.ErrorIcon())
	s.stale.Set(msg)
	if setVisible(s.stale.box, true) {
		s.host.relayout()
	}
}

// status is the connection's status now.
func (s *accountsScreen) status() app.Status {
	st := s.store.Status(s.conn)
	if _, syncing := s.host.syncs().syncing(s.connID); syncing && st != app.StatusDisabled {
		return app.StatusSyncing
	}
	return st
}

// render shows the header, the stale banner, the account list and the
// selected account.
func (s *accountsScreen) render() {
	c := s.conn
	if c.ID == "" {
		return
	}
	now := s.host.now()
	h := &s.head
	h.mono.Set(s.inst)
	h.title.SetText(c.Label)
	var sub []string
	if !strings.EqualFold(strings.TrimSpace(c.Label), s.inst.DisplayName) && !strings.Contains(c.Label, s.inst.Name) {
		sub = append(sub, s.inst.DisplayName) // the title does not say it already
	}
	if c.LoginHint != "" {
		sub = append(sub, c.LoginHint)
	}
	sub = append(sub, syncLine(now, c, s.store.StatusNote(c), s.store.NextAllowed(c)))
	h.sub.SetText(strings.Join(sub, " · "))
	st := s.status()
	setConnBadge(h.badge, c, st, now)
	// A disabled connection cannot refresh; Repair takes its place. A
	// statement's data comes with the next file: Import a newer statement.
	files := fedByFiles(c)
	h.refresh.Hidden = st == app.StatusDisabled || files
	h.repair.Hidden = st != app.StatusDisabled && !files
	setRepairButton(h.repair, c, st)
	h.refresh.Refresh()
	h.repair.Refresh()
	s.renderStale(st)

	var names []string
	keep := ""
	for _, a := range s.accounts {
		n := accountTitle(a)
		names = append(names, n)
		if a.Ref == s.selected {
			keep = n
		}
	}
	s.account.Options = names
	s.renderOverview()
	if len(s.accounts) == 0 {
		s.account.ClearSelected()
		s.account.Disable()
		s.hold.table.SetRows(nil)
		s.activity.table.SetRows(nil)
		s.hold.sum.SetText("")
		s.activity.count.SetText("")
		return
	}
	s.account.Enable()
	if keep == "" {
		keep = names[0]
	}
	if s.account.Selected == keep {
		s.accountChosen()
	} else {
		s.account.SetSelected(keep)
	}
}

func (s *accountsScreen) renderStale(st app.Status) {
	c := s.conn
	now := s.host.now()
	last := c.LastSuccess()
	saved := "You are looking at data saved " + formatDateTime(last) + "."
	if last.IsZero() {
		saved = "Nothing has been downloaded yet."
	}
	var msg string
	var action *button
	refresh := func() *button { return newButton("Refresh", theme.ViewRefreshIcon(), func() { s.refresh() }) }
	switch {
	case fedByFiles(c):
		if st != app.StatusExpiring {
			if setVisible(s.stale.box, false) {
				s.host.relayout()
			}
			return
		}
		msg = "This data may be out of date: " + statementAge(now, c) + "."
		action = newButton(repairWord(c, st), theme.FolderOpenIcon(), func() { s.host.openPortal(app.PortalRequest{ConnectionID: c.ID}) }).primary()
		s.stale.SetLook(theme.ColorNameWarning, theme.HistoryIcon())
	case st == app.StatusDisabled:
		msg = fmt.Sprintf("This connection is disabled: %s no longer accepts its login. %s Repair it to get fresh data.", s.inst.DisplayName, saved)
		action = newButton("Repair", theme.ViewRefreshIcon(), func() { s.host.openPortal(app.PortalRequest{ConnectionID: c.ID}) }).primary()
		s.stale.SetLook(theme.ColorNameError, theme.ErrorIcon())
	case st == app.StatusSyncing:
		msg = "Syncing… " + saved
		s.stale.SetLook(theme.ColorNamePrimary, theme.ViewRefreshIcon())
	case st == app.StatusError:
		msg = "The last sync failed: " + lastErrorText(c) + " " + saved
		action = refresh()
		action.SetText("Retry")
		s.stale.SetLook(theme.ColorNameWarning, theme.WarningIcon())
	case last.IsZero():
		msg = "No data yet. Refresh this connection to download its accounts, holdings and activity."
		action = refresh()
		s.stale.SetLook(theme.ColorNamePrimary, theme.InfoIcon())
	case c.Stale(now, app.StaleAfter):
		msg = "This data may be out of date. " + saved
		action = refresh()
		s.stale.SetLook(theme.ColorNameWarning, theme.HistoryIcon())
	default:
		if setVisible(s.stale.box, false) {
			s.host.relayout()
		}
		return
	}
	if action != nil {
		s.stale.Set(msg, action)
	} else {
		s.stale.Set(msg)
	}
	if setVisible(s.stale.box, true) {
		s.host.relayout()
	}
}

// staleAction is the stale notice's button, nil when it has none (tests).
func (s *accountsScreen) staleAction() *button {
	if len(s.stale.actions.Objects) == 0 {
		return nil
	}
	b, _ := s.stale.actions.Objects[0].(*button)
	return b
}

// accountChosen loads the holdings and activity of the selected account.
func (s *accountsScreen) accountChosen() {
	var ref string
	for _, a := range s.accounts {
		if accountTitle(a) == s.account.Selected {
			ref = a.Ref
		}
	}
	if ref == "" {
		return
	}
	s.selected = ref
	store := s.store
	s.host.background("holdings:loaded", func(ctx context.Context) func() {
		pos, err := store.Positions(ctx, ref)
		return func() {
			if s.selected != ref {
				return
			}
			if err != nil {
				s.hold.sum.SetText(app.Explain(err, app.Situation{Doing: app.DoingRead}).Text)
				s.hold.table.SetRows(nil)
				return
			}
			s.hold.table.SetRows(pos)
			if setVisible(s.hold.empty, len(pos) == 0) {
				s.host.relayout()
			}
			if len(pos) == 0 {
				s.hold.sum.SetText("")
			} else {
				s.hold.sum.SetText(plural(len(pos), "position", "positions") + " · market value " + totalsByCurrency(pos) + " · click a column title, or Tab to it and press Enter, to sort")
			}
		}
	})
	s.loadActivity()
}
