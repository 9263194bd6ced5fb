package trading212_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/trading212"
	"github.com/latchkey/latchkey/integrations/trading212/fake"
)

// requestLog records each history request's path and the fake clock's time,
// and every 429 the fake answered.
type requestLog struct {
	next http.RoundTripper
	now  func() time.Time

	mu       sync.Mutex
	at       map[string][]time.Time
	limited  int
	requests int
}

func (l *requestLog) RoundTrip(r *http.Request) (*http.Response, error) {
	l.mu.Lock()
	l.requests++
	if strings.Contains(r.URL.Path, "/history/") {
		l.at[r.URL.Path] = append(l.at[r.URL.Path], l.now())
	}
	l.mu.Unlock()
	resp, err := l.next.RoundTrip(r)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		l.mu.Lock()
		l.limited++
		l.mu.Unlock()
	}
	return resp, err
}

func logRequests(env *integrations.Env, now func() time.Time) *requestLog {
	l := &requestLog{now: now, at: map[string][]time.Time{}}
	brokertest.Intercept(env, func(next http.RoundTripper) http.RoundTripper { l.next = next; return l })
	return l
}

// The history lists allow six requests a minute each (the API reference's
// rate limits): a walk of many pages sits out each list's window instead of
// being refused, and never sends a seventh request into a minute.
func TestWalkPacesEachList(t *testing.T) {
	r := newRig(t)
	log := logRequests(&r.env, r.clk.Now)
	in := trading212.WithPageSize(r.live, 5)
	done := loginDone(t, in, r.env, fake.LiveKey, fake.LiveSecret)
	c, err := in.NewClient(t.Context(), done.Grant, r.env, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := trading212.AccountID(trading212.LiveID, fake.InvestNumber)
	acts, err := c.Activities(t.Context(), id, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if _, n := r.fake.Counts(fake.InvestNumber); len(acts) != n {
		t.Fatalf("%d activities, the fake serves %d", len(acts), n)
	}
	if log.limited > 0 {
		t.Errorf("the fake answered 429 %d times: the client must pace each list to its limit", log.limited)
	}
	orders := log.at["/api/v0/equity/history/orders"]
	if len(orders) < 13 {
		t.Fatalf("%d order pages: the test needs more than two minutes' budget", len(orders))
	}
	for path, times := range log.at {
		perMinute := map[time.Time]int{}
		for _, at := range times {
			perMinute[at.Truncate(time.Minute)]++
		}
		for m, n := range perMinute {
			if n > 6 {
				t.Errorf("%s: %d requests in the minute from %s", path, n, m.Format(time.TimeOnly))
			}
		}
	}
	if r.clk.Slept() < 2*time.Minute {
		t.Errorf("waited %s for %d order pages at six a minute", r.clk.Slept(), len(orders))
	}
}

var errOutOfTime = errors.New("the sync's time is up")

// A walk longer than one rate-limit budget finishes across syncs: each
// stops where it would have to wait (here the sync's time is up), and the
// next resumes from the cursor the last page handed over, reading no page
// twice.
func TestWalkResumesAcrossBudgets(t *testing.T) {
	r := newRig(t)
	log := logRequests(&r.env, r.clk.Now)
	in := trading212.WithPageSize(r.live, 5)
	done := loginDone(t, in, r.env, fake.LiveKey, fake.LiveSecret)
	// A sync that cannot wait: every rate-limit window ends it.
	impatient := in.(*trading212.Integration).WithSleep(func(ctx context.Context, d time.Duration) error { return errOutOfTime })
	c, err := impatient.NewClient(t.Context(), done.Grant, r.env, nil)
	if err != nil {
		t.Fatal(err)
	}
	walker := c.(integrations.HistoryWalker)
	id := trading212.AccountID(trading212.LiveID, fake.InvestNumber)

	seen := map[string]bool{}
	cursor, syncs := "", 0
	for {
		syncs++
		if syncs > 50 {
			t.Fatal("the walk never finished")
		}
		err := walker.WalkActivities(t.Context(), id, time.Time{}, cursor, func(acts []integrations.Activity, next string) error {
			for _, a := range acts {
				if seen[a.ID] {
					t.Errorf("activity %s read twice: the walk restarted", a.ID)
				}
				seen[a.ID] = true
			}
			cursor = next
			return nil
		})
		if err == nil {
			break
		}
		if !errors.Is(err, errOutOfTime) {
			t.Fatalf("sync %d: %v", syncs, err)
		}
		r.clk.Add(time.Minute) // the next sync, a minute later
	}
	if _, n := r.fake.Counts(fake.InvestNumber); len(seen) != n {
		t.Errorf("%d activities over %d syncs, the fake serves %d", len(seen), syncs, n)
	}
	if syncs < 3 {
		t.Errorf("the walk took %d syncs: the history must be longer than one budget for the test to prove anything", syncs)
	}
	if log.limited > 0 {
		t.Errorf("the fake answered 429 %d times", log.limited)
	}
	if cursor != "" {
		t.Errorf("the finished walk's last cursor is %q, want empty", cursor)
	}
}

// A cursor the client cannot read (another host, garbage) starts the walk
// again rather than sending the key elsewhere.
func TestWalkBadCursor(t *testing.T) {
	r := newRig(t)
	in := r.live
	done := loginDone(t, in, r.env, fake.LiveKey, fake.LiveSecret)
	c, _ := in.NewClient(t.Context(), done.Grant, r.env, nil)
	id := trading212.AccountID(trading212.LiveID, fake.InvestNumber)
	want, err := c.Activities(t.Context(), id, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	for _, cur := range []string{"orders https://evil.example/api/v0/equity/history/orders?cursor=1", "nonsense", "dividends //evil.example/x"} {
		n := 0
		err := c.(integrations.HistoryWalker).WalkActivities(t.Context(), id, time.Time{}, cur, func(acts []integrations.Activity, _ string) error {
			n += len(acts)
			return nil
		})
		if err != nil || n != len(want) {
			t.Errorf("cursor %q: %d activities, %v; want the whole history (%d)", cur, n, err, len(want))
		}
	}
}
