package integrations

import (
	"errors"
	"testing"
)

func TestOwnApp(t *testing.T) {
	a := OwnApp{Name: "Example", Product: "Example API", App: "app", Key: "App ID", Secret: "Secret ID",
		Steps: "Create an app with the redirect URL " + LoopbackURL(8799, "/callback") + " exactly."}
	// Help's wording is checked in ownapp_help_test.go.
	err := a.Missing()
	if !errors.Is(err, ErrNeedsApp) {
		t.Errorf("Missing = %v, want ErrNeedsApp", err)
	}
	started := 0
	login := func(env Env, app AppRegistration) Login {
		started++
		if app.ClientID != "id" || app.ClientSecret != "s" {
			t.Errorf("the login started with %+v", app)
		}
		return nil
	}
	withApp := Env{App: &AppRegistration{ClientID: "id", ClientSecret: "s"}}
	if _, err := a.Start(LoginRequest{Method: AuthOAuth2, Env: withApp}, err, login); err != nil || started != 1 {
		t.Errorf("Start = %v, started %d", err, started)
	}
	if _, gotErr := a.Start(LoginRequest{Method: AuthOAuth2, Env: Env{App: &AppRegistration{ClientID: "id"}}}, err, login); gotErr != err {
		t.Errorf("Start without the secret = %v, want the package's error", gotErr)
	}
	if _, err := a.Start(LoginRequest{Method: AuthAPIKey, Env: withApp}, err, login); !errors.Is(err, ErrNotSupported) ||
		err.Error() != ErrNotSupported.Error()+": Example offers only a browser login (OAuth), not \"apikey\"" {
		t.Errorf("Start of another method = %v", err)
	}
	if started != 1 {
		t.Errorf("started %d logins, want 1", started)
	}
	var d *DetailError
	if !errors.As(err, &d) || d.Detail != "add your Example API app (App ID and Secret ID) in Settings › App registrations first" {
		t.Errorf("Missing's detail = %v", err)
	}
}
