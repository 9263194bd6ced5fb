package fake

import (
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/binance"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// Institution ids the fake serves (the binance package's ID and USID).
const (
	ID   = "binance"
	USID = "binance-us"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{ID, USID}, New: New,
	Prepare: func(o *Options, now func() time.Time, _ string) { o.Now = now },
	Run:     fakekit.Waited[binance.Integration],
	Seen:    func(srv *Server, id string) brokertest.Fake { return seen{srv, srv.Counts(id)} }}

// Start runs a fake for a harness or a test with opts (its clock set to a
// fresh fakekit.Clock), and returns the Env for in and the fake with the
// clock.
var Start = rig.Start

// Keys are the API-key form's values (cryptokit.PairValues).
var Keys = cryptokit.PairValues

// Harness is the conformance harness of a Binance variant (a
// brokertest.HarnessFunc): the fake counts the documented weights, and the
// integration's waits for the next window move the fake's clock.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(id string) brokertest.Harness {
		quote := "USDT"
		if id == USID {
			quote = "USD"
		}
		keys := []fakekit.Form{{Name: "demo key", Values: Keys(DemoKey, DemoSecret)}}
		if id == ID { // the uid names the account whatever the key
			keys = append(keys, fakekit.Form{Name: "second key", Values: Keys(SecondKey, DemoSecret)})
		}
		return fakekit.Exchange{
			Keys: keys,
			Refused: []fakekit.Form{
				{Name: "unknown key", Values: Keys("LKnotABinanceKey00000000000000000000000000000000000000000000000", DemoSecret)},
				{Name: "wrong secret", Values: Keys(DemoKey, "LKwrongBinanceSecret000000000000000000000000000000000000000000x")},
				{Name: "no reading permission", Values: Keys(NoReadKey, DemoSecret)},
			},
			Currencies: []string{quote, "BTC"},
			// The ticker prices the balances apart from them.
			PriceEndpoint: "/api/v3/ticker/price",
		}.Harness(id)
	})
}

// seen is the fake seen from one institution, counting what it serves.
type seen struct {
	*Server
	brokertest.Counter
}
