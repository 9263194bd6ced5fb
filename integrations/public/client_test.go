package public

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/public/fake"
)

// TestRateLimitPerKey: Public publishes no limit; its scope is the secret
// key (the grant), so with one key's budget spent another key's login still
// reads, and the spent one is told to wait.
func TestRateLimitPerKey(t *testing.T) {
	env, _, _ := fake.Start(t, New()[0], fake.Options{RateLimit: 2})
	login := func(key string) integrations.Client {
		t.Helper()
		return brokertest.Connect(t, New()[0], integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env, Values: map[string]string{fieldKey: key}}, nil)
	}
	a := login(fake.Secret) // the login's read is the key's first request
	if _, err := a.Accounts(t.Context()); err != nil {
		t.Fatalf("second request: %v", err)
	}
	if _, err := a.Accounts(t.Context()); !integrations.Transient(err) {
		t.Fatalf("third request of the minute: %v, want rate limited", err)
	} else if _, limited := integrations.RetryAfter(err); !limited {
		t.Fatalf("third request of the minute: %v, want rate limited", err)
	}
	b := login(fake.OtherSecret)
	if _, err := b.Accounts(t.Context()); err != nil {
		t.Fatalf("another key, same minute: %v", err)
	}
}
