package bitvavo_test

import (
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/bitvavo"
	"github.com/latchkey/latchkey/integrations/bitvavo/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

func login(t *testing.T, in integrations.Integration, env integrations.Env, key string) integrations.Client {
	t.Helper()
	return brokertest.Connect(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey, Env: env, Values: fake.Keys(key, fake.DemoSecret)}, nil)
}

// TestPacing: with 15 points a minute, a client sits out the rest of the
// minute when the last answer left fewer than 10, so it never meets 103
// (which Bitvavo follows with a ban); the key's window is its own.
func TestPacing(t *testing.T) {
	in := bitvavo.New()[0].(*bitvavo.Integration)
	env, _, clk := fake.Start(t, in, fake.Options{RateLimit: 15})
	paced := cryptokit.WithWait(in, fakekit.ClockSleep(clk))
	c := login(t, paced, env, fake.DemoKey) // balance (5) and deposit (1): 9 left
	start := clk.Now()
	for i := range 4 {
		if _, err := c.Accounts(t.Context()); err != nil {
			t.Fatalf("Accounts %d: %v", i, err)
		}
	}
	if !clk.Now().After(start) {
		t.Error("the client never sat out a window")
	}
	// The second key of the same account has a window of its own.
	if _, err := login(t, paced, env, fake.SecondKey).Accounts(t.Context()); err != nil {
		t.Fatalf("the second key: %v", err)
	}
}

// TestRateLimit: past the limit the fake answers 103, and bans (105) a key
// that calls again in the same minute; both map to rate limits with the
// waits its headers and its message give.
func TestRateLimit(t *testing.T) {
	in := bitvavo.New()[0]
	env, _, clk := fake.Start(t, in, fake.Options{RateLimit: 6})
	get := func() *http.Response {
		ts := strconv.FormatInt(clk.Now().UnixMilli(), 10)
		req, _ := http.NewRequestWithContext(t.Context(), "GET", env.URL("api")+"/v2/balance", nil)
		req.Header.Set("Bitvavo-Access-Key", fake.DemoKey)
		req.Header.Set("Bitvavo-Access-Timestamp", ts)
		req.Header.Set("Bitvavo-Access-Signature", bitvavo.Sign(fake.DemoSecret, ts, "GET", "/v2/balance", ""))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := get(); r.StatusCode != 200 || r.Header.Get("Bitvavo-Ratelimit-Remaining") != "1" {
		t.Fatalf("first call: %d %v", r.StatusCode, r.Header)
	}
	if r := get(); r.StatusCode != 429 {
		t.Fatalf("over the limit: %d", r.StatusCode)
	}
	r := get()
	if r.StatusCode != 403 || r.Header.Get("Bitvavo-Ratelimit-Allowat") == "" {
		t.Fatalf("after a 103: %d %v", r.StatusCode, r.Header)
	}
	// A client meets the ban as a rate limit of about 15 minutes.
	c, err := in.NewClient(t.Context(), integrations.Grant{Method: integrations.AuthAPIKey,
		Secret: []byte(`{"key":"` + fake.DemoKey + `","secret":"` + fake.DemoSecret + `"}`)}, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Accounts(t.Context())
	if d, ok := integrations.RetryAfter(err); !ok || d < 10*time.Minute || !errors.Is(err, integrations.ErrRateLimited) {
		t.Fatalf("105: %v (%s)", err, d)
	}
}
