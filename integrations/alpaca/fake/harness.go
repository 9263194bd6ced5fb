package fake

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{LiveID, PaperID}, New: New, App: fakekit.App(fakekit.TestApp),
	Prepare: fakekit.Unmetered,
	Count: func(srv *Server, id string, list brokertest.List, _ string) int {
		p := srv.Portfolio(id)
		return fakekit.CountOne(list, len(p.Positions), fakekit.CountWhere(p.Activities, func(a Activity) bool { return !a.Canceled() }))
	}}

// Harness is the conformance harness of an Alpaca variant (a
// brokertest.HarnessFunc): key-pair and OAuth logins against a fresh fake.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(id string) brokertest.Harness {
		keyID, secret, otherID, otherSecret := LiveKeyID, LiveSecretKey, PaperKeyID, PaperSecretKey
		if id == PaperID {
			keyID, secret, otherID, otherSecret = otherID, otherSecret, keyID, secret
		}
		key := integrations.AuthAPIKey
		keys := func(id, secret string) map[string]string {
			return map[string]string{"key_id": id, "secret_key": secret}
		}
		return brokertest.Harness{
			Logins: []brokertest.LoginScript{
				{Name: "api key", Method: key, Values: keys(keyID, secret)},
				fakekit.Approved("oauth", false, nil),
			},
			LoginFailures: append(fakekit.Failures(key,
				fakekit.Form{Name: "wrong secret", Values: keys(keyID, "wrong-secret-00000000")},
				fakekit.Form{Name: "unknown key", Values: keys("AKNOSUCHKEY000000000", secret)},
				fakekit.Form{Name: "other environment's key", Values: keys(otherID, otherSecret)},
			), fakekit.Denied("oauth denied")),
			Expect: brokertest.Expect{
				MinAccounts: 1, MinPositions: 6, MinActivities: 120, Paginated: true,
				Currencies: []string{"USD"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
					integrations.ActivityDividend, integrations.ActivityTax, integrations.ActivityInterest, integrations.ActivityFee,
					integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityTransferIn,
					integrations.ActivityTransferOut, integrations.ActivitySplit, integrations.ActivityOther},
				SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityCrypto, integrations.SecurityOption},
				FullAccountNumbers: []string{Build(id, fakekit.T0).Account.AccountNumber},
			},
		}
	})
}
