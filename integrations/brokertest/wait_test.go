package brokertest

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

func TestWantWait(t *testing.T) {
	f := &failures{TB: t}
	limited := &integrations.RateLimitError{RetryAfter: time.Minute}
	WantWait(f, "429", limited, time.Minute)
	if len(f.msgs) != 0 {
		t.Fatalf("the named wait passes: %q", f.msgs)
	}
	WantWait(f, "429", limited, time.Second)
	WantWait(f, "500", integrations.ErrUnavailable, time.Minute)
	if len(f.msgs) != 2 {
		t.Fatalf("another wait, or none, fails: %q", f.msgs)
	}
}
