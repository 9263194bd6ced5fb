package coinbaseadv_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/coinbaseadv"
	"github.com/latchkey/latchkey/integrations/coinbaseadv/fake"
	"github.com/latchkey/latchkey/integrations/httpx"
)

var now = time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

func newRig(t testing.TB) (integrations.Integration, integrations.Env, *fake.Server) {
	t.Helper()
	f, err := fake.New(fake.Options{Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := coinbaseadv.New()[0]
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{Endpoints: f.Endpoints()[coinbaseadv.ID], HTTP: hc, Now: clock}
	return in, env, f
}

func keys(name, pem string) map[string]string {
	return map[string]string{"key_id": name, "private_key": pem}
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
			{Name: "view key", Method: apikey, Values: keys(fake.DemoKeyName, fake.DemoPrivateKey)},
			{Name: "second key", Method: apikey, Values: keys(fake.SecondKeyName, fake.DemoPrivateKey)},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("unknown key", integrations.ErrInvalidCredentials, keys("organizations/lk-demo-org/apiKeys/nobody", fake.DemoPrivateKey)),
			fail("wrong private key", integrations.ErrInvalidCredentials, keys(fake.DemoKeyName, fake.OtherPrivateKey)),
			fail("not a PEM", integrations.ErrInvalidCredentials, keys(fake.DemoKeyName, "not a private key at all")),
			fail("no view permission", integrations.ErrInvalidCredentials, keys(fake.NoViewKeyName, fake.DemoPrivateKey)),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies:    []string{"USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityOther},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
		},
	})
}
