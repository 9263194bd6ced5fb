package tradier_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/tradier"
	"github.com/latchkey/latchkey/integrations/tradier/fake"
)

// login plays a whole login and returns its DoneStep.
func login(t *testing.T, id string, req integrations.LoginRequest) *integrations.DoneStep {
	t.Helper()
	lg, err := integration(t, id).StartLogin(t.Context(), req)
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	a := integrations.Answer{}
	for range 5 {
		step, err := lg.Next(t.Context(), a)
		if err != nil {
			t.Fatal(err)
		}
		if done, ok := step.(*integrations.DoneStep); ok {
			return done
		}
		if a, err = brokertest.Press("approve", nil)(t.Context(), nil, step); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatal("no DoneStep")
	return nil
}

// Without a refresh token (apps that are not partners), the sign-in lasts
// as long as its 24-hour access token: the grant says so, and the client
// asks for a new login once it has passed.
func TestOAuthWithoutRefreshLasts24Hours(t *testing.T) {
	_, env, clk := start(t, tradier.ID, "latchkey-test")
	done := login(t, tradier.ID, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if want := t0.Add(86399 * time.Second); !done.Grant.Expiry.Equal(want) {
		t.Errorf("Expiry = %s, want %s", done.Grant.Expiry, want)
	}
	c, err := integration(t, tradier.ID).NewClient(t.Context(), done.Grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	clk.Add(25 * time.Hour)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("after 25 hours: %v, want ErrReauthRequired", err)
	}
}

func TestPartnerGrantDoesNotExpire(t *testing.T) {
	_, env, _ := start(t, tradier.ID, "partner-x")
	done := login(t, tradier.ID, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env})
	if !done.Grant.Expiry.IsZero() {
		t.Errorf("a grant with a refresh token expires at %s", done.Grant.Expiry)
	}
}

func TestOAuthNeedsAppAndSandboxHasNone(t *testing.T) {
	_, env, _ := start(t, tradier.ID, "x")
	env.App = nil
	if _, err := integration(t, tradier.ID).StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env}); err == nil {
		t.Error("OAuth without an app registration started")
	}
	_, env, _ = start(t, tradier.SandboxID, "x")
	if _, err := integration(t, tradier.SandboxID).StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env}); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("sandbox OAuth: %v", err)
	}
}

// Tradier answers XML unless the request accepts JSON.
func TestFakeAnswersXMLWithoutAccept(t *testing.T) {
	srv, _, _ := start(t, tradier.ID, "x")
	get := func(accept string) (string, string) {
		req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, srv.URL()+"/v1/user/profile", nil)
		req.Header.Set("Authorization", "Bearer "+fake.LiveToken)
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.Header.Get("Content-Type"), string(b)
	}
	if ct, body := get(""); !strings.Contains(ct, "xml") || !strings.HasPrefix(body, "<?xml") || !strings.Contains(body, "<account_number>6YA05708</account_number>") {
		t.Errorf("no Accept: %s %.80s", ct, body)
	}
	if ct, body := get("application/json"); ct != "application/json" || !strings.HasPrefix(body, `{"profile"`) {
		t.Errorf("Accept JSON: %s %.80s", ct, body)
	}
}

func TestRateLimitFromExpiryHeader(t *testing.T) {
	clk := fakekit.NewClock(fakekit.T0)
	srv, err := fake.New(fake.Options{Now: clk.Now, RateLimit: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	in := integration(t, tradier.SandboxID)
	env := integrations.Env{Endpoints: srv.Endpoints()[tradier.SandboxID], Now: clk.Now,
		HTTP: httpx.New(in.Institution(), httpx.Options{RPS: -1, MaxTries: 1})}
	done := login(t, tradier.SandboxID, integrations.LoginRequest{Method: integrations.AuthToken,
		Values: map[string]string{"access_token": fake.SandboxToken}, Env: env})
	c, _ := in.NewClient(t.Context(), done.Grant, env, nil)
	_, err = c.Accounts(t.Context())
	brokertest.WantWait(t, "second request in the minute", err, 56*time.Second)
}

// The production user's accounts show the list quirks: one position as an
// object, none as "null", one event as an object.
func TestListQuirks(t *testing.T) {
	_, env, _ := start(t, tradier.ID, "x")
	done := login(t, tradier.ID, integrations.LoginRequest{Method: integrations.AuthToken,
		Values: map[string]string{"access_token": fake.LiveToken}, Env: env})
	c, _ := integration(t, tradier.ID).NewClient(t.Context(), done.Grant, env, nil)
	accts, err := c.Accounts(t.Context())
	if err != nil || len(accts) != 3 {
		t.Fatal(err, len(accts))
	}
	want := []struct{ positions, activities int }{{5, -1}, {1, -1}, {0, 1}}
	for i, a := range accts {
		pos, err := c.Positions(t.Context(), a.ID)
		if err != nil || len(pos) != want[i].positions {
			t.Errorf("%s: %d positions (%v), want %d", a.Name, len(pos), err, want[i].positions)
		}
		acts, err := c.Activities(t.Context(), a.ID, t0.AddDate(-1, 0, 0))
		if err != nil || (want[i].activities >= 0 && len(acts) != want[i].activities) {
			t.Errorf("%s: %d activities (%v)", a.Name, len(acts), err)
		}
	}
	if acts, err := c.Activities(t.Context(), "not-an-account-of-this-login", t0); err == nil || acts != nil {
		t.Errorf("an account the login lacks: %d activities, %v", len(acts), err)
	}
}
