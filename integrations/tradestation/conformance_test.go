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
type rig = fakekit.Started[*fake.Server]

func newRig(t testing.TB, variant int, opts fake.Options) *rig {
	t.Helper()
	return fakekit.StartFor(t, tradestation.New()[variant], fake.Start, opts)
}

// approved logs the fake's user in, pasting the approval, and returns the
// login's end and a client of its grant.
func approved(t *testing.T, r *rig) (*integrations.DoneStep, integrations.Client) {
	t.Helper()
	done, err := login(t, r, fake.PasteAnswer("approve", fake.User))
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return done, c
}

// login runs a whole login with an answer func and returns the DoneStep.
func login(t *testing.T, r *rig, answer func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error)) (*integrations.DoneStep, error) {
	t.Helper()
	return brokertest.PlayLogin(t, r.In, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.Env}, r.Fake, answer)
}
