package fakekit

import (
	"testing"
	"time"
)

// India's day from the database: 05:30 ahead of UTC, no daylight saving;
// a session issued at the daily end itself lasts until the next one.
func TestDailyAtKolkata(t *testing.T) {
	for _, c := range []struct{ at, want string }{
		{"2026-03-18T15:04:05Z", "2026-03-19T00:00:00Z"},      // 20:34 IST: tomorrow's 05:30 IST
		{"2026-03-18T23:59:00Z", "2026-03-19T00:00:00Z"},      // 05:29 IST
		{"2026-03-19T00:00:00Z", "2026-03-20T00:00:00Z"},      // 05:30 IST exactly: the next day's
		{"2026-07-01T10:00:00+05:30", "2026-07-02T00:00:00Z"}, // no summer time
	} {
		at, _ := time.Parse(time.RFC3339, c.at)
		if got := DailyAt(at, Kolkata, 5, 30).Format(time.RFC3339); got != c.want {
			t.Errorf("DailyAt(%s, 05:30 Kolkata) = %s, want %s", c.at, got, c.want)
		}
	}
}
