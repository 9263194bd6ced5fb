package fake

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New,
	Prepare: fakekit.Unmetered}

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock. A zero opts.RateLimit puts the limit out of the way.
var Start = rig.Start

// Keys are the API-key form's values (cryptokit.PairValues).
var Keys = cryptokit.PairValues

// Harness is Bitvavo's conformance harness (a brokertest.HarnessFunc): View
// keys; the ticker call prices the positions apart from the balance.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, fakekit.Exchange{
		Keys: []fakekit.Form{{Name: "view key", Values: Keys(DemoKey, DemoSecret)}},
		Refused: []fakekit.Form{
			{Name: "unknown key", Values: Keys("LKnotABitvavoKey000000000000000000000000000000000000000000000000", DemoSecret)},
			{Name: "short key", Values: Keys("LKshortKey", DemoSecret)},
			{Name: "wrong secret", Values: Keys(DemoKey, "LKwrongBitvavoSecret000000000000")},
			{Name: "no view permission", Values: Keys(NoViewKey, DemoSecret)},
		},
		PriceEndpoint: "/v2/ticker/price",
		Currencies:    []string{"EUR", "BTC"},
	}.Harness)
}
