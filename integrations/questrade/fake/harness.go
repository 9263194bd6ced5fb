package fake

import (
	"context"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Start runs a fake for a harness or a test: the Env for in (with a
// Questrade app, which has a consumer key and no secret) and the fake with
// its clock.
func Start(t testing.TB, in integrations.Integration) (integrations.Env, *Server, *fakekit.Clock) {
	return rig.Start(t, in, Options{})
}

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{LiveID, PracticeID}, New: New,
	App:     fakekit.App(integrations.AppRegistration{ClientID: "qt-consumer-key-test"}),
	Prepare: fakekit.Unmetered,
	Count: func(srv *Server, id string, list brokertest.List, accountID string) int {
		u := srv.User(id)
		return brokertest.CountRows(list, accountID, len(u.Accounts), func(i int) (string, int, int) {
			a := u.Accounts[i]
			return integrations.AccountHash(id, a.Number), len(a.Positions), len(a.Activities)
		})
	}}

// Harness is the conformance harness of a Questrade variant (a
// brokertest.HarnessFunc): a generated single-use token, OAuth and the
// reusable manual token, all of whose grants rotate.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(id string) brokertest.Harness {
		manual, other, minAccounts := LiveManualToken, PracticeManualToken, 2
		if id == PracticeID {
			manual, other, minAccounts = other, manual, 1
		}
		tok := integrations.AuthToken
		values := func(tok string) map[string]string { return map[string]string{"refresh_token": tok} }
		// generated answers the form with a fresh token the fake mints, as a
		// user generating one in the API Centre.
		generated := func(ctx context.Context, f brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
			if _, ok := s.(*integrations.FormStep); ok {
				return integrations.Answer{Values: values(f.(fakekit.Counted).Injecting.(*Server).GenerateToken(id))}, nil
			}
			return brokertest.AutoAnswer(ctx, s, nil)
		}
		h := brokertest.Harness{
			Logins: []brokertest.LoginScript{
				{Name: "generated token", Method: tok, Refreshes: true, Answer: generated},
				fakekit.Approved("oauth", true, nil),
				{Name: "reusable manual token", Method: tok, Refreshes: true, Values: values(manual)},
			},
			LoginFailures: []brokertest.FailureScript{
				{Name: "wrong token", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: tok, Values: values("QTnoSuchToken00000000000")}},
				{Name: "other environment's token", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: tok, Values: values(other)}},
				fakekit.Denied("oauth denied"),
			},
			Expect: brokertest.Expect{
				MinAccounts: minAccounts, MinPositions: 5, MinActivities: 100, Paginated: true,
				Currencies: []string{"CAD", "USD"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
					integrations.ActivityDividend, integrations.ActivityTax, integrations.ActivityInterest, integrations.ActivityFee,
					integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityTransferIn,
					integrations.ActivityTransferOut, integrations.ActivitySplit, integrations.ActivityOther},
				SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityOption},
				Since:         fakekit.T0.AddDate(-1, 0, 0),
			},
			// The symbols call describes the positions (their prices come
			// with them).
			PriceEndpoint: "/v1/symbols",
		}
		for _, a := range Build(id, fakekit.T0).Accounts {
			h.Expect.FullAccountNumbers = append(h.Expect.FullAccountNumbers, a.Number)
		}
		return h
	})
}
