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
func Values(token, mobile, ucc, totp, mpin string) map[string]string {
	return map[string]string{"access_token": token, "mobile_number": mobile, "ucc": ucc, "totp": totp, "mpin": mpin}
}

// Harness is Kotak Neo's conformance harness (a brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		cr := integrations.AuthCredentials
		return brokertest.Harness{
			Logins: fakekit.Logins(cr,
				fakekit.Form{Name: "main", Values: Values(AccessToken, MainMobile, MainUCC, TOTP, MainMPIN)},
				// The mobile number without its country code gets +91.
				fakekit.Form{Name: "second", Values: Values(AccessToken, SecondMobile[3:], SecondUCC, TOTP, SecondMPIN)},
			),
			LoginFailures: fakekit.Failures(cr,
				fakekit.Form{Name: "wrong MPIN", Values: Values(AccessToken, MainMobile, MainUCC, TOTP, "000000")},
				fakekit.Form{Name: "wrong TOTP", Values: Values(AccessToken, MainMobile, MainUCC, "135790", MainMPIN)},
				fakekit.Form{Name: "wrong access token", Values: Values("kotak-fake-trade-api-token-9999", MainMobile, MainUCC, TOTP, MainMPIN)},
				fakekit.Form{Name: "another's mobile", Values: Values(AccessToken, SecondMobile, MainUCC, TOTP, MainMPIN)},
				fakekit.Form{Name: "short TOTP", Want: integrations.ErrInvalidMFACode, Values: Values(AccessToken, MainMobile, MainUCC, "12", MainMPIN)},
			),
			Expect: fakekit.India{Client: MainUCC, Accounts: 1, Positions: 10, Activities: 2}.Expect(),
		}
	})
}
