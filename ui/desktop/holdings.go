package desktop

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
)

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

// holdingColumns: at small widths Cost basis goes first, then Price, Units
// and Description; Symbol, Market value and Gain stay.
var holdingColumns = [holdColumns]column{
	{title: "Symbol", align: fyne.TextAlignLeading, bold: true, text: true},
	{title: "Description", align: fyne.TextAlignLeading, flex: true, min: 140, giveWay: 4, text: true},
	{title: "Units", align: fyne.TextAlignTrailing, giveWay: 3},
	{title: "Price", align: fyne.TextAlignTrailing, giveWay: 2},
	{title: "Market value", align: fyne.TextAlignTrailing},
	{title: "Cost basis", align: fyne.TextAlignTrailing, giveWay: 1},
	{title: "Gain", align: fyne.TextAlignTrailing},
}

// holdingsTable is the positions of an account, sortable by any column.
type holdingsTable struct {
	st   *sortTable
	rows []app.PositionView
}

func newHoldingsTable() *holdingsTable {
	h := &holdingsTable{}
	h.st = newSortTable(holdingColumns[:], holdValue, func() int { return len(h.rows) },
		func(r, c int) (string, widget.Importance) { return holdingCell(h.rows[r], c) }, h.sort)
	return h
}

// SetRows shows positions, keeping the current sort.
func (h *holdingsTable) SetRows(rows []app.PositionView) {
	h.rows = rows
	h.st.resort()
}

func (h *holdingsTable) sort(col int, asc bool) {
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

// totalsByCurrency sums market values per currency: "US$1,234.00 + CA$12.00".
func totalsByCurrency(rows []app.PositionView) string {
	sums := map[string]decimal.Decimal{}
	for _, p := range rows {
		c := positionCurrency(p)
		sums[c] = sums[c].Add(p.MarketValue)
	}
	return sumsText(sums)
}
