package fake

import (
	"strconv"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/degiro"
)

// T0 is the harness's "now"; the data is anchored to its day.
var T0 = time.Date(2026, 3, 16, 15, 4, 5, 0, time.UTC)

// rig is the fake's harness wiring (fakekit.Rig): how it starts for the
// suite and the tests.
var rig = fakekit.Rig[Options, *Server]{IDs: []string{degiro.ID}, New: New, At: T0,
	Prepare: func(o *Options, now func() time.Time, _ string) { o.Now = now },
	Polls:   true}

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock standing at T0.
var Start = rig.Start

// Creds are the login values of a username with the fake's password, and
// any extra name-value pairs (a "code").
func Creds(user string, extra ...string) map[string]string {
	return fakekit.With(map[string]string{"username": user, "password": Password}, extra...)
}

// Harness is DEGIRO's conformance harness (a brokertest.HarnessFunc): a
// plain login, a TOTP code, an approval in the app (polled every
// millisecond), and the refusals.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	return rig.Harness(in, func(string) brokertest.Harness {
		cred := integrations.AuthCredentials
		return brokertest.Harness{
			Logins: fakekit.Logins(cred,
				fakekit.Form{Name: "dg_user", Values: Creds("dg_user")},
				fakekit.Form{Name: "dg_totp", Values: Creds("dg_totp", "code", TOTPCode)},
				fakekit.Form{Name: "dg_app", Values: Creds("dg_app")},
			),
			LoginFailures: fakekit.Failures(cred,
				fakekit.Form{Name: "wrong password", Values: map[string]string{"username": "dg_user", "password": "dg-password-2"}},
				fakekit.Form{Name: "wrong code", Want: integrations.ErrInvalidMFACode, Values: Creds("dg_totp", "code", "654321")},
				fakekit.Form{Name: "denied in the app", Want: integrations.ErrApprovalDenied, Values: Creds("dg_deny")},
				fakekit.Form{Name: "blocked", Want: integrations.ErrAccountLocked, Values: Creds("dg_blocked")},
				fakekit.Form{Name: "captcha", Want: integrations.ErrAccountLocked, Values: Creds("dg_captcha")},
				fakekit.Form{Name: "maintenance", Want: integrations.ErrUnavailable, Values: Creds("dg_maint")},
			),
			Expect: brokertest.Expect{
				MinAccounts: 1, MinPositions: 5, MinActivities: 40,
				Currencies: []string{"EUR", "USD"},
				ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend,
					integrations.ActivityTax, integrations.ActivityFee, integrations.ActivityContribution, integrations.ActivityWithdrawal,
					integrations.ActivityInterest, integrations.ActivityOther},
				SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF, integrations.SecurityBond},
				FullAccountNumbers: []string{strconv.Itoa(IntAccount)},
				Since:              T0.AddDate(-1, 0, 0),
			},
		}
	})
}
