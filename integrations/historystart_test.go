package integrations

import (
	"testing"
	"time"
)

// TestHistoryStart: since's UTC date, clamped to the oldest day reachable.
func TestHistoryStart(t *testing.T) {
	oldest := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	cet := time.FixedZone("CET", 3600)
	for _, c := range []struct {
		name  string
		since time.Time
		want  time.Time
	}{
		{"zero", time.Time{}, oldest},
		{"older", oldest.AddDate(0, 0, -3), oldest},
		{"the oldest instant", oldest, oldest},
		{"the oldest day", oldest.Add(5 * time.Hour), oldest},
		{"later", time.Date(2026, 4, 2, 17, 30, 0, 0, time.UTC), time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)},
		{"later, its UTC date", time.Date(2026, 4, 3, 0, 30, 0, 0, cet), time.Date(2026, 4, 2, 0, 0, 0, 0, time.UTC)},
	} {
		if got := HistoryStart(c.since, oldest); !got.Equal(c.want) || got.Location() != time.UTC {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
