package desktop

import (
	"slices"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// column describes one column of a sortable table.
type column struct {
	title string
	width float32
	align fyne.TextAlign
}

// --- holdings ----------------------------------------------------------------------

// Holdings columns.
const (
	holdSymbol = iota
	holdDescription
	holdUnits
	holdPrice
	holdValue
	holdCost
	holdGain
	holdColumns
)

var holdingColumns = [holdColumns]column{
	{"Symbol", 124, fyne.TextAlignLeading},
	{"Description", 196, fyne.TextAlignLeading},
	{"Units", 84, fyne.TextAlignTrailing},
	{"Price", 108, fyne.TextAlignTrailing},
	{"Market value", 140, fyne.TextAlignTrailing},
	{"Cost basis", 124, fyne.TextAlignTrailing},
	{"Gain", 188, fyne.TextAlignTrailing},
}

// holdingsTable is the positions of an account in a widget.Table (which
// creates cells only for what is on screen, so it scales to many rows),
// sortable by clicking a header.
type holdingsTable struct {
	table   *widget.Table
	rows    []app.PositionView
	sortCol int
	sortAsc bool
}

func newHoldingsTable() *holdingsTable {
	h := &holdingsTable{sortCol: holdValue}
	h.table = newSortedTable(holdingColumns[:], func() int { return len(h.rows) }, h.updateCell,
		func() (int, bool) { return h.sortCol, h.sortAsc }, h.SortBy)
	return h
}

// newSortedTable is a table of cols whose headers sort it when clicked and
// show the sort: sorted returns the sorting column and direction.
func newSortedTable(cols []column, rows func() int, update func(widget.TableCellID, fyne.CanvasObject),
	sorted func() (col int, asc bool), sortBy func(col int)) *widget.Table {
	t := widget.NewTableWithHeaders(
		func() (int, int) { return rows(), len(cols) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		update)
	t.ShowHeaderColumn = false
	t.CreateHeader = func() fyne.CanvasObject { return newHeaderCell() }
	t.UpdateHeader = func(id widget.TableCellID, o fyne.CanvasObject) {
		if id.Col < 0 || id.Col >= len(cols) {
			return
		}
		c := cols[id.Col]
		dir := 0
		if sortCol, asc := sorted(); id.Col == sortCol {
			dir = -1
			if asc {
				dir = 1
			}
		}
		col := id.Col
		o.(*headerCell).Set(c.title, c.align, dir, func() { sortBy(col) })
	}
	for i, c := range cols {
		t.SetColumnWidth(i, c.width)
	}
	return t
}

// SetRows shows positions, keeping the current sort.
func (h *holdingsTable) SetRows(rows []app.PositionView) {
	h.rows = rows
	h.sort()
	h.table.Refresh()
}

// SortBy sorts by a column; the same column again flips the order.
func (h *holdingsTable) SortBy(col int) {
	if col == h.sortCol {
		h.sortAsc = !h.sortAsc
	} else {
		h.sortCol = col
		// Text ascending first, amounts largest first.
		h.sortAsc = col == holdSymbol || col == holdDescription
	}
	h.sort()
	h.table.Refresh()
}

func (h *holdingsTable) sort() {
	col, asc := h.sortCol, h.sortAsc
	// Compute each row's key once: comparisons then cost no allocation.
	type keyed struct {
		text string
		num  decimal.NullDecimal
		row  int
	}
	ks := make([]keyed, len(h.rows))
	for i, p := range h.rows {
		k := keyed{row: i}
		switch col {
		case holdSymbol:
			k.text = strings.ToLower(p.Symbol.Ticker)
		case holdDescription:
			k.text = strings.ToLower(p.Symbol.Description)
		case holdUnits:
			k.num = decimal.NewNullDecimal(p.Units)
		case holdPrice:
			k.num = decimal.NewNullDecimal(p.Price)
		case holdValue:
			k.num = decimal.NewNullDecimal(p.MarketValue)
		case holdCost:
			k.num = p.CostBasis
		case holdGain:
			if g, ok := gainOf(p); ok {
				k.num = decimal.NewNullDecimal(g)
			}
		}
		if k.num.Valid {
			// One exponent for the whole column: Cmp then compares integers.
			k.num.Decimal = k.num.Decimal.Round(8)
		}
		ks[i] = k
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		var c int
		if col == holdSymbol || col == holdDescription {
			c = strings.Compare(a.text, b.text)
		} else {
			c = compareNull(a.num, b.num)
		}
		if !asc {
			c = -c
		}
		return c
	})
	sorted := make([]app.PositionView, len(h.rows))
	for i := range ks {
		sorted[i] = h.rows[ks[i].row]
	}
	copy(h.rows, sorted)
}

func gainOf(p app.PositionView) (decimal.Decimal, bool) {
	if !p.CostBasis.Valid {
		return decimal.Decimal{}, false
	}
	return p.MarketValue.Sub(p.CostBasis.Decimal), true
}

func comparePositions(a, b app.PositionView, col int) int {
	switch col {
	case holdSymbol:
		return strings.Compare(strings.ToLower(a.Symbol.Ticker), strings.ToLower(b.Symbol.Ticker))
	case holdDescription:
		return strings.Compare(strings.ToLower(a.Symbol.Description), strings.ToLower(b.Symbol.Description))
	case holdUnits:
		return a.Units.Cmp(b.Units)
	case holdPrice:
		return a.Price.Cmp(b.Price)
	case holdValue:
		return a.MarketValue.Cmp(b.MarketValue)
	case holdCost:
		return compareNull(a.CostBasis, b.CostBasis)
	case holdGain:
		ga, oka := gainOf(a)
		gb, okb := gainOf(b)
		return compareNull(decimal.NullDecimal{Decimal: ga, Valid: oka}, decimal.NullDecimal{Decimal: gb, Valid: okb})
	}
	return 0
}

// compareNull orders missing values before any value.
func compareNull(a, b decimal.NullDecimal) int {
	switch {
	case !a.Valid && !b.Valid:
		return 0
	case !a.Valid:
		return -1
	case !b.Valid:
		return 1
	}
	return a.Decimal.Cmp(b.Decimal)
}

func positionCurrency(p app.PositionView) string {
	if p.Currency != "" {
		return p.Currency
	}
	return p.Symbol.Currency
}

// holdingCell is the text, alignment and importance of one cell.
func holdingCell(p app.PositionView, col int) (string, widget.Importance) {
	cur := positionCurrency(p)
	switch col {
	case holdSymbol:
		if p.Symbol.Ticker == "" {
			return "—", widget.MediumImportance
		}
		return p.Symbol.Ticker, widget.MediumImportance
	case holdDescription:
		return p.Symbol.Description, widget.MediumImportance
	case holdUnits:
		return formatUnits(p.Units), widget.MediumImportance
	case holdPrice:
		return formatMoney(p.Price, cur), widget.MediumImportance
	case holdValue:
		return formatMoney(p.MarketValue, cur), widget.MediumImportance
	case holdCost:
		if !p.CostBasis.Valid {
			return "—", widget.LowImportance
		}
		return formatMoney(p.CostBasis.Decimal, cur), widget.MediumImportance
	case holdGain:
		g, ok := gainOf(p)
		if !ok {
			return "—", widget.LowImportance
		}
		text := formatSignedMoney(g, cur)
		if pct := formatPercent(g, p.CostBasis.Decimal); pct != "" {
			text += " (" + pct + ")"
		}
		switch {
		case g.IsPositive():
			return text, widget.SuccessImportance
		case g.IsNegative():
			return text, widget.DangerImportance
		}
		return text, widget.MediumImportance
	}
	return "", widget.MediumImportance
}

func (h *holdingsTable) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(h.rows) || id.Col < 0 || id.Col >= holdColumns {
		l.SetText("")
		return
	}
	text, imp := holdingCell(h.rows[id.Row], id.Col)
	if l.Text == text && l.Importance == imp && l.Alignment == holdingColumns[id.Col].align && l.TextStyle.Bold == (id.Col == holdSymbol) {
		return // a refresh after a sort often leaves a cell as it was
	}
	l.Alignment = holdingColumns[id.Col].align
	l.Importance = imp
	l.TextStyle.Bold = id.Col == holdSymbol
	l.SetText(text)
}

