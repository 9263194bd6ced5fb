package comdirect_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/comdirect"
	"github.com/latchkey/latchkey/integrations/comdirect/fake"
)

func login(t *testing.T, user string) (integrations.Integration, integrations.Env, *fakekit.Clock, integrations.Grant) {
	t.Helper()
	in := comdirect.New()[0].(*comdirect.Integration).WithPollInterval(time.Millisecond)
	env, _, clk := fake.Start(t, in, fake.Options{})
	l, st, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env, Values: fake.Values(user)})
	for i := 0; err == nil && i < 4; i++ {
		switch s := st.(type) {
		case *integrations.DoneStep:
			return in, env, clk, s.Grant
		case *integrations.CodeStep:
			st, err = l.Next(t.Context(), integrations.Answer{Values: map[string]string{s.Field.Name: fake.TAN}})
		default:
			st, err = l.Next(t.Context(), integrations.Answer{})
		}
	}
	t.Fatalf("login ended at %T, %v", st, err)
	return nil, env, clk, integrations.Grant{}
}

// The grant lives as long as its refresh token: it ends 20 minutes after
// the last refresh, which a sync within that time moves forward (the saved
// grant's expiry with it); after it the client refuses and the user logs in
// again with a TAN.
func TestMinutesLongGrant(t *testing.T) {
	in, env, clk, g := login(t, fake.PushUser)
	if want := fakekit.T0.Add(20 * time.Minute); !g.Expiry.Equal(want) {
		t.Fatalf("expiry %v, want %v", g.Expiry, want)
	}
	if got := in.Institution().ExpiringWithin; got != 10*time.Minute {
		t.Errorf("ExpiringWithin = %v", got)
	}
	var saved []integrations.Grant
	save := func(_ context.Context, g integrations.Grant) error { saved = append(saved, g); return nil }
	c, err := in.NewClient(context.Background(), g, env, save)
	if err != nil {
		t.Fatal(err)
	}
	clk.Add(15 * time.Minute) // the access token (599 s) is due: refreshed, saved
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if len(saved) != 1 || !saved[0].Expiry.Equal(clk.Now().Add(20*time.Minute)) {
		t.Fatalf("saved %d grants, expiry %v", len(saved), saved)
	}
	clk.Add(21 * time.Minute)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("after the refresh token's end: %v", err)
	}
}

// The mobileTAN login: the TAN is asked as a code, and a wrong one can be
// entered again.
func TestMobileTAN(t *testing.T) {
	in := comdirect.New()[0]
	env, _, _ := fake.Start(t, in, fake.Options{})
	l, st, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env, Values: fake.Values(fake.MTANUser)})
	cs, ok := st.(*integrations.CodeStep)
	if err != nil || !ok || cs.Destination != "SMS to +49-160-99XXXX" {
		t.Fatalf("first step %T %+v, %v", st, st, err)
	}
	st, err = l.Next(t.Context(), integrations.Answer{Values: map[string]string{cs.Field.Name: "111111"}})
	if !errors.Is(err, integrations.ErrInvalidMFACode) || st != cs {
		t.Fatalf("a wrong TAN: %T %v", st, err)
	}
	st, err = l.Next(t.Context(), integrations.Answer{Values: map[string]string{cs.Field.Name: fake.TAN}})
	if _, ok := st.(*integrations.DoneStep); err != nil || !ok {
		t.Fatalf("the right TAN: %T %v", st, err)
	}
}
