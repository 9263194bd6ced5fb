package app_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestDefaultBaseCurrencyFromTheLocale(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "de_AT.UTF-8"}, "EUR"},
		{map[string]string{"LANG": "en_CA.UTF-8"}, "CAD"},
		{map[string]string{"LANG": "en_GB"}, "GBP"},
		{map[string]string{"LANG": "fr-CH"}, "CHF"},
		{map[string]string{"LANG": "ja_JP.eucJP@cjknarrow"}, "JPY"},
		{map[string]string{"LC_ALL": "sv_SE.UTF-8", "LANG": "en_US.UTF-8"}, "SEK"}, // LC_ALL first
		{map[string]string{"LC_MONETARY": "en_IN", "LANG": "en_US.UTF-8"}, "INR"},  // then LC_MONETARY
		{map[string]string{"LC_ALL": "C.UTF-8", "LANG": "de_DE.UTF-8"}, "USD"},     // the first set decides
		{map[string]string{"LANG": "eo"}, "USD"},                                   // no region
		{map[string]string{}, "USD"},
	} {
		got := app.DefaultBaseCurrency(func(k string) string { return tc.env[k] })
		if got != tc.want {
			t.Errorf("%v: %s, want %s", tc.env, got, tc.want)
		}
	}
	for in, want := range map[string]string{"eur": "EUR", " CAD ": "CAD"} {
		if got, err := app.CurrencyCode(in); err != nil || got != want {
			t.Errorf("CurrencyCode(%q) = %q, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "EURO", "E1R", "€"} {
		if _, err := app.CurrencyCode(bad); err == nil {
			t.Errorf("CurrencyCode(%q) accepted", bad)
		}
	}
}

func TestRatesConvertThroughTheEuro(t *testing.T) {
	r := app.Rates{PerEUR: map[string]decimal.Decimal{"USD": d("1.0705"), "CAD": d("1.4670"), "JPY": d("171.94")}}
	// 100 USD in CAD: 100 / 1.0705 * 1.4670.
	got, ok := r.Convert(d("100"), "USD", "CAD")
	if !ok {
		t.Fatal("no USD→CAD")
	}
	near(t, "USD→CAD", got, "137.0387669313", "0.0000000001")
	if got, ok := r.Convert(d("1"), "EUR", "JPY"); !ok || !got.Equal(d("171.94")) {
		t.Errorf("EUR→JPY %s", got)
	}
	if got, ok := r.Convert(d("171.94"), "JPY", "EUR"); !ok || !got.Equal(d("1")) {
		t.Errorf("JPY→EUR %s", got)
	}
	if got, ok := r.Convert(d("5"), "XYZ", "EUR"); ok || !got.Equal(d("5")) {
		t.Errorf("unknown currency: %s %v", got, ok)
	}
	if rate, ok := r.Rate("CAD", "CAD"); !ok || !rate.Equal(d("1")) {
		t.Errorf("CAD→CAD %s", rate)
	}
}

// TestImportWritesSnapshotsAndIncome: a statement import records the
// statement day's value and the months' income and flows, like a sync.
func TestImportWritesSnapshotsAndIncome(t *testing.T) {
	ctx := t.Context()
	clk := fakekit.NewClock(time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC))
	f := &fileInst{id: "filebank", data: func() *integrations.Dataset {
		ds := statement("2026-11-30", 30)
		ds.Activities["acct-1"] = []integrations.Activity{
			{ID: "c1", Type: integrations.ActivityContribution, TradeDate: "2026-11-03", Amount: d("1000"), Currency: "CAD"},
			{ID: "d1", Type: integrations.ActivityDividend, TradeDate: "2026-11-15", Amount: d("12.34"), Currency: "CAD"},
			{ID: "i1", Type: integrations.ActivityInterest, TradeDate: "2026-10-28", Amount: d("1.50"), Currency: "CAD"},
		}
		return ds
	}}
	a := newFileApp(t, f, clk)
	if err := a.SetPreferences(ctx, app.Preferences{BaseCurrency: "CAD"}); err != nil {
		t.Fatal(err)
	}
	p, err := a.NewPortal(ctx, app.PortalRequest{InstitutionID: "filebank"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Begin(ctx, integrations.AuthImport, nil); err != nil {
		t.Fatal(err)
	}
	snaps, err := a.Snapshots(ctx, "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(snaps) != 1 || snaps[0].Date != "2026-11-30" || !snaps[0].Value.Equal(d("160")) || !snaps[0].NetContributions.Equal(d("1000")) {
		t.Fatalf("snapshots after the import: %+v", snaps)
	}
	inc, err := a.Income(ctx, "", 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(inc.Months) != 3 || inc.Months[1].Month != "2026-11" || !inc.Months[1].Dividends.Equal(d("12.34")) ||
		!inc.Months[0].Interest.Equal(d("1.5")) || !inc.Total.Equal(d("13.84")) {
		t.Fatalf("income %+v", inc)
	}
	// A newer statement adds its day; the income of a month it repeats is
	// not counted twice.
	c := *p.Connection()
	next := statement("2026-12-01", 31)
	next.Activities["acct-1"] = []integrations.Activity{{ID: "d1", Type: integrations.ActivityDividend, TradeDate: "2026-11-15", Amount: d("12.34"), Currency: "CAD"}}
	if _, err := a.ImportData(ctx, c.ID, next, app.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	snaps, _ = a.Snapshots(ctx, "", "", "")
	if len(snaps) != 2 || snaps[1].Date != "2026-12-01" || !snaps[1].Value.Equal(d("165")) {
		t.Fatalf("snapshots after a second import: %+v", snaps)
	}
	if inc, _ = a.Income(ctx, "", 3); !inc.Total.Equal(d("13.84")) {
		t.Errorf("income after re-importing a dividend: %s", inc.Total)
	}
}

// TestEmptyPortfolio: with no connection yet, every view answers, empty.
func TestEmptyPortfolio(t *testing.T) {
	e := newEnv(t)
	ov, err := e.a.Overview(e.ctx, app.OverviewOptions{Currency: "EUR", Period: app.PeriodAll})
	if err != nil {
		t.Fatal(err)
	}
	if !ov.NetWorth.Base.IsZero() || len(ov.History.Points) != 0 || ov.Performance.Total.TWR.Valid || len(ov.Income.Months) != 12 {
		t.Errorf("empty overview %+v", ov)
	}
	for _, ch := range ov.Changes {
		if ch.Available {
			t.Errorf("change %s available with no history", ch.Period)
		}
	}
	if _, err := e.a.ValueHistory(e.ctx, app.HistoryQuery{Period: app.Period1M}); err != nil {
		t.Error(err)
	}
	if _, err := e.a.Performance(e.ctx, app.PerformanceQuery{AccountRef: "nope"}); err == nil {
		t.Error("an unknown account was accepted")
	}
}
