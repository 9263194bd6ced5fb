package tastytrade_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/tastytrade"
	"github.com/latchkey/latchkey/integrations/tastytrade/fake"
)

func login(t *testing.T, r *rig, method integrations.AuthKind, values map[string]string,
	answer func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error)) (*integrations.DoneStep, error) {
	t.Helper()
	return brokertest.PlayLogin(t, r.In, integrations.LoginRequest{Method: method, Env: r.Env, Values: values}, r.Fake, answer)
}

func TestGrantNeverExpiresAndRefreshes(t *testing.T) {
	r := newRig(t, tastytrade.ID, fake.Options{})
	done, err := login(t, r, integrations.AuthOAuth2, nil, press("approve"))
	if err != nil {
		t.Fatal(err)
	}
	if !done.Grant.Expiry.IsZero() {
		t.Errorf("Expiry %s: tastytrade refresh tokens never expire", done.Grant.Expiry)
	}
	var sv brokertest.Saves
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, sv.Save)
	r.Clk.Add(400 * 24 * time.Hour)
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("a year later: %v", err)
	}
	if _, n := sv.Last(); n != 1 {
		t.Errorf("%d saves after a refresh, want 1", n)
	}
}

func TestPastedGrantUsesSettingsSecret(t *testing.T) {
	r := newRig(t, tastytrade.SandboxID, fake.Options{})
	done, err := login(t, r, integrations.AuthToken, map[string]string{"refresh_token": fake.OtherRefreshToken}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(done.Accounts) != 1 || !done.Accounts[0].Paper || done.Accounts[0].Number != "••••0077" {
		t.Errorf("accounts: %+v", done.Accounts)
	}
	// Without a secret anywhere, the form comes back.
	r.Env.App = nil
	_, err = login(t, r, integrations.AuthToken, map[string]string{"refresh_token": fake.OtherRefreshToken}, nil)
	if !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("no client secret: %v", err)
	}
}

func TestFormFirstWhenNothingPrefilled(t *testing.T) {
	r := newRig(t, tastytrade.ID, fake.Options{})
	lg, step, err := brokertest.FirstStep(t, r.In, integrations.LoginRequest{Method: integrations.AuthToken, Env: r.Env})
	form, ok := step.(*integrations.FormStep)
	if err != nil || !ok || len(form.Fields) != 2 {
		t.Fatalf("first step: %T %v", step, err)
	}
	step, err = lg.Next(t.Context(), integrations.Answer{Values: map[string]string{"refresh_token": "wrong-refresh-token"}})
	if _, again := step.(*integrations.FormStep); !again || !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Fatalf("wrong grant: %T %v", step, err)
	}
	step, err = lg.Next(t.Context(), integrations.Answer{Values: map[string]string{"refresh_token": fake.PastedRefreshToken}})
	if _, done := step.(*integrations.DoneStep); !done || err != nil {
		t.Fatalf("right grant: %T %v", step, err)
	}
	if err := lg.Paste("x"); !errors.Is(err, integrations.ErrNotSupported) {
		t.Errorf("Paste: %v", err)
	}
}

func TestRequiredHeaders(t *testing.T) {
	for _, id := range []string{tastytrade.ID, tastytrade.SandboxID} {
		r := newRig(t, id, fake.Options{})
		sent := brokertest.RecordSent(&r.Env)
		if _, err := login(t, r, integrations.AuthOAuth2, nil, press("approve")); err != nil {
			t.Fatal(err)
		}
		seen := sent.Requests()
		for _, req := range seen {
			h := req.Header
			if h.Get("User-Agent") != tastytrade.UserAgent {
				t.Errorf("%s: User-Agent %q", id, h.Get("User-Agent"))
			}
			if want := map[string]string{tastytrade.ID: tastytrade.AcceptVersion}[id]; h.Get("Accept-Version") != want {
				t.Errorf("%s: Accept-Version %q, want %q", id, h.Get("Accept-Version"), want)
			}
		}
		if len(seen) < 2 {
			t.Errorf("%s: %d requests recorded", id, len(seen))
		}
	}
}

