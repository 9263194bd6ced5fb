package fakekit

import (
	"testing"
	"time"
)

// Lift sets the clock and lifts the rate limit unless one is named.
func TestLift(t *testing.T) {
	now := func() time.Time { return T0 }
	var o BasicOptions
	Lift(&o, now, "any")
	if o.Now == nil || !o.Now().Equal(T0) || o.RateLimit != Unlimited {
		t.Errorf("Lift of no options: %+v", o)
	}
	o = BasicOptions{RateLimit: 3}
	if Lift(&o, now, "any"); o.RateLimit != 3 {
		t.Errorf("Lift kept a named rate limit? %d", o.RateLimit)
	}
}
