package alpaca_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/alpaca"
	"github.com/latchkey/latchkey/integrations/alpaca/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// t0 is the tests' "now": a Wednesday, mid-afternoon UTC.
var t0 = time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC)

// clock is a settable clock shared by a fake and the integration.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: t0} }

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

// counted is a fake seen from one institution: it counts what that
// institution's login is served.
type counted struct {
	*fake.Server
	inst string
}

func (c counted) Count(list brokertest.List, _ string) int {
	p := c.Portfolio(c.inst)
	switch list {
	case brokertest.ListAccounts:
		return 1
	case brokertest.ListPositions:
		return len(p.Positions)
	default:
		return len(p.Activities)
	}
}

// integration returns the variant with the given id.
func integration(t testing.TB, id string) integrations.Integration {
	t.Helper()
	for _, in := range alpaca.New() {
		if in.Institution().ID == id {
			return in
		}
	}
	t.Fatalf("no integration %q", id)
	return nil
}

// start runs a fake and returns it with an Env for institution id: its
// endpoints, the app's own HTTP client with waits shrunk, the shared clock
// and a test OAuth app.
func start(t testing.TB, id string) (*fake.Server, integrations.Env, *clock) {
	t.Helper()
	clk := newClock()
	srv, err := fake.New(fake.Options{Now: clk.Now, RateLimit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	in := integration(t, id)
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{
		Endpoints: srv.Endpoints()[id],
		HTTP:      hc,
		Now:       clk.Now,
		App:       &integrations.AppRegistration{ClientID: "latchkey-test-app", ClientSecret: "app-secret-Zq81mX"},
	}
	return srv, env, clk
}

// press answers a BrowserStep by pressing a button on the fake's consent page.
func press(button string) func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		if b, ok := s.(*integrations.BrowserStep); ok {
			_, err := brokertest.SubmitForm(ctx, b.URL, map[string]string{"decision": button})
			return integrations.Answer{}, err
		}
		return brokertest.AutoAnswer(ctx, s, nil)
	}
}

func keys(id, key string) map[string]string {
	return map[string]string{"key_id": id, "secret_key": key}
}

func harness(id, keyID, secretKey, otherKeyID, otherSecret string) brokertest.Harness {
	key, oauth := integrations.AuthAPIKey, integrations.AuthOAuth2
	fail := func(name string, want error, sc brokertest.LoginScript) brokertest.FailureScript {
		return brokertest.FailureScript{Name: name, Want: want, Script: sc}
	}
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			srv, env, _ := start(t, id)
			return integration(t, id), env, counted{srv, id}
		},
		Logins: []brokertest.LoginScript{
			{Name: "api key", Method: key, Values: keys(keyID, secretKey)},
			{Name: "oauth", Method: oauth, Answer: press("approve")},
		},
		LoginFailures: []brokertest.FailureScript{
			fail("wrong secret", integrations.ErrInvalidCredentials, brokertest.LoginScript{Method: key, Values: keys(keyID, "wrong-secret-00000000")}),
			fail("unknown key", integrations.ErrInvalidCredentials, brokertest.LoginScript{Method: key, Values: keys("AKNOSUCHKEY000000000", secretKey)}),
			fail("other environment's key", integrations.ErrInvalidCredentials, brokertest.LoginScript{Method: key, Values: keys(otherKeyID, otherSecret)}),
			fail("oauth denied", integrations.ErrApprovalDenied, brokertest.LoginScript{Method: oauth, Answer: press("deny")}),
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 6, MinActivities: 120, Paginated: true,
			Currencies: []string{"USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
				integrations.ActivityDividend, integrations.ActivityTax, integrations.ActivityInterest, integrations.ActivityFee,
				integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityTransferIn,
				integrations.ActivityTransferOut, integrations.ActivitySplit, integrations.ActivityOther},
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityCrypto, integrations.SecurityOption},
			FullAccountNumbers: []string{fake.Build(id, t0).Account.AccountNumber},
		},
	}
}

func TestConformanceLive(t *testing.T) {
	brokertest.Run(t, harness(alpaca.ID, fake.LiveKeyID, fake.LiveSecretKey, fake.PaperKeyID, fake.PaperSecretKey))
}

func TestConformancePaper(t *testing.T) {
	brokertest.Run(t, harness(alpaca.PaperID, fake.PaperKeyID, fake.PaperSecretKey, fake.LiveKeyID, fake.LiveSecretKey))
}
