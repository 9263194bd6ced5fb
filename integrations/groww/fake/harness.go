package fake

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New, Prepare: fakekit.Unmetered}

// Start runs a fake for a harness or a test (its rate limit lifted unless
// opts names one) and returns the Env for in, the fake and its clock at
// fakekit.T0.
var Start = rig.Start

// TokenValues are the access-token form's values.
func TokenValues(token string) map[string]string { return map[string]string{"access_token": token} }

// TOTPValues are the API key and TOTP form's values.
func TOTPValues(key, totp string) map[string]string {
	return map[string]string{"api_key": key, "totp": totp}
}

// Harness is Groww's conformance harness (a brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		tok, cr := integrations.AuthToken, integrations.AuthCredentials
		logins := append(fakekit.Logins(tok,
			fakekit.Form{Name: "main token", Values: TokenValues(MainToken)},
			fakekit.Form{Name: "second token", Values: TokenValues(SecondToken)},
		), fakekit.Logins(cr,
			fakekit.Form{Name: "main TOTP", Values: TOTPValues(MainAPIKey, TOTP)},
			fakekit.Form{Name: "second TOTP", Values: TOTPValues(SecondAPIKey, TOTP)},
		)...)
		failures := append(fakekit.Failures(tok,
			fakekit.Form{Name: "unknown token", Values: TokenValues("groww-fake-access-token-none-9999")},
			fakekit.Form{Name: "short token", Values: TokenValues("abc")},
		), fakekit.Failures(cr,
			fakekit.Form{Name: "unknown API key", Values: TOTPValues("groww-fake-totp-api-key-none-9999", TOTP)},
			fakekit.Form{Name: "wrong TOTP", Want: integrations.ErrInvalidMFACode, Values: TOTPValues(MainAPIKey, "135790")},
			fakekit.Form{Name: "short TOTP", Want: integrations.ErrInvalidMFACode, Values: TOTPValues(MainAPIKey, "1357")},
		)...)
		return brokertest.Harness{Logins: logins, LoginFailures: failures, PriceEndpoint: "/v1/live-data/ltp",
			Expect: fakekit.India{Client: MainUCC, Accounts: 1, Positions: 10, Activities: 2}.Expect()}
	})
}
