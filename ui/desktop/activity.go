package desktop

import (
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

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

// activityColumns: at small widths Fee goes first, then Price, Units,
// Description and Symbol; Date, Type and Amount stay.
var activityColumns = [actColumns]column{
	{title: "Date", align: fyne.TextAlignLeading},
	{title: "Type", align: fyne.TextAlignLeading, text: true},
	{title: "Symbol", align: fyne.TextAlignLeading, bold: true, giveWay: 5, text: true},
	{title: "Description", align: fyne.TextAlignLeading, flex: true, min: 140, giveWay: 4, text: true},
	{title: "Units", align: fyne.TextAlignTrailing, giveWay: 3},
	{title: "Price", align: fyne.TextAlignTrailing, giveWay: 2},
	{title: "Amount", align: fyne.TextAlignTrailing},
	{title: "Fee", align: fyne.TextAlignTrailing, giveWay: 1},
}

// activityTable is an account's activity, newest first by default,
// sortable by date, type, symbol and amount.
type activityTable struct {
	st   *sortTable
	rows []app.ActivityView
}

func newActivityTable() *activityTable {
	a := &activityTable{}
	a.st = newSortTable(activityColumns[:], actDate, func() int { return len(a.rows) },
		func(r, c int) (string, widget.Importance) { return activityCell(a.rows[r], c) }, a.sort)
	return a
}

// SetRows shows activities, keeping the current sort.
func (a *activityTable) SetRows(rows []app.ActivityView) {
	a.rows = rows
	a.st.resort()
}

func (a *activityTable) sort(col int, asc bool) {
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
