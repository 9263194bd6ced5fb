package tradestation_test

import (
	"context"
	"testing"

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

// approved logs the fake's user in, pasting the approval, and returns the
// login's end and a client of its grant.
func approved(t *testing.T, r *rig) (*integrations.DoneStep, integrations.Client) {
	t.Helper()
	done, err := login(t, r, fake.PasteAnswer("approve", fake.User))
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.in.NewClient(t.Context(), done.Grant, r.env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return done, c
}

// login runs a whole login with an answer func and returns the DoneStep.
func login(t *testing.T, r *rig, answer func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error)) (*integrations.DoneStep, error) {
	t.Helper()
	return brokertest.PlayLogin(t, r.in, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.env}, r.fake, answer)
}
