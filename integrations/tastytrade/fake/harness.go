package fake

import (
	"cmp"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// The test OAuth application.
const (
	ClientID     = "tt-client-id-0001"
	ClientSecret = "tt-client-secret-0001"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{ProdID, SandboxID}, New: New, App: fakekit.App(integrations.AppRegistration{ClientID: ClientID, ClientSecret: ClientSecret}),
	Prepare: func(o *Options, now func() time.Time, _ string) {
		o.Now, o.RateLimit, o.PageSize = now, cmp.Or(o.RateLimit, fakekit.Unlimited), cmp.Or(o.PageSize, 10)
	}}

// Start runs a fake for a harness or a test: the Env for in with the test
// OAuth application, and the fake with its clock. Rate limits default to
// none and pages to 10 transactions, so paging is exercised.
var Start = rig.Start

// Harness is the conformance harness of a tastytrade environment (a
// brokertest.HarnessFunc): OAuth in the browser, and a pasted grant.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		token := integrations.AuthToken
		grant := func(refresh, secret string) map[string]string {
			return map[string]string{"refresh_token": refresh, "client_secret": secret}
		}
		return brokertest.Harness{
			Logins: []brokertest.LoginScript{
				fakekit.Approved("oauth", true, nil),
				{Name: "pasted grant", Method: token, Refreshes: true, Values: grant(PastedRefreshToken, ClientSecret)},
			},
			LoginFailures: []brokertest.FailureScript{
				fakekit.Denied("denied"),
				{Name: "wrong grant", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: token,
					Values: grant("eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9.not-a-grant", ClientSecret)}},
				{Name: "wrong client secret", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: token,
					Values: grant(PastedRefreshToken, BadSecret+"-typed")}},
			},
			Expect: brokertest.Expect{
				MinAccounts: 2, MinPositions: 5, MinActivities: 30, Paginated: true,
				Currencies: []string{"USD"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
					integrations.ActivityDividend, integrations.ActivityTax, integrations.ActivityInterest,
					integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityFee,
					integrations.ActivitySplit, integrations.ActivityTransferIn, integrations.ActivityOther},
				SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityOption, integrations.SecurityCrypto},
				FullAccountNumbers: AccountNumbers(User),
			},
		}
	})
}
