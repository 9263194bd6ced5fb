package angelone_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/angelone"
	"github.com/latchkey/latchkey/integrations/angelone/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

func login(t *testing.T, in integrations.Integration, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
	t.Helper()
	return brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Values: v, Env: env})
}

// A session ends at 05:00 India time the next morning: the grant's expiry,
// shown as expiring from 02:00; after it the client refuses at once.
func TestDailyEnd(t *testing.T) {
	in := angelone.New()[0]
	if got := in.Institution().ExpiringWithin; got != 3*time.Hour {
		t.Errorf("ExpiringWithin = %v", got)
	}
	env, _, clk := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, fake.Values(fake.APIKey, fake.MainClient, fake.MainPIN, fake.TOTP))
	if err != nil {
		t.Fatal(err)
	}
	// T0 is 20:34 India time on 18 March: the end is 05:00 on the 19th.
	want := time.Date(2026, 3, 19, 5, 0, 0, 0, indiakit.IST)
	if !done.Grant.Expiry.Equal(want) {
		t.Fatalf("expiry %v, want %v", done.Grant.Expiry, want)
	}
	c, _ := in.NewClient(context.Background(), done.Grant, env, nil)
	acct := fake.AccountID(fake.MainClient)
	acts, err := c.Activities(t.Context(), acct, time.Time{})
	if err != nil || len(acts) != 2 {
		t.Fatalf("today's fills: %d, %v", len(acts), err)
	}
	for _, a := range acts {
		if a.TradeDate != "2026-03-18" {
			t.Errorf("fill %s dated %s, want the India date of the day", a.ID, a.TradeDate)
		}
	}
	clk.Set(want)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("at 05:00: %v", err)
	}
}

// The second login has no positions (data null) and no fills today.
func TestEmptyLists(t *testing.T) {
	in := angelone.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, fake.Values(fake.APIKey, fake.SecondClient, fake.SecondPIN, fake.TOTP))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(context.Background(), done.Grant, env, nil)
	acct := fake.AccountID(fake.SecondClient)
	ps, err := c.Positions(t.Context(), acct)
	if err != nil || len(ps) != 2 {
		t.Fatalf("positions %d, %v", len(ps), err)
	}
	acts, err := c.Activities(t.Context(), acct, time.Time{})
	if err != nil || len(acts) != 0 {
		t.Fatalf("activities %d, %v", len(acts), err)
	}
}

// A grant whose secret is not a login of the package's is refused: the user
// logs in again.
func TestNewClientRefusesAStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, angelone.New()...)
}

// A login whose profile fails after the session was opened ends with that
// error, and no grant.
func TestLoginProfileFails(t *testing.T) {
	in := angelone.New()[0]
	env, srv, _ := fake.Start(t, in, fake.Options{})
	srv.InjectPath("/rest/secure/angelbroking/user/v1/getProfile", brokertest.ServerError, 100)
	if done, err := login(t, in, env, fake.Values(fake.APIKey, fake.MainClient, fake.MainPIN, fake.TOTP)); !errors.Is(err, integrations.ErrUnavailable) || done != nil {
		t.Errorf("profile failing: %v, %v", done, err)
	}
}

// The docs' holdings sample (TATASTEEL 2) served with a positions answer
// whose delivery row carries those 2 forward and buys 1 today: a share is
// counted once, 2 held and 1 bought today, 3 in all — not 5.
func TestDeliveryPositionCountedOnce(t *testing.T) {
	in := angelone.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env, fake.Values(fake.APIKey, fake.MainClient, fake.MainPIN, fake.TOTP))
	if err != nil {
		t.Fatal(err)
	}
	brokertest.ServeSamples(t, &env, map[string]string{
		"/rest/secure/angelbroking/portfolio/v1/getAllHolding": "all_holding.json",
		"/rest/secure/angelbroking/order/v1/getPosition":       "position_carried.json",
	})
	c, err := in.NewClient(context.Background(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.Positions(t.Context(), fake.AccountID(fake.MainClient))
	if err != nil {
		t.Fatal(err)
	}
	units, rows := brokertest.Units(ps, "TATASTEEL")
	if !units.Equal(decimal.NewFromInt(3)) || rows != 2 {
		t.Errorf("TATASTEEL %s shares in %d rows, want 3 in 2 (2 held, 1 bought today)", units, rows)
	}
}
