package fakekit

import (
	"testing"
	"time"
)

// TestZones: the days and midnights of New York across both changes of
// daylight saving (2026: 8 March and 1 November), and of Toronto.
func TestZones(t *testing.T) {
	cases := []struct {
		at         string
		loc        *time.Location
		day, night string
	}{
		{"2026-01-15T12:00:00Z", NewYork, "2026-01-15", "2026-01-16T05:00:00Z"},
		{"2026-01-16T03:00:00Z", NewYork, "2026-01-15", "2026-01-16T05:00:00Z"}, // 22:00 the day before in New York
		{"2026-03-08T06:59:59Z", NewYork, "2026-03-08", "2026-03-09T04:00:00Z"}, // 01:59 EST, the day EDT begins
		{"2026-07-04T03:59:00Z", NewYork, "2026-07-03", "2026-07-04T04:00:00Z"},
		{"2026-11-01T03:30:00Z", NewYork, "2026-10-31", "2026-11-01T04:00:00Z"},
		{"2026-11-01T12:00:00Z", NewYork, "2026-11-01", "2026-11-02T05:00:00Z"}, // EST again
		{"2026-07-04T03:59:00Z", Toronto, "2026-07-03", "2026-07-04T04:00:00Z"},
		{"2026-07-04T03:59:00Z", Zone("UTC"), "2026-07-04", "2026-07-05T00:00:00Z"},
	}
	for _, c := range cases {
		at, _ := time.Parse(time.RFC3339, c.at)
		if got := DayIn(at, c.loc).Format(time.RFC3339); got != c.day+"T00:00:00Z" {
			t.Errorf("DayIn(%s, %s) = %s, want %s", c.at, c.loc, got, c.day)
		}
		if got := MidnightAfter(at, c.loc).Format(time.RFC3339); got != c.night {
			t.Errorf("MidnightAfter(%s, %s) = %s, want %s", c.at, c.loc, got, c.night)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Zone of a name the database lacks did not panic")
		}
	}()
	Zone("Nowhere/Atlantis")
}
