package desktop

import (
	"context"
	"maps"
	"slices"
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

// The accounts screen's overview and activity tab.

// activityFilters are the activity tab's filters and table.
type activityFilters struct {
	tab     *tabItem
	typeSel *selectBox
	symbol  *entry
	from    *dateEntry
	until   *dateEntry
	clear   *button
	count   *muted
	table   *activityTable
	gen     int // the newest load asked for
	shown   int // the load whose rows are on screen
}

const allTypes = "All types"

func accountTitle(a app.AccountView) string {
	t := a.Name
	if a.Number != "" && !strings.Contains(a.Name, a.Number) {
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
		view := newButton("Holdings", theme.NavigateNextIcon(), func() {
			s.account.SetSelected(accountTitle(a))
			s.tabs.Select(s.hold.tab)
		})
		view.Importance = widget.LowImportance
		name := a.Name
		if a.Number != "" && !strings.Contains(a.Name, a.Number) {
			name += "  " + a.Number
		}
		title := subheading(name)
		head := border(nil, nil, nil, container.NewCenter(view), tightVBox(title, newMuted(strings.Join(sub, " · "))))
		s.overview.Add(panel(container.NewVBox(head, grid)))
	}
	if len(s.accounts) > 1 {
		summary := plural(len(s.accounts), "account", "accounts")
		if total := totalBalances(s.accounts); total != "" {
			summary += " · total value " + total // statements of trades only hold no balances
		}
		s.overview.Objects = append([]fyne.CanvasObject{container.NewPadded(newMuted(summary))}, s.overview.Objects...)
	}
	s.overview.Refresh()
}

// totalBalances sums the accounts' total values per currency.
func totalBalances(accts []app.AccountView) string { return sumsText(balanceSums(accts)) }

// balanceSums is the accounts' total values summed per currency.
func balanceSums(accts []app.AccountView) map[string]decimal.Decimal {
	sums := map[string]decimal.Decimal{}
	for _, a := range accts {
		for _, b := range a.Balances {
			sums[b.Currency] = sums[b.Currency].Add(b.Total)
		}
	}
	return sums
}

// sumsText writes amounts per currency in the currencies' alphabetical
// order: "CA$12.00 + US$1,234.00".
func sumsText(sums map[string]decimal.Decimal) string {
	var parts []string
	for _, c := range slices.Sorted(maps.Keys(sums)) {
		parts = append(parts, formatMoney(sums[c], c))
	}
	return strings.Join(parts, " + ")
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

func (s *accountsScreen) newActivityFilters() *activityFilters {
	f := &activityFilters{table: newActivityTable()}
	types := []string{allTypes}
	for _, t := range integrations.ActivityTypes {
		types = append(types, activityTypeName(t))
	}
	f.typeSel = newSelect(types, func(string) { s.loadActivity() })
	f.typeSel.SetSelected(allTypes)
	f.symbol = newEntry()
	f.symbol.SetPlaceHolder("Symbol")
	f.symbol.onChanged(func(string) { s.loadActivity() })
	f.from = newDateEntry()
	f.from.SetPlaceHolder("From")
	f.from.OnChanged = func(*time.Time) { s.loadActivity() }
	f.until = newDateEntry()
	f.until.SetPlaceHolder("Until")
	f.until.OnChanged = func(*time.Time) { s.loadActivity() }
	f.clear = newButton("Clear", theme.ContentClearIcon(), func() {
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

// bar lays the filters out in a row that wraps on a narrow window.
func (f *activityFilters) bar() fyne.CanvasObject {
	h := f.symbol.MinSize().Height
	return container.NewPadded(container.NewGridWrap(fyne.NewSize(170, h), f.typeSel, f.symbol, f.from, f.until, f.clear))
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
	if f == nil || s.selected == "" {
		return
	}
	f.gen++
	gen := f.gen
	filter := f.filter(s.selected)
	store := s.store
	s.host.background("activity:loaded", func(ctx context.Context) func() {
		rows, err := store.Activities(ctx, filter)
		return func() {
			if f.gen != gen {
				return
			}
			f.shown = gen
			if err != nil {
				f.count.SetText(app.Explain(err, app.Situation{Doing: app.DoingRead}).Text)
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
