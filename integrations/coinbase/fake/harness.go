package fake

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// SetClock sets the fake's clock (fakekit.Clocked: what Start's fakekit.Launch
// sets).
func (o *Options) SetClock(now func() time.Time) { o.Now = now }

// Start runs a fake for a harness or a test: the Env for in (with the
// test app's registration) and the fake with its clock.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	app := fakekit.TestApp
	return fakekit.Launch(t, in, &app, New, opts)
}

// Harness is Coinbase's conformance harness (a brokertest.HarnessFunc): the
// OAuth login approved as satoshi, whose grant refreshes with rotating
// refresh tokens; the spot-price calls price the positions apart from the
// wallets.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if in.Institution().ID != InstitutionID {
		return brokertest.Harness{}, false
	}
	oauth := integrations.AuthOAuth2
	return brokertest.Harness{
		New: fakekit.Serve(in, Start),
		Logins: []brokertest.LoginScript{
			{Name: "satoshi", Method: oauth, Refreshes: true, Answer: brokertest.Press("approve", nil)},
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
	}, true
}
