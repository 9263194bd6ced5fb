package fake

import (
	"cmp"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// AppKey is the test app registration's client id (a native app: no secret).
const AppKey = "0c5d1e2f3a4b5c6d7e8f9a0b1c2d3e4f"

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{LiveID, SimID}, New: New, App: fakekit.App(integrations.AppRegistration{ClientID: AppKey}),
	Prepare: func(o *Options, now func() time.Time, _ string) {
		o.Now, o.RateLimit, o.PageSize = now, cmp.Or(o.RateLimit, fakekit.Unlimited), cmp.Or(o.PageSize, 3)
	}}

// Start runs a fake for a harness or a test: the Env for in with the test
// app registration, and the fake with its clock. Rate limits default to
// none and pages to 3 rows, so paging is exercised.
var Start = rig.Start

// Harness is the conformance harness of a Saxo environment (a
// brokertest.HarnessFunc): the browser login coming back to the callback,
// and with the redirect pasted.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		oauth := integrations.AuthOAuth2
		return brokertest.Harness{
			Logins: []brokertest.LoginScript{
				fakekit.Approved("browser", true, nil),
				{Name: "paste", Method: oauth, Refreshes: true, Answer: Paste(User)},
			},
			LoginFailures: []brokertest.FailureScript{
				fakekit.Denied("denied"),
				{Name: "unknown code", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: oauth,
					Answer: fakekit.Paste("not-a-code-saxo-issued")}},
			},
			Expect: brokertest.Expect{
				MinAccounts: 2, MinPositions: 5, MinActivities: 30, Paginated: true,
				Currencies: []string{"EUR", "USD", "DKK"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
					integrations.ActivityDividend, integrations.ActivityTax, integrations.ActivityFee, integrations.ActivityInterest,
					integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityOther},
				SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
					integrations.SecurityBond, integrations.SecurityOption},
				FullAccountNumbers: AccountNumbers(User),
			},
		}
	})
}

// Paste approves on the consent page as user and pastes the address the
// browser would end on, without following it.
func Paste(user string) fakekit.AnswerFunc { return fakekit.PasteAnswer("approve", user) }
