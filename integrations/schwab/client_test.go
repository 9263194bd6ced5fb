package schwab_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/schwab"
	"github.com/latchkey/latchkey/integrations/schwab/fake"
)

func TestGrantLastsSevenDays(t *testing.T) {
	r := newRig(t, fake.Options{})
	start := r.Clk.Now()
	done, err := login(t, r, pasteAnswer("approve", fake.User))
	if err != nil {
		t.Fatal(err)
	}
	if want := start.Add(7 * 24 * time.Hour); !done.Grant.Expiry.Equal(want) {
		t.Errorf("Expiry %s, want the login time plus 7 days (%s)", done.Grant.Expiry, want)
	}
	if len(done.Accounts) != 2 {
		t.Errorf("DoneStep accounts: %d", len(done.Accounts))
	}
	var sv brokertest.Saves
	c, err := r.In.NewClient(t.Context(), done.Grant, r.Env, sv.Save)
	if err != nil {
		t.Fatal(err)
	}
	// Day 6: the access token long expired, the refresh token still good.
	r.Clk.Add(6 * 24 * time.Hour)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("day 6: %v", err)
	}
	g, n := sv.Last()
	if n != 1 || !g.Expiry.Equal(done.Grant.Expiry) || g.Fingerprint != done.Grant.Fingerprint {
		t.Fatalf("day 6: %d saves, expiry %s: a refresh must keep the 7-day expiry", n, g.Expiry)
	}
	// Day 7: Schwab refuses the refresh token; the client knows it first.
	r.Clk.Add(24*time.Hour + time.Minute)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("day 7: %v, want ErrReauthRequired", err)
	}
}

func TestFakeRefusesOldRefreshToken(t *testing.T) {
	r := newRig(t, fake.Options{})
	done, err := login(t, r, pasteAnswer("approve", fake.User))
	if err != nil {
		t.Fatal(err)
	}
	// A grant whose login time was lost (zero) is not stopped by the client:
	// Schwab itself refuses the refresh token after 7 days.
	var sec map[string]any
	if err := json.Unmarshal(done.Grant.Secret, &sec); err != nil {
		t.Fatal(err)
	}
	delete(sec, "login_at")
	g := done.Grant
	g.Secret, _ = json.Marshal(sec)
	var sv brokertest.Saves
	c, err := r.In.NewClient(t.Context(), g, r.Env, sv.Save)
	if err != nil {
		t.Fatal(err)
	}
	r.Fake.ExpireAccessTokens()
	r.Clk.Add(8 * 24 * time.Hour)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("after 8 days: %v", err)
	}
	if _, n := sv.Last(); n != 0 {
		t.Errorf("%d grants saved from a refused refresh", n)
	}
}

func TestNoAppRegistration(t *testing.T) {
	r := newRig(t, fake.Options{})
	r.Env.App = nil
	_, err := r.In.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.Env})
	if !errors.Is(err, integrations.ErrNeedsApp) {
		t.Fatalf("without an app: %v", err)
	}
}

func TestWrongAppSecret(t *testing.T) {
	r := newRig(t, fake.Options{})
	r.Env.App.ClientSecret = fake.BadSecret
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	lg, err := r.In.StartLogin(ctx, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.Env})
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	step, err := lg.Next(ctx, integrations.Answer{})
	if err != nil {
		t.Fatal(err)
	}
	a, err := pasteAnswer("approve", fake.User)(ctx, r.Fake, step)
	if err != nil {
		t.Fatal(err)
	}
	step, err = lg.Next(ctx, a)
	if !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("wrong secret: %v", err)
	}
	if _, ok := step.(*integrations.BrowserStep); !ok {
		t.Errorf("wrong secret: got %T, want the browser step again", step)
	}
}

func TestFullWindowsAreHalved(t *testing.T) {
	defer schwab.SetMaxTransactions(7)()
	r := newRig(t, fake.Options{MaxTransactions: 7})
	done, err := login(t, r, pasteAnswer("approve", fake.User))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	accts, err := c.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range accts {
		acts, err := c.Activities(t.Context(), a.ID, r.Clk.Now().AddDate(-1, 0, 0))
		if err != nil {
			t.Fatal(err)
		}
		if want := r.Fake.Count(brokertest.ListActivities, a.ID); len(acts) != want {
			t.Errorf("account %s: %d activities with 7 rows per answer, want all %d", a.ID, len(acts), want)
		}
	}
}

