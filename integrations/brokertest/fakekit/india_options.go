package fakekit

import (
	"cmp"
	"time"
)

// BasicOptions configure a fake that has nothing of its own to set: its
// clock, its address and its rate limit. A fake package declares its
// Options as an alias of it (type Options = fakekit.BasicOptions), saying
// in its doc comment which window its RateLimit counts in and its default,
// and prepares them for its Rig with [Lift].
type BasicOptions struct {
	// Now is the fake's clock (nil: time.Now).
	Now func() time.Time
	// Addr is the address to listen on (default 127.0.0.1:0).
	Addr string
	// RateLimit is how many requests the fake allows a credential in the
	// institution's window (zero: the fake's default).
	RateLimit int
}

// Lift is a Rig's Prepare for BasicOptions: the fake runs on the Rig's
// clock now, its rate limit lifted ([Unlimited]) unless the options name
// one (the suite's clock stands still, so no window would pass).
func Lift(o *BasicOptions, now func() time.Time, _ string) {
	o.Now, o.RateLimit = now, cmp.Or(o.RateLimit, Unlimited)
}
