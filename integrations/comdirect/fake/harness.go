package fake

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New,
	Prepare: fakekit.Unmetered, Polls: true}

// Start runs a fake for a harness or a test (its rate limit lifted unless
// opts names one) and returns the Env for in, the fake and its clock at
// fakekit.T0.
var Start = rig.Start

// Values are the login's values for user (and the mobileTAN, where asked).
func Values(user string) map[string]string {
	return map[string]string{"client_id": ClientID, "client_secret": ClientSecret, "username": user, "password": PIN, "tan": TAN}
}

// Harness is comdirect's conformance harness (a brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		cr := integrations.AuthCredentials
		return brokertest.Harness{
			Logins: fakekit.Logins(cr,
				fakekit.Form{Name: "photoTAN push", Values: Values(PushUser), Refreshes: true},
				fakekit.Form{Name: "mobileTAN", Values: Values(MTANUser), Refreshes: true},
			),
			LoginFailures: fakekit.Failures(cr,
				fakekit.Form{Name: "wrong PIN", Values: fakekit.With(Values(PushUser), "password", "000000")},
				fakekit.Form{Name: "wrong client secret", Values: fakekit.With(Values(PushUser), "client_secret", "not-the-secret")},
				fakekit.Form{Name: "wrong mobileTAN", Want: integrations.ErrInvalidMFACode, Values: fakekit.With(Values(MTANUser), "tan", "999999")},
				fakekit.Form{Name: "rejected in the app", Want: integrations.ErrApprovalDenied, Values: Values(DenyUser)},
			),
			Expect: brokertest.Expect{
				MinAccounts: 1, MinPositions: 6, MinActivities: 30, Paginated: true,
				Currencies: []string{"EUR"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
					integrations.ActivityTransferIn, integrations.ActivityTransferOut, integrations.ActivityDividend,
					integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityTax,
					integrations.ActivityContribution, integrations.ActivityWithdrawal},
				SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
					integrations.SecurityFund, integrations.SecurityBond},
				FullAccountNumbers: []string{"7654321"},
			},
		}
	})
}
