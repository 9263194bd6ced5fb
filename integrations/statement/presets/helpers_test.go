package presets

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/statement"
)

// importDay is the import time tests pass: files that state no date
// (DEGIRO's portfolio) are dated by it.
var importDay = time.Date(2026, 10, 9, 12, 0, 0, 0, time.UTC)

// parseFixture reads testdata/<path> with the given presets (All when nil).
func parseFixture(t *testing.T, path string, presets []statement.Preset, opts statement.Options) *statement.Result {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", path))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if presets == nil {
		presets = All()
	}
	opts.Presets = presets
	if opts.Now.IsZero() {
		opts.Now = importDay
	}
	res, err := statement.Parse(context.Background(), filepath.Base(path), f, opts)
	if err != nil {
		t.Fatalf("Parse(%s): %v", path, err)
	}
	return res
}

// fixture is what a statement file in testdata must read as: parsed with
// presets (All when nil) and opts, by preset ("" when not checked), with
// good rows read, ignored rows skipped and no problems; in encoding and as
// of day when they are given; and what each account holds.
type fixture struct {
	file          string
	presets       []statement.Preset
	opts          statement.Options
	preset        string
	encoding      string
	good, ignored int
	day           string
	accounts      []holds
}

// holds is what one account of a fixture holds, its positions and its
// activities (nil when not checked). The account is the one whose masked
// number ends with number ("" for the one account of a file that names
// none), or the one of id (the AccountID the options gave).
type holds struct {
	number, id string
	pos        []wpos
	acts       []act
}

// read parses the fixture and checks it; it returns the result for the
// test's own checks.
func (f fixture) read(t *testing.T) *statement.Result {
	t.Helper()
	res := parseFixture(t, f.file, f.presets, f.opts)
	if f.preset != "" && res.Preset != f.preset {
		t.Fatalf("preset %q, want %q", res.Preset, f.preset)
	}
	if f.encoding != "" && res.Encoding != f.encoding {
		t.Fatalf("encoding %q, want %q", res.Encoding, f.encoding)
	}
	wantCounts(t, res, f.good, f.ignored)
	if f.day != "" {
		wantDay(t, res.Dataset.AsOf, f.day)
	}
	for _, h := range f.accounts {
		id := h.id
		if id == "" {
			id = accountByNumber(t, res, h.number).ID
		}
		if h.pos != nil {
			wantPositions(t, res.Dataset.Positions[id], h.pos)
		}
		if h.acts != nil {
			wantActivities(t, res.Dataset.Activities[id], h.acts)
		}
	}
	return res
}

// act is an expected activity: decimals as text, "" for a zero.
type act struct {
	date, typ, sym, units, price, amount, fee, cur string
}

// pos is an expected position.
type wpos struct {
	sym   string
	typ   integrations.SecurityType
	units string
	price string
	value string
	cost  string // "" when the file gives none
	cur   string
}

func dec(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	if s == "" {
		return decimal.Zero
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("bad decimal %q in test", s)
	}
	return d
}

// accountByNumber returns the account whose masked number ends with last
// ("" for the one account of a file that names none).
func accountByNumber(t *testing.T, res *statement.Result, last string) integrations.Account {
	t.Helper()
	for _, a := range res.Dataset.Accounts {
		if (last == "" && a.Number == "") || (last != "" && strings.HasSuffix(a.Number, last)) {
			return a
		}
	}
	var nums []string
	for _, a := range res.Dataset.Accounts {
		nums = append(nums, a.Number)
	}
	t.Fatalf("no account ending %q among %q", last, nums)
	return integrations.Account{}
}

