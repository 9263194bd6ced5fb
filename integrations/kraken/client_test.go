package kraken_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/kraken"
	"github.com/latchkey/latchkey/integrations/kraken/fake"
)

// connect logs in with the demo key and returns its client, whose waits
// move clk (when given) instead of waiting.
func connect(t *testing.T, env integrations.Env, clk ...*fakekit.Clock) integrations.Client {
	t.Helper()
	in := kraken.New()[0]
	if len(clk) > 0 {
		in = fakekit.Waited[kraken.Integration](in, clk[0])
	}
	return brokertest.Connect(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: fake.Keys(fake.DemoKey, fake.DemoSecret)}, nil)
}

// TestWalkPacedToTheCounter walks a long ledger (about 900 entries, 18
// pages of 50 at 2 points each) against a fake that enforces the Starter
// tier's counter (15, decaying 0.33 a second) on a clock that moves only
// when the client waits: the walk completes in one go, is refused once
// (after the burst) and then waits between pages instead of being refused
// again.
func TestWalkPacedToTheCounter(t *testing.T) {
	in := kraken.New()[0]
	env, srv, clk := fake.Start(t, in, fake.Options{Tier: &fake.Starter, Entries: 800})
	c := connect(t, env, clk)
	clk.Add(time.Minute) // the login's calls have decayed
	begun := clk.Now()
	var pages int
	err := c.(integrations.HistoryWalker).WalkActivities(t.Context(), "spot", time.Time{}, "",
		func(acts []integrations.Activity, next string) error {
			pages++
			return nil
		})
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	if got := srv.Refused(); got != 1 {
		t.Errorf("the counter refused %d calls; want 1 (then paced)", got)
	}
	if slept := clk.Now().Sub(begun); pages < 18 || slept < 60*time.Second {
		t.Errorf("%d pages, %s waited; want ≥ 18 pages and the waits the counter's decay asks for", pages, slept)
	}
	acts, err := c.Activities(t.Context(), "spot", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if want := srv.Count(brokertest.ListActivities, "spot"); len(acts) != want {
		t.Errorf("%d activities; the fake serves %d", len(acts), want)
	}
	if srv.Refused() != 1 {
		t.Errorf("a second walk on the same connection was refused again (%d): the pacer forgot the counter", srv.Refused())
	}
}

// TestWalkResumes: a walk stopped after three pages resumes from its cursor
// and, with the pages before, gives exactly what one walk gives.
func TestWalkResumes(t *testing.T) {
	in := kraken.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{Tier: &fake.Unmetered, Entries: 300})
	c := connect(t, env)
	w := c.(integrations.HistoryWalker)
	full, err := c.Activities(t.Context(), "spot", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("stop")
	seen := map[string]bool{}
	var cursor string
	pages := 0
	err = w.WalkActivities(t.Context(), "spot", time.Time{}, "", func(acts []integrations.Activity, next string) error {
		for _, a := range acts {
			seen[a.ID] = true
		}
		cursor, pages = next, pages+1
		if pages == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || cursor == "" {
		t.Fatalf("stopped walk: %v, cursor %q", err, cursor)
	}
	var cur struct {
		End int64 `json:"end"`
		Ofs int   `json:"ofs"`
	}
	if json.Unmarshal([]byte(cursor), &cur) != nil || cur.Ofs == 0 || cur.End == 0 {
		t.Fatalf("cursor %q", cursor)
	}
	err = w.WalkActivities(t.Context(), "spot", time.Time{}, cursor, func(acts []integrations.Activity, next string) error {
		for _, a := range acts {
			seen[a.ID] = true
		}
		cursor = next
		return nil
	})
	if err != nil || cursor != "" {
		t.Fatalf("resumed walk: %v, cursor %q", err, cursor)
	}
	if len(seen) != len(full) {
		t.Errorf("resumed walk read %d activities; one walk reads %d", len(seen), len(full))
	}
}

// TestWalkKeepsTradeLegsTogether: wherever the pages break (the older
// entries shift them), a trade's two legs become one BUY or SELL.
func TestWalkKeepsTradeLegsTogether(t *testing.T) {
	in := kraken.New()[0]
	for extra := range 6 {
		env, srv, _ := fake.Start(t, in, fake.Options{Tier: &fake.Unmetered, Entries: extra})
		acts, err := connect(t, env).Activities(t.Context(), "spot", time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if want := srv.Count(brokertest.ListActivities, "spot"); len(acts) != want {
			t.Errorf("%d later entries: %d activities; want %d (a trade split across pages?)", extra, len(acts), want)
		}
	}
}

// TestPricesFailKeepBalances (issue 11.17): with the Ticker failing, the
// balances still come (with an error matching ErrPartial) and the
// positions keep their units, unpriced.
func TestPricesFailKeepBalances(t *testing.T) {
	in := kraken.New()[0]
	env, srv, _ := fake.Start(t, in, fake.Options{Tier: &fake.Unmetered})
	c := connect(t, env)
	srv.InjectPath("/0/public/AssetPairs", brokertest.ServerError, 1<<20)
	bals, err := c.Balances(t.Context(), "spot")
	if !errors.Is(err, integrations.ErrPartial) || len(bals) != 2 {
		t.Fatalf("balances without prices: %+v, %v", bals, err)
	}
	for _, b := range bals {
		if !b.Total.Equal(b.Cash) {
			t.Errorf("%s total %s counts unpriced crypto", b.Currency, b.Total)
		}
	}
	pos, err := c.Positions(t.Context(), "spot")
	if !errors.Is(err, integrations.ErrPartial) || len(pos) == 0 {
		t.Fatalf("positions without prices: %+v, %v", pos, err)
	}
	for _, p := range pos {
		if !p.PriceUnknown || !p.MarketValue.IsZero() || p.Units.IsZero() {
			t.Errorf("position %+v", p)
		}
	}
}

// TestRateScope (issue 18.2): Kraken counts calls per API key.
func TestRateScope(t *testing.T) {
	if s := kraken.New()[0].Institution().RateScope; s != integrations.RateScopeGrant {
		t.Errorf("RateScope %q; Kraken's counter is per API key", s)
	}
}

// TestSavedKeyRefused: a saved key that does not read asks for a new
// login; without Kraken's API address the client is unavailable.
func TestSavedKeyRefused(t *testing.T) {
	fakekit.WantSavedKeyRefused(t, kraken.New()[0], cryptokit.KeyPair{Key: fake.DemoKey, Secret: fake.DemoSecret}.Encode())
}
