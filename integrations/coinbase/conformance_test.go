package coinbase_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/coinbase"
	"github.com/latchkey/latchkey/integrations/coinbase/fake"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// t0 is the fixed clock of the tests.
var t0 = time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)

// freePort returns a loopback port that was free a moment ago: the
// registered redirect port of the test app (the default one may be taken by
// another test binary).
func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// newRig starts a fake and returns the integration, an Env pointing at the
// fake with the app's own HTTP client (waits shrunk), and the fake.
func newRig(t testing.TB, opts fake.Options) (integrations.Integration, integrations.Env, *fake.Server) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return t0 }
	}
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := coinbase.New()[0]
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{
		Endpoints: f.Endpoints()[coinbase.ID],
		HTTP:      hc,
		Now:       opts.Now,
		App:       &integrations.AppRegistration{ClientID: "latchkey-test-client", ClientSecret: "test-client-secret", RedirectPort: freePort(t)},
	}
	return in, env, f
}

// press answers the BrowserStep by pressing a button of the consent page.
func press(button string) func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		if b, ok := s.(*integrations.BrowserStep); ok {
			_, err := brokertest.SubmitForm(ctx, b.URL, map[string]string{"decision": button})
			return integrations.Answer{}, err
		}
		return brokertest.AutoAnswer(ctx, s, nil)
	}
}

func TestConformance(t *testing.T) {
	oauth := integrations.AuthOAuth2
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			in, env, f := newRig(t, fake.Options{})
			return in, env, f
		},
		Logins: []brokertest.LoginScript{
			{Name: "satoshi", Method: oauth, Refreshes: true, Answer: press("approve")},
		},
		LoginFailures: []brokertest.FailureScript{
			{Name: "denied", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: press("deny")}},
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 6, MinActivities: 230, Paginated: true,
			Currencies: []string{"USD", "EUR"},
			ActivityTypes: []integrations.ActivityType{
				integrations.ActivityBuy, integrations.ActivitySell, integrations.ActivityContribution,
				integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityTransferOut,
				integrations.ActivityInterest, integrations.ActivityOther,
			},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityCrypto},
		},
	})
}
