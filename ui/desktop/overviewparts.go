package desktop

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/ui/chart"
)

// The overview's sections: how each is built and filled.

func (o *overviewScreen) buildHead() {
	h := &o.head
	h.total = boldLabel("")
	h.total.SizeName = theme.SizeNameHeadingText
	h.unconverted = widget.NewLabel("")
	h.unconverted.Importance = widget.WarningImportance
	h.unconverted.Hide()
	h.rates = newMuted("")
	h.rates.wrap()
	h.changes = container.New(&wrapLayout{})
	h.stale = newBanner(theme.ColorNameWarning, theme.HistoryIcon())
	h.stale.box.Hide()
	h.dups = newBanner(theme.ColorNamePrimary, theme.InfoIcon())
	h.dups.box.Hide()
}

func (o *overviewScreen) buildValue() {
	v := &o.value
	for _, p := range app.ChartPeriods {
		p := p
		b := newButton(p.Label(), nil, func() { o.setPeriod(p) })
		v.periods = append(v.periods, b)
	}
	o.markPeriod()
	v.busy = widget.NewActivity()
	v.busy.Hide()
	v.chart = chart.NewLine(chart.Unit{})
	v.chart.Ring = colorNameFocusRing
	v.chart.Empty = "The value history starts with the first sync"
	v.returns = wrapped("")
	v.note = newMuted("")
	v.note.wrap()
	v.perf = newGridTable(
		column{title: "Account", flex: true, min: 140},
		column{title: "Time-weighted", align: fyne.TextAlignTrailing},
		column{title: "Money-weighted (a year)", align: fyne.TextAlignTrailing},
		column{title: "Gain", align: fyne.TextAlignTrailing})
	v.perf.box.Hide()
}

// markPeriod highlights the chosen period's button.
func (o *overviewScreen) markPeriod() {
	for i, b := range o.value.periods {
		imp := widget.LowImportance
		if app.ChartPeriods[i] == o.data.period {
			imp = widget.HighImportance
		}
		if b.Importance != imp {
			b.Importance = imp
			b.Refresh()
		}
	}
}

func (o *overviewScreen) buildAlloc() {
	a := &o.alloc
	a.donut = chart.NewDonut()
	a.donut.Ring = colorNameFocusRing
	a.donut.Title = "Net worth"
	a.donut.Empty = "Nothing to show yet"
	a.table = newGridTable(
		column{title: "Part", flex: true, min: 120},
		column{title: "Value", align: fyne.TextAlignTrailing},
		column{title: "Weight", align: fyne.TextAlignTrailing})
	a.by = newRadio([]string{allocType, allocAccount, allocInstitution, allocCurrency}, true, func(v string) {
		o.host.preferences().SetOverviewAllocation(v)
		o.renderAlloc()
	})
	a.by.SetSelected(o.host.preferences().OverviewAllocation())
}

func (o *overviewScreen) renderHead() {
	h, ov := &o.head, o.data.ov
	cur := ov.Currency
	h.total.SetText(formatMoney(ov.NetWorth.Base, cur))
	if u := unconvertedText(ov.NetWorth.Unconverted); u != "" {
		h.unconverted.SetText("+ " + u + " not converted (no exchange rate)")
		h.unconverted.Show()
	} else {
		h.unconverted.Hide()
	}
	h.rates.SetText(ratesText(ov))
	var cols []fyne.CanvasObject
	for _, c := range ov.Changes {
		// Without history that far back: a dash, in the quiet colour.
		var val fyne.CanvasObject = unclipped(newMuted("—"))
		if c.Available {
			l := widget.NewLabel(changeText(c, cur))
			l.Importance = signImportance(c.Amount)
			val = l
		}
		cols = append(cols, tightVBox(unclipped(newMuted(c.Period.Label())), val))
	}
	if o.data.err != "" {
		cols = append(cols, wrapped(o.data.err))
	}
	h.changes.Objects = cols
	h.changes.Refresh()
	o.renderStale()
	o.renderDuplicates()
}

