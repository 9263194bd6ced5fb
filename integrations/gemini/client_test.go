package gemini_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
	"github.com/latchkey/latchkey/integrations/gemini"
	"github.com/latchkey/latchkey/integrations/gemini/fake"
)

// rig starts a fake (its per-key limit out of the way, the transfers
// list's 1 per 5 s enforced) and logs in with key.
func rig(t *testing.T, key string) (*gemini.Integration, integrations.Env, *fake.Server, integrations.Client) {
	t.Helper()
	in := gemini.New()[0].(*gemini.Integration)
	env, srv, clk := fake.Start(t, in, fake.Options{})
	in = cryptokit.WithWait(in, fakekit.ClockSleep(clk))
	return in, env, srv, login(t, in, env, key)
}

func login(t *testing.T, in integrations.Integration, env integrations.Env, key string) integrations.Client {
	t.Helper()
	vals := fake.Keys(key, fake.DemoSecret)
	if key == fake.SecondKey {
		vals["nonce_kind"] = "increasing"
	}
	return brokertest.Connect(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env, Values: vals}, nil)
}

var since = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// TestTransfersPaced: Gemini reads the transfers list at most once per 5
// seconds per subaccount, and the fake refuses faster reads. A client waits
// out the rest itself: its history (two pages of transfers) reads whole,
// without a refusal, and its clock moved at least 5 s between the pages.
func TestTransfersPaced(t *testing.T) {
	in := gemini.New()[0].(*gemini.Integration)
	env, srv, clk := fake.Start(t, in, fake.Options{})
	c := login(t, cryptokit.WithWait(in, fakekit.ClockSleep(clk)), env, fake.DemoKey)
	start := clk.Now()
	acts, err := c.Activities(t.Context(), "exchange", since)
	if err != nil {
		t.Fatal(err)
	}
	if n := srv.TransfersServed(fake.LiveID); n < 2 {
		t.Fatalf("the transfers list took %d reads; the fake pages it in two", n)
	}
	if moved := clk.Now().Sub(start); moved < 5*time.Second {
		t.Errorf("the clock moved %s between transfers pages", moved)
	}
	if len(acts) < srv.Count(brokertest.ListActivities, "exchange") {
		t.Errorf("%d activities", len(acts))
	}
	// Another key of the same account in this process shares the pace.
	paced := clk.Now()
	if _, err := login(t, cryptokit.WithWait(in, fakekit.ClockSleep(clk)), env, fake.SecondKey).Activities(t.Context(), "exchange", since); err != nil {
		t.Fatalf("a second key of the account: %v", err)
	}
	if clk.Now().Sub(paced) < 5*time.Second {
		t.Error("the second key did not wait for the account's pace")
	}
	// A reader the process does not know of (another app) within the 5
	// seconds is refused, as a rate limit of 5 seconds.
	stranger, err := in.NewClient(t.Context(), integrations.Grant{Method: integrations.AuthAPIKey,
		Secret: []byte(`{"key":"` + fake.DemoKey + `","secret":"` + fake.DemoSecret + `"}`)}, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = stranger.Activities(t.Context(), "exchange", since)
	brokertest.WantWait(t, "a reader within 5 s", err, 5*time.Second)
}

// TestWalkResumes: a walk stopped by a failure resumes from the cursor of
// its last page: it does not read the pages it had again, and the two
// parts together are the whole history.
func TestWalkResumes(t *testing.T) {
	_, _, srv, c := rig(t, fake.DemoKey)
	w := c.(integrations.HistoryWalker)
	full, err := c.Activities(t.Context(), "exchange", since)
	if err != nil {
		t.Fatal(err)
	}
	var got []integrations.Activity
	var cursor string
	pages := 0
	err = w.WalkActivities(t.Context(), "exchange", since, "", func(acts []integrations.Activity, next string) error {
		got, cursor = append(got, acts...), next
		if pages++; pages == 1 {
			srv.InjectPath("/v1/transfers", brokertest.ServerError, 1) // the second page fails
		}
		return nil
	})
	if !errors.Is(err, integrations.ErrUnavailable) || pages != 1 || cursor == "" || !strings.Contains(cursor, `"transfers"`) {
		t.Fatalf("the walk did not stop after its first page: %v, %d pages, cursor %q", err, pages, cursor)
	}
	reads := srv.TransfersServed(fake.LiveID)
	err = w.WalkActivities(t.Context(), "exchange", since, cursor, func(acts []integrations.Activity, next string) error {
		got, cursor = append(got, acts...), next
		return nil
	})
	if err != nil || cursor != "" {
		t.Fatalf("the resumed walk: %v, cursor %q", err, cursor)
	}
	if n := srv.TransfersServed(fake.LiveID) - reads; n != 1 {
		t.Errorf("the resumed walk read the transfers list %d times; one page was left", n)
	}
	if a, b := brokertest.ActivityIDs(dedupe(got)), brokertest.ActivityIDs(full); a != b {
		t.Errorf("the resumed walk's history differs from a whole read:\n%s\n%s", a, b)
	}
}

// TestWalkCursorUnreadable: a cursor the walk cannot read starts it over.
func TestWalkCursorUnreadable(t *testing.T) {
	_, _, _, c := rig(t, fake.DemoKey)
	var got []integrations.Activity
	err := c.(integrations.HistoryWalker).WalkActivities(t.Context(), "exchange", since, "not a cursor",
		func(acts []integrations.Activity, _ string) error { got = append(got, acts...); return nil })
	full, _ := c.Activities(t.Context(), "exchange", since)
	if err != nil || brokertest.ActivityIDs(dedupe(got)) != brokertest.ActivityIDs(full) {
		t.Fatalf("%v: %d of %d activities", err, len(got), len(full))
	}
}

func dedupe(acts []integrations.Activity) []integrations.Activity {
	seen := map[string]bool{}
	var out []integrations.Activity
	for _, a := range acts {
		if !seen[a.ID] {
			seen[a.ID] = true
			out = append(out, a)
		}
	}
	return out
}

// TestSavedKeyRefused: a saved key that does not read asks for a new
// login; without the sandbox's API address the client is unavailable.
func TestSavedKeyRefused(t *testing.T) {
	fakekit.WantSavedKeyRefused(t, gemini.New()[1], []byte(`{"key":"`+fake.DemoKey+`","secret":"`+fake.DemoSecret+`","nonce":"increasing"}`))
}
