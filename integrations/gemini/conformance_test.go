package gemini_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/gemini"
	"github.com/latchkey/latchkey/integrations/gemini/fake"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// now is the tests' clock: after the fake's history.
var now = time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

func newRig(t testing.TB, id string) (integrations.Integration, integrations.Env, *fake.Server) {
	t.Helper()
	f, err := fake.New(fake.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	var in integrations.Integration
	for _, x := range gemini.New() {
		if x.Institution().ID == id {
			in = x
		}
	}
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{Endpoints: f.Endpoints()[id], HTTP: hc, Now: clock}
	return in, env, f
}

func keys(key, secret string) map[string]string {
	return map[string]string{"key_id": key, "secret": secret}
}

func harness(id string) brokertest.Harness {
	apikey := integrations.AuthAPIKey
	fail := func(name string, want error, values map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: apikey, Values: values}}
	}
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			return newRig(t, id)
		},
		Logins: []brokertest.LoginScript{
			{Name: "auditor key", Method: apikey, Values: keys(fake.DemoKey, fake.DemoSecret)},
			{Name: "second key, increasing nonce", Method: apikey, Values: map[string]string{
				"key_id": fake.SecondKey, "secret": fake.DemoSecret, "nonce_kind": "increasing"}},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("unknown key", integrations.ErrInvalidCredentials, keys("account-LKnotAGeminiKey00", fake.DemoSecret)),
			fail("wrong secret", integrations.ErrInvalidCredentials, keys(fake.DemoKey, "LKwrongGeminiSecret000000000")),
			fail("no role", integrations.ErrInvalidCredentials, keys(fake.NoRoleKey, fake.DemoSecret)),
			fail("frozen", integrations.ErrAccountLocked, keys(fake.FrozenKey, fake.DemoSecret)),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies: []string{"USD", "BTC", "ETH"},
			ActivityTypes: []integrations.ActivityType{
				integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
				integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
				integrations.ActivityInterest,
			},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
		},
	}
}

func TestConformanceGemini(t *testing.T)  { brokertest.Run(t, harness(gemini.ID)) }
func TestConformanceSandbox(t *testing.T) { brokertest.Run(t, harness(gemini.SandboxID)) }
