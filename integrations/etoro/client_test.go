package etoro_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/etoro"
	"github.com/latchkey/latchkey/integrations/etoro/fake"
)

func connect(t *testing.T, variant int, values map[string]string, opts fake.Options) (integrations.Client, *fake.Server, *integrations.DoneStep, error) {
	t.Helper()
	in := etoro.New()[variant]
	env, srv, _ := fake.Start(t, in, opts)
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env, Values: values})
	if err != nil {
		return nil, srv, nil, err
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, srv, done, nil
}

// TestKeyExpiryDate: a key with an expiration date makes a grant that ends
// then, so the connection shows as expiring before it; one without never
// ends on a known date.
func TestKeyExpiryDate(t *testing.T) {
	_, _, done, err := connect(t, 0, fake.Keys(fake.DemoAPIKey, fake.RealUserKey, "2026-12-31"), fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC); !done.Grant.Expiry.Equal(want) {
		t.Errorf("expiry %s, want the end of 2026-12-31", done.Grant.Expiry)
	}
	_, _, done, err = connect(t, 0, fake.Keys(fake.DemoAPIKey, fake.RealUserKey, ""), fake.Options{})
	if err != nil || !done.Grant.Expiry.IsZero() {
		t.Errorf("no expiry date: %v %s", err, done.Grant.Expiry)
	}
}

// TestOtherEnvironmentsKey: a Virtual key on the real portfolio is refused,
// and the message says which environment the key must be made for.
func TestOtherEnvironmentsKey(t *testing.T) {
	_, _, _, err := connect(t, 0, fake.Keys(fake.DemoAPIKey, fake.DemoUserKey, ""), fake.Options{})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(err.Error(), "Real environment") {
		t.Errorf("virtual key on real: %v", err)
	}
	if strings.Contains(err.Error(), fake.DemoUserKey) {
		t.Error("the message holds the key")
	}
}

// TestHistoryPagedAndClamped: the trade history is read page by page,
// every leg once, and never further back than the documented year (the
// fake refuses more).
func TestHistoryPagedAndClamped(t *testing.T) {
	defer etoro.SetPageSize(5)()
	c, srv, done, err := connect(t, 0, fake.Keys(fake.DemoAPIKey, fake.RealUserKey, ""), fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id := done.Accounts[0].ID
	acts, err := c.Activities(t.Context(), id, srv.Now().AddDate(-3, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if want := srv.Count(brokertest.ListActivities, id); len(acts) != want {
		t.Errorf("%d activities, the fake holds %d", len(acts), want)
	}
	if n := srv.Calls("/api/v1/trading/info/trade/history"); n < 5 {
		t.Errorf("%d history calls: the pages were not followed", n)
	}
	recent, err := c.Activities(t.Context(), id, srv.Now().AddDate(0, 0, -60))
	if err != nil || len(recent) == 0 || len(recent) >= len(acts) {
		t.Fatalf("60 days: %v, %d of %d", err, len(recent), len(acts))
	}
}

// TestInstrumentNamesPartial: when the instruments call fails before any
// name is known, the holdings keep units and values, named by instrument
// id, with a partial-read error.
func TestInstrumentNamesPartial(t *testing.T) {
	c, srv, done, err := connect(t, 1, fake.Keys(fake.DemoAPIKey, fake.DemoUserKey, ""), fake.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectPath("/api/v1/market-data/instruments", brokertest.ServerError, 1<<20)
	pos, err := c.Positions(t.Context(), done.Accounts[0].ID)
	if !errors.Is(err, integrations.ErrPartial) || len(pos) != srv.Count(brokertest.ListPositions, "") {
		t.Fatalf("positions %d: %v", len(pos), err)
	}
	for _, p := range pos {
		if !strings.HasPrefix(p.Symbol.Ticker, "eToro:") || p.MarketValue.IsZero() {
			t.Errorf("position %+v", p)
		}
	}
	// A refused key is no partial read: the positions fail with it.
	srv.InjectPath("/api/v1/market-data/instruments", brokertest.Unauthorized, 1<<20)
	if pos, err := c.Positions(t.Context(), done.Accounts[0].ID); pos != nil || !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("the instruments call refused: %d positions, %v; want none and ErrReauthRequired", len(pos), err)
	}
}

// TestRateLimited: past the shared minute the fake answers 429 with
// Retry-After: the client reports the wait.
func TestRateLimited(t *testing.T) {
	c, _, done, err := connect(t, 0, fake.Keys(fake.DemoAPIKey, fake.RealUserKey, ""), fake.Options{RateLimit: 2})
	if err != nil {
		t.Fatal(err)
	}
	id := done.Accounts[0].ID
	if _, err := c.Accounts(t.Context()); err != nil { // the second call of the minute
		t.Fatal(err)
	}
	_, err = c.Activities(t.Context(), id, time.Time{}) // the snapshot is cached: the history call is the third
	brokertest.WantWait(t, "429", err, time.Minute)
}
