package fake

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/binance"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Institution ids the fake serves (the binance package's ID and USID).
const (
	ID   = "binance"
	USID = "binance-us"
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

// Harness is the conformance harness of a Binance variant (a
// brokertest.HarnessFunc): the fake counts the documented weights, and the
// integration's waits for the next window move the fake's clock.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	id := in.Institution().ID
	quote := "USDT"
	switch id {
	case ID:
	case USID:
		quote = "USD"
	default:
		return brokertest.Harness{}, false
	}
	apikey := integrations.AuthAPIKey
	fail := func(name string, want error, values map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: apikey, Values: values}}
	}
	logins := []brokertest.LoginScript{{Name: "demo key", Method: apikey, Values: Keys(DemoKey, DemoSecret)}}
	if id == ID { // the uid names the account whatever the key
		logins = append(logins, brokertest.LoginScript{Name: "second key", Method: apikey, Values: Keys(SecondKey, DemoSecret)})
	}
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			env, srv, clk := Start(t, in, Options{})
			return in.(*binance.Integration).WithSleep(fakekit.ClockSleep(clk)), env, seen{srv, srv.Counts(id)}
		},
		Logins: logins,
		LoginFailures: []brokertest.FailureScript{
			fail("unknown key", integrations.ErrInvalidCredentials, Keys("LKnotABinanceKey00000000000000000000000000000000000000000000000", DemoSecret)),
			fail("wrong secret", integrations.ErrInvalidCredentials, Keys(DemoKey, "LKwrongBinanceSecret000000000000000000000000000000000000000000x")),
			fail("no reading permission", integrations.ErrInvalidCredentials, Keys(NoReadKey, DemoSecret)),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies: []string{quote, "BTC"},
			ActivityTypes: []integrations.ActivityType{
				integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
				integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
			},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
		},
		// The ticker prices the balances apart from them.
		PriceEndpoint: "/api/v3/ticker/price",
	}, true
}

// seen is the fake seen from one institution, counting what it serves.
type seen struct {
	*Server
	brokertest.Counter
}
