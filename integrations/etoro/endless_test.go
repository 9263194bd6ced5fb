package etoro_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/etoro"
	"github.com/latchkey/latchkey/integrations/etoro/fake"
)

// firstPage asks the trade history for its first page whatever page the
// client names: a server whose history never ends.
type firstPage struct{ next http.RoundTripper }

func (f firstPage) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/trade/history") {
		r = r.Clone(r.Context())
		q := r.URL.Query()
		q.Set("page", "1")
		r.URL.RawQuery = q.Encode()
	}
	return f.next.RoundTrip(r)
}

// TestHistoryThatNeverEnds: a trade history whose pages never run short is
// cut off with an error matching ErrUnavailable, not read as if its first
// thousand pages were all of it (the activities past them silently lost).
func TestHistoryThatNeverEnds(t *testing.T) {
	defer etoro.SetPageSize(1)()
	in := etoro.New()[0]
	env, srv, _ := fake.Start(t, in, fake.Options{})
	brokertest.Intercept(&env, func(next http.RoundTripper) http.RoundTripper { return firstPage{next: next} })
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: fake.Keys(fake.DemoAPIKey, fake.RealUserKey, "")})
	if err != nil {
		t.Fatal(err)
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	acts, err := c.Activities(t.Context(), done.Accounts[0].ID, srv.Now().AddDate(0, 0, -300))
	if !errors.Is(err, integrations.ErrUnavailable) {
		t.Fatalf("endless history: %d activities, error %v; want ErrUnavailable", len(acts), err)
	}
}
