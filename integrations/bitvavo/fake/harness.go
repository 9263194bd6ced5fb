package fake

import (
	"cmp"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// SetClock sets the fake's clock (fakekit.Clocked: what Start's fakekit.Launch
// sets).
func (o *Options) SetClock(now func() time.Time) { o.Now = now }

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock. A zero opts.RateLimit puts the limit out of the way.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	opts.RateLimit = cmp.Or(opts.RateLimit, fakekit.Unlimited)
	return fakekit.Launch(t, in, nil, New, opts)
}

// Keys are the API-key form's values.
func Keys(key, secret string) map[string]string {
	return map[string]string{"key_id": key, "secret": secret}
}

// Harness is Bitvavo's conformance harness (a brokertest.HarnessFunc): View
// keys; the ticker call prices the positions apart from the balance.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if in.Institution().ID != InstitutionID {
		return brokertest.Harness{}, false
	}
	return brokertest.Harness{
		New: fakekit.Serve(in, Start),
		Logins: fakekit.Logins(integrations.AuthAPIKey,
			fakekit.Form{Name: "view key", Values: Keys(DemoKey, DemoSecret)},
		),
		LoginFailures: fakekit.Failures(integrations.AuthAPIKey,
			fakekit.Form{Name: "unknown key", Values: Keys("LKnotABitvavoKey000000000000000000000000000000000000000000000000", DemoSecret)},
			fakekit.Form{Name: "short key", Values: Keys("LKshortKey", DemoSecret)},
			fakekit.Form{Name: "wrong secret", Values: Keys(DemoKey, "LKwrongBitvavoSecret000000000000")},
			fakekit.Form{Name: "no view permission", Values: Keys(NoViewKey, DemoSecret)},
		),
		PriceEndpoint: "/v2/ticker/price",
		Expect:        fakekit.ExchangeExpect([]string{"EUR", "BTC"}, fakekit.ExchangeActivities...),
	}, true
}
