package brokertest

import (
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// DailyEnd is a login whose session ends at a fixed time of day (India's
// brokers end theirs before the next market day).
type DailyEnd struct {
	In   integrations.Integration
	Env  integrations.Env // as the login had it
	Set  func(time.Time)  // moves Env's clock (fakekit.Clock.Set)
	Done *integrations.DoneStep
	// LoggedIn is when the login was made; End when its session ends;
	// ExpiringBy when the app must show it as expiring at the latest.
	LoggedIn, End, ExpiringBy time.Time
	// Before is how long before End a call still works.
	Before time.Duration
}

// WantDailyEnd checks a daily session: the grant expires at End; the
// institution's ExpiringWithin does not flag the login just made and does
// by ExpiringBy (issue 19's "daily tokens expiring in their last hours"); a
// client reads accounts Before the end and is ErrReauthRequired at End; and
// one whose clock still says LoggedIn is refused by the server
// (ErrReauthRequired) all the same.
func WantDailyEnd(t testing.TB, d DailyEnd) {
	t.Helper()
	if !d.Done.Grant.Expiry.Equal(d.End) {
		t.Errorf("grant expiry %s, want %s", d.Done.Grant.Expiry, d.End)
	}
	within := d.In.Institution().ExpiringWithin
	if within <= 0 || d.End.Sub(d.LoggedIn) <= within || d.End.Sub(d.ExpiringBy) > within {
		t.Errorf("ExpiringWithin %s: a login at %s must not show as expiring, and must by %s", within, d.LoggedIn, d.ExpiringBy)
	}
	c, err := d.In.NewClient(t.Context(), d.Done.Grant, d.Env, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.Set(d.End.Add(-d.Before))
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("%s before the end: %v", d.Before, err)
	}
	d.Set(d.End)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("at the end: %v", err)
	}
	stale := d.Env
	stale.Now = func() time.Time { return d.LoggedIn }
	c2, err := d.In.NewClient(t.Context(), d.Done.Grant, stale, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("the server after the end: %v", err)
	}
}
