package fakekit

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Exchange is a crypto exchange's conformance harness: the API-key forms
// that log in (Keys) and those the exchange refuses (Refused, each wanting
// its Want, ErrInvalidCredentials when nil), one account of coins whose
// balances are in Currencies and whose activities are of Activities'
// kinds (ExchangeActivities when nil), and PriceEndpoint, the call that
// prices the coins apart from the balances (none when empty).
type Exchange struct {
	Keys, Refused []Form
	Currencies    []string
	Activities    []integrations.ActivityType
	PriceEndpoint string
}

// Harness is e's brokertest.Harness ([Logins], [Failures] and
// [ExchangeExpect]), for any of the fake's institutions: a [Rig]'s
// Harness builder.
func (e Exchange) Harness(string) brokertest.Harness {
	kinds := e.Activities
	if kinds == nil {
		kinds = ExchangeActivities
	}
	return brokertest.Harness{
		Logins:        Logins(integrations.AuthAPIKey, e.Keys...),
		LoginFailures: Failures(integrations.AuthAPIKey, e.Refused...),
		Expect:        ExchangeExpect(e.Currencies, kinds...),
		PriceEndpoint: e.PriceEndpoint,
	}
}
