package integrations

import (
	"encoding/json"
	"testing"
	"time"
)

func TestAppTokens(t *testing.T) {
	now := time.Date(2026, 3, 18, 15, 4, 5, 0, time.UTC)
	tok := AppTokens{Refresh: "R1", ClientID: "app", ClientSecret: "s"}
	if tok.Whole() {
		t.Error("tokens without an access token are whole")
	}
	tok = tok.Renewed("A1", "", 0, now, 20*time.Minute)
	if !tok.Whole() || tok.Refresh != "R1" || tok.ClientSecret != "s" {
		t.Errorf("renewed without a refresh token: %+v", tok)
	}
	if a, exp := tok.Token(); a != "A1" || !exp.Equal(now.Add(20*time.Minute)) {
		t.Errorf("Token() = %q, %v", a, exp)
	}
	if tok = tok.Renewed("A2", "R2", 60, now, time.Hour); tok.Refresh != "R2" || !tok.AccessExpiry.Equal(now.Add(time.Minute)) {
		t.Errorf("renewed with a refresh token: %+v", tok)
	}
	// The JSON names are the ones the packages' secrets always had.
	b, _ := json.Marshal(tok)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	for _, k := range []string{"access_token", "refresh_token", "access_expiry", "client_id", "client_secret"} {
		if _, ok := m[k]; !ok {
			t.Errorf("%s missing from %s", k, b)
		}
	}
}
