package saxo

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
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

// TestStatusMapping: a 403 is a permission the app or user lacks (not a dead
// login), a 404 an account that may have been closed, 401 a dead token.
func TestStatusMapping(t *testing.T) {
	m := status(time.Now)
	get := func(code int) error {
		return m(&http.Response{StatusCode: code, Header: http.Header{}}, []byte(`{"ErrorCode":"X","Message":"echo"}`))
	}
	if err := get(http.StatusForbidden); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("403: %v", err)
	}
	if err := get(http.StatusNotFound); err == nil || errors.Is(err, integrations.ErrReauthRequired) ||
		!strings.Contains(err.Error(), "closed") {
		t.Errorf("404: %v", err)
	}
	if err := get(http.StatusUnauthorized); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("401: %v", err)
	}
	for _, code := range []int{http.StatusForbidden, http.StatusNotFound} {
		if err := get(code); strings.Contains(err.Error(), "echo") {
			t.Errorf("%d quotes the body: %v", code, err)
		}
	}
}