// totalsByCurrency sums market values per currency: "US$1,234.00 + CA$12.00".
func totalsByCurrency(rows []app.PositionView) string {
	sums := map[string]decimal.Decimal{}
	var order []string
	for _, p := range rows {
		c := positionCurrency(p)
		if _, ok := sums[c]; !ok {
			order = append(order, c)
		}
		sums[c] = sums[c].Add(p.MarketValue)
	}
	sort.Strings(order)
	var parts []string
	for _, c := range order {
		parts = append(parts, formatMoney(sums[c], c))
	}
	return strings.Join(parts, " + ")
}

// --- activity ----------------------------------------------------------------------

// Activity columns.
const (
	actDate = iota
	actType
	actSymbol
	actDescription
	actUnits
	actPrice
	actAmount
	actFee
	actColumns
)

var activityColumns = [actColumns]column{
	{"Date", 112, fyne.TextAlignLeading},
	{"Type", 112, fyne.TextAlignLeading},
	{"Symbol", 96, fyne.TextAlignLeading},
	{"Description", 236, fyne.TextAlignLeading},
	{"Units", 80, fyne.TextAlignTrailing},
	{"Price", 104, fyne.TextAlignTrailing},
	{"Amount", 128, fyne.TextAlignTrailing},
	{"Fee", 84, fyne.TextAlignTrailing},
}

