package fake

import (
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New, App: fakekit.App(fakekit.TestApp),
	Prepare: func(o *Options, now func() time.Time, _ string) {
		o.Now = now
	}}

// Start runs a fake for a harness or a test: the Env for in (with the
// test app's registration) and the fake with its clock.
var Start = rig.Start

// Harness is Coinbase's conformance harness (a brokertest.HarnessFunc): the
// OAuth login approved as satoshi, whose grant refreshes with rotating
// refresh tokens; the spot-price calls price the positions apart from the
// wallets.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		return brokertest.Harness{
			Logins: []brokertest.LoginScript{
				fakekit.Approved("satoshi", true, nil),
			},
			LoginFailures: []brokertest.FailureScript{
				fakekit.Denied("denied"),
			},
			PriceEndpoint: "/spot",
			Expect: brokertest.Expect{
				MinAccounts: 1, MinPositions: 6, MinActivities: 230, Paginated: true,
				Currencies: []string{"USD", "EUR"},
				ActivityTypes: []integrations.ActivityType{
					integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
					integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
					integrations.ActivityInterest, integrations.ActivityOther,
				},
				SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
			},
		}
	})
}
