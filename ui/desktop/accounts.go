package desktop

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// accountsScreen reviews one connection's cached data: its accounts with
// balances per currency, holdings and activity. It reads only the vault, so
// it works offline and for disabled connections (marked stale).
type accountsScreen struct {
	u      *UI
	connID string
	conn   app.Connection
	inst   integrations.Institution
	loaded bool

	back       *widget.Button
	mono       *monogram
	title      *widget.Label
	sub        *muted
	badge      *badge
	refreshBtn *widget.Button
	repairBtn  *widget.Button
	historyBtn *widget.Button
	head       *fyne.Container
	accountRow *fyne.Container
	main       *fyne.Container

	stale    *banner
	staleBox *fyne.Container
	staleBtn *widget.Button

	accounts  []app.AccountView
	account   *widget.Select // which account Holdings and Activity show
	selected  string         // its Ref
	overview  *fyne.Container
	tabs      *container.AppTabs
	holdTab   *container.TabItem
	actTab    *container.TabItem
	holdings  *holdingsTable
	holdSum   *muted
	holdEmpty *widget.Label
	activity  *activityFilters
	body      *fyne.Container
	gen       int
}

// activityFilters are the activity tab's filters and table.
type activityFilters struct {
	typeSel *widget.Select
	symbol  *widget.Entry
	from    *widget.DateEntry
	until   *widget.DateEntry
	clear   *widget.Button
	count   *muted
	table   *activityTable
	gen     int
}

const allTypes = "All types"

func (u *UI) showAccounts(connID string) {
	if u.sess == nil {
		return
	}
	if u.home != nil {
		u.home.visible = false
	}
	u.settings = nil
	s := &accountsScreen{u: u, connID: connID}
	u.accounts = s
	s.back = widget.NewButtonWithIcon("Connections", theme.NavigateBackIcon(), func() { u.showHome() })
	s.mono = newMonogram(44)
	s.title = heading("")
	s.sub = newMuted("")
	s.badge = newBadge()
	s.refreshBtn = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), func() { u.refreshConnections([]string{s.connID}, false) })
	s.repairBtn = widget.NewButtonWithIcon("Repair", theme.ViewRefreshIcon(), func() { u.openPortal(app.PortalRequest{ConnectionID: s.connID}) })
	s.repairBtn.Importance = widget.HighImportance
	s.repairBtn.Hide()
	s.historyBtn = widget.NewButtonWithIcon("History", theme.HistoryIcon(), func() { u.showHistory(s.conn) })
	s.stale = newBanner(theme.ColorNameWarning, theme.HistoryIcon())
	s.staleBox = container.NewPadded(s.stale.box)
	s.staleBox.Hide()

	s.account = widget.NewSelect(nil, func(string) { s.accountChosen() })
	s.account.PlaceHolder = "Choose an account"
	s.overview = container.NewVBox()
	s.holdings = newHoldingsTable()
	s.holdSum = newMuted("")
	s.holdEmpty = widget.NewLabelWithStyle("No holdings in this account.", fyne.TextAlignCenter, fyne.TextStyle{})
	s.holdEmpty.Hide()
	s.activity = s.newActivityFilters()

	holdBody := container.NewBorder(container.NewPadded(s.holdSum), nil, nil, nil, container.NewStack(s.holdings.table, container.NewCenter(s.holdEmpty)))
	actBody := container.NewBorder(container.NewVBox(s.activity.bar(), s.activity.count), nil, nil, nil, s.activity.table.table)
	s.holdTab = container.NewTabItemWithIcon("Holdings", theme.ListIcon(), holdBody)
	s.actTab = container.NewTabItemWithIcon("Activity", theme.HistoryIcon(), actBody)
	s.tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Accounts", theme.HomeIcon(), container.NewVScroll(s.overview)),
		s.holdTab, s.actTab)

	s.head = container.NewBorder(nil, nil,
		container.NewHBox(container.NewCenter(s.back), container.NewPadded(s.mono)),
		container.NewCenter(container.NewHBox(container.NewCenter(s.badge), s.historyBtn, s.refreshBtn, s.repairBtn)),
		container.NewVBox(layoutSpacer(), tightVBox(s.title, s.sub), layoutSpacer()))
	s.accountRow = container.NewPadded(container.NewBorder(nil, nil, boldLabel("Account"), nil, s.account))
	s.accountRow.Hide() // the Accounts tab lists them all
	s.tabs.OnSelected = func(t *container.TabItem) {
		if t == s.holdTab || t == s.actTab {
			s.accountRow.Show()
		} else {
			s.accountRow.Hide()
		}
		s.main.Refresh()
	}
	s.body = container.NewStack()
	s.main = container.NewBorder(s.accountRow, nil, nil, nil, s.tabs)
	main := s.main
	s.body.Objects = []fyne.CanvasObject{main}
	u.setContent(container.NewBorder(container.NewVBox(container.NewPadded(s.head), s.staleBox), nil, nil, nil, container.NewPadded(s.body)))
	s.load()
}

