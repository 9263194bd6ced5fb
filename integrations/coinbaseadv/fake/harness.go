package fake

import (
	"time"

	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// rig starts the fake for the suite and the tests, its rate limit out of
// the way.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{InstitutionID}, New: New,
	Prepare: fakekit.Unmetered}

// Start runs a fake for a harness or a test, its rate limit out of the way:
// the Env for in and the fake with its clock.
func Start(t testing.TB, in integrations.Integration) (integrations.Env, *Server, *fakekit.Clock) {
	return rig.Start(t, in, Options{})
}

// Keys are the API-key form's values (cryptokit.SigningValues).
var Keys = cryptokit.SigningValues

// Harness is the conformance harness of Coinbase Advanced (a
// brokertest.HarnessFunc): ECDSA View keys; the products call prices the
// positions apart from the wallets; the activities are the fills and the
// v2 transactions, whose docs' example rows date from March 2015 (Since
// precedes them).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	ex := fakekit.Exchange{
		Keys: []fakekit.Form{
			{Name: "view key", Values: Keys(DemoKeyName, DemoPrivateKey)},
			{Name: "second key", Values: Keys(SecondKeyName, DemoPrivateKey)},
		},
		Refused: []fakekit.Form{
			{Name: "unknown key", Values: Keys("organizations/lk-demo-org/apiKeys/nobody", DemoPrivateKey)},
			{Name: "wrong private key", Values: Keys(DemoKeyName, OtherPrivateKey)},
			{Name: "wrong key type", Values: Keys(EdKeyName, DemoPrivateKey)},
			{Name: "not a key", Values: Keys(DemoKeyName, "not a private key at all")},
			{Name: "no view permission", Values: Keys(NoViewKeyName, DemoPrivateKey)},
		},
		PriceEndpoint: "/api/v3/brokerage/products",
		Currencies:    []string{"USD"},
		Activities: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityOther,
			integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityTransferIn,
			integrations.ActivityTransferOut, integrations.ActivityInterest, integrations.ActivityFee},
	}
	return rig.Harness(in, func(id string) brokertest.Harness {
		h := ex.Harness(id)
		h.Expect.Since = Since
		return h
	})
}

// Since precedes every activity the fake serves (the docs' example rows
// of March 2015).
var Since = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
