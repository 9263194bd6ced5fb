package fakekit_test

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

func TestUnmetered(t *testing.T) {
	now := func() time.Time { return fakekit.T0 }
	var o fakekit.Options
	fakekit.Unmetered(&o, now, "any")
	if o.RateLimit != fakekit.Unlimited || o.Now == nil || !o.Now().Equal(fakekit.T0) {
		t.Errorf("unmetered %+v", o)
	}
	o = fakekit.Options{RateLimit: 2}
	if fakekit.Unmetered(&o, now, "any"); o.RateLimit != 2 {
		t.Errorf("a rate limit the test names is lost: %+v", o)
	}
}