// renderStale notes the connections counted at their last known value.
func (o *overviewScreen) renderStale() {
	h, ov := &o.head, o.data.ov
	if len(ov.Stale) == 0 {
		setVisible(h.stale.box, false)
		return
	}
	var parts []string
	for _, s := range ov.Stale {
		why := "not synced recently"
		switch s.Status {
		case app.StatusDisabled:
			why = "needs repair"
		case app.StatusError:
			why = "its last sync failed"
		}
		if !s.LastSuccess.IsZero() {
			why += ", last synced " + formatDate(s.LastSuccess)
		}
		parts = append(parts, fmt.Sprintf("“%s” (%s)", s.Label, why))
	}
	msg := "Counted at their last known value: " + strings.Join(parts, "; ") + "."
	if len(ov.Stale) == 1 {
		msg = "Counted at its last known value: " + parts[0] + "."
	}
	show := newButton("Show", nil, func() { o.host.showConnections(filterAttention) })
	h.stale.Set(msg, show)
	setVisible(h.stale.box, true)
}

func (o *overviewScreen) renderValue() {
	v, ov := &o.value, o.data.ov
	cur := ov.Currency
	v.chart.Unit = chartUnit(cur)
	v.chart.Value = func(d decimal.Decimal) string { return formatMoney(d, cur) }
	pts := make([]chart.Point, 0, len(ov.History.Points))
	for _, p := range ov.History.Points {
		if t := p.Date.Time(); !t.IsZero() {
			pts = append(pts, chart.Point{Time: t, Value: p.Value})
		}
	}
	v.chart.SetPoints(pts)
	t := ov.Performance.Total
	v.returns.SetText(returnsText(ov.Performance, cur))
	note := t.Note
	if len(ov.History.Unconverted) > 0 {
		note = strings.TrimSpace(note + " Some days leave out " + strings.Join(ov.History.Unconverted, ", ") + " for want of a rate.")
	}
	v.note.SetText(note)
	setVisible(v.note, note != "")
	accts := ov.Performance.Accounts
	if len(accts) < 2 {
		v.perf.box.Hide()
		return
	}
	rows := make([][]cell, 0, len(accts))
	for _, r := range accts {
		rows = append(rows, []cell{{text: o.accountName(r.AccountRef, r.Name)}, ratioCell(r.TWR), ratioCell(r.XIRR), moneyCell(r.Gain, cur)})
	}
	v.perf.setRows(rows)
	v.perf.box.Show()
}

// returnsText is the period's returns in a sentence.
func returnsText(p app.Performance, cur string) string {
	t := p.Total
	if t.From == "" && t.To == "" && !t.TWR.Valid && !t.XIRR.Valid {
		return ""
	}
	span := ""
	if t.From != "" && t.To != "" {
		span = " (" + formatDay(t.From) + " – " + formatDay(t.To) + ")"
	}
	return fmt.Sprintf("%s%s: time-weighted return %s · money-weighted return %s a year · gain %s · net contributions %s",
		periodName(p.Period), span, ratioText(t.TWR), ratioText(t.XIRR), formatSignedMoney(t.Gain, cur), formatSignedMoney(t.NetFlows, cur))
}

// periodName is a period as a sentence starts with it.
func periodName(p app.Period) string {
	switch p {
	case app.Period1M:
		return "Last month"
	case app.Period3M:
		return "Last 3 months"
	case app.PeriodYTD:
		return "This year"
	case app.Period1Y:
		return "Last 12 months"
	case app.Period5Y:
		return "Last 5 years"
	}
	return "Since the first snapshot"
}

func (o *overviewScreen) renderAlloc() {
	a, ov := &o.alloc, o.data.ov
	cur := ov.Currency
	var slices []app.Slice
	switch a.by.Selected {
	case allocAccount:
		slices = ov.Allocation.ByAccount
	case allocInstitution:
		slices = ov.Allocation.ByInstitution
	case allocCurrency:
		slices = ov.Allocation.ByCurrency
	default:
		slices = ov.Allocation.ByType
	}
	a.donut.Value = func(d decimal.Decimal) string { return formatMoney(d, cur) }
	a.donut.Total = decimal.NewNullDecimal(ov.NetWorth.Base)
	var parts []chart.Slice
	rows := make([][]cell, 0, len(slices))
	for _, s := range slices {
		label := s.Label
		if a.by.Selected == allocAccount {
			label = o.accountName(s.Key, s.Label)
		}
		parts = append(parts, chart.Slice{Label: label, Value: s.Value.Base})
		rows = append(rows, []cell{{text: label}, {text: valueText(s.Value, cur)}, {text: shareText(s.Weight)}})
	}
	a.donut.SetSlices(parts)
	a.table.setRows(rows)
	setVisible(a.table.box, len(rows) > 0)
}

