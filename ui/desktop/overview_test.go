package desktop

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/demo"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func nd(s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(s)) }

// pinnedOverview feeds the overview pinned data: two connections, a
// five-year daily series, every section filled.
type pinnedOverview struct {
	conns  int
	series []app.ValuePoint // five years of days up to t0
	dups   []app.DuplicateGroup
	counts [][2]string // CountDuplicate's key and ref, in order
}

// CountDuplicate records the choice and counts that account from now on.
func (p *pinnedOverview) CountDuplicate(_ context.Context, key, ref string) error {
	p.counts = append(p.counts, [2]string{key, ref})
	for i := range p.dups {
		if p.dups[i].Key == key {
			p.dups[i].Counted, p.dups[i].Chosen = ref, true
		}
	}
	return nil
}

func newPinnedOverview() *pinnedOverview {
	p := &pinnedOverview{conns: 2}
	v := d("180000")
	end := integrations.DateOf(t0).Time()
	start := end.AddDate(-5, 0, 0)
	for t, i := start, 0; !t.After(end); t, i = t.AddDate(0, 0, 1), i+1 {
		switch {
		case i%29 == 0:
			v = v.Mul(d("0.982")).Round(2)
		case (i/11)%3 == 0:
			v = v.Mul(d("0.9985")).Round(2)
		default:
			v = v.Mul(d("1.0022")).Round(2)
		}
		p.series = append(p.series, app.ValuePoint{Date: integrations.DateOf(t), Value: v, Cash: d("12000"), NetContributions: d("150000")})
	}
	return p
}

func (p *pinnedOverview) Connections(context.Context) ([]app.Connection, error) {
	conns := make([]app.Connection, p.conns)
	for i := range conns {
		conns[i].ID, conns[i].Label = fmt.Sprintf("c%d", i+1), fmt.Sprintf("Connection %d", i+1)
	}
	return conns, nil
}

func (p *pinnedOverview) history(period app.Period) app.ValueSeries {
	from := period.Start(integrations.DateOf(t0))
	s := app.ValueSeries{Currency: "EUR", Period: period, From: from, To: integrations.DateOf(t0)}
	for _, x := range p.series {
		if from == "" || x.Date >= from {
			s.Points = append(s.Points, x)
		}
	}
	if from == "" {
		s.From = s.Points[0].Date
	}
	return s
}

func (p *pinnedOverview) ValueHistory(_ context.Context, q app.HistoryQuery) (app.ValueSeries, error) {
	return p.history(q.Period), nil
}

func (p *pinnedOverview) Performance(_ context.Context, q app.PerformanceQuery) (app.Performance, error) {
	return p.performance(q.Period), nil
}

func (p *pinnedOverview) performance(period app.Period) app.Performance {
	h := p.history(period)
	first, last := h.Points[0], h.Points[len(h.Points)-1]
	total := app.Return{Name: "Total", From: first.Date, To: last.Date, StartValue: first.Value, EndValue: last.Value,
		NetFlows: d("5000"), Gain: last.Value.Sub(first.Value).Sub(d("5000")), TWR: nd("0.0734"), XIRR: nd("0.0691")}
	return app.Performance{Currency: "EUR", Period: period, From: first.Date, To: last.Date, Total: total, Accounts: []app.Return{
		{AccountRef: "a1", Name: "Individual Margin", TWR: nd("0.0812"), XIRR: nd("0.0777"), Gain: d("11204.18")},
		{AccountRef: "a2", Name: "TFSA", TWR: nd("-0.0123"), XIRR: decimal.NullDecimal{}, Gain: d("-402.50"), Note: "no history before 3 Feb"},
	}}
}

