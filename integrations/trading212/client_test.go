package trading212_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/trading212"
	"github.com/latchkey/latchkey/integrations/trading212/fake"
)

func loginDone(t *testing.T, in integrations.Integration, env integrations.Env, key, sec string) *integrations.DoneStep {
	t.Helper()
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: keyValues(key, sec)})
	if err != nil {
		t.Fatal(err)
	}
	return done
}

func newClient(t *testing.T, r *rig) integrations.Client {
	t.Helper()
	done := loginDone(t, r.live, r.env, fake.LiveKey, fake.LiveSecret)
	c, err := r.live.NewClient(t.Context(), done.Grant, r.env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// The positions endpoint allows one request a second: a second read waits
// for the window instead of being refused.
func TestRateLimitPacing(t *testing.T) {
	r := newRig(t)
	c := newClient(t, r)
	id := trading212.AccountID(trading212.LiveID, fake.InvestNumber)
	before := r.clk.Slept()
	for i := 0; i < 3; i++ {
		if _, err := c.Positions(t.Context(), id); err != nil {
			t.Fatalf("read %d: %v", i, err)
		}
	}
	if waited := r.clk.Slept() - before; waited < 2*time.Second || waited > 3*time.Second {
		t.Errorf("three reads of a 1-per-second endpoint waited %s; want about 2 s", waited)
	}
	// The summary allows one request per 5 s: Accounts then Balances wait.
	before = r.clk.Slept()
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Balances(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if waited := r.clk.Slept() - before; waited < 5*time.Second {
		t.Errorf("Accounts then Balances waited %s; want the summary's 5 s window", waited)
	}
}

// A second client of the same account does not know the window is used up:
// it gets the 429, sits out the reset the headers give, and succeeds.
func TestRateLimit429Reset(t *testing.T) {
	r := newRig(t)
	c1 := newClient(t, r)
	c2 := newClient(t, r)
	if _, err := c1.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	before := r.clk.Slept()
	if _, err := c2.Accounts(t.Context()); err != nil {
		t.Fatalf("second client: %v", err)
	}
	if r.clk.Slept() == before {
		t.Error("the second client did not wait for the window's reset")
	}
}

// A window that resets too far ahead is returned as a rate-limit error with
// the wait, not sat out.
func TestRateLimitTooLong(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("x-ratelimit-remaining", "0")
		w.Header().Set("x-ratelimit-reset", strconv.FormatInt(now.Add(10*time.Minute).Unix(), 10))
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	in := variant(t, trading212.LiveID).WithSleep(func(context.Context, time.Duration) error { t.Error("slept"); return nil })
	env := fakekit.Env(in.Institution(), map[string]string{"api": srv.URL + "/api/v0"}, func() time.Time { return now }, nil)
	c, _ := in.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{"key":"k","secret":"s"}`)}, env, nil)
	_, err := c.Accounts(t.Context())
	d, ok := integrations.RetryAfter(err)
	if !ok || d != 10*time.Minute {
		t.Fatalf("got %v (retry after %s); want a rate-limit error asking for 10 minutes", err, d)
	}
	n := hits.Load()
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrRateLimited) {
		t.Fatalf("again: %v", err)
	}
	if hits.Load() != n {
		t.Error("the client sent a request into a window it knew was used up")
	}
}

func TestLoginSteps(t *testing.T) {
	r := newRig(t)
	lg, _ := r.live.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: r.env})
	st, err := lg.Next(t.Context(), integrations.Answer{})
	form, ok := st.(*integrations.FormStep)
	if err != nil || !ok || len(form.Fields) != 2 {
		t.Fatalf("first step %T %v", st, err)
	}
	st, err = lg.Next(t.Context(), integrations.Answer{Values: keyValues(fake.NoHistKey, fake.NoHistSecret)})
	if !errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(err.Error(), "History – orders") {
		t.Errorf("a key without history permission: %v", err)
	}
	if _, ok := st.(*integrations.FormStep); !ok {
		t.Fatalf("after a refused key: %T, want the form again", st)
	}
	st, err = lg.Next(t.Context(), integrations.Answer{Values: keyValues(fake.ISAKey, fake.ISASecret)})
	done, ok := st.(*integrations.DoneStep)
	if err != nil || !ok {
		t.Fatalf("%T %v", st, err)
	}
	if done.Grant.Fingerprint != integrations.Fingerprint(trading212.LiveID, "21400202") || !done.Grant.Expiry.IsZero() {
		t.Errorf("grant %v expiry %s", done.Grant, done.Grant.Expiry)
	}
	if len(done.Accounts) != 1 || done.Accounts[0].Number != "••••0202" {
		t.Errorf("accounts %+v", done.Accounts)
	}
	if _, err := lg.Next(t.Context(), integrations.Answer{}); err == nil {
		t.Error("a finished login went on")
	}
	if _, err := r.live.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2}); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("oauth: %v", err)
	}
	if _, err := r.live.NewClient(t.Context(), integrations.Grant{Secret: []byte("{}")}, r.env, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("an empty secret: %v", err)
	}
}

func TestActivitiesSince(t *testing.T) {
	r := newRig(t)
	c := newClient(t, r)
	id := trading212.AccountID(trading212.LiveID, fake.InvestNumber)
	all, err := c.Activities(t.Context(), id, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	_, n := r.fake.Counts(fake.InvestNumber)
	if len(all) != n {
		t.Fatalf("%d activities, the fake serves %d", len(all), n)
	}
	since := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	recent, err := c.Activities(t.Context(), id, since)
	if err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, a := range all {
		if a.TradeDate >= "2025-11-01" {
			want++
		}
	}
	if len(recent) != want || want == 0 {
		t.Errorf("%d activities since %s; want %d", len(recent), since, want)
	}
	if _, err := c.Positions(t.Context(), "t212-other"); err == nil {
		t.Error("another account id was accepted")
	}
}
