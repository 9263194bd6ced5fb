package integrations

import "testing"

// The secret in Settings wins only for the same app and only when set.
func TestRenewedSecret(t *testing.T) {
	for _, c := range []struct {
		name string
		app  *AppRegistration
		want string
	}{
		{"no app in settings", nil, "saved"},
		{"renewed for this app", &AppRegistration{ClientID: "id", ClientSecret: "new"}, "new"},
		{"another app", &AppRegistration{ClientID: "other", ClientSecret: "new"}, "saved"},
		{"this app, no secret", &AppRegistration{ClientID: "id"}, "saved"},
	} {
		if got := RenewedSecret(Env{App: c.app}, "id", "saved"); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
