package fake

import (
	"cmp"
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{ID, HKID}, New: New,
	Prepare: func(o *Options, now func() time.Time, id string) {
		o.Now, o.RateLimit, o.HK = now, cmp.Or(o.RateLimit, fakekit.Unlimited), id == HKID
	}}

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock.
var Start = rig.Start

// Keys are the key form's values (token only for Tiger Brokers Hong Kong).
func Keys(tigerID, privateKey, token string) map[string]string {
	v := map[string]string{"tiger_id": tigerID, "private_key": privateKey}
	if token != "" {
		v["token"] = token
	}
	return v
}

// PEM is a private key's base64 body wrapped as a PEM block, as a user may
// paste it.
func PEM(body string) string {
	out := "-----BEGIN RSA PRIVATE KEY-----\n"
	for len(body) > 64 {
		out += body[:64] + "\n"
		body = body[64:]
	}
	return out + body + "\n-----END RSA PRIVATE KEY-----\n"
}

// withToken answers the form with values and a token the fake mints now.
func withToken(values map[string]string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, f brokertest.Fake, step integrations.Step) (integrations.Answer, error) {
		v := fakekit.With(values)
		if _, ok := v["token"]; !ok {
			v["token"] = f.(*Server).NewToken()
		}
		return brokertest.AutoAnswer(ctx, step, v)
	}
}

// Harness is the conformance harness of Tiger Brokers and Tiger Brokers
// Hong Kong (a brokertest.HarnessFunc).
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(id string) brokertest.Harness {
		apikey := integrations.AuthAPIKey
		tigerID, token := TigerID, ""
		if id == HKID {
			tigerID = HKTigerID
		}
		script := func(name string, values map[string]string) brokertest.LoginScript {
			s := brokertest.LoginScript{Name: name, Method: apikey, Values: values}
			if id == HKID {
				s.Values, s.Answer = nil, withToken(values)
			}
			return s
		}
		fail := func(name string, want error, values map[string]string) brokertest.FailureScript {
			return brokertest.FailureScript{Name: name, Want: want, Script: script(name, values)}
		}
		h := brokertest.Harness{
			Logins: []brokertest.LoginScript{
				script("pk1 body", Keys(tigerID, DemoPrivateKey, token)),
				script("PEM block", Keys(tigerID, PEM(DemoPrivateKey), token)),
			},
			LoginFailures: []brokertest.FailureScript{
				fail("wrong key", integrations.ErrInvalidCredentials, Keys(tigerID, OtherPrivateKey, token)),
				fail("unknown Tiger ID", integrations.ErrInvalidCredentials, Keys("20159999", DemoPrivateKey, token)),
				fail("not a key", integrations.ErrInvalidCredentials, Keys(tigerID, "not a private key", token)),
			},
			Expect: brokertest.Expect{
				MinAccounts: 2, MinPositions: 3, MinActivities: 90, Paginated: true,
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
					integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityDividend,
					integrations.ActivityInterest, integrations.ActivityFee, integrations.ActivityTax, integrations.ActivityOther},
				FullAccountNumbers: AccountNumbers(tigerID),
				Since:              fakekit.T0.AddDate(-1, 0, 0),
			},
		}
		if id == HKID {
			h.Expect.Currencies = []string{"HKD", "USD"}
			h.Expect.SecurityTypes = []integrations.SecurityType{integrations.SecurityEquity}
			h.LoginFailures = append(h.LoginFailures,
				brokertest.FailureScript{Name: "bad token", Want: integrations.ErrInvalidCredentials,
					Script: brokertest.LoginScript{Method: apikey, Values: Keys(tigerID, DemoPrivateKey, "bm90IGEgdG9rZW4=")}},
				brokertest.FailureScript{Name: "token not issued", Want: integrations.ErrInvalidCredentials,
					Script: brokertest.LoginScript{Method: apikey, Values: Keys(tigerID, DemoPrivateKey,
						"MTc3MzgxNjY0NTAwMCwxOTczODE2NjQ1MDAwAAAAAAAAAAA=")}})
		} else {
			h.Expect.Currencies = []string{"USD", "SGD", "HKD"}
			h.Expect.SecurityTypes = []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityOption, integrations.SecurityOther}
		}
		return h
	})
}
