package binance_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/binance"
	"github.com/latchkey/latchkey/integrations/binance/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// now is the tests' clock: after the fake's history.
var now = time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// harnessFake is a fake site seen as one institution.
type harnessFake struct {
	*fake.Server
	brokertest.Counter
}

func newRig(t testing.TB, id string, opts fake.Options) (integrations.Integration, integrations.Env, *fake.Server) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = clock
	}
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	var in integrations.Integration
	for _, x := range binance.New() {
		if x.Institution().ID == id {
			in = x
		}
	}
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{Endpoints: f.Endpoints()[id], HTTP: hc, Now: clock}
	return in, env, f
}

func keys(key, secret string) map[string]string {
	return map[string]string{"key_id": key, "secret": secret}
}

func harness(id, quote string) brokertest.Harness {
	apikey := integrations.AuthAPIKey
	fail := func(name string, want error, values map[string]string) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: brokertest.LoginScript{Method: apikey, Values: values}}
	}
	logins := []brokertest.LoginScript{{Name: "demo key", Method: apikey, Values: keys(fake.DemoKey, fake.DemoSecret)}}
	if id == binance.ID { // the uid names the account whatever the key
		logins = append(logins, brokertest.LoginScript{Name: "second key", Method: apikey, Values: keys(fake.SecondKey, fake.DemoSecret)})
	}
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			in, env, f := newRig(t, id, fake.Options{})
			return in, env, harnessFake{f, f.Counts(id)}
		},
		Logins: logins,
		LoginFailures: []brokertest.FailureScript{
			fail("unknown key", integrations.ErrInvalidCredentials, keys("LKnotABinanceKey00000000000000000000000000000000000000000000000", fake.DemoSecret)),
			fail("wrong secret", integrations.ErrInvalidCredentials, keys(fake.DemoKey, "LKwrongBinanceSecret000000000000000000000000000000000000000000x")),
			fail("no reading permission", integrations.ErrInvalidCredentials, keys(fake.NoReadKey, fake.DemoSecret)),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies: []string{quote, "BTC"},
			ActivityTypes: []integrations.ActivityType{
				integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
				integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
			},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
		},
	}
}

func TestConformanceBinance(t *testing.T)   { brokertest.Run(t, harness(binance.ID, "USDT")) }
func TestConformanceBinanceUS(t *testing.T) { brokertest.Run(t, harness(binance.USID, "USD")) }
