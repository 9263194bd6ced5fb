package fake

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// App is the app registration the harness logs in with.
var App = integrations.AppRegistration{ClientID: "FAKEAPP01-100", ClientSecret: AppSecret}

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New, App: fakekit.App(App),
	Prepare: fakekit.Unmetered}

// Start runs a fake for a harness or a test (its rate limit lifted unless
// opts names one) and returns the Env for in with App (its callback on any
// free port), the fake and its clock at fakekit.T0.
var Start = rig.Start

// Approve plays the user at the fake's login page: it signs in as user and
// presses decision ("approve" or "deny").
func Approve(user, decision string) func(ctx context.Context, _ brokertest.Fake, step integrations.Step) (integrations.Answer, error) {
	return brokertest.Submit(map[string]string{"decision": decision, "fy_id": user}, nil)
}

// Harness is Fyers' conformance harness (a brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		oauth := integrations.AuthOAuth2
		return brokertest.Harness{
			Logins: []brokertest.LoginScript{
				{Name: MainUser, Method: oauth, Answer: Approve(MainUser, "approve")},
				{Name: SecondUser, Method: oauth, Answer: Approve(SecondUser, "approve")},
			},
			LoginFailures: []brokertest.FailureScript{
				{Name: "denied", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: Approve(MainUser, "deny")}},
			},
			Expect: fakekit.India{Client: MainUser, Accounts: 1, Positions: 10, Activities: 2}.Expect(),
		}
	})
}
