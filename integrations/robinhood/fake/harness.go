package fake

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// Start runs a fake for a harness or a test, its rate limit out of the way
// and its lists paged 25 at a time: the Env for in and the fake with its
// clock.
func Start(t testing.TB, in integrations.Integration) (integrations.Env, *Server, *fakekit.Clock) {
	return rig.Start(t, in, Options{})
}

var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New,
	Prepare: func(o *Options, now func() time.Time, _ string) {
		o.Now, o.RateLimit, o.PageSize = now, fakekit.Unlimited, 25
	}}

// Keys are the API-key form's values (cryptokit.SigningValues).
var Keys = cryptokit.SigningValues

// Harness is the conformance harness of Robinhood Crypto (a
// brokertest.HarnessFunc): the documented example key pair in both of its
// printed forms and a pre-2024 key; best_bid_ask prices the holdings apart
// from the holdings call.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(id string) brokertest.Harness {
		h := fakekit.Exchange{
			Keys: []fakekit.Form{
				{Name: "seed", Values: Keys(DemoAPIKey, DemoPrivateKey)},
				{Name: "seed and public key", Values: Keys(DemoAPIKey, DemoSecretKey)},
			},
			Refused: []fakekit.Form{
				{Name: "unknown key", Values: Keys("rh-api-00000000-0000-4000-8000-000000000000", DemoPrivateKey)},
				{Name: "wrong private key", Values: Keys(DemoAPIKey, OtherPrivateKey)},
				{Name: "disabled credential", Values: Keys(DisabledAPIKey, DemoPrivateKey)},
				{Name: "not a key", Values: Keys(DemoAPIKey, "not a private key")},
				{Name: "seed with a wrong public key", Values: Keys(DemoAPIKey, DemoSecretKey[:40]+"x"+DemoSecretKey[41:])},
			},
			PriceEndpoint: "/api/v1/crypto/marketdata/best_bid_ask/",
			Currencies:    []string{"USD"},
			Activities:    []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell},
		}.Harness(id)
		h.Expect.MinActivities, h.Expect.FullAccountNumbers, h.Expect.Since = 100, []string{AccountNumber}, fakekit.T0.AddDate(-1, 0, 0)
		return h
	})
}
