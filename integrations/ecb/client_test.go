package ecb_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/ecb"
	"github.com/latchkey/latchkey/integrations/ecb/fake"
)

func start(t *testing.T, now time.Time) (*ecb.Service, integrations.Env, *fake.Server) {
	t.Helper()
	clk := fakekit.NewClock(now)
	srv, err := fake.New(fake.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	s := ecb.New()
	env := fakekit.Env(s.Info(), srv.Endpoints()[ecb.ID], clk.Now, nil)
	return s, env, srv
}

func TestLatestRatesFromTheFake(t *testing.T) {
	// Friday 4 December 2026, 10:00 UTC: today's rates are not out yet.
	s, env, _ := start(t, time.Date(2026, 12, 4, 10, 0, 0, 0, time.UTC))
	got, err := s.LatestRates(t.Context(), env)
	if err != nil {
		t.Fatal(err)
	}
	if got.Date != "2026-12-03" || got.Base != "EUR" || len(got.Rates) != len(fake.Currencies()) {
		t.Fatalf("latest %s %s %d rates", got.Date, got.Base, len(got.Rates))
	}
	want := fake.On(time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC))
	for _, r := range want.Rates {
		if !got.Rates[r.Currency].Equal(decimal.RequireFromString(r.Rate)) {
			t.Errorf("%s = %s, want %s", r.Currency, got.Rates[r.Currency], r.Rate)
		}
	}
	// Saturday: Friday's rates after publication.
	s, env, _ = start(t, time.Date(2026, 12, 5, 18, 0, 0, 0, time.UTC))
	if got, err = s.LatestRates(t.Context(), env); err != nil || got.Date != "2026-12-04" {
		t.Fatalf("Saturday: %s, %v; want Friday's", got.Date, err)
	}
}

func TestRateHistoryShortAndLong(t *testing.T) {
	now := time.Date(2026, 12, 5, 18, 0, 0, 0, time.UTC)
	s, env, srv := start(t, now)
	short, err := s.RateHistory(t.Context(), env, "2026-11-20")
	if err != nil {
		t.Fatal(err)
	}
	if srv.Requests(ecb.Hist90File) != 1 || srv.Requests(ecb.HistZipFile) != 0 {
		t.Errorf("a 15-day history read 90d %d times, zip %d times", srv.Requests(ecb.Hist90File), srv.Requests(ecb.HistZipFile))
	}
	// 20 Nov (Fri) .. 4 Dec (Fri): 11 working days.
	if len(short) != 11 || short[0].Date != "2026-11-20" || short[len(short)-1].Date != "2026-12-04" {
		t.Fatalf("short history %d days, %s..%s", len(short), short[0].Date, short[len(short)-1].Date)
	}
	long, err := s.RateHistory(t.Context(), env, "2024-12-01")
	if err != nil {
		t.Fatal(err)
	}
	if srv.Requests(ecb.HistZipFile) != 1 {
		t.Error("a two-year history did not read the zipped time series")
	}
	if long[0].Date != "2024-12-02" || len(long) < 500 {
		t.Fatalf("long history starts %s with %d days", long[0].Date, len(long))
	}
	for i := 1; i < len(long); i++ {
		if long[i].Date <= long[i-1].Date {
			t.Fatalf("not oldest first at %d: %s after %s", i, long[i].Date, long[i-1].Date)
		}
		if long[i].Date == "2025-12-25" {
			t.Error("Christmas has rates")
		}
	}
}

func TestFaultsMapToTheContract(t *testing.T) {
	s, env, srv := start(t, time.Date(2026, 12, 5, 18, 0, 0, 0, time.UTC))
	for _, tc := range []struct {
		fault brokertest.Fault
		want  error
	}{
		{brokertest.ServerError, integrations.ErrUnavailable},
		{brokertest.Maintenance, integrations.ErrUnavailable},
		{brokertest.Malformed, integrations.ErrUnavailable},
		{brokertest.Truncated, integrations.ErrUnavailable},
		{brokertest.RateLimited, integrations.ErrRateLimited},
	} {
		srv.Inject(tc.fault, 100)
		_, err := s.LatestRates(t.Context(), env)
		srv.Inject(tc.fault, 0)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.fault, err, tc.want)
		}
		if err != nil && containsCanary(err.Error()) {
			t.Errorf("%s: the error quotes the body: %v", tc.fault, err)
		}
	}
}

func containsCanary(s string) bool {
	for i := 0; i+len(brokertest.BodyCanary) <= len(s); i++ {
		if s[i:i+len(brokertest.BodyCanary)] == brokertest.BodyCanary {
			return true
		}
	}
	return false
}