func (p *pinnedOverview) Overview(_ context.Context, opts app.OverviewOptions) (app.Overview, error) {
	period := opts.Period
	if period == "" {
		period = app.Period1Y
	}
	eur := func(s string) app.Value { return app.Value{Base: d(s)} }
	ov := app.Overview{
		Currency: "EUR", AsOf: t0,
		Rates:    app.RatesInfo{Source: "ECB", Date: "2026-03-13", Missing: []string{"XYZ"}},
		NetWorth: app.Value{Base: d("248531.27"), Unconverted: []app.Money{{Amount: d("1200"), Currency: "XYZ"}}},
		Changes: []app.Change{
			{Period: app.Period1D, Available: true, Since: "2026-03-14", Amount: d("312.40"), Relative: nd("0.00126")},
			{Period: app.Period1M, Available: true, Since: "2026-02-15", Amount: d("-1204.55"), Relative: nd("-0.0048")},
			{Period: app.PeriodYTD, Available: true, Since: "2025-12-31", Amount: d("18220.10"), Relative: nd("0.0792")},
			{Period: app.Period1Y, Available: false},
		},
		Stale: []app.StaleNote{{ConnectionID: "c2", Label: "Questrade TFSA", Status: app.StatusDisabled, LastSuccess: t0.AddDate(0, 0, -9), Accounts: 1, Value: eur("31877.90")}},
		Allocation: app.Allocation{
			ByType: []app.Slice{
				{Key: app.AssetETF, Label: "ETF", Value: eur("121402.11"), Weight: d("0.4885")},
				{Key: app.AssetEquity, Label: "Equity", Value: eur("80114.60"), Weight: d("0.3224")},
				{Key: app.AssetCash, Label: "Cash", Value: eur("27014.56"), Weight: d("0.1087")},
				{Key: app.AssetBond, Label: "Bond", Value: eur("12000.00"), Weight: d("0.0483")},
				{Key: app.AssetCrypto, Label: "Crypto", Value: eur("8000.00"), Weight: d("0.0322")},
				{Key: app.AssetOther, Label: "Other", Value: app.Value{Unconverted: []app.Money{{Amount: d("1200"), Currency: "XYZ"}}}},
			},
			ByAccount: []app.Slice{
				{Key: "a1", Label: "Individual Margin", Value: eur("216653.37"), Weight: d("0.8717")},
				{Key: "a2", Label: "TFSA", Value: eur("31877.90"), Weight: d("0.1283")},
			},
			ByInstitution: []app.Slice{
				{Key: demo.ID, Label: "Demo Brokerage", Value: eur("216653.37"), Weight: d("0.8717")},
				{Key: "questrade", Label: "Questrade", Value: eur("31877.90"), Weight: d("0.1283")},
			},
			ByCurrency: []app.Slice{
				{Key: "USD", Label: "USD", Value: eur("160311.02"), Weight: d("0.6450")},
				{Key: "CAD", Label: "CAD", Value: eur("60220.25"), Weight: d("0.2423")},
				{Key: "EUR", Label: "EUR", Value: eur("28000.00"), Weight: d("0.1127")},
			},
		},
		TopHoldings: []app.MergedHolding{
			{Key: "isin:US9229087690", Symbol: integrations.Symbol{Ticker: "VTI", Description: "Vanguard Total Stock Market ETF"}, Units: d("310"),
				Value: eur("78120.44"), Weight: d("0.3143"), HeldIn: []app.HoldingPlace{
					{Institution: "Demo Brokerage", Account: "Individual Margin"}, {Institution: "Questrade", Account: "TFSA"}}},
			{Key: "sym:NASDAQ:AAPL", Symbol: integrations.Symbol{Ticker: "AAPL", Description: "Apple Inc."}, Units: d("120.5"),
				Value: eur("24882.10"), Weight: d("0.1001"), HeldIn: []app.HoldingPlace{
					{Institution: "Demo Brokerage", Account: "Individual Margin"}, {Institution: "Demo Brokerage", Account: "Roth IRA"}}},
			{Key: "sym::BTC", Symbol: integrations.Symbol{Ticker: "BTC", Description: "Bitcoin"}, Units: d("0.125"),
				Value: eur("8000.00"), Weight: d("0.0322"), HeldIn: []app.HoldingPlace{{Institution: "Demo Crypto"}}},
		},
		History:     p.history(period),
		Performance: p.performance(period),
		Income:      app.Income{Currency: "EUR"},
		Duplicates:  slices.Clone(p.dups),
	}
	for i := range 12 {
		m := time.Date(2025, time.Month(4+i), 1, 0, 0, 0, 0, time.UTC)
		div := decimal.NewFromInt(int64(150 + 40*(i%3)))
		if i%3 == 2 {
			div = div.Add(d("412.15"))
		}
		ov.Income.Months = append(ov.Income.Months, app.IncomeMonth{Month: m.Format("2006-01"), Dividends: div, Interest: d("18.75"), Total: div.Add(d("18.75"))})
		ov.Income.Total = ov.Income.Total.Add(div).Add(d("18.75"))
	}
	return ov, nil
}

