package desktop

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// A table starts largest or newest first; the first click on a text column
// sorts it A to Z, on any other largest or newest first; a second click on
// the same column flips the order, and new rows keep it.
func TestSortTableClicks(t *testing.T) {
	test.NewTempApp(t)
	act := func(id, date string, typ integrations.ActivityType, amount int64) app.ActivityView {
		return app.ActivityView{Activity: integrations.Activity{ID: id, TradeDate: integrations.Date(date), Type: typ, Amount: decimal.NewFromInt(amount)}}
	}
	at := newActivityTable()
	at.SetRows([]app.ActivityView{
		act("old-buy", "2026-01-02", integrations.ActivityBuy, -10), act("new-div", "2026-03-01", integrations.ActivityDividend, 5),
	})
	pos := func(ticker string, value int64) app.PositionView {
		return app.PositionView{Position: integrations.Position{Symbol: integrations.Symbol{Ticker: ticker}, MarketValue: decimal.NewFromInt(value)}}
	}
	ht := newHoldingsTable()
	ht.SetRows([]app.PositionView{pos("AAA", 1), pos("ZZZ", 2)})

	for _, c := range []struct {
		name  string
		click func()
		first func() string
		want  string
	}{
		{"activity at first", func() {}, func() string { return at.rows[0].ID }, "new-div"},
		{"activity by type", func() { at.st.SortBy(actType) }, func() string { return at.rows[0].ID }, "old-buy"},
		{"activity by type again", func() { at.st.SortBy(actType) }, func() string { return at.rows[0].ID }, "new-div"},
		{"activity by amount", func() { at.st.SortBy(actAmount) }, func() string { return at.rows[0].ID }, "new-div"},
		{"activity by amount again", func() { at.st.SortBy(actAmount) }, func() string { return at.rows[0].ID }, "old-buy"},
		{"activity's new rows", func() { at.SetRows([]app.ActivityView{act("b", "2026-01-01", "", 7), act("a", "2026-01-01", "", 3)}) },
			func() string { return at.rows[0].ID }, "a"},
		{"holdings at first", func() {}, func() string { return ht.rows[0].Symbol.Ticker }, "ZZZ"},
		{"holdings by symbol", func() { ht.st.SortBy(holdSymbol) }, func() string { return ht.rows[0].Symbol.Ticker }, "AAA"},
		{"holdings by value", func() { ht.st.SortBy(holdValue) }, func() string { return ht.rows[0].Symbol.Ticker }, "ZZZ"},
	} {
		c.click()
		if got := c.first(); got != c.want {
			t.Errorf("%s: %s first, want %s", c.name, got, c.want)
		}
	}
}
