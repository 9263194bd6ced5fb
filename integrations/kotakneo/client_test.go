package kotakneo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/kotakneo"
	"github.com/latchkey/latchkey/integrations/kotakneo/fake"
)

// The trade token's JWT exp is the grant's expiry; after it the client
// refuses at once. A session on an address that is not Kotak's is refused.
func TestSessionExpiry(t *testing.T) {
	in := kotakneo.New()[0]
	env, _, clk := fake.Start(t, in, fake.Options{})
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env,
		Values: fake.Values(fake.AccessToken, fake.MainMobile, fake.MainUCC, fake.TOTP, fake.MainMPIN)})
	if err != nil {
		t.Fatal(err)
	}
	g := done.Grant
	if want := fakekit.T0.Add(fake.TokenLife); !g.Expiry.Equal(want) {
		t.Errorf("expiry %v, want %v", g.Expiry, want)
	}
	c, err := in.NewClient(context.Background(), g, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	clk.Add(fake.TokenLife)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("after the end: %v", err)
	}
	env.Endpoints = map[string]string{"login": "https://mis.kotaksecurities.com"}
	if _, err := in.NewClient(context.Background(), g, env, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a saved session on a loopback address with Kotak's real login endpoint: %v", err)
	}
}

func TestNewClientRefusesAStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, kotakneo.New()...)
}

// The docs' holdings sample (IDEA 35) served with a positions answer whose
// delivery (CNC) row carries those 35 forward and buys 1 today: a share is
// counted once, 35 held and 1 bought today, 36 in all — not 71.
func TestDeliveryPositionCountedOnce(t *testing.T) {
	in := kotakneo.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env,
		Values: fake.Values(fake.AccessToken, fake.MainMobile, fake.MainUCC, fake.TOTP, fake.MainMPIN)})
	if err != nil {
		t.Fatal(err)
	}
	brokertest.ServeSamples(t, &env, map[string]string{
		"/portfolio/v1/holdings": "holdings.json",
		"/quick/user/positions":  "positions.json",
	})
	c, err := in.NewClient(context.Background(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.Positions(t.Context(), fake.AccountID(fake.MainUCC))
	if err != nil {
		t.Fatal(err)
	}
	units, rows := brokertest.Units(ps, "IDEA")
	if !units.Equal(decimal.NewFromInt(36)) || rows != 2 {
		t.Errorf("IDEA %s shares in %d rows, want 36 in 2 (35 held, 1 bought today)", units, rows)
	}
}
