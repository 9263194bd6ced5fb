package fakekit

import (
	"cmp"
	"time"
)

// Options configure a fake whose only settings are the common ones: its
// clock, its listen address and its rate limit. A fake package with no
// setting of its own declares its Options as this type (an alias) and
// says there what its rate limit counts and its default.
type Options struct {
	// Now is the fake's clock (default time.Now): its tokens expire by
	// it, and data built per day is anchored to its UTC day.
	Now func() time.Time
	// Addr is the listen address (default 127.0.0.1:0).
	Addr string
	// RateLimit is the requests each credential may make in the
	// institution's window before a 429 (0: the institution's default).
	RateLimit int
}

// PagedOptions are Options with a page size: the settings of a fake whose
// only setting of its own is how many rows a page of its lists holds. A
// fake package declares its Options as this type and says there what its
// rate limit counts, what its pages hold and their defaults.
type PagedOptions struct {
	// Now, Addr and RateLimit are as in Options.
	Now       func() time.Time
	Addr      string
	RateLimit int
	// PageSize is the most rows one page of a list holds (0: the
	// institution's default).
	PageSize int
}

// Unmetered is a Rig's Prepare for a fake with these Options: it runs on
// the test's clock, its rate limit out of the way unless the test names
// one.
func Unmetered(o *Options, now func() time.Time, _ string) {
	o.Now, o.RateLimit = now, cmp.Or(o.RateLimit, Unlimited)
}
