package desktop

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/ui/chart"
)

// overviewScreen is the whole portfolio at a glance, the first tab after
// unlock: net worth in the base currency with its changes and what is
// stale, the value over time with the period's returns, the allocation,
// the largest holdings merged across accounts, and income by month. It is
// computed off the UI goroutine from what the vault keeps (app.Overview),
// again after each sync and when the base currency changes.
type overviewScreen struct {
	host   overviewHost
	store  overviewStore
	body   *fyne.Container // the spinner, the empty state or the sections
	scroll *container.Scroll
	head   overviewHead
	value  overviewValue
	alloc  overviewAlloc
	hold   *gridTable
	income overviewIncome
	empty  homeEmpty
	data   overviewData
}

// overviewHost is what the overview needs from the UI.
type overviewHost interface {
	runner
	navigator
	surface
	eventBus
	demoInstitution() string
	preferences() uiPrefs
	showConnections(filter string)
}

// overviewStore is the app's use cases the overview calls.
type overviewStore interface {
	Connections(ctx context.Context) ([]app.Connection, error)
	Overview(ctx context.Context, opts app.OverviewOptions) (app.Overview, error)
	ValueHistory(ctx context.Context, q app.HistoryQuery) (app.ValueSeries, error)
	Performance(ctx context.Context, q app.PerformanceQuery) (app.Performance, error)
	CountDuplicate(ctx context.Context, key, ref string) error
}

// overviewData is what the overview shows.
type overviewData struct {
	loaded bool
	conns  int               // connections in the vault
	labels map[string]string // connection id → label
	ov     app.Overview
	period app.Period
	gen    int // bumped by each load, so a slow answer never overwrites a newer one
	pgen   int // the same for the period's series and returns
	err    string
}

// overviewHead is net worth and its notes.
type overviewHead struct {
	total       *widget.Label
	unconverted *widget.Label // amounts without a rate, flagged
	rates       *muted
	changes     *fyne.Container
	stale       *banner
	dups        *banner // accounts two connections reach, counted once
	choose      *modal  // the choice of which copy counts, while open
}

// overviewValue is the value chart, its periods and the period's returns.
type overviewValue struct {
	periods []*button
	busy    *widget.Activity
	chart   *chart.Line
	returns *widget.Label
	note    *muted
	perf    *gridTable
}

// overviewAlloc is the allocation's donut and table.
type overviewAlloc struct {
	by    *radioGroup
	donut *chart.Donut
	table *gridTable
}

// overviewIncome is income by month.
type overviewIncome struct {
	bars  *chart.Bars
	total *widget.Label
}

// Allocation views.
const (
	allocType        = "Asset type"
	allocAccount     = "Account"
	allocInstitution = "Institution"
	allocCurrency    = "Currency"
)

func newOverview(host overviewHost, store overviewStore) *overviewScreen {
	o := &overviewScreen{host: host, store: store}
	o.data.period = host.preferences().OverviewPeriod()
	o.buildHead()
	o.buildValue()
	o.buildAlloc()
	o.hold = newGridTable(
		column{title: "Holding", flex: true, min: 140, bold: true},
		column{title: "Units", align: fyne.TextAlignTrailing},
		column{title: "Value", align: fyne.TextAlignTrailing},
		column{title: "Weight", align: fyne.TextAlignTrailing},
		column{title: "Held at", min: 120})
	o.income.bars = chart.NewBars(chart.Unit{})
	o.income.bars.Empty = "No dividends or interest in the last 12 months"
	o.income.bars.Ring = colorNameFocusRing
	o.income.total = wrapped("")
	o.buildEmpty()
	o.body = container.NewStack(container.NewCenter(widget.NewActivity()))
	bus := host.events()
	bus.on(o, topicConnections, func(event) { o.reload() })
	bus.on(o, topicSynced, func(event) { o.reload() })
	bus.on(o, topicBaseCurrency, func(event) { o.reload() })
	return o
}

func (o *overviewScreen) buildEmpty() {
	o.empty = newHomeEmpty(o.host, centerText(subheading("Your portfolio at a glance")),
		centerText(wrapped("Once an account is connected, this page adds up what you are worth across every account "+
			"in one currency, charts its value over time, and shows how it is spread, your largest holdings, your returns and your income.")))
}

// layout is the overview's content: its sections one under the other in
// a scroll, allocation and income side by side when the window is wide.
func (o *overviewScreen) layout() fyne.CanvasObject { return o.body }

