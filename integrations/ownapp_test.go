package integrations

import (
	"errors"
	"strings"
	"testing"
)

func TestOwnAppNeed(t *testing.T) {
	withSecret := OwnApp{Product: "Acme", App: "app", Key: "App Key", Secret: "Secret"}
	public := OwnApp{Product: "Acme", App: "app", Key: "AppKey"}
	for _, c := range []struct {
		name string
		a    OwnApp
		app  *AppRegistration
		ok   bool
	}{
		{"no app", withSecret, nil, false},
		{"no client id", withSecret, &AppRegistration{ClientSecret: "s"}, false},
		{"blank client id", withSecret, &AppRegistration{ClientID: " ", ClientSecret: "s"}, false},
		{"no secret", withSecret, &AppRegistration{ClientID: "id"}, false},
		{"both", withSecret, &AppRegistration{ClientID: "id", ClientSecret: "s"}, true},
		{"public, no app", public, nil, false},
		{"public, blank client id", public, &AppRegistration{ClientID: " "}, false},
		{"public, client id", public, &AppRegistration{ClientID: "id"}, true},
	} {
		got, err := c.a.Need(Env{App: c.app})
		if c.ok {
			if err != nil || got != *c.app {
				t.Errorf("%s: %+v %v, want the registration", c.name, got, err)
			}
			continue
		}
		if !errors.Is(err, ErrNeedsApp) || !strings.Contains(err.Error(), "Settings › App registrations") || got != (AppRegistration{}) {
			t.Errorf("%s: %+v %v, want the missing-app error", c.name, got, err)
		}
	}
}

func TestOwnAppBrowser(t *testing.T) {
	a := OwnApp{Name: "Acme Sandbox", Product: "Acme", App: "app", Key: "App Key", Secret: "Secret"}
	started := 0
	login := func(env Env, app AppRegistration) Login {
		if app.ClientID != "id" || app.ClientSecret != "s" {
			t.Errorf("login started with %v", app)
		}
		started++
		return nil
	}
	app := &AppRegistration{ClientID: "id", ClientSecret: "s"}
	if _, err := a.Browser(LoginRequest{Method: AuthToken, Env: Env{App: app}}, login); !errors.Is(err, ErrNotSupported) ||
		err.Error() != NoLogin("Acme Sandbox", AuthToken).Error() {
		t.Errorf("another method: %v", err)
	}
	if _, err := a.Browser(LoginRequest{Method: AuthOAuth2, Env: Env{App: &AppRegistration{ClientID: "id"}}}, login); !errors.Is(err, ErrNeedsApp) {
		t.Errorf("no secret: %v", err)
	}
	if started != 0 {
		t.Fatalf("%d logins started without the method or the app", started)
	}
	if _, err := a.Browser(LoginRequest{Method: AuthOAuth2, Env: Env{App: app}}, login); err != nil || started != 1 {
		t.Errorf("with the app: %v, %d logins started", err, started)
	}
}
