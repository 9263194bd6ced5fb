package saxo

import (
	"net/http"
	"testing"
	"time"
)

// TestRetryAfterHeaders reads the rate-limit headers Saxo's samples name
// (SaxoBank/openapi-samples-js @9c49118 error-handling/demo.js:
// X-RateLimit-AppDay-* and a service group's X-RateLimit-<Group>Minute-*):
// the wait is the reset of the limit with nothing remaining.
func TestRetryAfterHeaders(t *testing.T) {
	now := time.Unix(1773846245, 0)
	h := http.Header{}
	h.Set("X-RateLimit-AppDay-Limit", "10000000")
	h.Set("X-RateLimit-AppDay-Remaining", "9999874")
	h.Set("X-RateLimit-AppDay-Reset", "51234")
	h.Set("X-RateLimit-RefDataInstrumentsMinute-Limit", "60")
	h.Set("X-RateLimit-RefDataInstrumentsMinute-Remaining", "0")
	h.Set("X-RateLimit-RefDataInstrumentsMinute-Reset", "17")
	if d := retryAfter(h, now); d != 17*time.Second {
		t.Errorf("a spent service group: %s, want 17s", d)
	}
	h.Set("X-RateLimit-AppDay-Remaining", "0")
	if d := retryAfter(h, now); d != 51234*time.Second {
		t.Errorf("a spent app day: %s, want the day's reset", d)
	}
	if d := retryAfter(http.Header{"Retry-After": {"3"}}, now); d != 3*time.Second {
		t.Errorf("Retry-After: %s", d)
	}
	if d := retryAfter(http.Header{}, now); d != time.Minute {
		t.Errorf("no headers: %s, want a minute", d)
	}
}
