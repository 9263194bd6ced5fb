package integrations

import (
	"errors"
	"testing"
)

func TestNeedAppSecret(t *testing.T) {
	noApp := Wrap(ErrNeedsApp, "add the app")
	for _, app := range []*AppRegistration{nil, {ClientID: " ", ClientSecret: "s"}, {ClientID: "id"}} {
		if _, err := NeedAppSecret(Env{App: app}, noApp); !errors.Is(err, noApp) {
			t.Errorf("NeedAppSecret(%v) = %v, want the app's error", app, err)
		}
	}
	got, err := NeedAppSecret(Env{App: &AppRegistration{ClientID: "id", ClientSecret: "s"}}, noApp)
	if err != nil || got.ClientID != "id" || got.ClientSecret != "s" {
		t.Errorf("NeedAppSecret = %v, %v", got, err)
	}
}