// overviewHarness is the UI with the overview fed pinned data, unlocked;
// variant, when set, is the theme (the default theme's colours in that
// variant) chosen before anything shows.
func overviewHarness(t *testing.T, golden bool, variant ...string) (*harness, *pinnedOverview) {
	t.Helper()
	p := newPinnedOverview()
	with := func(o *Options) { o.overview = func(*app.App) overviewStore { return p } }
	if golden {
		fixedDirs = true
		defer func() { fixedDirs = false }()
	}
	h := newHarness(t, with)
	if len(variant) > 0 {
		test.ApplyTheme(t, theme.DefaultTheme())
		h.u.applyTheme(variant[0])
	}
	h.unlocked()
	h.waitFor(func() bool { return h.u.scr.overview != nil && h.u.scr.overview.data.loaded }, "overview:loaded")
	return h, p
}

// waitFor runs the UI queue until ok holds, checking after each named
// event.
func (h *harness) waitFor(ok func() bool, name string) {
	h.t.Helper()
	for !ok() {
		h.wait(name)
	}
}

// The overview in the light and the dark theme (the default theme's
// colours, so the charts' palettes show as they are).
func TestGoldenOverview(t *testing.T) {
	for _, v := range []string{themeLight, themeDark} {
		t.Run(v, func(t *testing.T) {
			h, _ := overviewHarness(t, true, v)
			h.assertGolden("overview-" + v)
		})
	}
}

func TestOverviewShowsTheWholePortfolio(t *testing.T) {
	h, p := overviewHarness(t, false)
	o := h.u.scr.overview
	if h.u.scr.main.tabs.Selected() != h.u.scr.main.overview {
		t.Fatal("the overview is not the first screen after unlock")
	}
	if got := o.head.total.Text; got != "€248,531.27" {
		t.Errorf("net worth %q", got)
	}
	if got := o.head.unconverted.Text; !o.head.unconverted.Visible() || got != "+ 1,200 XYZ not converted (no exchange rate)" {
		t.Errorf("the unconverted part shows %q (visible %v)", got, o.head.unconverted.Visible())
	}
	if got := o.head.rates.Text(); got != "In EUR · exchange rates of 13 Mar 2026 (ECB)" {
		t.Errorf("rates note %q", got)
	}
	var changes []string
	for _, c := range o.head.changes.Objects {
		box := c.(*fyne.Container)
		val := ""
		switch w := box.Objects[1].(type) {
		case *widget.Label:
			val = w.Text
		case *muted:
			val = w.Text()
		}
		changes = append(changes, box.Objects[0].(*muted).Text()+" "+val)
	}
	if got := strings.Join(changes, " | "); got != "1D +€312.40 (+0.13%) | 1M -€1,204.55 (-0.48%) | YTD +€18,220.10 (+7.9%) | 1Y —" {
		t.Errorf("changes %q", got)
	}
	if !o.head.stale.box.Visible() || !strings.Contains(o.head.stale.message.Text, "“Questrade TFSA” (needs repair, last synced 6 Mar 2026)") {
		t.Errorf("stale note %q", o.head.stale.message.Text)
	}
	// The chart shows the chosen period (1Y by default), day by day.
	pts := o.value.chart.Points()
	if len(pts) != 366 || !pts[len(pts)-1].Value.Equal(p.series[len(p.series)-1].Value) {
		t.Errorf("the 1Y chart has %d points", len(pts))
	}
	if got := o.value.returns.Text; !strings.Contains(got, "time-weighted return +7.3% · money-weighted return +6.9% a year") {
		t.Errorf("returns %q", got)
	}
	if !o.value.perf.box.Visible() || o.value.perf.text(1, 2) != "—" || o.value.perf.text(1, 1) != "-1.2%" {
		t.Errorf("per-account returns: %q %q", o.value.perf.text(1, 1), o.value.perf.text(1, 2))
	}
	// Allocation: the donut and the table behind it.
	if s := o.alloc.donut.Slices(); len(s) != 6 || s[0].Label != "ETF" {
		t.Errorf("allocation slices %v", s)
	}
	if o.alloc.table.text(0, 2) != "48.9%" || o.alloc.table.text(5, 1) != "1,200 XYZ (no rate)" {
		t.Errorf("allocation table %q %q", o.alloc.table.text(0, 2), o.alloc.table.text(5, 1))
	}
	o.alloc.by.SetSelected(allocCurrency)
	if o.alloc.table.text(0, 0) != "USD" || len(o.alloc.donut.Slices()) != 3 {
		t.Errorf("by currency: %q", o.alloc.table.text(0, 0))
	}
	// Merged holdings say where they are held.
	if got := o.hold.text(0, 4); got != "Demo Brokerage, Questrade" {
		t.Errorf("VTI held at %q", got)
	}
	if got := o.hold.text(1, 4); got != "Demo Brokerage (2 accounts)" {
		t.Errorf("AAPL held at %q", got)
	}
	if got := o.hold.text(1, 1); got != "120.5" {
		t.Errorf("AAPL units %q", got)
	}
	// Income by month and the 12-month total.
	if b := o.income.bars.Bars(); len(b) != 12 || b[11].Title != "March 2026" || !b[11].Value.Equal(d("660.90")) {
		t.Errorf("income bars %v", b)
	}
	if got := o.income.total.Text; !strings.HasPrefix(got, "Last 12 months: €4,153.60 (dividends €3,928.60 · interest €225.00)") {
		t.Errorf("income total %q", got)
	}
}

