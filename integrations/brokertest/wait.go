package brokertest

import (
	"net/http"
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

// RateHeader is a header of a 429 answer and the wait the answer must name
// once it carries the header (with those of the steps before).
type RateHeader struct {
	Name, Value string
	Want        time.Duration
}

// WantRateWaits answers status (an integration's status mapper) with 429s
// and checks the wait of each with WantWait: the first answer carries no
// header and must name bare, each next one adds the header of its step to
// those before.
func WantRateWaits(t testing.TB, status func(*http.Response, []byte) error, bare time.Duration, steps ...RateHeader) {
	t.Helper()
	h := http.Header{}
	wait := func(what string, want time.Duration) {
		t.Helper()
		WantWait(t, what, status(&http.Response{StatusCode: http.StatusTooManyRequests, Header: h.Clone()}, nil), want)
	}
	wait("429 without headers", bare)
	for _, s := range steps {
		h.Set(s.Name, s.Value)
		wait("429 with "+s.Name+": "+s.Value, s.Want)
	}
}
