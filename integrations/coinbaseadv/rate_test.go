package coinbaseadv_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/coinbaseadv"
	"github.com/latchkey/latchkey/integrations/coinbaseadv/fake"
)

func client(t *testing.T, env integrations.Env, name, key string) integrations.Client {
	t.Helper()
	return brokertest.Connect(t, coinbaseadv.New()[0], integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env, Values: fake.Keys(name, key)}, nil)
}

// TestRateLimitPerUser: Coinbase limits private endpoints per user (30 a
// second); the fake counts every key of the demo user in one window and
// answers 429 past it, which is a rate limit; the next second is free.
func TestRateLimitPerUser(t *testing.T) {
	in := coinbaseadv.New()[0]
	env, _, clk := fakekit.Start(t, in, nil, func(clk *fakekit.Clock) (*fake.Server, error) {
		return fake.New(fake.Options{Now: clk.Now, RateLimit: 4})
	})
	a := client(t, env, fake.DemoKeyName, fake.DemoPrivateKey) // 1
	b := client(t, env, fake.EdKeyName, fake.DemoEd25519Key)   // 2
	if _, err := a.Accounts(t.Context()); err != nil {         // 3
		t.Fatal(err)
	}
	if _, err := b.Accounts(t.Context()); err != nil { // 4
		t.Fatal(err)
	}
	_, err := a.Accounts(t.Context())
	if !errors.Is(err, integrations.ErrRateLimited) {
		t.Fatalf("the fifth request of the user's second: %v", err)
	}
	clk.Add(time.Second)
	if _, err := b.Accounts(t.Context()); err != nil {
		t.Fatalf("the next second: %v", err)
	}
}

// TestBalancesWithoutPrices: with the products call failing, Balances
// (whose total needs the prices) fails with ErrPartial, and Positions keeps
// every coin's units with its price unknown.
func TestBalancesWithoutPrices(t *testing.T) {
	in := coinbaseadv.New()[0]
	env, srv, _ := fake.Start(t, in)
	c := client(t, env, fake.DemoKeyName, fake.DemoPrivateKey)
	srv.InjectPath("/api/v3/brokerage/products", "ServerError", 100)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	if bal, err := c.Balances(ctx, "portfolio"); !errors.Is(err, integrations.ErrPartial) || bal != nil {
		t.Errorf("Balances: %v %v", bal, err)
	}
	pos, err := c.Positions(ctx, "portfolio")
	if !errors.Is(err, integrations.ErrPartial) || len(pos) == 0 {
		t.Fatalf("Positions: %v %v", pos, err)
	}
	for _, p := range pos {
		if !p.PriceUnknown || p.Units.IsZero() {
			t.Errorf("%+v", p)
		}
	}
}
