package fake

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/kraken"
)

// Start runs a fake for a harness or a test with opts (its clock set to a
// fresh fakekit.Clock), and returns the Env for in and the fake with the
// clock.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	return fakekit.Start(t, in, nil, func(clk *fakekit.Clock) (*Server, error) {
		opts.Now = clk.Now
		return New(opts)
	})
}

// Keys is the API-key form's values.
func Keys(key, secret string) map[string]string {
	return map[string]string{"key_id": key, "secret": secret}
}

// Harness is Kraken's conformance harness (a brokertest.HarnessFunc). The
// fake's counter is Unmetered: the suite's clock stands still.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if in.Institution().ID != "kraken" {
		return brokertest.Harness{}, false
	}
	apikey := integrations.AuthAPIKey
	fail := func(name string, want error, values map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: apikey, Values: values}}
	}
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			env, srv, clk := Start(t, in, Options{Tier: &Unmetered})
			return in.(*kraken.Integration).WithSleep(fakekit.ClockSleep(clk)), env, srv
		},
		Logins: []brokertest.LoginScript{
			{Name: "demo key", Method: apikey, Values: Keys(DemoKey, DemoSecret)},
			{Name: "second key", Method: apikey, Values: Keys(SecondKey, DemoSecret)},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("unknown key", integrations.ErrInvalidCredentials, Keys("LKnotAKrakenKey000000000000000000000000000000000000000000", DemoSecret)),
			fail("wrong private key", integrations.ErrInvalidCredentials, Keys(DemoKey, "d3JvbmctcHJpdmF0ZS1rZXktZm9yLWtyYWtlbg==")),
			fail("private key not base64", integrations.ErrInvalidCredentials, Keys(DemoKey, "not base64 at all!")),
			fail("no ledger permission", integrations.ErrInvalidCredentials, Keys(NoLedgerKey, DemoSecret)),
			fail("locked", integrations.ErrAccountLocked, Keys(LockedKey, DemoSecret)),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies: []string{"USD", "EUR", "BTC"},
			ActivityTypes: []integrations.ActivityType{
				integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
				integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
				integrations.ActivityInterest, integrations.ActivityOther,
			},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
		},
		// AssetPairs and Ticker price the balances apart from them.
		PriceEndpoint: "/0/public/Ticker",
	}, true
}
