package app_test

import (
	"slices"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// TestHeldCatchUpKeepsOldRows: after a catch-up left partial counts
// (revisionTries), the hold makes the next sync a whole-history read that is
// no catch-up; it too keeps the rows older than the oldest it read, which
// the institution no longer serves (found by the third review).
func TestHeldCatchUpKeepsOldRows(t *testing.T) {
	old, recent := row("old-2020", integrations.ActivityBuy, "2020-03-02"), row("recent", integrations.ActivityBuy, "2026-01-05")
	s := &scriptInst{accounts: []string{"A1", "A2"}, price: 100, rows: []integrations.Activity{old, recent}}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	s.set(func(s *scriptInst) {
		s.revision, s.rows = 1, []integrations.Activity{recent}
		s.partial = map[string]bool{"activities/A2": true}
	})
	for range 3 {
		syncOnce(t, a, c.ID)
	}
	if n := countID(activityIDs(t, a), "old-2020"); n != 2 {
		t.Fatalf("after catch-up old-2020 kept %d times, want 2", n)
	}
	s.set(func(s *scriptInst) { s.partial = nil })
	syncOnce(t, a, c.ID)
	if n := countID(activityIDs(t, a), "old-2020"); n != 2 {
		t.Fatalf("after the held sync old-2020 kept %d times, want 2 (the catch-up kept them)", n)
	}
}

func countID(ids []string, id string) int {
	n := 0
	for _, x := range ids {
		if x == id {
			n++
		}
	}
	_ = slices.Equal[[]string]
	return n
}
