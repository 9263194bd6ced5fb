package fake

import (
	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func decimalOf(n int64) decimal.Decimal { return decimal.NewFromInt(n) }

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New, App: fakekit.App(App),
	Prepare: fakekit.Unmetered}

// Start runs a fake for a harness or a test (its rate limit lifted unless
// opts names one: the suite's clock stands still) and returns the Env for
// in, the fake and its clock, standing at fakekit.T0.
var Start = rig.Start

// App is the app registration (API key and secret) of the API-key login.
var App = integrations.AppRegistration{ClientID: APIKey, ClientSecret: APISecret}

// Values are the access-token form's values for a client id and token.
func Values(clientID, token string) map[string]string {
	return map[string]string{"client_id": clientID, "access_token": token}
}

// Harness is Dhan's conformance harness (a brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(id string) brokertest.Harness {
		tok := integrations.AuthToken
		return brokertest.Harness{
			Logins: []brokertest.LoginScript{
				{Name: "main", Method: tok, Values: Values(MainClientID, MainToken)},
				{Name: "second", Method: tok, Values: Values(SecondClientID, SecondToken)},
				{Name: "API key", Method: integrations.AuthOAuth2, Values: map[string]string{"client_id": MainClientID},
					Answer: brokertest.Press("approve", map[string]string{"client_id": MainClientID})},
			},
			LoginFailures: []brokertest.FailureScript{
				{Name: "wrong token", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
					Method: tok, Values: Values(MainClientID, "dhan-fake-access-token-wrong-9999")}},
				{Name: "token of another client", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
					Method: tok, Values: Values(MainClientID, SecondToken)}},
				{Name: "consent denied", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{
					Method: integrations.AuthOAuth2, Values: map[string]string{"client_id": MainClientID},
					Answer: brokertest.Press("deny", nil)}},
				{Name: "client id not digits", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{
					Method: tok, Values: Values("AB12", MainToken)}},
			},
			Expect: expect(),
		}
	})
}

// expect is what the suite checks the fake's data against: India's, and
// the ledger's deposits, withdrawals, charges, interest and other rows.
func expect() brokertest.Expect {
	e := fakekit.India{Client: MainClientID, Accounts: 1, Positions: 10, Activities: 20, Paginated: true}.Expect()
	e.ActivityTypes = append(e.ActivityTypes, integrations.ActivityContribution, integrations.ActivityWithdrawal,
		integrations.ActivityFee, integrations.ActivityInterest, integrations.ActivityOther)
	return e
}