// activityTable is an account's activity, newest first by default,
// sortable by date, type, symbol and amount.
type activityTable struct {
	table   *widget.Table
	rows    []app.ActivityView
	sortCol int
	sortAsc bool
}

func newActivityTable() *activityTable {
	a := &activityTable{sortCol: actDate}
	a.table = newSortedTable(activityColumns[:], func() int { return len(a.rows) }, a.updateCell,
		func() (int, bool) { return a.sortCol, a.sortAsc }, a.SortBy)
	return a
}

// SetRows shows activities, keeping the current sort.
func (a *activityTable) SetRows(rows []app.ActivityView) {
	a.rows = rows
	a.sort()
	a.table.Refresh()
}

// SortBy sorts by a column; the same column again flips the order.
func (a *activityTable) SortBy(col int) {
	if col == a.sortCol {
		a.sortAsc = !a.sortAsc
	} else {
		a.sortCol = col
		a.sortAsc = col == actType || col == actSymbol || col == actDescription
	}
	a.sort()
	a.table.Refresh()
}

func (a *activityTable) sort() {
	col, asc := a.sortCol, a.sortAsc
	sort.SliceStable(a.rows, func(i, j int) bool {
		x, y := a.rows[i], a.rows[j]
		var c int
		switch col {
		case actDate:
			c = strings.Compare(string(x.TradeDate), string(y.TradeDate))
		case actType:
			c = strings.Compare(activityTypeName(x.Type), activityTypeName(y.Type))
		case actSymbol:
			c = strings.Compare(x.Symbol, y.Symbol)
		case actDescription:
			c = strings.Compare(strings.ToLower(x.Description), strings.ToLower(y.Description))
		case actUnits:
			c = x.Units.Cmp(y.Units)
		case actPrice:
			c = x.Price.Cmp(y.Price)
		case actAmount:
			c = x.Amount.Cmp(y.Amount)
		case actFee:
			c = x.Fee.Cmp(y.Fee)
		}
		if c == 0 {
			c = strings.Compare(x.ID, y.ID)
		}
		if asc {
			return c < 0
		}
		return c > 0
	})
}

func activityCell(x app.ActivityView, col int) (string, widget.Importance) {
	switch col {
	case actDate:
		return formatDay(x.TradeDate), widget.MediumImportance
	case actType:
		t := activityTypeName(x.Type)
		if x.Type == integrations.ActivityOther && x.RawType != "" {
			t += " (" + x.RawType + ")"
		}
		return t, widget.MediumImportance
	case actSymbol:
		return x.Symbol, widget.MediumImportance
	case actDescription:
		return x.Description, widget.MediumImportance
	case actUnits:
		if x.Units.IsZero() {
			return "", widget.MediumImportance
		}
		return formatUnits(x.Units), widget.MediumImportance
	case actPrice:
		if x.Price.IsZero() {
			return "", widget.MediumImportance
		}
		return formatMoney(x.Price, x.Currency), widget.MediumImportance
	case actAmount:
		imp := widget.MediumImportance
		if x.Amount.IsPositive() {
			imp = widget.SuccessImportance
		}
		return formatSignedMoney(x.Amount, x.Currency), imp
	case actFee:
		if x.Fee.IsZero() {
			return "", widget.MediumImportance
		}
		return formatMoney(x.Fee, x.Currency), widget.MediumImportance
	}
	return "", widget.MediumImportance
}

func (a *activityTable) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	if id.Row < 0 || id.Row >= len(a.rows) || id.Col < 0 || id.Col >= actColumns {
		l.SetText("")
		return
	}
	text, imp := activityCell(a.rows[id.Row], id.Col)
	if l.Text == text && l.Importance == imp && l.Alignment == activityColumns[id.Col].align {
		return
	}
	l.Alignment = activityColumns[id.Col].align
	l.Importance = imp
	l.SetText(text)
}