func wantActivities(t *testing.T, got []integrations.Activity, want []act) {
	t.Helper()
	if len(got) != len(want) {
		for _, g := range got {
			t.Logf("got %s %s %s u=%s a=%s", g.TradeDate, g.Type, g.Symbol, g.Units, g.Amount)
		}
		t.Fatalf("%d activities, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		where := string(g.TradeDate) + " " + g.RawType
		if string(g.TradeDate) != w.date {
			t.Errorf("[%d] %s: date %s, want %s", i, where, g.TradeDate, w.date)
		}
		if string(g.Type) != w.typ {
			t.Errorf("[%d] %s: type %s, want %s", i, where, g.Type, w.typ)
		}
		if g.Symbol != w.sym {
			t.Errorf("[%d] %s: symbol %q, want %q", i, where, g.Symbol, w.sym)
		}
		for _, c := range []struct {
			name string
			got  decimal.Decimal
			want string
		}{{"units", g.Units, w.units}, {"price", g.Price, w.price}, {"amount", g.Amount, w.amount}, {"fee", g.Fee, w.fee}} {
			if !c.got.Equal(dec(t, c.want)) {
				t.Errorf("[%d] %s: %s %s, want %s", i, where, c.name, c.got, c.want)
			}
		}
		if g.Currency != w.cur {
			t.Errorf("[%d] %s: currency %q, want %q", i, where, g.Currency, w.cur)
		}
		if g.ID == "" {
			t.Errorf("[%d] %s: no id", i, where)
		}
	}
}

func wantPositions(t *testing.T, got []integrations.Position, want []wpos) {
	t.Helper()
	if len(got) != len(want) {
		for _, g := range got {
			t.Logf("got %s u=%s mv=%s", g.Symbol.Ticker, g.Units, g.MarketValue)
		}
		t.Fatalf("%d positions, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Symbol.Ticker != w.sym {
			t.Errorf("[%d] ticker %q, want %q", i, g.Symbol.Ticker, w.sym)
		}
		if g.Symbol.Type != w.typ {
			t.Errorf("[%d] %s: type %s, want %s", i, w.sym, g.Symbol.Type, w.typ)
		}
		if !g.Units.Equal(dec(t, w.units)) || !g.Price.Equal(dec(t, w.price)) || !g.MarketValue.Equal(dec(t, w.value)) {
			t.Errorf("[%d] %s: units %s price %s value %s, want %s %s %s", i, w.sym, g.Units, g.Price, g.MarketValue, w.units, w.price, w.value)
		}
		switch {
		case w.cost == "" && g.CostBasis.Valid:
			t.Errorf("[%d] %s: cost basis %s, want none", i, w.sym, g.CostBasis.Decimal)
		case w.cost != "" && (!g.CostBasis.Valid || !g.CostBasis.Decimal.Equal(dec(t, w.cost))):
			t.Errorf("[%d] %s: cost basis %v, want %s", i, w.sym, g.CostBasis, w.cost)
		}
		if g.Currency != w.cur || g.Symbol.Currency != w.cur {
			t.Errorf("[%d] %s: currency %q/%q, want %q", i, w.sym, g.Currency, g.Symbol.Currency, w.cur)
		}
		if g.AsOf.IsZero() {
			t.Errorf("[%d] %s: no as-of date", i, w.sym)
		}
	}
}

func wantDay(t *testing.T, got time.Time, day string) {
	t.Helper()
	if got.Format(time.DateOnly) != day {
		t.Errorf("as of %s, want %s", got.Format(time.DateOnly), day)
	}
}

func wantCounts(t *testing.T, res *statement.Result, good, ignored int) {
	t.Helper()
	if res.Good != good || res.Ignored != ignored || len(res.Problems) != 0 {
		t.Errorf("good %d ignored %d problems %v, want %d good, %d ignored, no problems", res.Good, res.Ignored, res.Problems, good, ignored)
	}
}

func TestClassifyMatchesTheStartOnly(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want integrations.ActivityType
		ok   bool
	}{
		{"YOU SOLD ISHARES CORE DIVIDEND GROWTH ETF (DGRO) (Cash)", integrations.ActivitySell, true},
		{" DIVIDEND RECEIVED APPLE INC", integrations.ActivityDividend, true},
		{"REINVESTMENT FIDELITY DIVIDEND FUND", integrations.ActivityReinvest, true},
		{"MERGER MER FROM 999999999#REOR", "", false},
		{"", "", false},
	} {
		got, ok := classify(c.raw, fidelityRules)
		if got != c.want || ok != c.ok {
			t.Errorf("classify(%q) = %s, %v; want %s, %v", c.raw, got, ok, c.want, c.ok)
		}
	}
	// containsRule prefers the longest words: a tax, not the dividend it
	// is on.
	if got, _ := containsRule("COCA-COLA: Dividendbelasting", degiroRules); got != integrations.ActivityTax {
		t.Errorf("Dividendbelasting: %s, want TAX", got)
	}
	if got, _ := containsRule("Impôts sur dividende", degiroRules); got != integrations.ActivityTax {
		t.Errorf("Impôts sur dividende: %s, want TAX", got)
	}
}

func TestSumColumnsCountsEachColumnOnce(t *testing.T) {
	row := &statement.Row{Header: []string{"Commission", "Fees"}, Cells: []string{"0.65", "-0.02"}}
	if err := sumColumns(row, colFee, "Commission ($)", "Commission", "Fees ($)", "Fees"); err != nil {
		t.Fatal(err)
	}
	if got := row.Get(colFee); got != "0.67" {
		t.Errorf("fee %q, want 0.67", got)
	}
	row = &statement.Row{Header: []string{"AutoFX", "Fee"}, Cells: []string{`-2,59`, `-1,00`}}
	if err := sumColumns(row, colFee, "AutoFX", "Fee"); err != nil {
		t.Fatal(err)
	}
	if got := row.Get(colFee); got != "3,59" {
		t.Errorf("comma fee %q, want 3,59 (written back with the row's decimal comma)", got)
	}
	row = &statement.Row{Header: []string{"Fee"}, Cells: []string{"abc"}}
	if err := sumColumns(row, colFee, "Fee"); err == nil {
		t.Error("a fee that is not a number: no error")
	}
}

func TestErrorsAreUsable(t *testing.T) {
	if !errors.As(errNotNumber("Fees"), new(hookError)) || errNotNumber("Fees").Error() != "Fees: not a number" {
		t.Error("hook errors name the column")
	}
}