// load reads the connection and its accounts from the vault.
func (s *accountsScreen) load() {
	u := s.u
	s.gen++
	gen := s.gen
	id := s.connID
	u.background("accounts:loaded", func(ctx context.Context) func() {
		c, err := u.core.Connection(ctx, id)
		var accts []app.AccountView
		if err == nil {
			accts, err = u.core.Accounts(ctx, id)
		}
		return func() {
			if u.accounts != s || s.gen != gen {
				return
			}
			if err != nil {
				s.showProblem("The saved data could not be read: " + err.Error())
				return
			}
			s.conn = c
			s.inst = u.institution(c.InstitutionID)
			s.accounts = accts
			s.loaded = true
			s.render()
		}
	})
}

// connectionChanged re-reads the connection after a refresh or repair.
func (s *accountsScreen) connectionChanged() { s.load() }

func (s *accountsScreen) showProblem(msg string) {
	s.body.Objects = []fyne.CanvasObject{container.NewCenter(wrapped(msg))}
	s.body.Refresh()
}

// render shows the header, the stale banner, the account list and the
// selected account.
func (s *accountsScreen) render() {
	u := s.u
	c := s.conn
	now := u.now()
	s.mono.Set(s.inst)
	s.title.SetText(c.Label)
	s.sub.SetText(s.inst.DisplayName + " · " + syncedText(now, c))
	syncing := u.core != nil && u.core.Syncing(c.ID)
	st := c.StatusAt(now, syncing)
	setStatusBadge(s.badge, st, expiresIn(now, c.ExpiresAt))
	// A disabled connection cannot refresh; its banner offers Repair.
	s.refreshBtn.Hidden = st == app.StatusDisabled
	s.renderStale(st)
	s.head.Refresh()

	// Accounts.
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
		s.holdings.SetRows(nil)
		s.activity.table.SetRows(nil)
		s.holdSum.SetText("")
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
	now := s.u.now()
	last := c.LastSuccess()
	saved := "You are looking at data saved " + formatDateTime(last) + "."
	if last.IsZero() {
		saved = "Nothing has been downloaded yet."
	}
	var msg string
	var action *widget.Button
	switch {
	case st == app.StatusDisabled:
		msg = fmt.Sprintf("This connection is disabled: %s no longer accepts its login. %s Repair it to get fresh data.", s.inst.DisplayName, saved)
		action = widget.NewButtonWithIcon("Repair", theme.ViewRefreshIcon(), func() { s.u.openPortal(app.PortalRequest{ConnectionID: c.ID}) })
		action.Importance = widget.HighImportance
		s.stale.SetLook(theme.ColorNameError, theme.ErrorIcon())
	case st == app.StatusError:
		msg = "The last sync failed: " + lastErrorText(c) + " " + saved
		action = widget.NewButtonWithIcon("Retry", theme.ViewRefreshIcon(), func() { s.u.refreshConnections([]string{c.ID}, false) })
		s.stale.SetLook(theme.ColorNameWarning, theme.WarningIcon())
	case last.IsZero():
		msg = "No data yet. Refresh this connection to download its accounts, holdings and activity."
		action = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), func() { s.u.refreshConnections([]string{c.ID}, false) })
		s.stale.SetLook(theme.ColorNamePrimary, theme.InfoIcon())
	case c.Stale(now, app.StaleAfter):
		msg = "This data may be out of date. " + saved
		action = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), func() { s.u.refreshConnections([]string{c.ID}, false) })
		s.stale.SetLook(theme.ColorNameWarning, theme.HistoryIcon())
	default:
		s.staleBtn = nil
		if setVisible(s.staleBox, false) {
			s.u.relayout()
		}
		return
	}
	s.staleBtn = action
	s.stale.Set(msg, action)
	if setVisible(s.staleBox, true) {
		s.u.relayout()
	}
}

func accountTitle(a app.AccountView) string {
	t := a.Name
	if a.Number != "" {
		t += " " + a.Number
	}
	return t + " · " + categoryName(a.Category)
}

