package tradestation_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/tradestation"
	"github.com/latchkey/latchkey/integrations/tradestation/fake"
)

func refreshToken(t *testing.T, g integrations.Grant) string {
	t.Helper()
	var s struct {
		Refresh string `json:"refresh_token"`
	}
	if err := json.Unmarshal(g.Secret, &s); err != nil {
		t.Fatal(err)
	}
	return s.Refresh
}

// TestDefaultKeyNeverExpires: a default key's refresh token is valid
// indefinitely, so the grant has no expiry; a refresh answers without a
// refresh token and the old one is kept.
func TestDefaultKeyNeverExpires(t *testing.T) {
	r := newRig(t, 0, fake.Options{})
	done, err := login(t, r, fake.PasteAnswer("approve", fake.User))
	if err != nil {
		t.Fatal(err)
	}
	if !done.Grant.Expiry.IsZero() || len(done.Accounts) != 3 {
		t.Fatalf("grant expiry %s, %d accounts", done.Grant.Expiry, len(done.Accounts))
	}
	var sv brokertest.Saves
	c, err := r.In.NewClient(t.Context(), done.Grant, r.Env, sv.Save)
	if err != nil {
		t.Fatal(err)
	}
	// A month later, the access token long expired.
	r.Clk.Add(30 * 24 * time.Hour)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	g, n := sv.Last()
	if n != 1 || !g.Expiry.IsZero() || g.Fingerprint != done.Grant.Fingerprint || refreshToken(t, g) != refreshToken(t, done.Grant) {
		t.Fatalf("%d saves, expiry %s: a default key's refresh keeps its refresh token and no expiry", n, g.Expiry)
	}
}

// TestRotatingKeyEndsAfter24Hours: a key with rotating refresh tokens hands
// a new refresh token on each refresh; the grant then ends 24 hours after
// the sign-in, which the client knows without asking.
func TestRotatingKeyEndsAfter24Hours(t *testing.T) {
	r := newRig(t, 0, fake.Options{Rotating: true})
	start := r.Clk.Now().UTC().Truncate(time.Second)
	done, err := login(t, r, fake.PasteAnswer("approve", fake.User))
	if err != nil {
		t.Fatal(err)
	}
	var sv brokertest.Saves
	c, err := r.In.NewClient(t.Context(), done.Grant, r.Env, sv.Save)
	if err != nil {
		t.Fatal(err)
	}
	r.Clk.Add(25 * time.Minute)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	g, n := sv.Last()
	if n != 1 || !g.Expiry.Equal(start.Add(24*time.Hour)) || refreshToken(t, g) == refreshToken(t, done.Grant) {
		t.Fatalf("%d saves, expiry %s (want %s): a rotated token is saved with the 24-hour end", n, g.Expiry, start.Add(24*time.Hour))
	}
	r.Clk.Add(24 * time.Hour)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("after 24 hours: %v, want ErrReauthRequired", err)
	}
	if _, n2 := sv.Last(); n2 != n {
		t.Error("a refresh past the 24 hours was attempted and saved")
	}
}

