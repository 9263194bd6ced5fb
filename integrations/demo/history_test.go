package demo

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
)

// TestValueHistory: a year of daily values per currency of each account's
// balances, ending the day before the anchor, moving with the marks, and
// from a given day when asked.
func TestValueHistory(t *testing.T) {
	r := newRig(t, Options{})
	d := r.credLogin(t, "user_good")
	c := r.client(t, r.broker, d.Grant, nil)
	vh, ok := c.(integrations.ValueHistorian)
	if !ok {
		t.Fatal("the brokerage client is not a ValueHistorian")
	}
	ctx := ctxT(t)
	accts, err := c.Accounts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	today := integrations.DateOf(t0.UTC())
	yesterday := integrations.DateOf(t0.UTC().AddDate(0, 0, -1))
	for _, a := range accts {
		bals, err := c.Balances(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		hist, err := vh.ValueHistory(ctx, a.ID, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if len(hist) != valueHistoryDays*len(bals) {
			t.Fatalf("%s: %d rows, want %d days × %d currencies", a.Name, len(hist), valueHistoryDays, len(bals))
		}
		if last := hist[len(hist)-1]; last.Date != yesterday || hist[0].Date >= today {
			t.Errorf("%s: history %s..%s, want it to end %s", a.Name, hist[0].Date, last.Date, yesterday)
		}
		distinct := map[string]bool{}
		for _, h := range hist {
			if h.Value.LessThan(h.Cash) {
				t.Fatalf("%s %s %s: value %s cash %s", a.Name, h.Date, h.Currency, h.Value, h.Cash)
			}
			distinct[h.Value.String()] = true
		}
		if len(distinct) < 100 {
			t.Errorf("%s: only %d distinct values in a year: the marks do not move it", a.Name, len(distinct))
		}
		since := t0.UTC().AddDate(0, 0, -10)
		recent, err := vh.ValueHistory(ctx, a.ID, since)
		if err != nil {
			t.Fatal(err)
		}
		if len(recent) != 10*len(bals) || recent[0].Date != integrations.DateOf(since) {
			t.Errorf("%s since %s: %d rows from %s", a.Name, integrations.DateOf(since), len(recent), recent[0].Date)
		}
	}
}

// TestMarginCADBalanceCarriesTheBrokerageRate: the USD margin account's
// CAD cash comes with the brokerage's own CAD→USD rate.
func TestMarginCADBalanceCarriesTheBrokerageRate(t *testing.T) {
	r := newRig(t, Options{})
	d := r.credLogin(t, "user_good")
	c := r.client(t, r.broker, d.Grant, nil)
	s := read(t, c, time.Now())
	found := false
	for _, a := range s.accounts {
		for _, b := range s.balances[a.ID] {
			switch {
			case b.Currency == a.Currency && b.FXRate.Valid:
				t.Errorf("%s: a rate on the account's own currency", a.Name)
			case b.Currency != a.Currency:
				found = true
				if !b.FXRate.Valid || b.FXRate.Decimal.LessThan(decimal.RequireFromString("0.70")) || b.FXRate.Decimal.GreaterThan(decimal.RequireFromString("0.76")) {
					t.Errorf("%s %s balance rate %v, want about 0.73 USD per CAD", a.Name, b.Currency, b.FXRate)
				}
			}
		}
	}
	if !found {
		t.Fatal("no balance in another currency than its account's")
	}
}

// TestDemoRates: working days only, near the ECB's example day's levels,
// the same day after day.
func TestDemoRates(t *testing.T) {
	rs := Rates()
	env := integrations.Env{Now: func() time.Time { return time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC) }} // a Sunday
	latest, err := rs.LatestRates(t.Context(), env)
	if err != nil || latest.Date != "2026-12-04" || len(latest.Rates) != len(rateBase) || !rs.Info().Demo {
		t.Fatalf("latest %s with %d rates, %v", latest.Date, len(latest.Rates), err)
	}
	usd := latest.Rates["USD"]
	if usd.LessThan(decimal.RequireFromString("1.02")) || usd.GreaterThan(decimal.RequireFromString("1.12")) {
		t.Errorf("USD per EUR %s", usd)
	}
	hist, err := rs.RateHistory(t.Context(), env, "2026-11-30")
	if err != nil || len(hist) != 5 || hist[4].Date != "2026-12-04" || !hist[4].Rates["USD"].Equal(usd) {
		t.Fatalf("history %d days, %v", len(hist), err)
	}
}