// renderOverview lists every account with its balances per currency.
func (s *accountsScreen) renderOverview() {
	s.overview.Objects = nil
	if len(s.accounts) == 0 {
		s.overview.Add(widget.NewLabelWithStyle("No accounts saved for this connection yet.", fyne.TextAlignCenter, fyne.TextStyle{}))
		s.overview.Refresh()
		return
	}
	for _, a := range s.accounts {
		a := a
		sub := []string{categoryName(a.Category)}
		if a.RawType != "" && !strings.EqualFold(a.RawType, string(a.Category)) {
			sub = append(sub, rawWord(a.RawType))
		}
		if a.Currency != "" {
			sub = append(sub, "base currency "+a.Currency)
		}
		if a.Paper {
			sub = append(sub, "paper")
		}
		if a.Status != "" && !strings.EqualFold(a.Status, "open") {
			sub = append(sub, a.Status)
		}
		grid := container.NewGridWithColumns(4,
			boldLabel("Currency"), boldRight("Total value"), boldRight("Cash"), boldRight("Buying power"))
		for _, b := range a.Balances {
			bp := "—"
			if b.BuyingPower.Valid {
				bp = formatMoney(b.BuyingPower.Decimal, b.Currency)
			}
			grid.Add(widget.NewLabel(b.Currency))
			grid.Add(rightLabel(formatMoney(b.Total, b.Currency)))
			grid.Add(rightLabel(formatMoney(b.Cash, b.Currency)))
			grid.Add(rightLabel(bp))
		}
		if len(a.Balances) == 0 {
			grid.Add(widget.NewLabel("No balances saved."))
		}
		view := widget.NewButtonWithIcon("Holdings", theme.NavigateNextIcon(), func() {
			s.account.SetSelected(accountTitle(a))
			s.tabs.Select(s.holdTab)
		})
		view.Importance = widget.LowImportance
		name := a.Name
		if a.Number != "" {
			name += "  " + a.Number
		}
		title := widget.NewLabelWithStyle(name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		title.SizeName = theme.SizeNameSubHeadingText
		head := container.NewBorder(nil, nil, nil, container.NewCenter(view), tightVBox(title, newMuted(strings.Join(sub, " · "))))
		s.overview.Add(panel(container.NewVBox(head, grid)))
	}
	if len(s.accounts) > 1 {
		s.overview.Objects = append([]fyne.CanvasObject{container.NewPadded(newMuted(fmt.Sprintf("%s · total value %s",
			plural(len(s.accounts), "account", "accounts"), totalBalances(s.accounts))))}, s.overview.Objects...)
	}
	s.overview.Refresh()
}

// totalBalances sums the accounts' total values per currency.
func totalBalances(accts []app.AccountView) string {
	sums := map[string]decimal.Decimal{}
	for _, a := range accts {
		for _, b := range a.Balances {
			sums[b.Currency] = sums[b.Currency].Add(b.Total)
		}
	}
	var parts []string
	for _, c := range sortedKeys(boolKeys(sums)) {
		parts = append(parts, formatMoney(sums[c], c))
	}
	return strings.Join(parts, " + ")
}

func boolKeys[V any](m map[string]V) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

// accountAcronyms are account-type words written in capitals.
var accountAcronyms = map[string]bool{
	"IRA": true, "TFSA": true, "RRSP": true, "RESP": true, "RRIF": true, "LIRA": true, "FHSA": true, "ISA": true,
	"SIPP": true, "HSA": true, "SEP": true, "UTMA": true, "UGMA": true, "LISA": true, "PEA": true, "CTO": true, "USD": true,
}

// rawWord shows an institution's raw word ("MARGIN", "cash_account") as
// "Margin", "Cash account".
func rawWord(s string) string {
	s = strings.ReplaceAll(s, "_", " ")
	if strings.ToUpper(s) != s && strings.ToLower(s) != s {
		return s // mixed case: the institution's own spelling
	}
	words := strings.Fields(s)
	for i, w := range words {
		switch {
		case accountAcronyms[strings.ToUpper(w)] || strings.ContainsAny(w, "0123456789"):
			words[i] = strings.ToUpper(w) // TFSA, IRA, 401K
		case i == 0:
			words[i] = strings.ToUpper(w[:1]) + strings.ToLower(w[1:])
		default:
			words[i] = strings.ToLower(w)
		}
	}
	return strings.Join(words, " ")
}

// panel is a rounded, lightly tinted box around content.
func panel(content fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))
	bg.CornerRadius = theme.InputRadiusSize() * 2
	return container.NewPadded(container.NewStack(bg, container.NewPadded(content)))
}

