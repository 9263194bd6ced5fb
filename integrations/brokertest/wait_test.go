package brokertest

import (
	"net/http"
	"strconv"
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

func TestWantRateWaits(t *testing.T) {
	// a mapper that waits the seconds of X-Wait, else a minute, and sees
	// the headers of the steps before
	status := func(resp *http.Response, _ []byte) error {
		if resp.StatusCode != http.StatusTooManyRequests {
			return integrations.ErrUnavailable
		}
		if n, err := strconv.Atoi(resp.Header.Get("X-Wait")); err == nil && resp.Header.Get("X-Kept") == "yes" {
			return &integrations.RateLimitError{RetryAfter: time.Duration(n) * time.Second}
		}
		return &integrations.RateLimitError{RetryAfter: time.Minute}
	}
	f := &failures{TB: t}
	WantRateWaits(f, status, time.Minute, RateHeader{"X-Kept", "yes", time.Minute}, RateHeader{"X-Wait", "7", 7 * time.Second})
	if len(f.msgs) != 0 {
		t.Fatalf("the named waits pass: %q", f.msgs)
	}
	WantRateWaits(f, status, time.Second, RateHeader{"X-Wait", "7", 7 * time.Second}) // X-Kept is not carried over
	if len(f.msgs) != 2 {
		t.Fatalf("a wrong bare wait and a step's wrong wait fail: %q", f.msgs)
	}
}
