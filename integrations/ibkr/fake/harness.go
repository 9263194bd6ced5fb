package fake

import (
	"cmp"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Values returns the form a user fills for a variant (LiveID or PaperID):
// the field names of the ibkr package's method.
func Values(id string) map[string]string {
	if id == PaperID {
		return map[string]string{"consumer_key": PaperConsumerKey, "access_token": PaperAccessToken,
			"access_token_secret": PaperAccessTokenSecret, "signature_key": PaperSignatureKey,
			"encryption_key": PaperEncryptionKey, "dh_params": DHParams}
	}
	return map[string]string{"consumer_key": LiveConsumerKey, "access_token": LiveAccessToken,
		"access_token_secret": LiveAccessTokenSecret, "signature_key": LiveSignatureKey,
		"encryption_key": LiveEncryptionKey, "dh_params": DHParams}
}

// Accounts returns the account numbers of a variant's username.
func Accounts(id string) []string {
	if id == PaperID {
		return []string{PaperAccount}
	}
	return []string{LiveAccount, LiveIRA}
}

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{LiveID, PaperID}, New: New,
	Prepare: func(o *Options, now func() time.Time, _ string) {
		// The harness's clock stands still: a per-second window never ends.
		o.Now, o.RateLimit = now, cmp.Or(o.RateLimit, fakekit.Unlimited)
	},
	// 30 a page, as IBKR's older description of the endpoint has it: the
	// live account's 35 rows take two pages.
	Suite: Options{PageSize: 30},
	Count: func(srv *Server, id string, list brokertest.List, accountID string) int {
		nums := Accounts(id)
		return brokertest.CountRows(list, accountID, len(nums), func(i int) (string, int, int) {
			p := srv.Portfolio(nums[i])
			return integrations.AccountHash(id, nums[i]), p.OpenPositions(), len(p.Trades)
		})
	}}

// Start runs a fake for a harness or a test: the Env for in, and the fake
// with its clock standing at fakekit.T0. A zero RateLimit means none.
var Start = rig.Start

// Harness is the conformance harness of an IBKR variant (a
// brokertest.HarnessFunc): the keys login of its username, and the ways a
// user gets the keys wrong.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(id string) brokertest.Harness {
		other := PaperID
		if id == PaperID {
			other = LiveID
		}
		key := integrations.AuthAPIKey
		vals := Values(id)
		fail := func(name string, v map[string]string) brokertest.FailureScript {
			return brokertest.FailureScript{Name: name, Want: integrations.ErrInvalidCredentials,
				Script: brokertest.LoginScript{Method: key, Values: v}}
		}
		full := Accounts(id)
		return brokertest.Harness{
			Logins: []brokertest.LoginScript{{Name: "oauth keys", Method: key, Values: vals, Refreshes: true}},
			LoginFailures: []brokertest.FailureScript{
				fail("unknown consumer key", fakekit.With(vals, "consumer_key", "NOSUCHKEY")),
				fail("wrong access token", fakekit.With(vals, "access_token", "0000000000aaaaaaaaaa")),
				fail("wrong signature key", fakekit.With(vals, "signature_key", OtherKey)),
				fail("wrong encryption key", fakekit.With(vals, "encryption_key", OtherKey)),
				fail("not a key", fakekit.With(vals, "signature_key", "ssh-rsa AAAAB3NzaC1yc2E")),
				fail("not DH parameters", fakekit.With(vals, "dh_params", "00ff")),
				fail("other environment's keys", Values(other)),
			},
			Expect: brokertest.Expect{
				MinAccounts: len(full), MinPositions: 5, MinActivities: 3, Paginated: id == LiveID,
				Currencies: map[string][]string{LiveID: {"USD", "EUR"}, PaperID: {"USD", "AUD"}}[id],
				ActivityTypes: map[string][]integrations.ActivityType{
					LiveID:  {integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityOther},
					PaperID: {integrations.ActivityBuy, integrations.ActivitySell}}[id],
				SecurityTypes: map[string][]integrations.SecurityType{
					LiveID: {integrations.SecurityEquity, integrations.SecurityETF, integrations.SecurityOption, integrations.SecurityBond,
						integrations.SecurityCash, integrations.SecurityCrypto, integrations.SecurityOther},
					PaperID: {integrations.SecurityEquity, integrations.SecurityETF}}[id],
				FullAccountNumbers: full,
			},
		}
	})
}
