package fake

import (
	"strconv"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/degiro"
)

// T0 is the harness's "now"; the data is anchored to its day.
var T0 = time.Date(2026, 3, 16, 15, 4, 5, 0, time.UTC)

// Start runs a fake for a harness or a test: the Env for in and the fake
// with its clock standing at T0.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	env, srv, clk := fakekit.Start(t, in, nil, func(clk *fakekit.Clock) (*Server, error) {
		opts.Now = clk.Now
		return New(opts)
	})
	clk.Set(T0)
	return env, srv, clk
}

// Creds are the login values of a username with the fake's password, and
// any extra name-value pairs (a "code").
func Creds(user string, extra ...string) map[string]string {
	v := map[string]string{"username": user, "password": Password}
	for i := 0; i+1 < len(extra); i += 2 {
		v[extra[i]] = extra[i+1]
	}
	return v
}

// poller is the degiro integration's hook to ask for an in-app approval
// more often than every 2 s.
type poller interface {
	WithPollInterval(d time.Duration) integrations.Integration
}

// Harness is DEGIRO's conformance harness (a brokertest.HarnessFunc): a
// plain login, a TOTP code, an approval in the app (polled every
// millisecond), and the refusals.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	p, ok := in.(poller)
	if !ok || in.Institution().ID != degiro.ID {
		return brokertest.Harness{}, false
	}
	cred := integrations.AuthCredentials
	fail := func(name string, want error, v map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: cred, Values: v}}
	}
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			env, srv, _ := Start(t, in, Options{})
			return p.WithPollInterval(time.Millisecond), env, srv
		},
		Logins: []brokertest.LoginScript{
			{Name: "dg_user", Method: cred, Values: Creds("dg_user")},
			{Name: "dg_totp", Method: cred, Values: Creds("dg_totp", "code", TOTPCode)},
			{Name: "dg_app", Method: cred, Values: Creds("dg_app")},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("wrong password", integrations.ErrInvalidCredentials, map[string]string{"username": "dg_user", "password": "dg-password-2"}),
			fail("wrong code", integrations.ErrInvalidMFACode, Creds("dg_totp", "code", "654321")),
			fail("denied in the app", integrations.ErrApprovalDenied, Creds("dg_deny")),
			fail("blocked", integrations.ErrAccountLocked, Creds("dg_blocked")),
			fail("captcha", integrations.ErrAccountLocked, Creds("dg_captcha")),
			fail("maintenance", integrations.ErrUnavailable, Creds("dg_maint")),
		},
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
	}, true
}
