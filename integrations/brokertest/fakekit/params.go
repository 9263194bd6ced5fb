package fakekit

import (
	"strconv"
	"time"
)

// IntParam reads v, the value of a request parameter that must be a whole
// number from lo to hi (a page size, an offset, a count of days): def when
// v is empty (the parameter is absent), ok false when v is not such a
// number, for the fake to answer with its institution's error. A parameter
// without an upper bound takes math.MaxInt (math.MaxInt64) as hi.
func IntParam[N int | int64](v string, def, lo, hi N) (n N, ok bool) {
	if v == "" {
		return def, true
	}
	x, err := strconv.ParseInt(v, 10, 64)
	if err != nil || x < int64(lo) || x > int64(hi) {
		return 0, false
	}
	return N(x), true
}

// TimeParam reads v, the value of a request parameter that must be a time
// in one of layouts (the first that reads it: a date, a timestamp): the
// zero time when v is empty (the parameter is absent), ok false when no
// layout reads v, for the fake to answer with its institution's error.
func TimeParam(v string, layouts ...string) (t time.Time, ok bool) {
	if v == "" {
		return time.Time{}, true
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// PositiveParam reads v, the value of a request parameter an institution
// takes leniently (a page size, a page number): def when v is not a
// positive whole number (absent, malformed, zero or negative), most when it
// is larger than most. A parameter without an upper bound takes math.MaxInt
// as most.
func PositiveParam(v string, def, most int) int {
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		return def
	}
	return min(n, most)
}

// Within says whether t falls from from to to, both included; a zero bound
// is open (the parameter was absent).
func Within(t, from, to time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || !t.After(to))
}
