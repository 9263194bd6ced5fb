package fake

import (
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/kraken"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{"kraken"}, New: New,
	Prepare: func(o *Options, now func() time.Time, _ string) {
		o.Now = now
	},
	Suite: Options{Tier: &Unmetered},
	Run:   fakekit.Waited[kraken.Integration]}

// Start runs a fake for a harness or a test with opts (its clock set to a
// fresh fakekit.Clock), and returns the Env for in and the fake with the
// clock.
var Start = rig.Start

// Keys are the API-key form's values (cryptokit.PairValues).
var Keys = cryptokit.PairValues

// Harness is Kraken's conformance harness (a brokertest.HarnessFunc). The
// fake's counter is Unmetered: the suite's clock stands still.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, fakekit.Exchange{
		Keys: []fakekit.Form{{Name: "demo key", Values: Keys(DemoKey, DemoSecret)}},
		Refused: []fakekit.Form{
			{Name: "unknown key", Values: Keys("LKnotAKrakenKey000000000000000000000000000000000000000000", DemoSecret)},
			{Name: "wrong private key", Values: Keys(DemoKey, "d3JvbmctcHJpdmF0ZS1rZXktZm9yLWtyYWtlbg==")},
			{Name: "private key not base64", Values: Keys(DemoKey, "not base64 at all!")},
			{Name: "no ledger permission", Values: Keys(NoLedgerKey, DemoSecret)},
			{Name: "locked", Values: Keys(LockedKey, DemoSecret), Want: integrations.ErrAccountLocked},
		},
		Currencies: []string{"USD", "EUR", "BTC"},
		Activities: append(fakekit.ExchangeActivities, integrations.ActivityInterest, integrations.ActivityOther),
		// AssetPairs and Ticker price the balances apart from them.
		PriceEndpoint: "/0/public/Ticker",
	}.Harness)
}
