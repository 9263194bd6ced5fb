package oauthflow

import (
	"net/http"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestOwnApp(t *testing.T) {
	hc := &http.Client{}
	app := integrations.AppRegistration{ClientID: "id", ClientSecret: "secret"}
	for _, c := range []struct {
		name     string
		auth     string
		settings int
		want     int
	}{
		{"the method's port", "https://auth.example.com", 0, 8182},
		{"the port in Settings", "https://auth.example.com", 9000, 9000},
		{"any port for a server on this machine", "http://127.0.0.1:5555", 0, 0},
	} {
		app.RedirectPort = c.settings
		env := integrations.Env{HTTP: hc, Endpoints: map[string]string{"auth": c.auth}, App: &app}
		got := OwnApp(env, app, "acme", c.auth+"/authorize", c.auth+"/token", 8182)
		want := Config{Institution: "acme", AuthURL: c.auth + "/authorize", TokenURL: c.auth + "/token",
			ClientID: "id", ClientSecret: "secret", RedirectPort: c.want, HTTPClient: hc}
		if got.HTTPClient != want.HTTPClient || got.Institution != want.Institution || got.AuthURL != want.AuthURL || got.TokenURL != want.TokenURL ||
			got.ClientID != want.ClientID || got.ClientSecret != want.ClientSecret || got.RedirectPort != want.RedirectPort {
			t.Errorf("%s: %+v, want %+v", c.name, got, want)
		}
	}
}
