package schwab_test

import (
	"context"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/schwab"
	"github.com/latchkey/latchkey/integrations/schwab/fake"
)

func TestConformance(t *testing.T) {
	brokertest.RunVariants(t, fake.Harness, schwab.New()...)
}

// rig is a fake, its clock, and an Env pointing at it.
type rig = fakekit.Started[*fake.Server]

func newRig(t testing.TB, opts fake.Options) *rig {
	t.Helper()
	return fakekit.StartFor(t, schwab.New()[0], fake.Start, opts)
}

var (
	pasteAnswer    = fake.PasteAnswer
	callbackAnswer = fake.CallbackAnswer
)

// login runs a whole login with an answer func and returns the DoneStep.
func login(t *testing.T, r *rig, answer func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error)) (*integrations.DoneStep, error) {
	t.Helper()
	return brokertest.PlayLogin(t, r.In, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.Env}, r.Fake, answer)
}
