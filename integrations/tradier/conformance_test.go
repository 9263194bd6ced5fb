package tradier_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/tradier"
	"github.com/latchkey/latchkey/integrations/tradier/fake"
)

// t0 is the tests' "now": a Wednesday, mid-afternoon UTC.
var t0 = time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC)

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

// counted is the fake seen from one institution, counting what it serves.
type counted struct {
	*fake.Server
	inst string
}

func (c counted) Count(list brokertest.List, accountID string) int {
	u := c.User(c.inst)
	if list == brokertest.ListAccounts {
		return len(u.Accounts)
	}
	for _, a := range u.Accounts {
		if tradier.AccountID(c.inst, a.Number) != accountID {
			continue
		}
		if list == brokertest.ListPositions {
			return len(a.Positions)
		}
		return len(a.Events)
	}
	return 0
}

func integration(t testing.TB, id string) integrations.Integration {
	t.Helper()
	for _, in := range tradier.New() {
		if in.Institution().ID == id {
			return in
		}
	}
	t.Fatalf("no integration %q", id)
	return nil
}

// start runs a fake and returns it with an Env for institution id, using
// the app's own HTTP client with its waits shrunk, and an OAuth app.
func start(t testing.TB, id, clientID string) (*fake.Server, integrations.Env, *clock) {
	t.Helper()
	clk := newClock()
	srv, err := fake.New(fake.Options{Now: clk.Now, RateLimit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	hc := httpx.New(integration(t, id).Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{Endpoints: srv.Endpoints()[id], HTTP: hc, Now: clk.Now,
		App: &integrations.AppRegistration{ClientID: clientID, ClientSecret: "app-secret-Hq27xP"}}
	return srv, env, clk
}

func press(button string) func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		if b, ok := s.(*integrations.BrowserStep); ok {
			_, err := brokertest.SubmitForm(ctx, b.URL, map[string]string{"decision": button})
			return integrations.Answer{}, err
		}
		return brokertest.AutoAnswer(ctx, s, nil)
	}
}

func numbers(id string) []string {
	var out []string
	for _, a := range fake.Build(id, t0).Accounts {
		out = append(out, a.Number)
	}
	return out
}

func tokenScript(tok string) brokertest.LoginScript {
	return brokertest.LoginScript{Name: "token", Method: integrations.AuthToken, Values: map[string]string{"access_token": tok}}
}

func TestConformanceProduction(t *testing.T) {
	oauth := integrations.AuthOAuth2
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			// A partner app: its grants carry refresh tokens.
			srv, env, _ := start(t, tradier.ID, "partner-latchkey-test")
			return integration(t, tradier.ID), env, counted{srv, tradier.ID}
		},
		Logins: []brokertest.LoginScript{
			tokenScript(fake.LiveToken),
			{Name: "oauth partner", Method: oauth, Refreshes: true, Answer: press("approve")},
		},
		LoginFailures: []brokertest.FailureScript{
			{Name: "wrong token", Want: integrations.ErrInvalidCredentials, Script: tokenScript("TRDpatWRONGWRONGWRONG000")},
			{Name: "sandbox token", Want: integrations.ErrInvalidCredentials, Script: tokenScript(fake.SandboxToken)},
			{Name: "oauth denied", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: press("deny")}},
		},
		Expect: brokertest.Expect{
			MinAccounts: 3, MinPositions: 6, MinActivities: 120, Paginated: true,
			Currencies: []string{"USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
				integrations.ActivityDividend, integrations.ActivityTax, integrations.ActivityInterest, integrations.ActivityFee,
				integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityTransferIn,
				integrations.ActivityTransferOut, integrations.ActivityOther},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
				integrations.SecurityOption, integrations.SecurityFund},
			FullAccountNumbers: numbers(tradier.ID),
		},
	})
}

func TestConformanceSandbox(t *testing.T) {
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			srv, env, _ := start(t, tradier.SandboxID, "latchkey-test")
			return integration(t, tradier.SandboxID), env, counted{srv, tradier.SandboxID}
		},
		Logins: []brokertest.LoginScript{tokenScript(fake.SandboxToken)},
		LoginFailures: []brokertest.FailureScript{
			{Name: "wrong token", Want: integrations.ErrInvalidCredentials, Script: tokenScript("SBXpatWRONGWRONGWRONG000")},
			{Name: "production token", Want: integrations.ErrInvalidCredentials, Script: tokenScript(fake.LiveToken)},
		},
		Expect: brokertest.Expect{
			MinAccounts: 1, MinPositions: 5, MinActivities: 50,
			Currencies: []string{"USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
				integrations.ActivityDividend, integrations.ActivityContribution, integrations.ActivityOther},
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityOption},
			FullAccountNumbers: numbers(tradier.SandboxID),
		},
	})
}
