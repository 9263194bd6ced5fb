package kraken_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/kraken"
	"github.com/latchkey/latchkey/integrations/kraken/fake"
)

// now is the tests' clock: after the fake's ledger.
var now = time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// newRig starts a fake and returns the integration and an Env pointing at
// it, with the app's HTTP client (its waits shrunk).
func newRig(t testing.TB) (integrations.Integration, integrations.Env, *fake.Server) {
	t.Helper()
	f, err := fake.New(fake.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := kraken.New()[0]
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{Endpoints: f.Endpoints()[kraken.ID], HTTP: hc, Now: clock}
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
			return newRig(t)
		},
		Logins: []brokertest.LoginScript{
			{Name: "demo key", Method: apikey, Values: keys(fake.DemoKey, fake.DemoSecret)},
			{Name: "second key", Method: apikey, Values: keys(fake.SecondKey, fake.DemoSecret)},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("unknown key", integrations.ErrInvalidCredentials, keys("LKnotAKrakenKey000000000000000000000000000000000000000000", fake.DemoSecret)),
			fail("wrong private key", integrations.ErrInvalidCredentials, keys(fake.DemoKey, "d3JvbmctcHJpdmF0ZS1rZXktZm9yLWtyYWtlbg==")),
			fail("private key not base64", integrations.ErrInvalidCredentials, keys(fake.DemoKey, "not base64 at all!")),
			fail("no ledger permission", integrations.ErrInvalidCredentials, keys(fake.NoLedgerKey, fake.DemoSecret)),
			fail("locked", integrations.ErrAccountLocked, keys(fake.LockedKey, fake.DemoSecret)),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies: []string{"USD", "EUR", "BTC"},
			ActivityTypes: []integrations.ActivityType{
				integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
				integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
				integrations.ActivityInterest, integrations.ActivityOther,
			},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
		},
	})
}