func TestOverviewPeriodSwitch(t *testing.T) {
	h, p := overviewHarness(t, false)
	o := h.u.scr.overview
	test.Tap(o.value.periods[0]) // 1M
	h.wait("overview:period")
	pts := o.value.chart.Points()
	if first := pts[0].Time; !first.Equal(t0.AddDate(0, -1, 0).Truncate(24 * time.Hour)) {
		t.Errorf("1M starts on %v", first)
	}
	if o.value.periods[0].Importance != widget.HighImportance || o.value.periods[3].Importance != widget.LowImportance {
		t.Error("the chosen period is not marked")
	}
	if !strings.HasPrefix(o.value.returns.Text, "Last month (15 Feb 2026 – 15 Mar 2026)") {
		t.Errorf("returns %q", o.value.returns.Text)
	}
	if o.value.busy.Visible() {
		t.Error("the spinner stays")
	}
	test.Tap(o.value.periods[5]) // All
	h.wait("overview:period")
	if n := len(o.value.chart.Points()); n != len(p.series) {
		t.Errorf("All has %d points, want %d", n, len(p.series))
	}
	// The period is remembered for the next time.
	if got := h.u.env.prefs.OverviewPeriod(); got != app.PeriodAll {
		t.Errorf("remembered %q", got)
	}
	h.u.lock("user")
	h.settle()
	s := h.u.scr.unlock
	test.Type(s.password, testPassword)
	test.Tap(s.unlockButton)
	h.wait("unlocked")
	h.waitFor(func() bool { return h.u.scr.overview != nil && h.u.scr.overview.data.loaded }, "overview:loaded")
	if n := len(h.u.scr.overview.value.chart.Points()); n != len(p.series) {
		t.Errorf("after unlock the chart shows %d points, want All's %d", n, len(p.series))
	}
}

