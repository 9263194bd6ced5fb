package fake

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/gemini"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{LiveID, SandboxID}, New: New,
	Prepare: fakekit.Unmetered, Run: fakekit.Waited[gemini.Integration]}

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock. A zero opts.RateLimit puts the per-key limit out of the
// way; the transfers list's once-per-5-seconds limit stays.
var Start = rig.Start

// Keys are the API-key form's values (cryptokit.PairValues).
var Keys = cryptokit.PairValues

// Harness is the conformance harness of a Gemini variant (a
// brokertest.HarnessFunc): Auditor keys with both kinds of nonce; the
// integration paces the transfers list on the fake's clock.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if _, ok := in.(*gemini.Integration); !ok {
		return brokertest.Harness{}, false
	}
	return rig.Harness(in, fakekit.Exchange{
		Keys: []fakekit.Form{{Name: "auditor key", Values: Keys(DemoKey, DemoSecret)}},
		Refused: []fakekit.Form{
			{Name: "unknown key", Values: Keys("account-LKnotAGeminiKey00", DemoSecret)},
			{Name: "wrong secret", Values: Keys(DemoKey, "LKwrongGeminiSecret000000000")},
			{Name: "no role", Values: Keys(NoRoleKey, DemoSecret)},
			{Name: "frozen", Values: Keys(FrozenKey, DemoSecret), Want: integrations.ErrAccountLocked},
		},
		Currencies: []string{"USD", "BTC", "ETH"},
		Activities: append(fakekit.ExchangeActivities, integrations.ActivityInterest),
	}.Harness)
}
