package fake

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New,
	Prepare: fakekit.Unmetered}

// Start runs a fake for a harness or a test (its rate limit lifted unless
// opts names one) and returns the Env for in, the fake and its clock at
// fakekit.T0.
var Start = rig.Start

// Values are the login form's values.
func Values(key, client, pin, totp string) map[string]string {
	return map[string]string{"api_key": key, "client_code": client, "pin": pin, "totp": totp}
}

// Harness is Angel One's conformance harness (a brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		cr := integrations.AuthCredentials
		return brokertest.Harness{
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
		}
	})
}