// TestOrdersPaged: with a small page, every filled leg arrives once, from
// both historicalorders and today's orders, through the NextToken chain.
func TestOrdersPaged(t *testing.T) {
	defer tradestation.SetPageSize(4)()
	r := newRig(t, 0, fake.Options{})
	done, c := approved(t, r)
	for _, a := range done.Accounts {
		acts, err := c.Activities(t.Context(), a.ID, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if want := r.Fake.Count(brokertest.ListActivities, a.ID); len(acts) != want || want < 20 {
			t.Errorf("%s: %d activities, the fake holds %d", a.Name, len(acts), want)
		}
		seen := map[string]bool{}
		for _, act := range acts {
			if seen[act.ID] {
				t.Errorf("%s: %s twice", a.Name, act.ID)
			}
			seen[act.ID] = true
		}
	}
}

// TestSinceOlderThan90Days: history reaches 90 days back; an older since
// asks for what TradeStation allows (the fake refuses more), a recent one
// is honoured.
func TestSinceOlderThan90Days(t *testing.T) {
	r := newRig(t, 0, fake.Options{})
	done, c := approved(t, r)
	id := done.Accounts[0].ID
	all, err := c.Activities(t.Context(), id, r.Clk.Now().AddDate(-2, 0, 0))
	if err != nil || len(all) == 0 {
		t.Fatalf("two years back: %v, %d", err, len(all))
	}
	since := r.Clk.Now().AddDate(0, 0, -30)
	recent, err := c.Activities(t.Context(), id, since)
	if err != nil || len(recent) == 0 || len(recent) >= len(all) {
		t.Fatalf("30 days back: %v, %d of %d", err, len(recent), len(all))
	}
	for _, a := range recent {
		if a.TradeDate < integrations.DateOf(since.UTC()) {
			t.Errorf("%s on %s is before since", a.ID, a.TradeDate)
		}
	}
}

// TestLiveAndSimulatorShareTheSignIn: one sign-in, two environments: the
// simulator variant reads the SIM accounts, marked paper.
func TestLiveAndSimulatorShareTheSignIn(t *testing.T) {
	r := newRig(t, 1, fake.Options{})
	done, err := login(t, r, fake.CallbackAnswer("approve", fake.User))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range done.Accounts {
		if !a.Paper || !strings.HasPrefix(a.Number, "••••") {
			t.Errorf("sim account %+v", a)
		}
	}
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	pos, err := c.Positions(t.Context(), done.Accounts[0].ID)
	if err != nil || len(pos) == 0 {
		t.Fatalf("sim positions: %v %d", err, len(pos))
	}
}

// TestRefusals: a 403 (no ReadAccount scope, say) disables; a 429 waits out
// the 5-minute window when no Retry-After names a wait; the body of an
// error never reaches the message.
func TestRefusals(t *testing.T) {
	r := newRig(t, 0, fake.Options{})
	done, c := approved(t, r)
	id := done.Accounts[0].ID
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	// Refused, refreshed, refused again.
	r.Fake.InjectReply(brokertest.Reply{Status: http.StatusForbidden, Body: `{"Error":"Forbidden","Message":"secret-ish body"}`}, 2)
	if _, err := c.Balances(t.Context(), id); !errors.Is(err, integrations.ErrReauthRequired) || strings.Contains(err.Error(), "secret-ish") {
		t.Errorf("403: %v", err)
	}
	r.Fake.InjectReply(brokertest.Reply{Status: http.StatusTooManyRequests, Body: `{"Error":"TooManyRequests","Message":"quota"}`}, 100)
	_, err := c.Positions(t.Context(), id)
	r.Fake.InjectReply(brokertest.Reply{}, 0)
	brokertest.WantWait(t, "429", err, 5*time.Minute)
}

// TestRateLimitPerCategory: the fake's quota counts each resource category
// apart, as TradeStation documents; past it the client is told to wait.
func TestRateLimitPerCategory(t *testing.T) {
	r := newRig(t, 0, fake.Options{RateLimit: 3})
	done, c := approved(t, r) // one accounts call
	id := done.Accounts[0].ID
	for i := range 3 {
		if _, err := c.Balances(t.Context(), id); err != nil {
			t.Fatalf("balances %d: %v", i, err)
		}
	}
	if _, err := c.Positions(t.Context(), id); err != nil {
		t.Fatalf("positions have their own quota: %v", err)
	}
	if _, err := c.Balances(t.Context(), id); !errors.Is(err, integrations.ErrRateLimited) {
		t.Fatalf("the fourth balances call: %v", err)
	}
}

// TestNoAppRegistration: without the API key, or with its key but not its
// Secret, the login does not start: the user is sent to Settings › App
// registrations (ErrNeedsApp).
func TestNoAppRegistration(t *testing.T) {
	r := newRig(t, 0, fake.Options{})
	for _, app := range []*integrations.AppRegistration{nil, {ClientID: r.Env.App.ClientID}} {
		r.Env.App = app
		_, err := r.In.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.Env})
		if !errors.Is(err, integrations.ErrNeedsApp) || !strings.Contains(err.Error(), "API Key and Secret") {
			t.Errorf("app %v: %v", app, err)
		}
	}
}
