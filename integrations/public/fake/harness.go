package fake

import (
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// T0 is the tests' "now": after the fake's history.
var T0 = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New, At: T0,
	Prepare: func(o *Options, now func() time.Time, _ string) {
		o.Now = now
	},
	Count: fakekit.CountNumbered([]string{Brokerage, RothIRA}, AccountID, (*Server).Counts)}

// Start runs a fake for a harness or a test: the Env for in, and the fake
// with its clock standing at T0.
var Start = rig.Start

// AccountID is the id the public package gives an account: a hash of its
// number.
func AccountID(number string) string { return fakekit.HashedID("pub-", InstitutionID, number) }

// Harness is the conformance harness of Public.com (a
// brokertest.HarnessFunc): the secret-key login of two users.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		key := func(k string) map[string]string { return map[string]string{"secret_key": k} }
		return brokertest.Harness{
			Logins: fakekit.Logins(integrations.AuthAPIKey,
				fakekit.Form{Name: "secret key", Values: key(Secret), Refreshes: true},
				fakekit.Form{Name: "other user", Values: key(OtherSecret), Refreshes: true},
			),
			LoginFailures: fakekit.Failures(integrations.AuthAPIKey,
				fakekit.Form{Name: "wrong secret", Values: key("public-secret-wrong-9999")},
				fakekit.Form{Name: "too short", Values: key("abc")},
			),
			Expect: brokertest.Expect{
				MinAccounts: 2, MinPositions: 7, MinActivities: 60, Paginated: true,
				Currencies: []string{"USD"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend,
					integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityContribution, integrations.ActivityWithdrawal,
					integrations.ActivityTransferIn, integrations.ActivityOther},
				SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityCrypto,
					integrations.SecurityOption, integrations.SecurityBond},
				FullAccountNumbers: []string{Brokerage, RothIRA, OtherBroker},
			},
		}
	})
}