func TestFakeWantsUserAgent(t *testing.T) {
	r := newRig(t, tastytrade.ID, fake.Options{})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, r.Fake.Endpoints()[tastytrade.ID]["api"]+"/customers/me/accounts", nil)
	req.Header.Set("User-Agent", "")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "nginx") {
		t.Errorf("no User-Agent: HTTP %d %.60s", resp.StatusCode, body)
	}
}

func TestRateLimitedAndEnvironments(t *testing.T) {
	r := newRig(t, tastytrade.SandboxID, fake.Options{RateLimit: 1})
	done, err := login(t, r, integrations.AuthToken, map[string]string{"refresh_token": fake.PastedRefreshToken, "client_secret": clientSecret}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	_, err = c.Accounts(t.Context())
	brokertest.WantWait(t, "past the limit", err, 30*time.Second)
	// A sandbox grant is refused by production.
	prodEnv := r.Env
	prodEnv.Endpoints = r.Fake.Endpoints()[tastytrade.ID]
	pc, _ := brokertest.Variant(t, tastytrade.New(), tastytrade.ID).NewClient(t.Context(), done.Grant, prodEnv, nil)
	r.Fake.RevokeAll() // and once revoked, not even by the sandbox
	if _, err := pc.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Fatalf("a sandbox grant on production: %v", err)
	}
}

func TestUnknownAccountAndBrokenGrant(t *testing.T) {
	r := newRig(t, tastytrade.ID, fake.Options{})
	done, err := login(t, r, integrations.AuthOAuth2, nil, press("approve"))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	if _, err := c.Positions(t.Context(), "tt-0000"); err == nil || integrations.Transient(err) {
		t.Errorf("unknown account: %v", err)
	}
	if _, err := r.In.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{}`)}, r.Env, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("broken grant: %v", err)
	}
	r.Env.App = nil
	if _, err := r.In.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.Env}); !errors.Is(err, integrations.ErrNeedsApp) {
		t.Errorf("OAuth without an app: %v", err)
	}
}

// TestPositionsAtTodaysMark: without include-marks=true tastytrade sends
// only the previous close (tastyware/tastytrade @02bb764 account.py
// get_positions, "include current quote mark"); the client asks for the
// marks, so a position is priced at today's mark.
func TestPositionsAtTodaysMark(t *testing.T) {
	r := newRig(t, tastytrade.ID, fake.Options{})
	done, err := login(t, r, integrations.AuthOAuth2, nil, press("approve"))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := r.In.NewClient(t.Context(), done.Grant, r.Env, nil)
	pos, err := c.Positions(t.Context(), fake.AccountID("5WT00001"))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range pos {
		if p.Symbol.Ticker == "AAPL" {
			found = true
			if p.Price.String() != "191.14" { // the close 189.25, marked up 1% today
				t.Errorf("AAPL priced at %s; want today's mark 191.14, not the previous close", p.Price)
			}
		}
	}
	if !found {
		t.Error("no AAPL position")
	}
}

// TestRefreshBodyAsTheSDK: a refresh is the JSON body of tastytrade's own
// SDK, tastytrade/tastytrade-api-js @efc9ede
// lib/services/tastytrade-http-client.ts generateAccessToken:
// {"refresh_token","client_secret","scope","grant_type":"refresh_token"}.
func TestRefreshBodyAsTheSDK(t *testing.T) {
	r := newRig(t, tastytrade.SandboxID, fake.Options{})
	sent := brokertest.RecordSent(&r.Env)
	if _, err := login(t, r, integrations.AuthToken, map[string]string{"refresh_token": fake.PastedRefreshToken}, nil); err != nil {
		t.Fatal(err)
	}
	var bodies []map[string]any // the token requests' bodies
	for _, req := range sent.Requests() {
		if strings.HasSuffix(req.URL.Path, "/oauth/token") && req.GetBody != nil {
			body, _ := req.GetBody()
			var m map[string]any
			_ = json.NewDecoder(body).Decode(&m)
			bodies = append(bodies, m)
		}
	}
	if len(bodies) != 1 {
		t.Fatalf("%d token requests", len(bodies))
	}
	b := bodies[0]
	if b["grant_type"] != "refresh_token" || b["refresh_token"] != fake.PastedRefreshToken || b["client_secret"] != clientSecret || b["scope"] != "read" {
		t.Errorf("refresh body %v; want grant_type, refresh_token, client_secret and scope as the SDK sends", len(b))
	}
}