// Hovering the value chart, or moving along it with the keyboard, reads
// out the day and the value in the base currency.
func TestOverviewChartReadout(t *testing.T) {
	h, p := overviewHarness(t, false)
	h.resize(1040, 700)
	c := o(h).value.chart
	last := p.series[len(p.series)-1]
	c.MouseMoved(&desktop.MouseEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(c.Size().Width-2, 50)}})
	date, value := c.ReadoutText()
	if date != "15 Mar 2026" || value != formatMoney(last.Value, "EUR") {
		t.Errorf("hover at the right end reads %q %q", date, value)
	}
	c.MouseOut()
	if _, ok := c.Readout(); ok {
		t.Error("the readout stays after the pointer left")
	}
	h.u.focus(c)
	typeKey(h.w.Canvas(), fyne.KeyLeft)
	date, value = c.ReadoutText()
	prev := p.series[len(p.series)-2]
	if date != "14 Mar 2026" || value != formatMoney(prev.Value, "EUR") {
		t.Errorf("Left from the focused end reads %q %q", date, value)
	}
	// The allocation's donut reads out with the keyboard too.
	dn := o(h).alloc.donut
	h.u.focus(dn)
	typeKey(h.w.Canvas(), fyne.KeyRight)
	if s, ok := dn.Readout(); !ok || s.Label != "Equity" {
		t.Errorf("the donut reads %v", s)
	}
	bars := o(h).income.bars
	h.u.focus(bars)
	if b, ok := bars.Readout(); !ok || b.Title != "March 2026" {
		t.Errorf("the income bars read %v", b)
	}
}

func o(h *harness) *overviewScreen { return h.u.scr.overview }

func TestOverviewStaleNoteShowsConnections(t *testing.T) {
	h, _ := overviewHarness(t, false)
	b, ok := o(h).head.stale.actions.Objects[0].(*button)
	if !ok {
		t.Fatal("the stale note has no button")
	}
	test.Tap(b)
	m := h.u.scr.main
	if m.tabs.Selected() != m.connections || h.u.scr.home.filter.Selected != filterAttention {
		t.Errorf("Show opened %q filtered %q", m.tabs.Selected().Title, h.u.scr.home.filter.Selected)
	}
	// Esc from an account goes back to the tab the user came from.
	h.u.showSettings("")
	h.u.showHome()
	if h.u.scr.main.tabs.Selected() != h.u.scr.main.connections {
		t.Error("back from the settings did not return to Connections")
	}
}

// With no connection, the overview invites to connect one or try the demo.
func TestOverviewEmptyVault(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	h.waitFor(func() bool { return o(h) != nil && o(h).data.loaded }, "overview:loaded")
	if o(h).body.Objects[0] != o(h).empty.box {
		t.Fatal("an empty vault does not show the empty overview")
	}
	test.Tap(o(h).empty.demo)
	h.wait("portal:methods")
	if p := h.u.scr.portal; p == nil || p.st.inst == nil || p.st.inst.ID != demo.ID {
		t.Error("Try the demo brokerage did not open the portal on the demo")
	}
}

// After connecting the demo brokerage the overview leaves its empty state,
// and each sync computes it again.
func TestOverviewFollowsConnections(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	h.connectWithPassword("user_good")
	h.settle()
	if o(h).data.conns != 1 || o(h).body.Objects[0] != o(h).scroll {
		t.Fatalf("after connecting the overview shows %d connections", o(h).data.conns)
	}
	if o(h).data.ov.Currency == "" {
		t.Error("the overview has no currency")
	}
}

