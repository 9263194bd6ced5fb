package zerodha_test

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/zerodha"
	"github.com/latchkey/latchkey/integrations/zerodha/fake"
)

func start(t *testing.T, in integrations.Integration, env integrations.Env) (integrations.Login, *integrations.BrowserStep) {
	t.Helper()
	lg, step, err := brokertest.FirstStep(t, in, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if err != nil {
		t.Fatal(err)
	}
	return lg, step.(*integrations.BrowserStep)
}

func login(t *testing.T, in integrations.Integration, env integrations.Env) (*integrations.DoneStep, error) {
	t.Helper()
	lg, b := start(t, in, env)
	if _, err := brokertest.SubmitForm(t.Context(), b.URL, map[string]string{"decision": "approve"}); err != nil {
		t.Fatal(err)
	}
	step, err := lg.Next(t.Context(), integrations.Answer{})
	if err != nil {
		return nil, err
	}
	return step.(*integrations.DoneStep), nil
}

func TestLoginNeedsApp(t *testing.T) {
	in, env, _, _ := newRig(t, fake.Options{})
	env.App = nil
	if _, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env}); !errors.Is(err, zerodha.ErrNoApp) {
		t.Fatalf("got %v", err)
	}
}

// The browser is sent to Kite's documented login URL, the flow's state in
// redirect_params.
func TestLoginURL(t *testing.T) {
	in, env, f, _ := newRig(t, fake.Options{})
	_, b := start(t, in, env)
	u, _ := url.Parse(b.URL)
	q := u.Query()
	if got := u.Scheme + "://" + u.Host + u.Path; got != f.URL()+"/connect/login" {
		t.Errorf("login URL %s", got)
	}
	rp, _ := url.ParseQuery(q.Get("redirect_params"))
	if q.Get("v") != "3" || q.Get("api_key") != "kitetestkey01" || len(rp.Get("state")) < 32 || q.Get("state") != "" {
		t.Errorf("query %v", q)
	}
	if q.Get("redirect_uri") != "http://127.0.0.1:"+strconv.Itoa(env.App.RedirectPort)+"/callback" {
		t.Errorf("redirect_uri %q", q.Get("redirect_uri"))
	}
}

// A wrong API secret makes a wrong checksum: ErrInvalidCredentials, and a
// fresh browser step to try again.
func TestWrongSecret(t *testing.T) {
	in, env, _, _ := newRig(t, fake.Options{})
	env.App.ClientSecret = "not-the-secret"
	lg, b := start(t, in, env)
	if _, err := brokertest.SubmitForm(t.Context(), b.URL, map[string]string{"decision": "approve"}); err != nil {
		t.Fatal(err)
	}
	step, err := lg.Next(t.Context(), integrations.Answer{})
	if !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("got %v", err)
	}
	if _, ok := step.(*integrations.BrowserStep); !ok {
		t.Errorf("got %T, want the browser step again", step)
	}
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// When the browser cannot reach Latchkey the user pastes the address Kite
// ended on: request_token, status and the state from redirect_params.
func TestPasteRedirect(t *testing.T) {
	in, env, f, _ := newRig(t, fake.Options{})
	lg, b := start(t, in, env)
	u, _ := url.Parse(b.URL)
	form := u.Query()
	form.Set("decision", "approve")
	form.Set("user_id", fake.UserMain)
	resp, err := noRedirect.PostForm(f.URL()+"/connect/login", form)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	back, _ := url.Parse(loc)
	if back.Query().Get("request_token") == "" || back.Query().Get("status") != "success" || back.Query().Get("state") == "" {
		t.Fatalf("redirect %s", loc)
	}
	step, err := lg.Next(t.Context(), integrations.Answer{Redirect: loc})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := step.(*integrations.DoneStep); !ok {
		t.Fatalf("got %T", step)
	}
}

