package fyers_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/fyers"
	"github.com/latchkey/latchkey/integrations/fyers/fake"
	"github.com/latchkey/latchkey/integrations/indiakit"
)

func login(t *testing.T, in integrations.Integration, env integrations.Env) (*integrations.DoneStep, error) {
	t.Helper()
	l, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if err != nil {
		return nil, err
	}
	defer l.Close()
	st, err := l.Next(t.Context(), integrations.Answer{})
	if err != nil {
		return nil, err
	}
	if _, err := fake.Approve(fake.MainUser, "approve")(t.Context(), nil, st); err != nil {
		t.Fatal(err)
	}
	st, err = l.Next(t.Context(), integrations.Answer{})
	if err != nil {
		return nil, err
	}
	return st.(*integrations.DoneStep), nil
}

// The access token's JWT exp (06:00 India time the next morning) is the
// grant's expiry; after it the client refuses at once.
func TestTokenEnd(t *testing.T) {
	in := fyers.New()[0]
	env, _, clk := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2026, 3, 19, 6, 0, 0, 0, indiakit.IST) // T0 is 20:34 India time on 18 March
	if !done.Grant.Expiry.Equal(want) {
		t.Errorf("expiry %v, want %v", done.Grant.Expiry, want)
	}
	c, _ := in.NewClient(context.Background(), done.Grant, env, nil)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	clk.Set(want)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("at 06:00: %v", err)
	}
}

// A wrong Secret ID makes the appIdHash fail: the app registration's
// fault, told as invalid credentials. No app at all needs one.
func TestAppRegistration(t *testing.T) {
	in := fyers.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	env.App = &integrations.AppRegistration{ClientID: fake.App.ClientID, ClientSecret: "wrong-secret"}
	if _, err := login(t, in, env); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("wrong secret: %v", err)
	}
	env.App = nil
	if _, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env}); !errors.Is(err, integrations.ErrNeedsApp) {
		t.Errorf("no app: %v", err)
	}
}

// A grant whose secret is not a login of the package's is refused: the user
// logs in again.
func TestNewClientRefusesAStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, fyers.New()...)
}

// The docs' holdings sample (RELIANCE 2) served with a positions answer
// whose CNC row carries those 2 forward and buys 1 today: a share is
// counted once, 2 held and 1 bought today, 3 in all — not 5.
func TestDeliveryPositionCountedOnce(t *testing.T) {
	in := fyers.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	done, err := login(t, in, env)
	if err != nil {
		t.Fatal(err)
	}
	brokertest.ServeSamples(t, &env, map[string]string{
		"/api/v3/holdings":  "holdings.json",
		"/api/v3/positions": "positions_carried.json",
	})
	c, err := in.NewClient(context.Background(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.Positions(t.Context(), fake.AccountID(fake.MainUser))
	if err != nil {
		t.Fatal(err)
	}
	units, rows := brokertest.Units(ps, "RELIANCE")
	if !units.Equal(decimal.NewFromInt(3)) || rows != 2 {
		t.Errorf("RELIANCE %s shares in %d rows, want 3 in 2 (2 held, 1 bought today)", units, rows)
	}
}
