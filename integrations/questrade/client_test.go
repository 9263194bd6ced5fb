package questrade_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/questrade"
	"github.com/latchkey/latchkey/integrations/questrade/fake"
)

func login(t *testing.T, id string, env integrations.Env, tok string) *integrations.DoneStep {
	t.Helper()
	done, err := brokertest.LoginOnce(t, integration(t, id), integrations.LoginRequest{Method: integrations.AuthToken,
		Values: tokenValues(tok), Env: env})
	if err != nil {
		t.Fatal(err)
	}
	return done
}

// A generated token is single-use: the login redeems it, and every refresh
// rotates the refresh token, so an older grant is dead once a newer one
// was issued.
func TestRefreshTokensRotate(t *testing.T) {
	srv, env, clk := start(t, questrade.ID)
	manual := srv.GenerateToken(questrade.ID)
	done := login(t, questrade.ID, env, manual)
	if want := t0.Add(7 * 24 * time.Hour); !done.Grant.Expiry.Equal(want) {
		t.Errorf("Expiry = %s, want %s", done.Grant.Expiry, want)
	}
	// The pasted token was used up by the login.
	lg, _ := integration(t, questrade.ID).StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthToken, Values: tokenValues(manual), Env: env})
	if _, err := lg.Next(t.Context(), integrations.Answer{}); !errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("redeeming the manual token twice: %v", err)
	}
	lg.Close()

	sv := &brokertest.Saves{}
	c, _ := integration(t, questrade.ID).NewClient(t.Context(), done.Grant, env, sv.Save)
	clk.Add(31 * time.Minute) // the 30-minute access token is due
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatal(err)
	}
	saved := sv.All()
	if len(saved) != 1 {
		t.Fatalf("%d saves, want 1", len(saved))
	}
	if want := t0.Add(31*time.Minute + 7*24*time.Hour); !saved[0].Expiry.Equal(want) {
		t.Errorf("refreshed Expiry = %s, want %s", saved[0].Expiry, want)
	}
	// The original grant's refresh token was consumed by that refresh.
	old, _ := integration(t, questrade.ID).NewClient(t.Context(), done.Grant, env, nil)
	clk.Add(31 * time.Minute)
	if _, err := old.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a client with the spent refresh token: %v, want ErrReauthRequired", err)
	}
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Errorf("the client holding the newest token: %v", err)
	}
}

func TestActivitiesReadInWindowsOf30Days(t *testing.T) {
	srv, env, _ := start(t, questrade.ID)
	sent := brokertest.RecordSent(&env)
	done := login(t, questrade.ID, env, srv.GenerateToken(questrade.ID))
	c, _ := integration(t, questrade.ID).NewClient(t.Context(), done.Grant, env, nil)
	accts, err := c.Accounts(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	acts, err := c.Activities(t.Context(), accts[0].ID, t0.AddDate(0, 0, -125))
	if err != nil {
		t.Fatal(err)
	}
	// 125 days up to t0: five windows of 30 days, none longer than 31.
	if n := sent.Count("/activities "); n != 5 {
		t.Errorf("%d activities requests, want 5", n)
	}
	for _, r := range sent.Requests() {
		if !strings.HasSuffix(r.URL.Path, "/activities") {
			continue
		}
		q := r.URL.Query()
		from, err1 := time.Parse(time.RFC3339, q.Get("startTime"))
		to, err2 := time.Parse(time.RFC3339, q.Get("endTime"))
		if err1 != nil || err2 != nil || to.Sub(from) > 31*24*time.Hour || !to.After(from) {
			t.Errorf("activities range %s – %s", q.Get("startTime"), q.Get("endTime"))
		}
	}
	if want := len(srv.User(questrade.ID).Accounts[0].Activities); len(acts) != want {
		t.Errorf("%d activities, want %d", len(acts), want)
	}
	if acts, err := c.Activities(t.Context(), "not-an-account-of-this-login", t0); err == nil || acts != nil {
		t.Errorf("an account the login lacks: %d activities, %v", len(acts), err)
	}
}

// Questrade refuses a range of more than 31 days.
func TestFakeRefusesLongRanges(t *testing.T) {
	srv, env, _ := start(t, questrade.ID)
	done := login(t, questrade.ID, env, fake.LiveManualToken)
	var sec struct {
		AccessToken string `json:"access_token"`
		APIServer   string `json:"api_server"`
	}
	_ = json.Unmarshal(done.Grant.Secret, &sec)
	if !strings.HasPrefix(sec.APIServer, srv.URL()) {
		t.Fatalf("api_server %q is not the fake's", sec.APIServer)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, sec.APIServer+"v1/accounts/26598145/activities?startTime=2026-01-01T00:00:00-05:00&endTime=2026-02-15T00:00:00-05:00", nil)
	req.Header.Set("Authorization", "Bearer "+sec.AccessToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var e struct{ Code int }
	_ = json.NewDecoder(resp.Body).Decode(&e)
	if resp.StatusCode != http.StatusBadRequest || e.Code != 1003 {
		t.Errorf("45 days: HTTP %d code %d", resp.StatusCode, e.Code)
	}
}

func TestOAuthNeedsApp(t *testing.T) {
	_, env, _ := start(t, questrade.PracticeID)
	env.App = nil
	if _, err := integration(t, questrade.PracticeID).StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: env}); err == nil {
		t.Error("OAuth without an app registration started")
	}
}

func tokenValues(tok string) map[string]string { return map[string]string{"refresh_token": tok} }
