package fake

import (
	"cmp"
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/snaptrade"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{snaptrade.ID}, New: New, App: fakekit.App(fakekit.TestApp),
	Prepare: func(o *Options, now func() time.Time, _ string) {
		o.Now, o.RateLimit, o.AccountRateLimit, o.MaxPage = now, max(o.RateLimit, fakekit.Unlimited), max(o.AccountRateLimit, fakekit.Unlimited), cmp.Or(o.MaxPage, 25)
	},
	Count: func(srv *Server, _ string, list brokertest.List, accountID string) int {
		a, ok := srv.Connection(fakekit.TestApp.ClientID, WebullAuthID)
		if !ok {
			return 0
		}
		return brokertest.CountRows(list, accountID, len(a.Accounts), func(i int) (string, int, int) {
			acct := a.Accounts[i]
			return acct.ID, len(acct.Positions), len(acct.Activities)
		})
	}}

// Start runs a fake for a harness or a test: the Env for in with the
// user's Personal key (fakekit.TestApp: the client id, and the consumer key
// as the client secret) and the fake with its clock. Activities come 25 to
// a page, so paging shows.
var Start = rig.Start

// Portal plays the user in SnapTrade's portal (a LoginScript.Answer): the
// brokerage login is login, the button decision ("connect" or "abandon");
// other steps are answered from values.
func Portal(decision, login string, values map[string]string) func(ctx context.Context, _ brokertest.Fake, step integrations.Step) (integrations.Answer, error) {
	return brokertest.Submit(map[string]string{"decision": decision, "login": login}, values)
}

// Harness is the conformance harness of SnapTrade (a
// brokertest.HarnessFunc). Its logins connect Webull Canada in the portal
// (the brokerage preselected, or chosen in the ChoiceStep) as the seeded
// user, whose existing connection SnapTrade returns: the data checks read
// that connection's two accounts.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		bridge := integrations.AuthBridge
		webull := map[string]string{snaptrade.FieldBroker: "WEBULL-CANADA"}
		h := brokertest.Harness{
			Logins: []brokertest.LoginScript{
				{Name: "portal", Method: bridge, Values: webull, Answer: Portal("connect", WebullLogin, nil)},
				{Name: "portal with the brokerage chosen", Method: bridge, Answer: Portal("connect", WebullLogin, webull)},
			},
			LoginFailures: []brokertest.FailureScript{
				{Name: "the brokerage refused the password", Want: integrations.ErrInvalidCredentials,
					Script: brokertest.LoginScript{Method: bridge, Values: webull, Answer: Portal("connect", WrongPasswordLogin, nil)}},
				{Name: "the brokerage refused the code", Want: integrations.ErrInvalidMFACode,
					Script: brokertest.LoginScript{Method: bridge, Values: webull, Answer: Portal("connect", BadCodeLogin, nil)}},
				{Name: "the brokerage could not be reached", Want: integrations.ErrUnavailable,
					Script: brokertest.LoginScript{Method: bridge, Values: webull, Answer: Portal("connect", UnreachableLogin, nil)}},
			},
			Expect: brokertest.Expect{
				MinAccounts: 2, MinPositions: 7, MinActivities: 120, Paginated: true,
				Currencies: []string{"CAD", "USD"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
					integrations.ActivityDividend, integrations.ActivityContribution, integrations.ActivityWithdrawal,
					integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityTax, integrations.ActivityReinvest,
					integrations.ActivityTransferIn, integrations.ActivityTransferOut, integrations.ActivitySplit, integrations.ActivityOther},
				SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
					integrations.SecurityOption, integrations.SecurityCash},
			},
		}
		for _, a := range seed(fakekit.T0) {
			for _, acct := range a.Accounts {
				h.Expect.FullAccountNumbers = append(h.Expect.FullAccountNumbers, acct.Number)
			}
		}
		return h
	})
}
