package wealthsimple_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/wealthsimple"
	"github.com/latchkey/latchkey/integrations/wealthsimple/fake"
)

var t0 = time.Date(2026, 3, 16, 15, 4, 5, 0, time.UTC)

func clock() time.Time { return t0 }

func newRig(t testing.TB) (integrations.Integration, integrations.Env, *fake.Server) {
	f, err := fake.New(fake.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := wealthsimple.New()[0]
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	return in, integrations.Env{Endpoints: f.Endpoints()[wealthsimple.ID], HTTP: hc, Now: clock}, f
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
			{Name: "sms code", Method: cred, Refreshes: true, Values: creds("ws_user@example.com", "code", fake.OTPCode)},
			{Name: "authenticator code", Method: cred, Refreshes: true, Values: creds("ws_app@example.com", "code", fake.OTPCode)},
			{Name: "no two-step", Method: cred, Refreshes: true, Values: creds("ws_nootp@example.com")},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("wrong password", integrations.ErrInvalidCredentials, map[string]string{"username": "ws_user@example.com", "password": "ws-password-2"}),
			fail("unknown e-mail", integrations.ErrInvalidCredentials, creds("nobody@example.com")),
			fail("wrong code", integrations.ErrInvalidMFACode, creds("ws_user@example.com", "code", "135790")),
			fail("locked", integrations.ErrAccountLocked, creds("ws_locked@example.com")),
		},
		Expect: brokertest.Expect{
			MinAccounts: 3, MinPositions: 6, MinActivities: 30, Paginated: true,
			Currencies: []string{"CAD", "USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityDividend,
				integrations.ActivityTax, integrations.ActivityInterest, integrations.ActivityContribution, integrations.ActivityWithdrawal,
				integrations.ActivityTransferIn, integrations.ActivityTransferOut, integrations.ActivitySplit, integrations.ActivityOther},
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF},
			FullAccountNumbers: fake.FullAccountNumbers(),
			Since:              t0.AddDate(-1, 0, 0),
		},
	})
}