// The session ends at 06:00 India time: the grant says so, and the client
// refuses after it; the fake refuses too.
func TestDailyExpiry(t *testing.T) {
	in, env, _, clk := newRig(t, fake.Options{})
	done, err := login(t, in, env)
	if err != nil {
		t.Fatal(err)
	}
	// Expiring in its last hours only: not just after an evening login
	// (20:00 India time, t0), from 03:00 on.
	brokertest.WantDailyEnd(t, brokertest.DailyEnd{In: in, Env: env, Set: clk.Set, Done: done, LoggedIn: t0,
		End: time.Date(2025, 6, 17, 6, 0, 0, 0, zerodha.IST), ExpiringBy: time.Date(2025, 6, 17, 3, 30, 0, 0, zerodha.IST),
		Before: time.Second})
}

// An app without mutual-fund permission still reads equity holdings and
// today's trades.
func TestWithoutMFPermission(t *testing.T) {
	in, env, _, _ := newRig(t, fake.Options{NoMFPermission: true})
	done, err := login(t, in, env)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	id := fake.UserMain + "-equity"
	pos, err := c.Positions(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pos {
		if p.Symbol.Type == integrations.SecurityFund {
			t.Errorf("a fund without the permission: %+v", p)
		}
	}
	acts, err := c.Activities(t.Context(), id, t0.AddDate(-1, 0, 0))
	if err != nil || len(acts) != 8 {
		t.Errorf("%d activities (today's non-MCX fills), %v", len(acts), err)
	}
}

func TestBalances(t *testing.T) {
	in, env, _, _ := newRig(t, fake.Options{})
	done, err := login(t, in, env)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	bals, err := c.Balances(t.Context(), fake.UserMain+"-equity")
	if err != nil || len(bals) != 1 {
		t.Fatalf("%+v %v", bals, err)
	}
	if bals[0].Cash.String() != "245431.6" || bals[0].BuyingPower.Decimal.String() != "99725.05" || !bals[0].Total.GreaterThan(bals[0].Cash) {
		t.Errorf("%+v", bals[0])
	}
	if _, err := c.Balances(t.Context(), "ZX5678-equity"); err == nil {
		t.Errorf("another user's account was read")
	}
}

// TestRateScope (issue 18.2): the limits count per user (token or API key).
func TestRateScope(t *testing.T) {
	if s := zerodha.New()[0].Institution().RateScope; s != integrations.RateScopeGrant {
		t.Errorf("RateScope %q; want per grant", s)
	}
}

// A grant whose secret is not a login of the package's is refused: the user
// logs in again.
func TestNewClientRefusesAStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, zerodha.New()...)
}

// The mocks' holdings (SBIN 11 + 7 T1) served with a positions answer whose
// CNC row carries the 7 overnight and buys 1 today: a share is counted
// once, 18 held and 1 bought today, 19 in all — not 26.
func TestDeliveryPositionCountedOnce(t *testing.T) {
	in, env, _, _ := newRig(t, fake.Options{})
	done, err := login(t, in, env)
	if err != nil {
		t.Fatal(err)
	}
	brokertest.ServeSamples(t, &env, map[string]string{
		"/portfolio/holdings":  "holdings.json",
		"/portfolio/positions": "positions_carried.json",
	})
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := c.Positions(t.Context(), fake.UserMain+"-equity")
	if err != nil {
		t.Fatal(err)
	}
	units, rows := brokertest.Units(ps, "SBIN")
	if !units.Equal(decimal.NewFromInt(19)) || rows != 2 {
		t.Errorf("SBIN %s shares in %d rows, want 19 in 2 (18 held, 1 bought today)", units, rows)
	}
}

// Kite lists only the day's fills: the activities reach back to today in
// India, so the app keeps the days before as earlier syncs read them
// (integrations.ActivitiesReacher).
func TestActivitiesReachToday(t *testing.T) {
	in, env, _, _ := newRig(t, fake.Options{})
	done, err := login(t, in, env)
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, ok := c.(integrations.ActivitiesReacher)
	if !ok {
		t.Fatal("the client does not say how far its activities reach")
	}
	want := integrations.DateOf(env.Time().In(zerodha.IST))
	if got := r.ActivitiesReach(time.Time{}); got != want {
		t.Errorf("reach %s, want today in India %s", got, want)
	}
}
