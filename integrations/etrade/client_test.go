package etrade

import (
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/etrade/fake"
)

// TestRateWindowPerUser: E*TRADE's rate-limit guide allows each user two
// account requests a second (and 7,000 an hour), refusing more with a 400
// page; the fake keeps that window per access token and the client reads
// the page as a short wait, after which the next second's budget works.
func TestRateWindowPerUser(t *testing.T) {
	in := &Integration{id: LiveID}
	env, f, clk := fake.Start(t, in, fake.Options{RateLimit: 2, HourLimit: 7000})
	r := &rig{clk: clk, fake: f, in: in, env: env}
	c, _ := loggedIn(t, r) // the login's list request spends one of the second's two
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("the second's second request: %v", err)
	}
	_, err := c.Accounts(t.Context())
	if d, ok := integrations.RetryAfter(err); !ok || !errors.Is(err, integrations.ErrRateLimited) || d != time.Second {
		t.Fatalf("a third request in the second: %v (wait %s), want rate limited for a second", err, d)
	}
	clk.Add(time.Second)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("the next second: %v", err)
	}
}
