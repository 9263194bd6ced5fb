package wealthsimple_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/wealthsimple"
	"github.com/latchkey/latchkey/integrations/wealthsimple/fake"
)

func TestCodeStepNamesTheMethod(t *testing.T) {
	in, env, _ := newRig(t)
	for user, want := range map[string]string{"ws_user@example.com": "a text message to your phone", "ws_app@example.com": "your authenticator app"} {
		lg, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env, Values: creds(user)})
		if err != nil {
			t.Fatal(err)
		}
		st, err := lg.Next(t.Context(), integrations.Answer{})
		_ = lg.Close()
		cs, ok := st.(*integrations.CodeStep)
		if err != nil || !ok || cs.Destination != want {
			t.Errorf("%s: %#v %v; want a CodeStep to %q", user, st, err, want)
		}
	}
}

func TestRefreshTokenRotates(t *testing.T) {
	in, env, f := newRig(t)
	done, err := brokertest.LoginOnce(t, in, integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env, Values: creds("ws_nootp@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	grant := done.Grant
	var sv brokertest.Saves
	c, err := in.NewClient(t.Context(), grant, env, sv.Save)
	if err != nil {
		t.Fatal(err)
	}
	f.ExpireAccessTokens()
	if _, err := c.Accounts(t.Context()); err != nil {
		t.Fatalf("accounts %v", err)
	}
	if _, n := sv.Last(); n != 1 {
		t.Fatalf("%d saves", n)
	}
	// The first grant's refresh token was spent by the refresh.
	old, err := in.NewClient(t.Context(), grant, env, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.ExpireAccessTokens()
	if _, err := old.Accounts(t.Context()); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a spent refresh token: %v, want ErrReauthRequired", err)
	}
}

func TestChangedLoginPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte("<html>new login page " + "</html>"))
	}))
	defer srv.Close()
	in := wealthsimple.New()[0]
	env := integrations.Env{Endpoints: map[string]string{"auth": srv.URL, "api": srv.URL}}
	lg, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthCredentials, Env: env,
		Values: map[string]string{"username": "a@example.com", "password": fake.Password}})
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	if _, err := lg.Next(t.Context(), integrations.Answer{}); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("a login page without the bundle: %v, want ErrUnavailable", err)
	}
}
