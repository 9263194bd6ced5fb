package binance_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/binance"
	"github.com/latchkey/latchkey/integrations/binance/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

const withdrawPath = "/sapi/v1/capital/withdraw/history"

// start runs a fake with opts for binance.com, logs in, and returns the
// client, the fake and its clock, whose time moves only when the client
// waits (the waits are counted).
func start(t *testing.T, opts fake.Options) (integrations.Client, *fake.Server, *fakekit.Clock, *time.Duration) {
	t.Helper()
	in := binance.New()[0]
	env, srv, clk := fake.Start(t, in, opts)
	var slept time.Duration
	moved := fakekit.ClockSleep(clk)
	in = cryptokit.WithWait(in.(*binance.Integration), func(ctx context.Context, d time.Duration) error {
		slept += d
		return moved(ctx, d)
	})
	c, err := in.NewClient(t.Context(), login(t, in, env), env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv, clk, &slept
}

// windows is how many 90-day windows lie from Binance's launch to now.
func windows(now time.Time) int {
	launch := time.Date(2017, 7, 14, 0, 0, 0, 0, time.UTC)
	return int(now.Sub(launch)/(90*24*time.Hour)) + 1
}

// TestWithdrawHistoryPacedPerMinute (issue 11.20): counted against the
// account's 180000 a minute at 18000 a call (the SDK's reading: ten calls a
// minute), the first walk's ~36 windows from Binance's launch take several
// minutes; the client waits for each new minute instead of being refused,
// and the walk completes in one go.
func TestWithdrawHistoryPacedPerMinute(t *testing.T) {
	c, srv, clk, slept := start(t, fake.Options{UIDMinute: true})
	n := windows(clk.Now())
	var pages int
	err := c.(integrations.HistoryWalker).WalkActivities(t.Context(), "spot", time.Time{}, "",
		func([]integrations.Activity, string) error { pages++; return nil })
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	if got := srv.Calls(withdrawPath); got != n {
		t.Errorf("%d withdraw-history calls; want one per window, %d", got, n)
	}
	if got := srv.Limited(withdrawPath); got != 0 {
		t.Errorf("%d withdraw-history calls refused for their weight; want 0 (paced)", got)
	}
	if minWait := time.Duration(n/10-1) * time.Minute; *slept < minWait {
		t.Errorf("waited %s for %d calls at ten a minute; want at least %s", *slept, n, minWait)
	}
	if pages < n {
		t.Errorf("%d pages; want one per window at least (%d)", pages, n)
	}
}

// TestWithdrawHistoryPacedPerSecond: with the per-second IP window the
// withdraw history's page documents (180000 a second: ten calls), the walk
// waits for each new second and is never refused.
func TestWithdrawHistoryPacedPerSecond(t *testing.T) {
	c, srv, clk, slept := start(t, fake.Options{})
	n := windows(clk.Now())
	if _, err := c.Activities(t.Context(), "spot", time.Time{}); err != nil {
		t.Fatal(err)
	}
	if srv.Limited(withdrawPath) != 0 || srv.Calls(withdrawPath) != n {
		t.Errorf("%d calls, %d refused; want %d, none refused", srv.Calls(withdrawPath), srv.Limited(withdrawPath), n)
	}
	if *slept < time.Duration(n/10-1)*time.Second || *slept > time.Duration(n/10+1)*time.Second {
		t.Errorf("waited %s for %d calls at ten a second", *slept, n)
	}
}

// TestWalkResumes: a walk cut short by a rate limit returns it; resumed
// from the last cursor it reads the rest, and the two together hold what
// one walk holds — the first walk starting at Binance's launch.
func TestWalkResumes(t *testing.T) {
	c, srv, _, _ := start(t, fake.Options{Unmetered: true})
	full, err := c.Activities(t.Context(), "spot", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	w := c.(integrations.HistoryWalker)
	seen := map[string]bool{}
	var cursor, first string
	collect := func(acts []integrations.Activity, next string) error {
		for _, a := range acts {
			seen[a.ID] = true
		}
		if first == "" {
			first = next
		}
		cursor = next
		return nil
	}
	srv.InjectAfter(brokertest.RateLimited, 40, 1<<20)
	err = w.WalkActivities(t.Context(), "spot", time.Time{}, "", collect)
	srv.Inject(brokertest.RateLimited, 0)
	if !errors.Is(err, integrations.ErrRateLimited) || cursor == "" {
		t.Fatalf("cut walk: %v, cursor %q", err, cursor)
	}
	var cur struct {
		Phase string `json:"phase"`
		From  int64  `json:"from"`
	}
	launch := time.Date(2017, 7, 14, 0, 0, 0, 0, time.UTC)
	if json.Unmarshal([]byte(first), &cur) != nil || cur.Phase != "transfers" ||
		!time.UnixMilli(cur.From).UTC().Equal(launch.Add(90*24*time.Hour)) {
		t.Errorf("the first window's cursor %s: the walk must start at Binance's launch", first)
	}
	if err := w.WalkActivities(t.Context(), "spot", time.Time{}, cursor, collect); err != nil || cursor != "" {
		t.Fatalf("resumed walk: %v, cursor %q", err, cursor)
	}
	if len(seen) != len(full) {
		t.Errorf("cut and resumed walks read %d activities; one walk reads %d", len(seen), len(full))
	}
}

// TestPricesFailKeepBalances (issue 11.17): with the ticker failing, the
// balances still come with an error matching ErrPartial.
func TestPricesFailKeepBalances(t *testing.T) {
	c, srv, _, _ := start(t, fake.Options{Unmetered: true})
	srv.InjectPath("/api/v3/ticker/price", brokertest.ServerError, 1<<20)
	bals, err := c.Balances(t.Context(), "spot")
	if !errors.Is(err, integrations.ErrPartial) || len(bals) == 0 {
		t.Fatalf("balances without prices: %+v, %v", bals, err)
	}
	for _, b := range bals {
		if !b.Total.Equal(b.Cash) {
			t.Errorf("%s total %s counts unpriced coins", b.Currency, b.Total)
		}
	}
}

// TestRateScope (issue 18.2): Binance's limits are per IP address.
func TestRateScope(t *testing.T) {
	for _, in := range binance.New() {
		if s := in.Institution().RateScope; s != integrations.RateScopeIP {
			t.Errorf("%s: RateScope %q; want per IP", in.Institution().ID, s)
		}
	}
}