func TestRateLimited(t *testing.T) {
	r := newRig(t, fake.Options{RateLimit: 3})
	done, err := login(t, r, pasteAnswer("approve", fake.User)) // 2 requests
	if err != nil {
		t.Fatal(err)
	}
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	_, err = c.Accounts(t.Context())
	brokertest.WantWait(t, "past the limit", err, time.Minute)
}

func TestUnknownAccount(t *testing.T) {
	r := newRig(t, fake.Options{})
	done, err := login(t, r, pasteAnswer("approve", fake.OtherUser))
	if err != nil {
		t.Fatal(err)
	}
	if len(done.Accounts) != 1 {
		t.Fatalf("other user: %d accounts", len(done.Accounts))
	}
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	_, err = c.Balances(t.Context(), "not-a-hash")
	if err == nil || integrations.Transient(err) || errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("unknown account: %v", err)
	}
	first, _ := login(t, r, pasteAnswer("approve", fake.User))
	if first.Grant.Fingerprint == done.Grant.Fingerprint {
		t.Error("two Schwab users share a fingerprint")
	}
}

func TestBrokenGrant(t *testing.T) {
	_, err := schwab.New()[0].NewClient(t.Context(), integrations.Grant{Secret: []byte("{}")}, integrations.Env{}, nil)
	if !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("broken grant: %v", err)
	}
}

// walk runs one WalkActivities from cursor and returns the pages' cursors,
// the activities and the walk's error.
func walk(t *testing.T, c integrations.Client, acct string, since time.Time, cursor string) ([]string, []integrations.Activity, error) {
	t.Helper()
	w, ok := c.(integrations.HistoryWalker)
	if !ok {
		t.Fatal("the Schwab client is not a HistoryWalker")
	}
	var nexts []string
	var acts []integrations.Activity
	err := w.WalkActivities(t.Context(), acct, since, cursor, func(a []integrations.Activity, next string) error {
		nexts, acts = append(nexts, next), append(acts, a...)
		return nil
	})
	return nexts, acts, err
}

// TestWalkTenYearsWithinTheRateBudget walks ten years of 364-day windows
// (eleven calls) against a fake that allows four requests a minute: each
// walk stops at the limit with a rate-limit error, the app keeps the last
// cursor, and the next walk a minute later resumes there, so the history
// completes without reading a window twice (issue 11.20).
func TestWalkTenYearsWithinTheRateBudget(t *testing.T) {
	r := newRig(t, fake.Options{RateLimit: 4})
	done, err := login(t, r, pasteAnswer("approve", fake.User)) // 2 requests
	if err != nil {
		t.Fatal(err)
	}
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	accts, err := c.Accounts(t.Context()) // 2 more: the first minute's budget is spent
	if err != nil || len(accts) == 0 {
		t.Fatalf("accounts: %v %d", err, len(accts))
	}
	hash := accts[0].ID
	var all []integrations.Activity
	cursor, walks, windows := "", 0, 0
	for walks = 1; walks <= 10; walks++ {
		r.Clk.Add(time.Minute)
		nexts, acts, err := walk(t, c, hash, time.Time{}, cursor)
		all, windows = append(all, acts...), windows+len(nexts)
		if len(nexts) > 0 {
			cursor = nexts[len(nexts)-1]
		}
		if err == nil {
			if cursor != "" {
				t.Fatalf("the walk ended without error on cursor %q", cursor)
			}
			break
		}
		if _, limited := integrations.RetryAfter(err); !limited {
			t.Fatalf("walk %d: %v", walks, err)
		}
		if len(nexts) == 0 {
			t.Fatalf("walk %d read no window within a fresh minute's budget", walks)
		}
	}
	if windows != 11 || walks != 3 {
		t.Errorf("%d windows in %d walks; want ten years in 11 windows of 364 days, 4 a minute: 3 walks", windows, walks)
	}
	seen := map[string]bool{}
	for _, a := range all {
		if seen[a.ID] {
			t.Errorf("activity %s read twice", a.ID)
		}
		seen[a.ID] = true
	}
	if want := r.Fake.Count(brokertest.ListActivities, hash); len(all) != want {
		t.Errorf("%d activities over the resumed walks, want all %d", len(all), want)
	}
	// A cursor the client cannot read starts the walk over.
	r.Clk.Add(time.Minute)
	nexts, _, err := walk(t, c, hash, r.Clk.Now().AddDate(0, -1, 0), "not-a-cursor")
	if err != nil || len(nexts) != 1 || nexts[0] != "" {
		t.Errorf("a month's walk from a bad cursor: %v %q", err, nexts)
	}
}
