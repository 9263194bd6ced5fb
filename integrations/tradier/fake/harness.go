package fake

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Start runs a fake for a harness or a test: the Env for in (the user's app
// is clientID's: one starting with "partner" gets refresh tokens) and the
// fake with its clock.
func Start(t testing.TB, in integrations.Integration, clientID string) (integrations.Env, *Server, *fakekit.Clock) {
	r := rig
	r.App = fakekit.App(integrations.AppRegistration{ClientID: clientID, ClientSecret: "app-secret-Hq27xP"})
	return r.Start(t, in, Options{})
}

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{LiveID, SandboxID}, New: New,
	Prepare: fakekit.Unmetered,
	App:     fakekit.App(integrations.AppRegistration{ClientID: "partner-latchkey-test", ClientSecret: "app-secret-Hq27xP"}),
	Count: func(srv *Server, id string, list brokertest.List, accountID string) int {
		u := srv.User(id)
		return brokertest.CountRows(list, accountID, len(u.Accounts), func(i int) (string, int, int) {
			a := u.Accounts[i]
			return integrations.AccountHash(id, a.Number), len(a.Positions), len(a.Events)
		})
	}}

// Harness is the conformance harness of a Tradier variant (a
// brokertest.HarnessFunc): the personal token, and on production OAuth
// through a partner app whose grants refresh.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(id string) brokertest.Harness {
		token := func(name, tok string) brokertest.LoginScript {
			return brokertest.LoginScript{Name: name, Method: integrations.AuthToken, Values: map[string]string{"access_token": tok}}
		}
		wrong := func(name, tok string) brokertest.FailureScript {
			return brokertest.FailureScript{Name: name, Want: integrations.ErrInvalidCredentials, Script: token("token", tok)}
		}
		h := brokertest.Harness{
			// The quotes call prices the positions apart from them.
			PriceEndpoint: "/v1/markets/quotes",
		}
		switch id {
		case LiveID:
			h.Logins = []brokertest.LoginScript{token("token", LiveToken),
				fakekit.Approved("oauth partner", true, nil)}
			h.LoginFailures = []brokertest.FailureScript{wrong("wrong token", "TRDpatWRONGWRONGWRONG000"), wrong("sandbox token", SandboxToken),
				fakekit.Denied("oauth denied")}
			h.Expect = brokertest.Expect{
				MinAccounts: 3, MinPositions: 6, MinActivities: 120, Paginated: true,
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
					integrations.ActivityDividend, integrations.ActivityTax, integrations.ActivityInterest, integrations.ActivityFee,
					integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityTransferIn,
					integrations.ActivityTransferOut, integrations.ActivityOther},
				SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
					integrations.SecurityOption, integrations.SecurityFund},
			}
		case SandboxID:
			h.Logins = []brokertest.LoginScript{token("token", SandboxToken)}
			h.LoginFailures = []brokertest.FailureScript{wrong("wrong token", "SBXpatWRONGWRONGWRONG000"), wrong("production token", LiveToken)}
			h.Expect = brokertest.Expect{
				MinAccounts: 1, MinPositions: 5, MinActivities: 50,
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
					integrations.ActivityDividend, integrations.ActivityContribution, integrations.ActivityOther},
				SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityOption},
			}
		}
		h.Expect.Currencies = []string{"USD"}
		for _, a := range Build(id, fakekit.T0).Accounts {
			h.Expect.FullAccountNumbers = append(h.Expect.FullAccountNumbers, a.Number)
		}
		return h
	})
}
