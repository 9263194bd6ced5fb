package fake

import (
	"cmp"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{ID, DemoID}, New: New,
	Prepare: func(o *Options, now func() time.Time, id string) {
		o.Now, o.RateLimit, o.Demo = now, cmp.Or(o.RateLimit, fakekit.Unlimited), id == DemoID
	}}

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock.
var Start = rig.Start

// Keys are the key form's values.
func Keys(apiKey, userKey, expires string) map[string]string {
	v := map[string]string{"api_key": apiKey, "user_key": userKey}
	if expires != "" {
		v["expires"] = expires
	}
	return v
}

// Harness is the conformance harness of eToro, real and virtual (a
// brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(id string) brokertest.Harness {
		apikey := integrations.AuthAPIKey
		userKey, otherEnv := RealUserKey, DemoUserKey
		types := []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityCrypto, integrations.SecurityETF,
			integrations.SecurityOther, integrations.SecurityFund}
		if id == DemoID {
			userKey, otherEnv = DemoUserKey, RealUserKey
			types = types[:4] // no copy-trading mirror in the demo portfolio
		}
		return brokertest.Harness{
			Logins: fakekit.Logins(apikey,
				fakekit.Form{Name: "keys", Values: Keys(DemoAPIKey, userKey, "")},
				fakekit.Form{Name: "keys with expiry", Values: Keys(DemoAPIKey, userKey, "2099-12-31")},
			),
			LoginFailures: fakekit.Failures(apikey,
				fakekit.Form{Name: "wrong user key", Values: Keys(DemoAPIKey, "eyJub3QiOiJhIGtleSJ9", "")},
				fakekit.Form{Name: "other environment's key", Values: Keys(DemoAPIKey, otherEnv, "")},
				fakekit.Form{Name: "wrong public key", Values: Keys("not-the-public-key", userKey, "")},
				fakekit.Form{Name: "expired key", Values: Keys(DemoAPIKey, userKey, "2020-01-31")},
				fakekit.Form{Name: "bad expiry date", Values: Keys(DemoAPIKey, userKey, "31/12/2099")},
			),
			PriceEndpoint: instrumentsPath,
			Expect: brokertest.Expect{
				MinAccounts: 1, MinPositions: 4, MinActivities: 40, Paginated: true,
				Currencies:         []string{"USD"},
				ActivityTypes:      []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityOther},
				SecurityTypes:      types,
				FullAccountNumbers: []string{"7765437"},
				Since:              fakekit.T0.AddDate(0, 0, -300),
			},
		}
	})
}
