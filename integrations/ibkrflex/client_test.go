package ibkrflex

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/ibkrflex/fake"
)

func TestStatementURL(t *testing.T) {
	a := &api{base: "https://ndcdyn.interactivebrokers.com/AccountManagement/FlexWebService"}
	for named, want := range map[string]string{
		"https://gdcdyn.interactivebrokers.com/Universal/servlet/FlexStatementService.GetStatement": "https://gdcdyn.interactivebrokers.com/Universal/servlet/FlexStatementService.GetStatement",
		"https://ndcdyn.interactivebrokers.com/AccountManagement/FlexWebService/GetStatement?x=1":   "https://ndcdyn.interactivebrokers.com/AccountManagement/FlexWebService/GetStatement",
		"https://evil.example/GetStatement":                 a.base + "/GetStatement",
		"http://gdcdyn.interactivebrokers.com/GetStatement": a.base + "/GetStatement",
		"https://interactivebrokers.com.evil.example/x":     a.base + "/GetStatement",
		"": a.base + "/GetStatement",
	} {
		if got := a.statementURL(named); got != want {
			t.Errorf("statementURL(%q) = %q, want %q", named, got, want)
		}
	}
}

// The poll is bounded: a statement that never gets ready ends in
// ErrUnavailable once the budget is spent, having waited no longer than it.
func TestPollBounded(t *testing.T) {
	r := newRig(t, fake.Options{PendingPolls: 1000})
	r.in.budget = 2 * time.Minute
	c, err := r.in.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{"token":"` + fake.Token + `","query":"` + fake.Query + `"}`)}, r.env, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Accounts(t.Context())
	if !errors.Is(err, integrations.ErrUnavailable) || !strings.Contains(err.Error(), "1019") {
		t.Errorf("never ready: %v", err)
	}
	if s := r.clk.Slept(); s > 2*time.Minute || s < time.Minute {
		t.Errorf("waited %s for a budget of 2 minutes", s)
	}
	if p := r.fake.Polls(); p > 12 {
		t.Errorf("%d polls: the waits must grow", p)
	}
}

// Polling stops as soon as ctx ends.
func TestPollCancelled(t *testing.T) {
	r := newRig(t, fake.Options{PendingPolls: 1000})
	ctx, cancel := context.WithCancel(t.Context())
	var n atomic.Int32
	r.in.wait = func(ctx context.Context, d time.Duration) error {
		if n.Add(1) == 3 {
			cancel()
		}
		return r.clk.Sleep(ctx, d)
	}
	c, _ := r.in.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{"token":"` + fake.Token + `","query":"` + fake.Query + `"}`)}, r.env, nil)
	if _, err := c.Accounts(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled poll: %v", err)
	}
}

// Accounts fetches a statement; the calls of the same sync reuse it.
func TestStatementReuse(t *testing.T) {
	r := newRig(t, fake.Options{})
	c, _ := r.in.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{"token":"` + fake.Token + `","query":"` + fake.Query + `"}`)}, r.env, nil)
	accts, err := c.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	polls := r.fake.Polls()
	for _, a := range accts {
		if _, err := c.Balances(t.Context(), a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Positions(t.Context(), a.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Activities(t.Context(), a.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	if r.fake.Polls() != polls {
		t.Errorf("the sync fetched %d more statements", r.fake.Polls()-polls)
	}
	if _, err := c.Positions(t.Context(), "ibkr-nope"); err == nil {
		t.Error("an unknown account id was accepted")
	}
	r.clk.Sleep(t.Context(), 10*time.Minute)
	if _, err := c.Positions(t.Context(), accts[0].ID); err != nil || r.fake.Polls() == polls {
		t.Errorf("an old statement was reused (%v)", err)
	}
}

// The service asks programs for a User-Agent of Java; the fake refuses
// others with 1020, which is not a credentials error.
func TestUserAgent(t *testing.T) {
	var got atomic.Value
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Store(r.Header.Get("User-Agent") + " " + r.URL.Query().Get("v") + " " + r.Header.Get("Accept"))
		_, _ = w.Write(readFixture(t, "send_fail_1012.xml"))
	}))
	defer srv.Close()
	in := &Integration{wait: newClock().Sleep}
	env := testEnv(map[string]string{"flex": srv.URL}, nil)
	c, _ := in.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{"token":"tok-0001","query":"1"}`)}, env, nil)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("1012: %v", err)
	}
	// Accept as ibflex's requests send it: the service answers XML, not
	// the JSON httpx asks for by default.
	if got.Load() != "Java 3 */*" {
		t.Errorf("User-Agent, version and Accept: %q", got.Load())
	}
}

// The service limits each token to one request a second and ten a minute
// (1018: "Too many requests have been made from this token"): the fake
// keeps a window per token, so another token is not throttled by it, and
// the client sits out a 1018 instead of failing.
func TestRateLimitPerToken(t *testing.T) {
	r := newRig(t, fake.Options{})
	send := func(token string) string {
		req, _ := http.NewRequest(http.MethodGet, r.env.URL("flex")+"/SendRequest?v=3&q="+fake.Query+"&t="+token, nil)
		req.Header.Set("User-Agent", "Java")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		ans, _, err := decodeAnswer(b)
		if err != nil {
			t.Fatal(err)
		}
		return ans.ErrorCode
	}
	if code := send(fake.Token); code != "" {
		t.Fatalf("first request: error %s", code)
	}
	if code := send(fake.Token); code != "1018" {
		t.Errorf("a second request in the same second: error %q, want 1018", code)
	}
	if code := send(fake.ExpiredToken); code != "1012" {
		t.Errorf("another token in the same second: error %q, want its own answer (1012), not 1018", code)
	}
	// The client, starting in the throttled second, waits and gets the
	// statement.
	c, _ := r.in.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{"token":"` + fake.Token + `","query":"` + fake.Query + `"}`)}, r.env, nil)
	before := r.clk.Slept()
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("throttled, then: %v", err)
	}
	if r.clk.Slept()-before < throttleWait {
		t.Errorf("waited %s after 1018; want at least %s", r.clk.Slept()-before, throttleWait)
	}
}
