package app_test

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
)

// A revision bump while one account's activities fail for good: the other
// account must not read its whole history on every sync.
func TestCatchUpWithAnAccountFailingForGood(t *testing.T) {
	s := &scriptInst{accounts: []string{"A1", "A2"}, price: 100, rows: []integrations.Activity{row("recent", integrations.ActivityBuy, "2026-01-05")}}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	s.set(func(s *scriptInst) {
		s.revision = 1
		s.errs = map[string]error{"activities/A2": integrations.Wrap(integrations.ErrUnavailable, "server answered 500")}
	})
	var whole int
	for range 8 {
		s.set(func(s *scriptInst) { s.sinces = nil })
		syncOnce(t, a, c.ID)
		s.mu.Lock()
		if len(s.sinces) == 1 && s.sinces[0].IsZero() {
			whole++
		}
		s.mu.Unlock()
	}
	if whole == 8 {
		t.Fatalf("A1 read its whole history on each of 8 syncs while A2 fails")
	}
}

// A whole-history walk stopped under revision 0 must not count as the
// whole-history read of revision 1 when it is resumed after the bump.
func TestWalkResumedAcrossARevisionBump(t *testing.T) {
	s := &scriptInst{accounts: []string{"A1"}, price: 100, walker: true, windows: 6, budget: 2,
		walkFrom: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Code != "RATE_LIMITED" { // first sync: windows 0-1, cursor 2
		t.Fatalf("code %q, want RATE_LIMITED", r.Code)
	}
	s.set(func(s *scriptInst) { s.calls, s.budget, s.revision, s.sinces, s.cursors = 0, 100, 1, nil, nil })
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	cc, _ := a.Connection(t.Context(), c.ID)
	s.mu.Lock()
	cursors := s.cursors
	s.mu.Unlock()
	if cc.Sync[app.DataTransactions].Revision == 1 && cursors[0] != "" {
		t.Fatalf("revision 1 recorded, but the walk under it resumed at cursor %q: windows 0-1 were only read under revision 0", cursors[0])
	}
}
