package questrade_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/questrade"
	"github.com/latchkey/latchkey/integrations/questrade/fake"
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
		if questrade.AccountID(c.inst, a.Number) != accountID {
			continue
		}
		if list == brokertest.ListPositions {
			return len(a.Positions)
		}
		return len(a.Activities)
	}
	return 0
}

func integration(t testing.TB, id string) integrations.Integration {
	t.Helper()
	for _, in := range questrade.New() {
		if in.Institution().ID == id {
			return in
		}
	}
	t.Fatalf("no integration %q", id)
	return nil
}

func start(t testing.TB, id string) (*fake.Server, integrations.Env, *clock) {
	t.Helper()
	clk := newClock()
	srv, err := fake.New(fake.Options{Now: clk.Now, RateLimit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	hc := httpx.New(integration(t, id).Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{Endpoints: srv.Endpoints()[id], HTTP: hc, Now: clk.Now,
		App: &integrations.AppRegistration{ClientID: "qt-consumer-key-test"}}
	return srv, env, clk
}

// generated answers the token form with a fresh single-use token the fake
// mints, as a user generating one in the API Centre.
func generated(inst string) func(ctx context.Context, f brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, f brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		if _, ok := s.(*integrations.FormStep); ok {
			return integrations.Answer{Values: map[string]string{"refresh_token": f.(counted).GenerateToken(inst)}}, nil
		}
		return brokertest.AutoAnswer(ctx, s, nil)
	}
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

func tokenValues(tok string) map[string]string { return map[string]string{"refresh_token": tok} }

func harness(id, manual, other string, minAccounts int) brokertest.Harness {
	tok, oauth := integrations.AuthToken, integrations.AuthOAuth2
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			srv, env, _ := start(t, id)
			return integration(t, id), env, counted{srv, id}
		},
		Logins: []brokertest.LoginScript{
			{Name: "generated token", Method: tok, Refreshes: true, Answer: generated(id)},
			{Name: "oauth", Method: oauth, Refreshes: true, Answer: press("approve")},
			{Name: "reusable manual token", Method: tok, Refreshes: true, Values: tokenValues(manual)},
		},
		LoginFailures: []brokertest.FailureScript{
			{Name: "wrong token", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: tok, Values: tokenValues("QTnoSuchToken00000000000")}},
			{Name: "other environment's token", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: tok, Values: tokenValues(other)}},
			{Name: "oauth denied", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: press("deny")}},
		},
		Expect: brokertest.Expect{
			MinAccounts: minAccounts, MinPositions: 5, MinActivities: 100, Paginated: true,
			Currencies: []string{"CAD", "USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
				integrations.ActivityDividend, integrations.ActivityTax, integrations.ActivityInterest, integrations.ActivityFee,
				integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityTransferIn,
				integrations.ActivityTransferOut, integrations.ActivitySplit, integrations.ActivityOther},
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityOption},
			FullAccountNumbers: numbers(id),
			Since:              t0.AddDate(-1, 0, 0),
		},
	}
}

func TestConformanceLive(t *testing.T) {
	brokertest.Run(t, harness(questrade.ID, fake.LiveManualToken, fake.PracticeManualToken, 2))
}

func TestConformancePractice(t *testing.T) {
	brokertest.Run(t, harness(questrade.PracticeID, fake.PracticeManualToken, fake.LiveManualToken, 1))
}
