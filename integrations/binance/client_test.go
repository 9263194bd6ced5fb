package binance_test

import (
	"errors"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/binance"
	"github.com/latchkey/latchkey/integrations/binance/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// now is the fakes' clock at the start of a test.
var now = fakekit.T0

// newRig starts a fake with opts and returns the variant id, the Env
// pointing at it and the fake.
func newRig(t testing.TB, id string, opts fake.Options) (integrations.Integration, integrations.Env, *fake.Server) {
	t.Helper()
	in := brokertest.Variant(t, binance.New(), id)
	env, srv, _ := fake.Start(t, in, opts)
	return in, env, srv
}

func keys(key, secret string) map[string]string { return fake.Keys(key, secret) }

// TestWeightLimit: past the weight limit the fake answers 429, then 418
// (banned) to a client that keeps going; both are rate limits with the
// Retry-After the fake sent.
func TestWeightLimit(t *testing.T) {
	in, env, _ := newRig(t, binance.ID, fake.Options{WeightLimit: 45})
	g := login(t, in, env)
	c, err := in.NewClient(t.Context(), g, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The login used 20 of 45; one more account read (20) fits.
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	_, err = c.Accounts(t.Context())
	if d, ok := integrations.RetryAfter(err); !ok || d <= 0 {
		t.Fatalf("past the limit: %v", err)
	}
	_, err = c.Accounts(t.Context())
	if d, ok := integrations.RetryAfter(err); !ok || d.Seconds() < 100 {
		t.Fatalf("banned: %v (retry after %s)", err, d)
	}
}

func login(t *testing.T, in integrations.Integration, env integrations.Env) integrations.Grant {
	t.Helper()
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env,
		Values: keys(fake.DemoKey, fake.DemoSecret)})
	if err != nil {
		t.Fatal(err)
	}
	return done.Grant
}

// TestClockSkew: a computer clock outside recvWindow is -1021, unavailable
// (not a dead key).
func TestClockSkew(t *testing.T) {
	in, env, _ := newRig(t, binance.ID, fake.Options{})
	g := login(t, in, env)
	env.Now = func() time.Time { return now.Add(-time.Minute) }
	c, _ := in.NewClient(t.Context(), g, env, nil)
	_, err := c.Accounts(t.Context())
	if !errors.Is(err, integrations.ErrUnavailable) || errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("skewed clock: %v", err)
	}
}

// TestUSHasNoUID: Binance.US's fingerprint falls back to the key.
func TestUSHasNoUID(t *testing.T) {
	in, env, _ := newRig(t, binance.USID, fake.Options{})
	g := login(t, in, env)
	if g.Fingerprint != integrations.Fingerprint(binance.USID, "key:"+fake.DemoKey) {
		t.Errorf("fingerprint %s", g.Fingerprint)
	}
	in2, env2, _ := newRig(t, binance.ID, fake.Options{})
	if g2 := login(t, in2, env2); g2.Fingerprint != integrations.Fingerprint(binance.ID, "uid:354937868") {
		t.Errorf("binance.com fingerprint %s", g2.Fingerprint)
	}
}

// TestSavedKeyRefused: a saved key that does not read asks for a new
// login; without Binance's API address the client is unavailable.
func TestSavedKeyRefused(t *testing.T) {
	fakekit.WantSavedKeyRefused(t, binance.New()[1], cryptokit.KeyPair{Key: fake.DemoKey, Secret: fake.DemoSecret}.Encode())
}
