package fake

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Start runs a fake for a harness or a test, its rate limit out of the way:
// the Env for in and the fake with its clock.
func Start(t testing.TB, in integrations.Integration) (integrations.Env, *Server, *fakekit.Clock) {
	return fakekit.Start(t, in, nil, func(clk *fakekit.Clock) (*Server, error) {
		return New(Options{Now: clk.Now, RateLimit: 100000})
	})
}

// Keys are the API-key form's values.
func Keys(name, privateKey string) map[string]string {
	return map[string]string{"key_id": name, "private_key": privateKey}
}

// Harness is the conformance harness of Coinbase Advanced (a
// brokertest.HarnessFunc): ECDSA and Ed25519 View keys; the products call
// prices the positions apart from the wallets.
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
			env, srv, _ := Start(t, in)
			return in, env, srv
		},
		Logins: []brokertest.LoginScript{
			{Name: "view key", Method: apikey, Values: Keys(DemoKeyName, DemoPrivateKey)},
			{Name: "second key", Method: apikey, Values: Keys(SecondKeyName, DemoPrivateKey)},
			{Name: "ed25519 key", Method: apikey, Values: Keys(EdKeyName, DemoEd25519Key)},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("unknown key", integrations.ErrInvalidCredentials, Keys("organizations/lk-demo-org/apiKeys/nobody", DemoPrivateKey)),
			fail("wrong private key", integrations.ErrInvalidCredentials, Keys(DemoKeyName, OtherPrivateKey)),
			fail("wrong key type", integrations.ErrInvalidCredentials, Keys(EdKeyName, DemoPrivateKey)),
			fail("not a key", integrations.ErrInvalidCredentials, Keys(DemoKeyName, "not a private key at all")),
			fail("no view permission", integrations.ErrInvalidCredentials, Keys(NoViewKeyName, DemoPrivateKey)),
		},
		PriceEndpoint: "/api/v3/brokerage/products",
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies:    []string{"USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityOther},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
		},
	}, true
}
