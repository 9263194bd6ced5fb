package fake

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/gemini"
)

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock. A zero opts.RateLimit puts the per-key limit out of the
// way; the transfers list's once-per-5-seconds limit stays.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	return fakekit.Start(t, in, nil, func(clk *fakekit.Clock) (*Server, error) {
		opts.Now = clk.Now
		if opts.RateLimit == 0 {
			opts.RateLimit = 1 << 30
		}
		return New(opts)
	})
}

// Keys are the API-key form's values.
func Keys(key, secret string) map[string]string {
	return map[string]string{"key_id": key, "secret": secret}
}

// Harness is the conformance harness of a Gemini variant (a
// brokertest.HarnessFunc): Auditor keys with both kinds of nonce; the
// integration paces the transfers list on the fake's clock.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	id := in.Institution().ID
	g, ok := in.(*gemini.Integration)
	if !ok || (id != LiveID && id != SandboxID) {
		return brokertest.Harness{}, false
	}
	apikey := integrations.AuthAPIKey
	fail := func(name string, want error, values map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: apikey, Values: values}}
	}
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			env, srv, clk := Start(t, in, Options{})
			return g.WithSleep(fakekit.ClockSleep(clk)), env, srv
		},
		Logins: []brokertest.LoginScript{
			{Name: "auditor key", Method: apikey, Values: Keys(DemoKey, DemoSecret)},
			{Name: "second key, increasing nonce", Method: apikey, Values: map[string]string{
				"key_id": SecondKey, "secret": DemoSecret, "nonce_kind": "increasing"}},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("unknown key", integrations.ErrInvalidCredentials, Keys("account-LKnotAGeminiKey00", DemoSecret)),
			fail("wrong secret", integrations.ErrInvalidCredentials, Keys(DemoKey, "LKwrongGeminiSecret000000000")),
			fail("no role", integrations.ErrInvalidCredentials, Keys(NoRoleKey, DemoSecret)),
			fail("frozen", integrations.ErrAccountLocked, Keys(FrozenKey, DemoSecret)),
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
	}, true
}