func (o *overviewScreen) renderHoldings() {
	ov := o.data.ov
	cur := ov.Currency
	rows := make([][]cell, 0, len(ov.TopHoldings))
	for _, h := range ov.TopHoldings {
		name := h.Symbol.Ticker
		if h.Symbol.Description != "" && h.Symbol.Description != name {
			name = strings.TrimPrefix(name+" · "+h.Symbol.Description, " · ")
		}
		value := valueText(h.Value, cur)
		if h.PriceUnknown {
			value += " (price unknown in part)"
		}
		rows = append(rows, []cell{{text: name}, {text: formatUnits(h.Units)}, {text: value}, {text: shareText(h.Weight)}, {text: heldAt(h.HeldIn)}})
	}
	if len(rows) == 0 {
		rows = append(rows, []cell{{text: "No holdings yet", imp: widget.LowImportance}})
	}
	o.hold.setRows(rows)
}

// accountName is an account as the overview lists it: its name, followed
// by its connection's label when another account has the same name (the
// same brokerage connected twice).
func (o *overviewScreen) accountName(ref, name string) string {
	ov := o.data.ov
	conn, same := "", 0
	for _, a := range ov.Accounts {
		if a.Name == name {
			same++
		}
		if a.Ref == ref {
			conn = a.ConnectionID
		}
	}
	if same < 2 || o.data.labels[conn] == "" {
		return name
	}
	return name + " · " + o.data.labels[conn]
}

// heldAt names where a merged holding is held: "Demo Brokerage", or
// "Demo Brokerage (2 accounts), IBKR".
func heldAt(places []app.HoldingPlace) string {
	count := map[string]int{}
	var order []string
	for _, p := range places {
		if count[p.Institution] == 0 {
			order = append(order, p.Institution)
		}
		count[p.Institution]++
	}
	parts := make([]string, 0, len(order))
	for _, in := range order {
		if n := count[in]; n > 1 {
			parts = append(parts, fmt.Sprintf("%s (%d accounts)", in, n))
		} else {
			parts = append(parts, in)
		}
	}
	return strings.Join(parts, ", ")
}

func (o *overviewScreen) renderIncome() {
	in, inc := &o.income, o.data.ov.Income
	cur := inc.Currency
	in.bars.Unit = chartUnit(cur)
	in.bars.Value = func(d decimal.Decimal) string { return formatMoney(d, cur) }
	bars := make([]chart.Bar, 0, len(inc.Months))
	div, interest := decimal.Zero, decimal.Zero
	for _, m := range inc.Months {
		t := monthTime(m.Month)
		bars = append(bars, chart.Bar{Label: t.Format("Jan"), Title: t.Format("January 2006"), Value: m.Total})
		div, interest = div.Add(m.Dividends), interest.Add(m.Interest)
	}
	in.bars.SetBars(bars)
	text := fmt.Sprintf("Last %s: %s (dividends %s · interest %s)", plural(len(inc.Months), "month", "months"),
		formatMoney(inc.Total, cur), formatMoney(div, cur), formatMoney(interest, cur))
	if len(inc.Months) == 0 {
		text = ""
	}
	if u := unconvertedText(inc.Unconverted); u != "" {
		text += " + " + u + " not converted"
	}
	in.total.SetText(text)
}

// --- formatting ----------------------------------------------------------------

// monthTime reads a YYYY-MM month (the zero time when it is not one).
func monthTime(s string) time.Time {
	t, _ := time.Parse("2006-01", s)
	return t
}

// chartUnit is how a chart's axis writes a currency: "US$" before, or
// " SEK" after.
func chartUnit(cur string) chart.Unit {
	if p, ok := currencyPrefix[cur]; ok {
		return chart.Unit{Prefix: p}
	}
	if cur == "" {
		return chart.Unit{}
	}
	return chart.Unit{Suffix: " " + cur}
}

// valueText writes a value: its converted part, and what had no rate.
func valueText(v app.Value, cur string) string {
	s := formatMoney(v.Base, cur)
	if u := unconvertedText(v.Unconverted); u != "" {
		if v.Base.IsZero() {
			return u + " (no rate)"
		}
		s += " + " + u + " (no rate)"
	}
	return s
}

