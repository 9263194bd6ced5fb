package alpaca_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/alpaca"
	"github.com/latchkey/latchkey/integrations/alpaca/fake"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// login logs in with the paper key pair and returns a client.
func login(t *testing.T, env integrations.Env) integrations.Client {
	t.Helper()
	in := integration(t, alpaca.PaperID)
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthAPIKey,
		Values: keys(fake.PaperKeyID, fake.PaperSecretKey), Env: env})
	if err != nil {
		t.Fatal(err)
	}
	if !done.Grant.Expiry.IsZero() {
		t.Errorf("an API key grant has an expiry: %s", done.Grant.Expiry)
	}
	c, err := in.NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Alpaca's 429 carries X-RateLimit-Reset and no Retry-After: the wait comes
// from the reset time.
func TestRateLimitFromResetHeader(t *testing.T) {
	clk := fakekit.NewClock(fakekit.T0)
	srv, err := fake.New(fake.Options{Now: clk.Now, RateLimit: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	in := integration(t, alpaca.PaperID)
	env := integrations.Env{Endpoints: srv.Endpoints()[alpaca.PaperID], Now: clk.Now,
		HTTP: httpx.New(in.Institution(), httpx.Options{RPS: -1, MaxTries: 1})}
	c := login(t, env) // one request
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err) // two
	}
	_, err = c.Accounts(t.Context())
	d, ok := integrations.RetryAfter(err)
	if !ok {
		t.Fatalf("third request in the minute: %v, want a rate-limit error", err)
	}
	// t0 is 15:04:05; the window resets at 15:05:00.
	if d != 56*time.Second {
		t.Errorf("RetryAfter = %s, want 56s", d)
	}
	clk.Add(time.Minute)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Errorf("next minute: %v", err)
	}
}

func TestOAuthNeedsApp(t *testing.T) {
	_, env, _ := start(t, alpaca.ID)
	env.App = nil
	_, err := integration(t, alpaca.ID).StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if err == nil || errors.Is(err, integrations.ErrNotSupported) {
		t.Fatalf("OAuth without an app registration: %v", err)
	}
}

func TestWrongAccountID(t *testing.T) {
	_, env, _ := start(t, alpaca.PaperID)
	c := login(t, env)
	if _, err := c.Positions(t.Context(), "not-this-login's"); err == nil {
		t.Error("positions of another account")
	}
}

// The fake pages like Alpaca: newest first by default, page_token is the
// id the next page starts after.
func TestFakePagingDefaultsToDescending(t *testing.T) {
	srv, _, _ := start(t, alpaca.ID)
	get := func(token string) []fake.Activity {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL()+"/v2/account/activities?page_token="+token, nil)
		req.Header.Set("APCA-API-KEY-ID", fake.LiveKeyID)
		req.Header.Set("APCA-API-SECRET-KEY", fake.LiveSecretKey)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.Header.Get("X-RateLimit-Reset") == "" {
			t.Error("no X-RateLimit-Reset")
		}
		var rows []fake.Activity
		if err := json.NewDecoder(resp.Body).Decode(&rows); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	first := get("")
	all := srv.Portfolio(alpaca.ID).Activities
	if len(first) != 100 || first[0].ID != all[len(all)-1].ID {
		t.Fatalf("first page: %d rows", len(first))
	}
	second := get(first[99].ID)
	if len(second) != len(all)-100 || second[len(second)-1].ID != all[0].ID {
		t.Errorf("second page: %d rows", len(second))
	}
}

// TestNewClientRefusesStrangeSecret: a saved secret that is not the
// integration's asks for a new login, in either variant.
func TestNewClientRefusesStrangeSecret(t *testing.T) {
	fakekit.WantStrangeSecretRefused(t, alpaca.New()...)
}
