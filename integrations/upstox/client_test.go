package upstox_test

import (
	"errors"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/upstox"
	"github.com/latchkey/latchkey/integrations/upstox/fake"
)

func login(t *testing.T, in integrations.Integration, env integrations.Env, values map[string]string) (*integrations.DoneStep, error) {
	t.Helper()
	ctx := t.Context()
	lg, err := in.StartLogin(ctx, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if err != nil {
		return nil, err
	}
	defer lg.Close()
	step, err := lg.Next(ctx, integrations.Answer{})
	if err != nil {
		return nil, err
	}
	v := map[string]string{"decision": "approve"}
	for k, x := range values {
		v[k] = x
	}
	if u, ok := v["user_id"]; ok { // the consent page asks whom to sign in as
		v["username"] = u
	}
	if _, err := brokertest.SubmitForm(ctx, step.(*integrations.BrowserStep).URL, v); err != nil {
		t.Fatal(err)
	}
	step, err = lg.Next(ctx, integrations.Answer{})
	if err != nil {
		return nil, err
	}
	return step.(*integrations.DoneStep), nil
}

func TestLoginNeedsApp(t *testing.T) {
	in, env, _, _ := newRig(t)
	env.App = nil
	if _, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env}); !errors.Is(err, upstox.ErrNoApp) {
		t.Fatalf("got %v", err)
	}
}

func TestAuthorizeURL(t *testing.T) {
	in, env, f, _ := newRig(t)
	_, step, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(step.(*integrations.BrowserStep).URL)
	if got := u.Scheme + "://" + u.Host + u.Path; got != f.URL()+"/v2/login/authorization/dialog" {
		t.Errorf("dialog %s", got)
	}
	q := u.Query()
	if q.Get("response_type") != "code" || q.Get("client_id") != "test-api-key" || q.Get("state") == "" ||
		q.Get("redirect_uri") != "http://127.0.0.1:"+strconv.Itoa(env.App.RedirectPort)+"/callback" {
		t.Errorf("query %v", q)
	}
}

func TestBadSecret(t *testing.T) {
	in, env, _, _ := newRig(t)
	env.App.ClientSecret = fake.BadClientSecret
	if _, err := login(t, in, env, nil); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("got %v", err)
	}
}

// The grant ends at 03:30 India time; after that the client refuses
// locally, and the fake too.
func TestDailyExpiry(t *testing.T) {
	in, env, _, clk := newRig(t)
	done, err := login(t, in, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(done.Accounts) != 2 {
		t.Errorf("%d accounts from the token answer", len(done.Accounts))
	}
	// Expiring in its last hours only: not just after an evening login
	// (20:00 India time, t0), from 00:30 on.
	brokertest.WantDailyEnd(t, brokertest.DailyEnd{In: in, Env: env, Set: clk.Set, Done: done, LoggedIn: t0,
		End: time.Date(2025, 6, 17, 3, 30, 0, 0, upstox.IST), ExpiringBy: time.Date(2025, 6, 17, 1, 0, 0, 0, upstox.IST),
		Before: time.Minute})
}

func TestSecondUserHasNoCommodity(t *testing.T) {
	in, env, _, _ := newRig(t)
	done, err := login(t, in, env, map[string]string{"user_id": fake.UserSecond})
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	accts, err := c.Accounts(t.Context())
	if err != nil || len(accts) != 1 || accts[0].ID != fake.UserSecond+"-equity" {
		t.Fatalf("%+v %v", accts, err)
	}
	if _, err := c.Positions(t.Context(), fake.UserMain+"-equity"); err == nil {
		t.Errorf("another user's account was read")
	}
}

// Trades are split between the accounts: MCX under commodity, the rest
// under equity; the first page of a since in the middle is shorter.
func TestActivitiesSplitAndSince(t *testing.T) {
	in, env, _, _ := newRig(t)
	done, err := login(t, in, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	eqActs, err := c.Activities(t.Context(), fake.UserMain+"-equity", t0.AddDate(-10, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	com, err := c.Activities(t.Context(), fake.UserMain+"-commodity", t0.AddDate(-10, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(com) != 7 || len(eqActs) < 100 {
		t.Errorf("%d equity, %d commodity activities", len(eqActs), len(com))
	}
	for _, a := range com {
		if a.Symbol != "GOLDM25AUGFUT" {
			t.Errorf("commodity activity %+v", a)
		}
	}
	recent, err := c.Activities(t.Context(), fake.UserMain+"-equity", t0.AddDate(0, -1, 0))
	if err != nil || len(recent) == 0 || len(recent) >= len(eqActs) {
		t.Errorf("since a month: %d of %d, %v", len(recent), len(eqActs), err)
	}
}

// TestRateScope (issue 18.2): the limits count per user (token or API key).
func TestRateScope(t *testing.T) {
	if s := upstox.New()[0].Institution().RateScope; s != integrations.RateScopeGrant {
		t.Errorf("RateScope %q; want per grant", s)
	}
}

// A grant whose secret is not a login of the package's is refused: the user
// logs in again.
func TestNewClientRefusesAStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, upstox.New()...)
}
