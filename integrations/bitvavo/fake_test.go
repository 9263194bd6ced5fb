package bitvavo_test

import (
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/bitvavo/fake"
)

// TestRateLimit: past the limit the fake answers 103 then bans (105); both
// are rate limits with the waits its headers give.
func TestRateLimit(t *testing.T) {
	in, env, _ := newRig(t, fake.Options{RateLimit: 15})
	lg, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: keys(fake.DemoKey, fake.DemoSecret)})
	if err != nil {
		t.Fatal(err)
	}
	st, err := lg.Next(t.Context(), integrations.Answer{}) // balance (5) and deposit (1)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := in.NewClient(t.Context(), st.(*integrations.DoneStep).Grant, env, nil)
	if _, err := c.Accounts(t.Context()); err != nil { // 11 of 15
		t.Fatal(err)
	}
	// 103. (The app's transport retries a 429 that has no Retry-After, and
	// Bitvavo answers a retry before its reset with a ban: see the package
	// doc.)
	_, err = c.Accounts(t.Context())
	if d, ok := integrations.RetryAfter(err); !ok || d <= 0 {
		t.Fatalf("103: %v", err)
	}
	_, err = c.Accounts(t.Context()) // 105
	if d, ok := integrations.RetryAfter(err); !ok || d < 10*time.Minute {
		t.Fatalf("105: %v (%s)", err, d)
	}
}
