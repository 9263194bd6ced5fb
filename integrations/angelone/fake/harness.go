package fake

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Start runs a fake for a harness or a test (its rate limit lifted unless
// opts names one) and returns the Env for in, the fake and its clock at
// fakekit.T0.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	if opts.RateLimit == 0 {
		opts.RateLimit = 1 << 30
	}
	return fakekit.Start(t, in, nil, func(clk *fakekit.Clock) (*Server, error) {
		opts.Now = clk.Now
		return New(opts)
	})
}

// Values are the login form's values.
func Values(key, client, pin, totp string) map[string]string {
	return map[string]string{"api_key": key, "client_code": client, "pin": pin, "totp": totp}
}

// Harness is Angel One's conformance harness (a brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if in.Institution().ID != InstitutionID {
		return brokertest.Harness{}, false
	}
	cr := integrations.AuthCredentials
	fail := func(name string, want error, v map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: cr, Values: v}}
	}
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			env, srv, _ := Start(t, in, Options{})
			return in, env, srv
		},
		Logins: []brokertest.LoginScript{
			{Name: "main", Method: cr, Values: Values(APIKey, MainClient, MainPIN, TOTP)},
			{Name: "second", Method: cr, Values: Values(APIKey, SecondClient, SecondPIN, TOTP)},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("wrong PIN", integrations.ErrInvalidCredentials, Values(APIKey, MainClient, "1111", TOTP)),
			fail("wrong API key", integrations.ErrInvalidCredentials, Values("angel-fake-api-key-xx", MainClient, MainPIN, TOTP)),
			fail("wrong TOTP", integrations.ErrInvalidMFACode, Values(APIKey, MainClient, MainPIN, "135790")),
			fail("short TOTP", integrations.ErrInvalidMFACode, Values(APIKey, MainClient, MainPIN, "1357")),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 10, MinActivities: 2,
			Currencies:    []string{"INR"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
				integrations.SecurityOption, integrations.SecurityOther},
			FullAccountNumbers: []string{MainClient},
		},
	}, true
}
