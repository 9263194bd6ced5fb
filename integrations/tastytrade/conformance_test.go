package tastytrade_test

import (
	"context"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/tastytrade"
	"github.com/latchkey/latchkey/integrations/tastytrade/fake"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 16, 15, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

const clientSecret = "tt-client-secret-0001"

type rig struct {
	fake *fake.Server
	clk  *clock
	env  integrations.Env
	in   integrations.Integration
}

func integration(id string) integrations.Integration {
	for _, in := range tastytrade.New() {
		if in.Institution().ID == id {
			return in
		}
	}
	panic("no " + id)
}

func newRig(t testing.TB, id string, opts fake.Options) *rig {
	t.Helper()
	clk := newClock()
	if opts.Now == nil {
		opts.Now = clk.Now
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = 100000
	}
	if opts.PageSize == 0 {
		opts.PageSize = 10
	}
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	in := integration(id)
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{Endpoints: f.Endpoints()[id], HTTP: hc, Now: clk.Now,
		App: &integrations.AppRegistration{ClientID: "tt-client-id-0001", ClientSecret: clientSecret, RedirectPort: freePort(t)}}
	return &rig{fake: f, clk: clk, env: env, in: in}
}

func press(decision string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return integrations.Answer{}, fmt.Errorf("unexpected %T", s)
		}
		_, err := brokertest.SubmitForm(ctx, b.URL, map[string]string{"decision": decision})
		return integrations.Answer{}, err
	}
}

func grant(refresh, secret string) map[string]string {
	return map[string]string{"refresh_token": refresh, "client_secret": secret}
}

func TestConformance(t *testing.T) {
	for _, id := range []string{tastytrade.ID, tastytrade.SandboxID} {
		t.Run(id, func(t *testing.T) {
			oauth, token := integrations.AuthOAuth2, integrations.AuthToken
			brokertest.Run(t, brokertest.Harness{
				New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
					r := newRig(t, id, fake.Options{})
					return r.in, r.env, r.fake
				},
				Logins: []brokertest.LoginScript{
					{Name: "oauth", Method: oauth, Refreshes: true, Answer: press("approve")},
					{Name: "pasted grant", Method: token, Refreshes: true, Values: grant(fake.PastedRefreshToken, clientSecret)},
				},
				LoginFailures: []brokertest.FailureScript{
					{Name: "denied", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: press("deny")}},
					{Name: "wrong grant", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: token,
						Values: grant("eyJ0eXAiOiJKV1QiLCJhbGciOiJFZERTQSJ9.not-a-grant", clientSecret)}},
					{Name: "wrong client secret", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: token,
						Values: grant(fake.PastedRefreshToken, fake.BadSecret+"-typed")}},
				},
				Expect: brokertest.Expect{
					MinAccounts: 2, MinPositions: 5, MinActivities: 30, Paginated: true,
					Currencies: []string{"USD"},
					ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
						integrations.ActivityDividend, integrations.ActivityTax, integrations.ActivityInterest,
						integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityFee,
						integrations.ActivitySplit, integrations.ActivityTransferIn, integrations.ActivityOther},
					SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityOption, integrations.SecurityCrypto},
					FullAccountNumbers: fake.AccountNumbers(fake.User),
				},
			})
		})
	}
}
