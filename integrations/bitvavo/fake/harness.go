package fake

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock. A zero opts.RateLimit puts the limit out of the way.
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

// Harness is Bitvavo's conformance harness (a brokertest.HarnessFunc): View
// keys; the ticker call prices the positions apart from the balance.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if in.Institution().ID != InstitutionID {
		return brokertest.Harness{}, false
	}
	apikey := integrations.AuthAPIKey
	fail := func(name string, want error, values map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: apikey, Values: values}}
	}
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			env, srv, _ := Start(t, in, Options{})
			return in, env, srv
		},
		Logins: []brokertest.LoginScript{
			{Name: "view key", Method: apikey, Values: Keys(DemoKey, DemoSecret)},
			{Name: "second key", Method: apikey, Values: Keys(SecondKey, DemoSecret)},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("unknown key", integrations.ErrInvalidCredentials, Keys("LKnotABitvavoKey000000000000000000000000000000000000000000000000", DemoSecret)),
			fail("short key", integrations.ErrInvalidCredentials, Keys("LKshortKey", DemoSecret)),
			fail("wrong secret", integrations.ErrInvalidCredentials, Keys(DemoKey, "LKwrongBitvavoSecret000000000000")),
			fail("no view permission", integrations.ErrInvalidCredentials, Keys(NoViewKey, DemoSecret)),
		},
		PriceEndpoint: "/v2/ticker/price",
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies: []string{"EUR", "BTC"},
			ActivityTypes: []integrations.ActivityType{
				integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
				integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
			},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
		},
	}, true
}
