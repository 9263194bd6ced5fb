package zerodha_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/zerodha"
	"github.com/latchkey/latchkey/integrations/zerodha/fake"
)

// t0 is the fixed clock of the tests: 20:00 in India, after the market.
var t0 = time.Date(2025, 6, 16, 14, 30, 0, 0, time.UTC)

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

type clock struct{ t time.Time }

func (c *clock) Now() time.Time { return c.t }

func newRig(t testing.TB, clk *clock) (integrations.Integration, integrations.Env, *fake.Server) {
	t.Helper()
	if clk == nil {
		clk = &clock{t: t0}
	}
	f, err := fake.New(fake.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := zerodha.New()[0]
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{
		Endpoints: f.Endpoints()[zerodha.ID],
		HTTP:      hc,
		Now:       clk.Now,
		App:       &integrations.AppRegistration{ClientID: "kitetestkey01", ClientSecret: fake.APISecret, RedirectPort: freePort(t)},
	}
	return in, env, f
}

func press(button string, values map[string]string) func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		if b, ok := s.(*integrations.BrowserStep); ok {
			v := map[string]string{"decision": button}
			for k, x := range values {
				v[k] = x
			}
			_, err := brokertest.SubmitForm(ctx, b.URL, v)
			return integrations.Answer{}, err
		}
		return brokertest.AutoAnswer(ctx, s, nil)
	}
}

func TestConformance(t *testing.T) {
	oauth := integrations.AuthOAuth2
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			in, env, f := newRig(t, nil)
			return in, env, f
		},
		Logins: []brokertest.LoginScript{
			{Name: "ZT1234", Method: oauth, Answer: press("approve", nil)},
			{Name: "ZX5678", Method: oauth, Answer: press("approve", map[string]string{"user_id": fake.UserSecond})},
		},
		LoginFailures: []brokertest.FailureScript{
			{Name: "denied", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: press("deny", nil)}},
		},
		Expect: brokertest.Expect{
			MinAccounts: 2, MinPositions: 10, MinActivities: 30, Paginated: true,
			Currencies:    []string{"INR"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
				integrations.SecurityFund, integrations.SecurityOption, integrations.SecurityOther},
			FullAccountNumbers: []string{fake.UserMain},
		},
	})
}
