package fake

import (
	"cmp"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Test app registration (the user's Schwab app key and secret).
const (
	AppKey    = "test-app-key-0001"
	AppSecret = "test-app-secret-0001"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{ID}, New: New, App: fakekit.App(integrations.AppRegistration{ClientID: AppKey, ClientSecret: AppSecret}),
	Prepare: func(o *Options, now func() time.Time, _ string) {
		o.Now, o.RateLimit = now, cmp.Or(o.RateLimit, fakekit.Unlimited)
	}}

// Start runs a fake for a harness or a test: the Env for in with the test
// app registration, and the fake with its clock.
var Start = rig.Start

// consent are the harness's browser logins: the https loopback callback,
// Schwab's "C0.<code>@" codes.
var consent = fakekit.ConsentScripts{User: User, Prefix: "https://127.0.0.1:", Callback: "https callback",
	Garbage: "https://127.0.0.1:8182/?nothing=here", Unknown: "C0.not-a-code-Schwab-issued@"}

// Harness is the conformance harness of Charles Schwab (a
// brokertest.HarnessFunc): the browser login, with the redirect pasted and
// with the https callback reached.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		return consent.Harness(brokertest.Expect{
			MinAccounts: 2, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies: []string{"USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
				integrations.ActivityDividend, integrations.ActivityInterest, integrations.ActivityContribution,
				integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityFee,
				integrations.ActivityTax, integrations.ActivitySplit, integrations.ActivityOther},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
				integrations.SecurityFund, integrations.SecurityOption, integrations.SecurityCash},
			FullAccountNumbers: AccountNumbers(User),
		})
	})
}

// PasteAnswer decides on the consent page and pastes the address the
// browser would end on (the "paste the redirect URL" path).
var PasteAnswer = fakekit.PasteAnswer

// CallbackAnswer approves and lets the "browser" come back to the https
// loopback callback, accepting the login's self-signed certificate as the
// user does.
var CallbackAnswer = consent.Answer
