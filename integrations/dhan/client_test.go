package dhan_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/dhan"
	"github.com/latchkey/latchkey/integrations/dhan/fake"
)

func login(t *testing.T, in integrations.Integration, env integrations.Env, values map[string]string) (*integrations.DoneStep, error) {
	t.Helper()
	return brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthToken, Values: values, Env: env})
}

// A token's end is its JWT exp claim; a token without one ends at the
// profile's tokenValidity (to the minute): the grant's expiry either way,
// shown as expiring in its last 3 hours.
func TestGrantExpiry(t *testing.T) {
	in := dhan.New()[0]
	if got := in.Institution().ExpiringWithin; got != 3*time.Hour {
		t.Errorf("ExpiringWithin = %v, want 3h", got)
	}
	env, srv, clk := fake.Start(t, in, fake.Options{})
	end := clk.Now().Add(20 * time.Hour).Truncate(time.Second)
	done, err := login(t, in, env, fake.Values(fake.MainClientID, srv.Mint(fake.MainClientID, end)))
	if err != nil {
		t.Fatal(err)
	}
	if !done.Grant.Expiry.Equal(end) {
		t.Errorf("JWT token: expiry %v, want %v", done.Grant.Expiry, end)
	}
	done, err = login(t, in, env, fake.Values(fake.MainClientID, fake.MainToken))
	if err != nil {
		t.Fatal(err)
	}
	if want := fakekit.T0.Add(fake.TokenLife).Truncate(time.Minute); !done.Grant.Expiry.Equal(want) {
		t.Errorf("plain token: expiry %v, want the profile's tokenValidity %v", done.Grant.Expiry, want)
	}
}

// Once the token has ended the client refuses at once; Dhan's DH-901 for a
// token it no longer knows is the same.
func TestEndedToken(t *testing.T) {
	in := dhan.New()[0]
	env, srv, clk := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, fake.Values(fake.MainClientID, srv.Mint(fake.MainClientID, clk.Now().Add(time.Hour))))
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.NewClient(context.Background(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	clk.Add(time.Hour)
	_, err = c.Accounts(t.Context())
	if !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("after the token's end: %v", err)
	}
	// The fake's own refusal, with the grant's expiry unknown.
	g := done.Grant
	g.Secret = []byte(`{"client_id":"` + fake.MainClientID + `","access_token":"dhan-fake-access-token-gone-0000"}`)
	c, _ = in.NewClient(context.Background(), g, env, nil)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("an unknown token: %v", err)
	}
}

// The trade history is read across pages and joined with today's trade
// book: every fill once, today's included, since honoured.
func TestActivitiesPagesAndToday(t *testing.T) {
	in := dhan.New()[0]
	env, srv, clk := fake.Start(t, in, fake.Options{})
	// T0 is 20:34 India time: today's two fills (09:42 and 10:19) are in.
	done, err := login(t, in, env, fake.Values(fake.MainClientID, fake.MainToken))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(context.Background(), done.Grant, env, nil)
	acct := fake.AccountID(fake.MainClientID)
	all, err := c.Activities(t.Context(), acct, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if want := srv.Count("activities", acct); len(all) != want || want <= fake.PageSize {
		t.Fatalf("%d activities, want %d (more than a page of %d)", len(all), want, fake.PageSize)
	}
	if all[0].TradeDate != integrations.DateOf(clk.Now().In(time.FixedZone("IST", 19800))) {
		t.Errorf("newest activity on %s, want today's fills", all[0].TradeDate)
	}
	since := clk.Now().AddDate(0, -1, 0)
	recent, err := c.Activities(t.Context(), acct, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(recent) == 0 || len(recent) >= len(all) {
		t.Fatalf("%d activities since a month ago of %d", len(recent), len(all))
	}
	for _, a := range recent {
		if a.TradeDate < integrations.DateOf(since.In(time.FixedZone("IST", 19800))) {
			t.Errorf("activity %s of %s is before since", a.ID, a.TradeDate)
		}
	}
	if _, err := c.Activities(t.Context(), acct+"x", time.Time{}); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("activities of another account: %v", err)
	}
}

// A grant whose secret is not a login of the package's is refused: the user
// logs in again.
func TestNewClientRefusesAStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, dhan.New()...)
}

// Dhan's trade history and ledger reach back to since, unlike the day's
// trade book of the embedded indiakit.Book: its reach is since's day.
func TestActivitiesReachSince(t *testing.T) {
	in := dhan.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, fake.Values(fake.MainClientID, fake.MainToken))
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := c.(integrations.ActivitiesReacher)
	if !ok {
		t.Fatal("the client does not say how far its activities reach")
	}
	since := env.Time().AddDate(0, -2, 0)
	if got := r.ActivitiesReach(since); got != integrations.DateOf(since.UTC()) {
		t.Errorf("reach %s, want since's day %s", got, integrations.DateOf(since.UTC()))
	}
}
