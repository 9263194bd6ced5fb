package fakekit_test

import (
	"math"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestIntParam(t *testing.T) {
	for _, c := range []struct {
		v      string
		lo, hi int
		want   int
		ok     bool
	}{
		{"", 1, 100, 25, true}, // absent: the default, even outside the range
		{"", 1, 7, 25, true},
		{"1", 1, 100, 1, true},
		{"100", 1, 100, 100, true},
		{"0", 1, 100, 0, false},
		{"101", 1, 100, 0, false},
		{"-1", 0, math.MaxInt, 0, false},
		{"12", 0, math.MaxInt, 12, true},
		{"9223372036854775807", 0, math.MaxInt, math.MaxInt, true},
		{"9223372036854775808", 0, math.MaxInt, 0, false}, // out of int64
		{"1.5", 0, 10, 0, false},
		{"ten", 0, 10, 0, false},
		{" 5", 0, 10, 0, false},
	} {
		if got, ok := fakekit.IntParam(c.v, 25, c.lo, c.hi); got != c.want || ok != c.ok {
			t.Errorf("IntParam(%q, 25, %d, %d) = %d %v, want %d %v", c.v, c.lo, c.hi, got, ok, c.want, c.ok)
		}
	}
	// int64: a timestamp's range.
	if got, ok := fakekit.IntParam("8640000000000000", int64(0), 0, math.MaxInt64); got != 8640000000000000 || !ok {
		t.Errorf("IntParam int64 = %d %v", got, ok)
	}
	if got, ok := fakekit.IntParam("", int64(8640000000000000), 0, math.MaxInt64); got != 8640000000000000 || !ok {
		t.Errorf("IntParam int64 default = %d %v", got, ok)
	}
}

func TestTimeParam(t *testing.T) {
	day := time.Date(2025, 4, 23, 0, 0, 0, 0, time.UTC)
	at := time.Date(2025, 4, 23, 19, 59, 12, 0, time.FixedZone("", -4*3600))
	for _, c := range []struct {
		v       string
		layouts []string
		want    time.Time
		ok      bool
	}{
		{"", []string{time.DateOnly}, time.Time{}, true}, // absent
		{"2025-04-23", []string{time.DateOnly}, day, true},
		{"2025-04-23", []string{time.RFC3339, time.DateOnly}, day, true}, // the first layout that reads it
		{"2025-04-23T19:59:12-04:00", []string{time.DateOnly, time.RFC3339}, at, true},
		{"04232025", []string{"01022006"}, day, true},
		{"2025-04-23T19:59:12", []string{time.DateOnly, time.RFC3339}, time.Time{}, false}, // no zone
		{"23/04/2025", []string{time.DateOnly}, time.Time{}, false},
		{"2025-04-23", nil, time.Time{}, false},
	} {
		if got, ok := fakekit.TimeParam(c.v, c.layouts...); !got.Equal(c.want) || ok != c.ok {
			t.Errorf("TimeParam(%q, %q) = %v %v, want %v %v", c.v, c.layouts, got, ok, c.want, c.ok)
		}
	}
}

func TestPositiveParam(t *testing.T) {
	for _, c := range []struct {
		v    string
		most int
		want int
	}{
		{"", 100, 25}, // absent
		{"1", 100, 1},
		{"100", 100, 100},
		{"101", 100, 100}, // larger: the most
		{"5000", math.MaxInt, 5000},
		{"0", 100, 25}, // not positive: the default
		{"-3", 100, 25},
		{"ten", 100, 25},
		{"1.5", 100, 25},
		{" 5", 100, 25},
		{"99999999999999999999", 100, 25}, // out of int
	} {
		if got := fakekit.PositiveParam(c.v, 25, c.most); got != c.want {
			t.Errorf("PositiveParam(%q, 25, %d) = %d, want %d", c.v, c.most, got, c.want)
		}
	}
}

func TestWithin(t *testing.T) {
	from := time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2025, 4, 30, 0, 0, 0, 0, time.UTC)
	var open time.Time
	for _, c := range []struct {
		at       time.Time
		from, to time.Time
		want     bool
	}{
		{from, from, to, true}, // both bounds included
		{to, from, to, true},
		{from.Add(time.Hour), from, to, true},
		{from.Add(-time.Nanosecond), from, to, false},
		{to.Add(time.Nanosecond), from, to, false},
		{from.Add(-time.Hour), open, to, true}, // no start
		{to.Add(time.Hour), open, to, false},
		{to.Add(time.Hour), from, open, true}, // no end
		{from.Add(-time.Hour), from, open, false},
		{time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC), open, open, true},
		{from.In(time.FixedZone("", 2*3600)), from, to, true}, // instants, not wall clocks
	} {
		if got := fakekit.Within(c.at, c.from, c.to); got != c.want {
			t.Errorf("Within(%v, %v, %v) = %v, want %v", c.at, c.from, c.to, got, c.want)
		}
	}
}