func unconvertedText(m []app.Money) string {
	parts := make([]string, 0, len(m))
	for _, x := range m {
		parts = append(parts, formatMoney(x.Amount, x.Currency))
	}
	return strings.Join(parts, " + ")
}

// changeText is "+€120.00 (+0.1%)".
func changeText(c app.Change, cur string) string {
	s := formatSignedMoney(c.Amount, cur)
	if c.Relative.Valid {
		s += " (" + ratioText(c.Relative) + ")"
	}
	return s
}

// ratioText writes a fraction as a signed percentage: 0.0523 → "+5.2%",
// and below one per cent with two decimals (-0.00026 → "-0.03%", not a
// "0.0%" that hides the sign); "—" when there is none.
func ratioText(r decimal.NullDecimal) string {
	if !r.Valid {
		return "—"
	}
	places := int32(1)
	if r.Decimal.Abs().LessThan(decimal.New(1, -2)) {
		places = 2
	}
	p := r.Decimal.Mul(decimal.NewFromInt(100)).Round(places)
	s := p.StringFixed(places) + "%"
	if p.IsPositive() {
		s = "+" + s
	}
	return s
}

// shareText writes a weight: 0.123 → "12.3%".
func shareText(w decimal.Decimal) string {
	return w.Mul(decimal.NewFromInt(100)).StringFixed(1) + "%"
}

// unclipped makes a muted text as wide as its words (in a column that is
// as wide as its widest member, a truncating text would shrink to "…").
func unclipped(m *muted) *muted {
	m.Truncation = fyne.TextTruncateOff
	return m
}

func ratioCell(r decimal.NullDecimal) cell {
	c := cell{text: ratioText(r)}
	if r.Valid {
		c.imp = signImportance(r.Decimal)
	}
	return c
}

func moneyCell(d decimal.Decimal, cur string) cell {
	return cell{text: formatSignedMoney(d, cur), imp: signImportance(d)}
}

func signImportance(d decimal.Decimal) widget.Importance {
	switch d.Sign() {
	case 1:
		return widget.SuccessImportance
	case -1:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// ratesText says which currency totals are in and which rates converted
// them: "In EUR · exchange rates of 3 Dec 2026 (ECB)".
func ratesText(ov app.Overview) string {
	s := "In " + ov.Currency
	r := ov.Rates
	switch {
	case r.Date != "":
		src := r.Source
		if src == "" {
			src = "ECB"
		}
		s += " · exchange rates of " + formatDay(r.Date) + " (" + src + ")"
	case len(ov.Allocation.ByCurrency) > 1 || len(r.Missing) > 0:
		s += " · no exchange rates yet: they come with the next refresh"
	}
	if len(r.Institution) > 0 {
		s += " · " + strings.Join(r.Institution, ", ") + " at the institution's own rate"
	}
	return s
}

// pairLayout puts two objects side by side, each half the width, when the
// width allows both their minWidth; else one above the other. Its height
// depends on which, so when the last layout switched, it asks its parent
// (onFlip) to lay out again with the new minimum.
type pairLayout struct {
	minWidth float32
	wide     bool
	onFlip   func()
}

func (l *pairLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	// As narrow as the narrower arrangement (one above the other), so the
	// pair never holds the window wider; as tall as the current one.
	w, h := float32(0), float32(0)
	for _, o := range objs {
		m := o.MinSize()
		w = max(w, m.Width)
		if l.wide {
			h = max(h, m.Height)
		} else {
			h += m.Height
		}
	}
	return fyne.NewSize(w, h)
}

func (l *pairLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	if wide := size.Width >= 2*l.minWidth; wide != l.wide {
		l.wide = wide
		if l.onFlip != nil {
			l.onFlip()
		}
	}
	if l.wide {
		half := size.Width / 2
		for i, o := range objs {
			o.Move(fyne.NewPos(float32(i)*half, 0))
			o.Resize(fyne.NewSize(half, size.Height))
		}
		return
	}
	y := float32(0)
	for _, o := range objs {
		h := o.MinSize().Height
		o.Move(fyne.NewPos(0, y))
		o.Resize(fyne.NewSize(size.Width, h))
		y += h
	}
}
