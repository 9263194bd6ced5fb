package fake

import (
	"cmp"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	return fakekit.Start(t, in, nil, func(clk *fakekit.Clock) (*Server, error) {
		opts.Now = clk.Now
		opts.RateLimit = cmp.Or(opts.RateLimit, 100000)
		opts.Demo = in.Institution().ID == DemoID
		return New(opts)
	})
}

// Keys are the key form's values.
func Keys(apiKey, userKey, expires string) map[string]string {
	v := map[string]string{"api_key": apiKey, "user_key": userKey}
	if expires != "" {
		v["expires"] = expires
	}
	return v
}

// Harness is the conformance harness of eToro, real and virtual (a
// brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	id := in.Institution().ID
	if id != ID && id != DemoID {
		return brokertest.Harness{}, false
	}
	apikey := integrations.AuthAPIKey
	userKey, otherEnv := RealUserKey, DemoUserKey
	types := []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityCrypto, integrations.SecurityETF,
		integrations.SecurityOther, integrations.SecurityFund}
	if id == DemoID {
		userKey, otherEnv = DemoUserKey, RealUserKey
		types = types[:4] // no copy-trading mirror in the demo portfolio
	}
	fail := func(name string, want error, values map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: apikey, Values: values}}
	}
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			env, srv, _ := Start(t, in, Options{})
			return in, env, srv
		},
		Logins: []brokertest.LoginScript{
			{Name: "keys", Method: apikey, Values: Keys(DemoAPIKey, userKey, "")},
			{Name: "keys with expiry", Method: apikey, Values: Keys(DemoAPIKey, userKey, "2099-12-31")},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("wrong user key", integrations.ErrInvalidCredentials, Keys(DemoAPIKey, "eyJub3QiOiJhIGtleSJ9", "")),
			fail("other environment's key", integrations.ErrInvalidCredentials, Keys(DemoAPIKey, otherEnv, "")),
			fail("wrong public key", integrations.ErrInvalidCredentials, Keys("not-the-public-key", userKey, "")),
			fail("expired key", integrations.ErrInvalidCredentials, Keys(DemoAPIKey, userKey, "2020-01-31")),
			fail("bad expiry date", integrations.ErrInvalidCredentials, Keys(DemoAPIKey, userKey, "31/12/2099")),
		},
		PriceEndpoint: instrumentsPath,
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 4, MinActivities: 40, Paginated: true,
			Currencies:         []string{"USD"},
			ActivityTypes:      []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityOther},
			SecurityTypes:      types,
			FullAccountNumbers: []string{"7765437"},
			Since:              fakekit.T0.AddDate(0, 0, -300),
		},
	}, true
}