// The base currency is a setting; changing it computes the overview again
// in the new currency.
func TestBaseCurrencySetting(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	h.u.showSettings("")
	h.wait("settings:loaded")
	g := &h.u.scr.settings.general
	if g.currency.pick.Selected == "" || len(g.currency.pick.Options) == 0 {
		t.Fatalf("the currency setting offers %v, shows %q", g.currency.pick.Options, g.currency.pick.Selected)
	}
	pick := "EUR (€)"
	if g.currency.pick.Selected == pick {
		pick = g.currency.pick.Options[len(g.currency.pick.Options)-1]
	}
	g.currency.pick.SetSelected(pick)
	h.wait("settings:saved")
	p, err := h.u.core.Preferences(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	code, _, _ := strings.Cut(pick, " ")
	if p.BaseCurrency != code {
		t.Errorf("saved base currency %q, want %q", p.BaseCurrency, code)
	}
	// Another setting saved later keeps it.
	g.autoLock.SetSelected(autoLockChoices[2].label)
	h.wait("settings:saved")
	if p, _ := h.u.core.Preferences(t.Context()); p.BaseCurrency != code {
		t.Errorf("saving the auto-lock changed the base currency to %q", p.BaseCurrency)
	}
	h.u.showOverview()
	h.waitFor(func() bool { return o(h).data.loaded }, "overview:loaded")
	if got := o(h).data.ov.Currency; got != code {
		t.Errorf("the overview is in %q, want %q", got, code)
	}
}

// A setting saved while the base currency was never chosen leaves it
// following the locale.
func TestBaseCurrencyDefaultStaysUnchosen(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	h.u.showSettings("")
	h.wait("settings:loaded")
	g := &h.u.scr.settings.general
	g.autoLock.SetSelected(autoLockChoices[2].label)
	h.wait("settings:saved")
	if p, _ := h.u.core.Preferences(t.Context()); p.BaseCurrency != "" {
		t.Errorf("the locale's default was pinned as %q", p.BaseCurrency)
	}
}

// Connection rows say how many accounts a connection has and their value
// in the base currency, flagging what had no rate.
func TestConnectionRowTotals(t *testing.T) {
	h := newHarness(t)
	h.unlocked()
	c := h.connectWithPassword("user_good")
	hs := h.u.scr.home
	hs.data.totals = map[string]app.ConnectionTotal{c.ID: {ConnectionID: c.ID, Accounts: 3, Currency: "EUR",
		Value: app.Value{Base: d("12345.6"), Unconverted: []app.Money{{Amount: d("2"), Currency: "XYZ"}}}}}
	hs.setConnections([]app.Connection{c}, nil)
	row, _ := hs.find(c.ID)
	sub := rowSubtitle(row, app.StatusActive, t0)
	if !strings.Contains(sub, "3 accounts · €12,345.60 + 2 XYZ (no rate)") {
		t.Errorf("row subtitle %q", sub)
	}
}

func TestRatioText(t *testing.T) {
	for in, want := range map[string]string{
		"0.0523": "+5.2%", "-0.0048": "-0.48%", "-0.00026": "-0.03%", "0": "0.00%", "1.5": "+150.0%", "-0.01": "-1.0%",
	} {
		if got := ratioText(nd(in)); got != want {
			t.Errorf("ratioText(%s) = %q, want %q", in, got, want)
		}
	}
	if got := ratioText(decimal.NullDecimal{}); got != "—" {
		t.Errorf("no ratio: %q", got)
	}
}

// The changes wrap onto a second row in a narrow window instead of
// holding it wide.
func TestWrapLayout(t *testing.T) {
	test.NewTempApp(t)
	var items []fyne.CanvasObject
	for range 4 {
		items = append(items, widget.NewLabel("+US$24,482.87 (+8.0%)"))
	}
	l := &wrapLayout{}
	wraps := 0
	l.onWrap = func() { wraps++ }
	c := container.New(l, items...)
	one := items[0].MinSize()
	if m := c.MinSize(); m.Width != one.Width {
		t.Errorf("min width %v, want one item's %v", m.Width, one.Width)
	}
	c.Resize(fyne.NewSize(4*one.Width+100, 200))
	if l.rows != 1 || items[3].Position().Y != 0 {
		t.Errorf("wide: %d rows", l.rows)
	}
	c.Resize(fyne.NewSize(2*one.Width+30, 200))
	if l.rows != 2 || items[2].Position().X != 0 || items[2].Position().Y == 0 {
		t.Errorf("narrow: %d rows, third at %v", l.rows, items[2].Position())
	}
	if h := c.MinSize().Height; h < 2*one.Height {
		t.Errorf("two rows need %v high, min %v", 2*one.Height, h)
	}
	if wraps != 2 {
		t.Errorf("the parent was asked to relayout %d times", wraps)
	}
}

// BenchmarkOverview measures the overview on five years of daily values:
// filling every section from a computed app.Overview (what a reload does
// on the UI goroutine), and laying the whole screen out again on a resize.
func BenchmarkOverview(b *testing.B) {
	u := benchUI(b)
	p := newPinnedOverview()
	ov, err := p.Overview(context.Background(), app.OverviewOptions{Period: app.PeriodAll})
	if err != nil {
		b.Fatal(err)
	}
	o := newOverview(u, p)
	u.setContent(o.layout())
	show := func() {
		o.data.loaded, o.data.conns, o.data.ov = true, p.conns, ov
		o.render()
	}
	show()
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			show()
		}
	})
	b.Run("resize", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			u.win.Resize(fyne.NewSize(1040+float32(i%2)*40, 700))
		}
	})
}
