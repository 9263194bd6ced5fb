package fakekit

import "strconv"

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
