package fakekit

import (
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Key is one API-key login of a harness: its name, the form's values and,
// for a login the institution refuses, the error wanted (nil means
// ErrInvalidCredentials).
type Key struct {
	Name   string
	Values map[string]string
	Want   error
}

// KeyLogins are the login scripts of API keys that work.
func KeyLogins(keys ...Key) []brokertest.LoginScript {
	out := make([]brokertest.LoginScript, 0, len(keys))
	for _, k := range keys {
		out = append(out, brokertest.LoginScript{Name: k.Name, Method: integrations.AuthAPIKey, Values: k.Values})
	}
	return out
}

// KeyFailures are the failure scripts of API keys the institution refuses,
// each wanting its Want (ErrInvalidCredentials when nil).
func KeyFailures(keys ...Key) []brokertest.FailureScript {
	out := make([]brokertest.FailureScript, 0, len(keys))
	for _, k := range keys {
		want := k.Want
		if want == nil {
			want = integrations.ErrInvalidCredentials
		}
		out = append(out, brokertest.FailureScript{Name: k.Name, Want: want,
			Script: brokertest.LoginScript{Method: integrations.AuthAPIKey, Values: k.Values}})
	}
	return out
}

// ExchangeActivities are the kinds of activity an exchange's fake serves
// beyond its trades' buys and sells: deposits and withdrawals of cash and of
// coins.
var ExchangeActivities = []integrations.ActivityType{
	integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
	integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
}

// ExchangeExpect is what a crypto exchange's fake serves the suite: one
// account, at least five coins (crypto) and thirty activities over pages,
// balances in currencies, activities of the types given.
func ExchangeExpect(currencies []string, types ...integrations.ActivityType) brokertest.Expect {
	return brokertest.Expect{
		MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
		Currencies: currencies, ActivityTypes: types,
		SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
	}
}
