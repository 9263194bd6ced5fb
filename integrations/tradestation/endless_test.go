package tradestation_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/tradestation"
	"github.com/latchkey/latchkey/integrations/tradestation/fake"
)

// noNextToken drops the nextToken the client follows, so the order lists
// answer their first page again and again: a server that never ends them.
type noNextToken struct{ next http.RoundTripper }

func (n noNextToken) RoundTrip(r *http.Request) (*http.Response, error) {
	if q := r.URL.Query(); q.Has("nextToken") {
		r = r.Clone(r.Context())
		q.Del("nextToken")
		r.URL.RawQuery = q.Encode()
	}
	return n.next.RoundTrip(r)
}

// TestOrdersThatNeverEnd: an order list whose NextToken chain never ends
// is cut off with an error matching ErrUnavailable, not read as if its
// first thousand pages were all of it (the orders past them silently lost).
func TestOrdersThatNeverEnd(t *testing.T) {
	defer tradestation.SetPageSize(1)()
	r := newRig(t, 0, fake.Options{})
	brokertest.Intercept(&r.Env, func(next http.RoundTripper) http.RoundTripper { return noNextToken{next: next} })
	done, c := approved(t, r)
	acts, err := c.Activities(t.Context(), done.Accounts[0].ID, time.Time{})
	if !errors.Is(err, integrations.ErrUnavailable) {
		t.Fatalf("endless orders: %d activities, error %v; want ErrUnavailable", len(acts), err)
	}
}
