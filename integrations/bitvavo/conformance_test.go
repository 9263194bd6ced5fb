package bitvavo_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/bitvavo"
	"github.com/latchkey/latchkey/integrations/bitvavo/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// now is the tests' clock: after the fake's history.
var now = time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

func newRig(t testing.TB, opts fake.Options) (integrations.Integration, integrations.Env, *fake.Server) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = clock
	}
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := bitvavo.New()[0]
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{Endpoints: f.Endpoints()[bitvavo.ID], HTTP: hc, Now: clock}
	return in, env, f
}

func keys(key, secret string) map[string]string {
	return map[string]string{"key_id": key, "secret": secret}
}

func TestConformance(t *testing.T) {
	apikey := integrations.AuthAPIKey
	fail := func(name string, want error, values map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: apikey, Values: values}}
	}
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			return newRig(t, fake.Options{})
		},
		Logins: []brokertest.LoginScript{
			{Name: "view key", Method: apikey, Values: keys(fake.DemoKey, fake.DemoSecret)},
			{Name: "second key", Method: apikey, Values: keys(fake.SecondKey, fake.DemoSecret)},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("unknown key", integrations.ErrInvalidCredentials, keys("LKnotABitvavoKey000000000000000000000000000000000000000000000000", fake.DemoSecret)),
			fail("short key", integrations.ErrInvalidCredentials, keys("LKshortKey", fake.DemoSecret)),
			fail("wrong secret", integrations.ErrInvalidCredentials, keys(fake.DemoKey, "LKwrongBitvavoSecret000000000000")),
			fail("no view permission", integrations.ErrInvalidCredentials, keys(fake.NoViewKey, fake.DemoSecret)),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies: []string{"EUR", "BTC"},
			ActivityTypes: []integrations.ActivityType{
				integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
				integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
			},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
		},
	})
}
