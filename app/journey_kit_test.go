package app_test

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/all"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/internal/apptest"
)

// journeySetup is the app a journey runs against its fakes, as the front
// ends build it.
type journeySetup struct {
	// integrations are the registry's (default all.Integrations, with
	// all.Services when services is set).
	integrations []integrations.Integration
	services     bool
	endpoints    map[string]map[string]string
	// http is the registry's HTTP factory (default: the limiter off, two
	// quick tries).
	http func(integrations.Institution) *http.Client
	// maxRetryWait is the app's MaxRetryWait (default a second).
	maxRetryWait time.Duration
	// inst and app: the user's app registration for inst, when not nil.
	inst string
	app  *integrations.AppRegistration
}

// newJourneyApp creates a vault in a fresh directory and the app on it.
func newJourneyApp(t *testing.T, s journeySetup) *app.App {
	t.Helper()
	ctx := t.Context()
	dir := t.TempDir()
	v := apptest.Vault(t, dir)
	ins := s.integrations
	if ins == nil {
		ins = all.Integrations(dir)
	}
	reg, err := integrations.NewRegistry(ins...)
	if err != nil {
		t.Fatal(err)
	}
	if s.services {
		if err := reg.AddService(all.Services()...); err != nil {
			t.Fatal(err)
		}
	}
	hf := s.http
	if hf == nil {
		hf = func(inst integrations.Institution) *http.Client {
			return httpx.New(inst, httpx.Options{RPS: -1, MaxTries: 2, InitialInterval: time.Millisecond, MaxInterval: time.Millisecond})
		}
	}
	reg.SetHTTPFactory(hf)
	if err := reg.SetOverrides(s.endpoints); err != nil {
		t.Fatal(err)
	}
	a := app.New(app.Options{Vault: v, Registry: reg, DataDir: dir, RetryBase: time.Millisecond, MaxRetries: 2,
		MaxRetryWait: cmp.Or(s.maxRetryWait, time.Second)})
	if s.app != nil {
		if err := a.SetAppRegistration(ctx, s.inst, s.app); err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// journeyLogin returns how the user logs in on a portal: method with values,
// each step answered by answer, at most steps steps, ending at a DoneStep.
func journeyLogin(t *testing.T, method integrations.AuthKind, values map[string]string, steps int,
	answer func(ctx context.Context, step integrations.Step) (integrations.Answer, error)) func(*app.Portal) {
	return func(p *app.Portal) {
		t.Helper()
		ctx := t.Context()
		step, err := p.Begin(ctx, method, values)
		for i := 0; err == nil && i < steps; i++ {
			if _, ok := step.(*integrations.DoneStep); ok {
				return
			}
			var ans integrations.Answer
			if ans, err = answer(ctx, step); err == nil {
				step, err = p.Next(ctx, ans)
			}
		}
		if err != nil {
			t.Fatalf("login: %v", err)
		}
		if _, ok := step.(*integrations.DoneStep); !ok {
			t.Fatalf("login ended at %T", step)
		}
	}
}

// answerValues answers every step with values.
func answerValues(values map[string]string) func(context.Context, integrations.Step) (integrations.Answer, error) {
	return func(context.Context, integrations.Step) (integrations.Answer, error) {
		return integrations.Answer{Values: values}, nil
	}
}

// answerConsent approves a browser step on the fake's consent page and
// answers the other steps from values (autoAnswer).
func answerConsent(values map[string]string) func(context.Context, integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, step integrations.Step) (ans integrations.Answer, err error) {
		if s, ok := step.(*integrations.BrowserStep); ok {
			ans.Redirect, err = approveConsent(ctx, s.URL)
			return ans, err
		}
		return autoAnswer(step, values)
	}
}

// journeyPlay is one connection's journey.
type journeyPlay struct {
	inst  string
	login func(*app.Portal)
	fake  interface{ Inject(brokertest.Fault, int) }
	// accounts is how many accounts the first sync reads (0: at least one).
	accounts int
	// refused says what the institution refused, for a failure.
	refused string
	// connected, when set, checks the connection after the first login.
	connected func(t *testing.T, c app.Connection)
}

// playJourney: connect, sync, the institution refuses the grant (401s) →
// disabled with the data kept, reconnect → active with the same connection.
func playJourney(t *testing.T, a *app.App, j journeyPlay) {
	t.Helper()
	ctx := t.Context()
	p, err := a.NewPortal(ctx, app.PortalRequest{InstitutionID: j.inst})
	if err != nil {
		t.Fatal(err)
	}
	j.login(p)
	c := *p.Connection()
	if j.connected != nil {
		j.connected(t, c)
	}
	res, _ := a.Refresh(ctx, []string{c.ID}, nil)
	if res[0].Err != nil {
		t.Fatalf("first sync: %v", res[0].Err)
	}
	accts, _ := a.Accounts(ctx, c.ID)
	switch {
	case j.accounts == 0 && len(accts) == 0:
		t.Fatal("no accounts after the first sync")
	case j.accounts != 0 && len(accts) != j.accounts:
		t.Fatalf("%d accounts after the first sync", len(accts))
	}
	j.fake.Inject(brokertest.Unauthorized, 1<<20)
	res, _ = a.Refresh(ctx, []string{c.ID}, nil)
	j.fake.Inject(brokertest.Unauthorized, 0)
	if res[0].Status != app.StatusDisabled || !errors.Is(res[0].Err, integrations.ErrReauthRequired) {
		t.Fatalf("sync after %s: %s %v", j.refused, res[0].Status, res[0].Err)
	}
	if kept, _ := a.Accounts(ctx, c.ID); len(kept) != len(accts) || !kept[0].Stale {
		t.Fatal("a disabled connection must keep its data, marked stale")
	}
	p, err = a.NewPortal(ctx, app.PortalRequest{ConnectionID: c.ID})
	if err != nil {
		t.Fatal(err)
	}
	j.login(p)
	res, _ = a.Refresh(ctx, []string{c.ID}, nil)
	if res[0].Err != nil || res[0].Status == app.StatusDisabled || p.Connection().ID != c.ID {
		t.Fatalf("after reconnect: %+v", res[0])
	}
}
