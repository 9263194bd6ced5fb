package brokertest

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// WantWait fails t unless err says to wait exactly want before trying
// again (integrations.RetryAfter): the wait a rate limit or a maintenance
// window names, or the one a client assumes when it names none. RetryAfter
// reads only a rate-limit error, so err must be one.
func WantWait(t testing.TB, what string, err error, want time.Duration) {
	t.Helper()
	if d, ok := integrations.RetryAfter(err); !ok || d != want {
		t.Errorf("%s: wait %s (named: %v), want %s; error %v", what, d, ok, want, err)
	}
}
