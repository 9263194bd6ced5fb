package fake

import (
	"cmp"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Test API key (the user's TradeStation API key and secret).
const (
	APIKey    = "test-api-key-0001"
	APISecret = "test-api-secret-0001"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{ID, SimID}, New: New, App: fakekit.App(integrations.AppRegistration{ClientID: APIKey, ClientSecret: APISecret}),
	Prepare: func(o *Options, now func() time.Time, _ string) {
		o.Now, o.RateLimit = now, cmp.Or(o.RateLimit, fakekit.Unlimited)
	}}

// Start runs a fake for a harness or a test: the Env for in with the test
// API key, and the fake with its clock.
var Start = rig.Start

// consent are the harness's browser logins: the callback on
// http://localhost:<port>.
var consent = fakekit.ConsentScripts{User: User, Prefix: "http://localhost:", Callback: "callback",
	Garbage: "http://localhost:31022/?nothing=here", Unknown: "not-a-code-TradeStation-issued"}

// Harness is the conformance harness of TradeStation, live and simulator
// (a brokertest.HarnessFunc): the browser sign-in, with the redirect pasted
// and with the callback reached.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		return consent.Harness(brokertest.Expect{
			MinAccounts: 3, MinPositions: 7, MinActivities: 60, Paginated: true,
			Currencies:         []string{"USD"},
			ActivityTypes:      []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell},
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityOption, integrations.SecurityOther},
			FullAccountNumbers: AccountNumbers(User),
		})
	})
}

// PasteAnswer decides on the consent page and pastes the address the
// browser would end on (the "paste the redirect URL" path).
var PasteAnswer = fakekit.PasteAnswer

// CallbackAnswer approves and lets the "browser" come back to the callback
// on http://localhost:<port>.
var CallbackAnswer = consent.Answer