func boldLabel(t string) *widget.Label {
	return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

func boldRight(t string) *widget.Label {
	return widget.NewLabelWithStyle(t, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
}

func rightLabel(t string) *widget.Label {
	return widget.NewLabelWithStyle(t, fyne.TextAlignTrailing, fyne.TextStyle{})
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
	u := s.u
	u.background("holdings:loaded", func(ctx context.Context) func() {
		pos, err := u.core.Positions(ctx, ref)
		return func() {
			if u.accounts != s || s.selected != ref {
				return
			}
			if err != nil {
				s.holdSum.SetText("The holdings could not be read: " + err.Error())
				s.holdings.SetRows(nil)
				return
			}
			s.holdings.SetRows(pos)
			if setVisible(s.holdEmpty, len(pos) == 0) {
				u.relayout()
			}
			if len(pos) == 0 {
				s.holdSum.SetText("")
			} else {
				s.holdSum.SetText(plural(len(pos), "position", "positions") + " · market value " + totalsByCurrency(pos) + " · click a column title to sort")
			}
		}
	})
	s.loadActivity()
}

func (s *accountsScreen) newActivityFilters() *activityFilters {
	f := &activityFilters{table: newActivityTable()}
	types := []string{allTypes}
	for _, t := range integrations.ActivityTypes {
		types = append(types, activityTypeName(t))
	}
	f.typeSel = widget.NewSelect(types, func(string) { s.loadActivity() })
	f.typeSel.SetSelected(allTypes)
	f.symbol = widget.NewEntry()
	f.symbol.SetPlaceHolder("Symbol")
	f.symbol.OnChanged = func(string) { s.u.touch(); s.loadActivity() }
	f.from = widget.NewDateEntry()
	f.from.SetPlaceHolder("From")
	f.from.OnChanged = func(*time.Time) { s.loadActivity() }
	f.until = widget.NewDateEntry()
	f.until.SetPlaceHolder("Until")
	f.until.OnChanged = func(*time.Time) { s.loadActivity() }
	f.clear = widget.NewButtonWithIcon("Clear", theme.ContentClearIcon(), func() {
		f.typeSel.SetSelected(allTypes)
		f.symbol.SetText("")
		f.from.SetDate(nil)
		f.until.SetDate(nil)
		s.loadActivity()
	})
	f.clear.Importance = widget.LowImportance
	f.count = newMuted("")
	return f
}

func (f *activityFilters) bar() fyne.CanvasObject {
	return container.NewPadded(container.NewHBox(
		withWidth(160, f.typeSel), withWidth(120, f.symbol), withWidth(170, f.from), withWidth(170, f.until), f.clear))
}

// filter builds the app's activity filter from the widgets.
func (f *activityFilters) filter(ref string) app.ActivityFilter {
	af := app.ActivityFilter{AccountRef: ref, Symbol: strings.TrimSpace(f.symbol.Text)}
	for _, t := range integrations.ActivityTypes {
		if activityTypeName(t) == f.typeSel.Selected {
			af.Type = t
		}
	}
	if f.from.Date != nil {
		af.Since = integrations.DateOf(*f.from.Date)
	}
	if f.until.Date != nil {
		af.Until = integrations.DateOf(*f.until.Date)
	}
	return af
}

// loadActivity reads the selected account's activity with the filters.
func (s *accountsScreen) loadActivity() {
	f := s.activity
	if f == nil || s.selected == "" || s.u.core == nil {
		return
	}
	f.gen++
	gen := f.gen
	filter := f.filter(s.selected)
	u := s.u
	u.background("activity:loaded", func(ctx context.Context) func() {
		rows, err := u.core.Activities(ctx, filter)
		return func() {
			if u.accounts != s || f.gen != gen {
				return
			}
			if err != nil {
				f.count.SetText("The activity could not be read: " + err.Error())
				f.table.SetRows(nil)
				return
			}
			f.table.SetRows(rows)
			switch {
			case len(rows) == 0 && (filter.Type != "" || filter.Symbol != "" || filter.Since != "" || filter.Until != ""):
				f.count.SetText("No activity matches these filters.")
			case len(rows) == 0:
				f.count.SetText("No activity saved for this account.")
			default:
				text := plural(len(rows), "entry", "entries")
				if first, last := rows[0].TradeDate, rows[len(rows)-1].TradeDate; first != "" {
					lo, hi := first, last
					if hi < lo {
						lo, hi = hi, lo
					}
					text += " from " + formatDay(lo) + " to " + formatDay(hi)
				}
				f.count.SetText(text)
			}
		}
	})
}
