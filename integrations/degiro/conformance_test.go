package degiro_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/degiro"
	"github.com/latchkey/latchkey/integrations/degiro/fake"
	"github.com/latchkey/latchkey/integrations/httpx"
)

var t0 = time.Date(2026, 3, 16, 15, 4, 5, 0, time.UTC)

func clock() time.Time { return t0 }

func newRig(t testing.TB) (integrations.Integration, integrations.Env, *fake.Server) {
	f, err := fake.New(fake.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := degiro.NewPolling(time.Millisecond)
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	return in, integrations.Env{Endpoints: f.Endpoints()[degiro.ID], HTTP: hc, Now: clock}, f
}

func creds(user string, extra ...string) map[string]string {
	v := map[string]string{"username": user, "password": fake.Password}
	for i := 0; i+1 < len(extra); i += 2 {
		v[extra[i]] = extra[i+1]
	}
	return v
}

func TestConformance(t *testing.T) {
	cred := integrations.AuthCredentials
	fail := func(name string, want error, v map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: cred, Values: v}}
	}
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			in, env, f := newRig(t)
			return in, env, f
		},
		Logins: []brokertest.LoginScript{
			{Name: "dg_user", Method: cred, Values: creds("dg_user")},
			{Name: "dg_totp", Method: cred, Values: creds("dg_totp", "code", fake.TOTPCode)},
			{Name: "dg_app", Method: cred, Values: creds("dg_app")},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("wrong password", integrations.ErrInvalidCredentials, map[string]string{"username": "dg_user", "password": "dg-password-2"}),
			fail("wrong code", integrations.ErrInvalidMFACode, creds("dg_totp", "code", "654321")),
			fail("denied in the app", integrations.ErrApprovalDenied, creds("dg_deny")),
			fail("blocked", integrations.ErrAccountLocked, creds("dg_blocked")),
			fail("captcha", integrations.ErrAccountLocked, creds("dg_captcha")),
			fail("maintenance", integrations.ErrUnavailable, creds("dg_maint")),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 40,
			Currencies: []string{"EUR", "USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend,
				integrations.ActivityTax, integrations.ActivityFee, integrations.ActivityContribution, integrations.ActivityWithdrawal,
				integrations.ActivityInterest, integrations.ActivityOther},
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF, integrations.SecurityBond},
			FullAccountNumbers: []string{strconv.Itoa(fake.IntAccount)},
			Since:              t0.AddDate(-1, 0, 0),
		},
	})
}
