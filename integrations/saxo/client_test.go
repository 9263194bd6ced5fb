package saxo_test

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/saxo"
	"github.com/latchkey/latchkey/integrations/saxo/fake"
)

func login(t *testing.T, r *rig, answer func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error)) *integrations.DoneStep {
	t.Helper()
	done, err := brokertest.PlayLogin(t, r.In, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.Env}, r.Fake, answer)
	if err != nil {
		t.Fatalf("login: %v", err)
	}
	return done
}

func TestGrantKeepsVerifierAndRotates(t *testing.T) {
	r := newRig(t, saxo.SimID, fake.Options{})
	done := login(t, r, press("approve"))
	var sec map[string]any
	if err := json.Unmarshal(done.Grant.Secret, &sec); err != nil {
		t.Fatal(err)
	}
	if v, _ := sec["code_verifier"].(string); len(v) < 43 {
		t.Errorf("the grant does not keep the login's PKCE verifier (%d chars)", len(v))
	}
	if u, _ := sec["redirect_uri"].(string); !strings.HasPrefix(u, "http://127.0.0.1:"+strconv.Itoa(r.Env.App.RedirectPort)+"/callback") {
		t.Errorf("redirect_uri %q", u)
	}
	if want := r.Clk.Now().Add(time.Hour); !done.Grant.Expiry.Equal(want) {
		t.Errorf("Expiry %s, want the refresh token's end %s", done.Grant.Expiry, want)
	}
	for _, a := range done.Accounts {
		if !a.Paper {
			t.Errorf("a SIM account is not paper: %+v", a)
		}
	}

	var sv brokertest.Saves
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, sv.Save)
	r.Clk.Add(30 * time.Minute) // the access token is past its 20 minutes
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	saved := sv.All()
	if len(saved) != 1 {
		t.Fatalf("%d saves after a refresh", len(saved))
	}
	if want := r.Clk.Now().Add(time.Hour); !saved[0].Expiry.Equal(want) {
		t.Errorf("renewed Expiry %s, want %s", saved[0].Expiry, want)
	}
	// The old refresh token is spent: a client still holding it is done.
	old, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	r.Fake.ExpireAccessTokens()
	if _, err := old.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("a spent refresh token: %v", err)
	}
	// The saved grant still works.
	fresh, _ := r.In.NewClient(t.Context(), saved[0], r.Env, sv.Save)
	if _, err := fresh.Accounts(t.Context()); err != nil {
		t.Fatalf("the saved grant: %v", err)
	}
}

func TestIdleHourEndsLogin(t *testing.T) {
	r := newRig(t, saxo.ID, fake.Options{})
	done := login(t, r, press("approve"))
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	r.Clk.Add(61 * time.Minute)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("after an idle hour: %v", err)
	}
}

func TestRateLimitHeaders(t *testing.T) {
	r := newRig(t, saxo.ID, fake.Options{RateLimit: 2})
	r.Clk.Set(r.Clk.Now().Truncate(time.Minute)) // the session's window starts with its first request
	done := login(t, r, press("approve"))        // clients/me, accounts/me
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	_, err := c.Accounts(t.Context())
	brokertest.WantWait(t, "past the session limit", err, time.Minute)
}

func TestEnvironmentsAreSeparate(t *testing.T) {
	r := newRig(t, saxo.SimID, fake.Options{})
	done := login(t, r, press("approve"))
	liveEnv := r.Env
	liveEnv.Endpoints = r.Fake.Endpoints()[saxo.ID]
	c, _ := brokertest.Variant(t, saxo.New(), saxo.ID).NewClient(t.Context(), done.Grant, liveEnv, nil)
	if _, err := c.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("a SIM grant on live: %v", err)
	}
}

func TestNoApp(t *testing.T) {
	r := newRig(t, saxo.ID, fake.Options{})
	r.Env.App = nil
	if _, err := r.In.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.Env}); !errors.Is(err, integrations.ErrNeedsApp) {
		t.Fatalf("without an app: %v", err)
	}
	if _, err := r.In.NewClient(t.Context(), integrations.Grant{Secret: []byte("nope")}, r.Env, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("a broken grant: %v", err)
	}
}

func TestOtherUser(t *testing.T) {
	r := newRig(t, saxo.ID, fake.Options{})
	a := login(t, r, paste(fake.User))
	b := login(t, r, paste(fake.OtherUser))
	if a.Grant.Fingerprint == b.Grant.Fingerprint {
		t.Error("two Saxo clients share a fingerprint")
	}
	if len(b.Accounts) != 1 || b.Accounts[0].Category != integrations.CategoryRetirement || b.Accounts[0].Currency != "DKK" {
		t.Errorf("other user's accounts: %+v", b.Accounts)
	}
}

// TestRateLimitPerServiceGroup: Saxo counts requests per session and
// service group (developer.saxo/openapi/learn/rate-limiting): with the
// portfolio group's minute spent, the client-services group (bookings)
// still answers, and a 429's wait comes from the spent group's own
// X-RateLimit-*-Reset header.
func TestRateLimitPerServiceGroup(t *testing.T) {
	r := newRig(t, saxo.SimID, fake.Options{RateLimit: 4})
	r.Clk.Set(r.Clk.Now().Truncate(time.Minute))
	done := login(t, r, press("approve")) // clients/me, accounts/me: port
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	accts, err := c.Accounts(t.Context()) // the portfolio group's third request
	if err != nil || len(accts) == 0 {
		t.Fatalf("accounts: %v", err)
	}
	if _, err := c.Balances(t.Context(), accts[0].ID); !errors.Is(err, integrations.ErrRateLimited) { // clients/me, balances
		t.Fatalf("a fifth portfolio request: %v, want rate limited", err)
	}
	if _, err := c.Activities(t.Context(), accts[0].ID, r.Clk.Now().AddDate(0, -1, 0)); err != nil {
		t.Fatalf("bookings, another service group: %v", err)
	}
}
