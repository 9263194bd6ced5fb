package fake

import (
	"cmp"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// SetClock sets the fake's clock (fakekit.Clocked: what Start's fakekit.Launch
// sets).
func (o *Options) SetClock(now func() time.Time) { o.Now = now }

// Start runs a fake for a harness or a test (its rate limit lifted unless
// opts names one) and returns the Env for in, the fake and its clock at
// fakekit.T0.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	opts.RateLimit = cmp.Or(opts.RateLimit, fakekit.Unlimited)
	return fakekit.Launch(t, in, nil, New, opts)
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
	return brokertest.Harness{
		New: fakekit.Serve(in, Start),
		Logins: fakekit.Logins(cr,
			fakekit.Form{Name: "main", Values: Values(APIKey, MainClient, MainPIN, TOTP)},
			fakekit.Form{Name: "second", Values: Values(APIKey, SecondClient, SecondPIN, TOTP)},
		),
		LoginFailures: fakekit.Failures(cr,
			fakekit.Form{Name: "wrong PIN", Values: Values(APIKey, MainClient, "1111", TOTP)},
			fakekit.Form{Name: "wrong API key", Values: Values("angel-fake-api-key-xx", MainClient, MainPIN, TOTP)},
			fakekit.Form{Name: "wrong TOTP", Want: integrations.ErrInvalidMFACode, Values: Values(APIKey, MainClient, MainPIN, "135790")},
			fakekit.Form{Name: "short TOTP", Want: integrations.ErrInvalidMFACode, Values: Values(APIKey, MainClient, MainPIN, "1357")},
		),
		Expect: fakekit.India{Client: MainClient, Accounts: 1, Positions: 10, Activities: 2}.Expect(),
	}, true
}
