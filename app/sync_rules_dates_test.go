package app_test

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// A catch-up whose answer carries one row without a trade date must still
// keep the rows older than the oldest dated row it read.
func TestCatchUpWithAnUndatedRowKeepsOlderRows(t *testing.T) {
	old, recent := row("old-2020", integrations.ActivityBuy, "2020-03-02"), row("recent", integrations.ActivityBuy, "2026-01-05")
	s := &scriptInst{accounts: []string{"A1"}, price: 100, rows: []integrations.Activity{old, recent}}
	a, c := newScriptApp(t, s)
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	s.set(func(s *scriptInst) {
		s.revision, s.rows = 1, []integrations.Activity{recent, row("undated", integrations.ActivityFee, "")}
	})
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	if n := countID(activityIDs(t, a), "old-2020"); n != 1 {
		t.Fatalf("old-2020 kept %d times after the catch-up, want 1: %v", n, activityIDs(t, a))
	}
}
