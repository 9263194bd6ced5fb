package fake

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/wealthsimple"
)

// T0 is the harness's "now"; the data is anchored to its day.
var T0 = time.Date(2026, 3, 16, 15, 4, 5, 0, time.UTC)

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock standing at T0.
func Start(t testing.TB, in integrations.Integration) (integrations.Env, *Server, *fakekit.Clock) {
	return rig.Start(t, in, Options{})
}

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{wealthsimple.ID}, New: New, At: T0,
	Prepare: func(o *Options, now func() time.Time, _ string) { o.Now = now }}

// Creds are the login values of an e-mail with the fake's password, and
// any extra name-value pairs (a "code").
func Creds(user string, extra ...string) map[string]string {
	return fakekit.With(map[string]string{"username": user, "password": Password}, extra...)
}

// Harness is Wealthsimple's conformance harness (a brokertest.HarnessFunc):
// two-step codes by SMS and from an app, no two-step, and the refusals.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		cred := integrations.AuthCredentials
		return brokertest.Harness{
			Logins: fakekit.Logins(cred,
				fakekit.Form{Name: "sms code", Refreshes: true, Values: Creds("ws_user@example.com", "code", OTPCode)},
				fakekit.Form{Name: "authenticator code", Refreshes: true, Values: Creds("ws_app@example.com", "code", OTPCode)},
				fakekit.Form{Name: "no two-step", Refreshes: true, Values: Creds("ws_nootp@example.com")},
			),
			LoginFailures: fakekit.Failures(cred,
				fakekit.Form{Name: "wrong password", Values: map[string]string{"username": "ws_user@example.com", "password": "ws-password-2"}},
				fakekit.Form{Name: "unknown e-mail", Values: Creds("nobody@example.com")},
				fakekit.Form{Name: "wrong code", Want: integrations.ErrInvalidMFACode, Values: Creds("ws_user@example.com", "code", "135790")},
				fakekit.Form{Name: "locked", Want: integrations.ErrAccountLocked, Values: Creds("ws_locked@example.com")},
			),
			Expect: brokertest.Expect{
				MinAccounts: 3, MinPositions: 6, MinActivities: 30, Paginated: true,
				Currencies: []string{"CAD", "USD"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend,
					integrations.ActivityTax, integrations.ActivityInterest, integrations.ActivityContribution, integrations.ActivityWithdrawal,
					integrations.ActivityTransferIn, integrations.ActivityTransferOut, integrations.ActivitySplit, integrations.ActivityOther},
				SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF},
				FullAccountNumbers: FullAccountNumbers(),
				Since:              T0.AddDate(-1, 0, 0),
			},
		}
	})
}
