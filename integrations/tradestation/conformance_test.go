package tradestation_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/tradestation"
	"github.com/latchkey/latchkey/integrations/tradestation/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, tradestation.New()...)
}

// rig is a fake, its clock, and an Env pointing at it.
type rig struct {
	fake *fake.Server
	clk  *fakekit.Clock
	env  integrations.Env
	in   integrations.Integration
}

func newRig(t testing.TB, variant int, opts fake.Options) *rig {
	t.Helper()
	in := tradestation.New()[variant]
	env, srv, clk := fake.Start(t, in, opts)
	return &rig{fake: srv, clk: clk, env: env, in: in}
}

// login runs a whole login with an answer func and returns the DoneStep.
func login(t *testing.T, r *rig, answer func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error)) (*integrations.DoneStep, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	lg, err := r.in.StartLogin(ctx, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.env})
	if err != nil {
		return nil, err
	}
	defer lg.Close()
	step, err := lg.Next(ctx, integrations.Answer{})
	for i := 0; err == nil && i < 5; i++ {
		if done, ok := step.(*integrations.DoneStep); ok {
			return done, nil
		}
		var a integrations.Answer
		if a, err = answer(ctx, r.fake, step); err != nil {
			t.Fatal(err)
		}
		step, err = lg.Next(ctx, a)
	}
	if err == nil {
		err = errors.New("no DoneStep")
	}
	return nil, err
}