func (o *overviewScreen) sections() fyne.CanvasObject {
	h, v, a, in := &o.head, &o.value, &o.alloc, &o.income
	periods := make([]fyne.CanvasObject, 0, len(v.periods)+1)
	for _, b := range v.periods {
		periods = append(periods, b)
	}
	periods = append(periods, v.busy)
	worth := container.NewVBox(subheading("Net worth"),
		container.NewHBox(h.total, container.NewCenter(h.unconverted)),
		h.changes, h.rates, h.stale.box, h.dups.box)
	h.changes.Layout.(*wrapLayout).onWrap = worth.Refresh
	value := container.NewVBox(
		border(nil, nil, subheading("Value over time"), container.NewHBox(periods...)),
		withHeight(260, v.chart), v.returns, v.note, v.perf.box)
	alloc := container.NewVBox(border(nil, nil, subheading("Allocation"), nil), a.by.box, withHeight(200, a.donut), a.table.box)
	income := container.NewVBox(subheading("Income"), withHeight(200, in.bars), in.total)
	holdings := container.NewVBox(subheading("Largest holdings"), o.hold.box)
	pair := &pairLayout{minWidth: 440}
	col := container.NewVBox(
		container.NewPadded(worth), widget.NewSeparator(),
		container.NewPadded(value), widget.NewSeparator(),
		container.New(pair, container.NewPadded(alloc), container.NewPadded(income)), widget.NewSeparator(),
		container.NewPadded(holdings))
	pair.onFlip = col.Refresh
	o.scroll = container.NewVScroll(col)
	return o.scroll
}

// reload computes the overview again off the UI goroutine.
func (o *overviewScreen) reload() {
	store := o.store
	o.data.gen++
	gen := o.data.gen
	opts := app.OverviewOptions{Period: o.data.period, Top: 10}
	o.host.background("overview:loaded", func(ctx context.Context) func() {
		conns, cerr := store.Connections(ctx)
		ov, err := store.Overview(ctx, opts)
		return func() {
			if gen != o.data.gen {
				return
			}
			if err == nil {
				err = cerr
			}
			o.data.err = ""
			if err != nil {
				o.data.err = app.Explain(err, app.Situation{Doing: app.DoingRead}).Text
			}
			o.data.loaded = true
			o.data.conns = len(conns)
			o.data.labels = map[string]string{}
			for _, c := range conns {
				o.data.labels[c.ID] = c.Label
			}
			o.data.ov = ov
			o.render()
			if opts.Period != o.data.period {
				o.fetchPeriod() // the period changed while this loaded
			}
		}
	})
}

// setPeriod shows the value chart and the returns for another period.
func (o *overviewScreen) setPeriod(p app.Period) {
	if p == o.data.period {
		return
	}
	o.data.period = p
	o.host.preferences().SetOverviewPeriod(p)
	o.markPeriod()
	if o.data.loaded {
		o.fetchPeriod()
	}
}

// fetchPeriod reads the value series and the returns of the chosen period
// off the UI goroutine, with the spinner beside the periods meanwhile.
func (o *overviewScreen) fetchPeriod() {
	store, cur, p := o.store, o.data.ov.Currency, o.data.period
	o.data.pgen++
	gen := o.data.pgen
	o.value.busy.Show()
	o.value.busy.Start()
	o.host.background("overview:period", func(ctx context.Context) func() {
		hist, err := store.ValueHistory(ctx, app.HistoryQuery{Period: p, Currency: cur})
		perf, perr := store.Performance(ctx, app.PerformanceQuery{Period: p, Currency: cur})
		return func() {
			if gen != o.data.pgen {
				return
			}
			o.value.busy.Stop()
			o.value.busy.Hide()
			if err == nil {
				err = perr
			}
			if err != nil {
				o.value.note.SetText(app.Explain(err, app.Situation{Doing: app.DoingRead}).Text)
				return
			}
			o.data.ov.History, o.data.ov.Performance = hist, perf
			o.renderValue()
		}
	})
}

// render shows what was loaded: the empty state without connections, the
// sections otherwise.
func (o *overviewScreen) render() {
	var show fyne.CanvasObject
	switch {
	case o.data.conns == 0 && o.data.err == "":
		show = o.empty.box
	default:
		if o.scroll == nil {
			o.sections()
		}
		show = o.scroll
		o.renderHead()
		o.renderValue()
		o.renderAlloc()
		o.renderHoldings()
		o.renderIncome()
	}
	if len(o.body.Objects) != 1 || o.body.Objects[0] != show {
		o.body.Objects = []fyne.CanvasObject{show}
		o.body.Refresh()
	}
}
