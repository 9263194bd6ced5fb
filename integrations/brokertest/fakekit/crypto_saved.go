package fakekit

import (
	"errors"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// WantSavedKeyRefused checks how an exchange's NewClient refuses a saved
// API key it cannot use: a secret that does not read as the exchange's key
// asks for a new login (ErrReauthRequired); key (a secret that reads) on a
// configuration without the "api" endpoint is ErrUnavailable.
func WantSavedKeyRefused(t testing.TB, in integrations.Integration, key []byte) {
	t.Helper()
	env := integrations.Env{Endpoints: map[string]string{"api": "http://127.0.0.1:1"}}
	for _, c := range []struct {
		what   string
		secret []byte
		env    integrations.Env
		want   error
	}{
		{"a secret without its key", []byte(`{"key":""}`), env, integrations.ErrReauthRequired},
		{"a secret that is not JSON", []byte("not json"), env, integrations.ErrReauthRequired},
		{"no API address", key, integrations.Env{}, integrations.ErrUnavailable},
	} {
		cl, err := in.NewClient(t.Context(), integrations.Grant{Method: integrations.AuthAPIKey, Secret: c.secret}, c.env, nil)
		if !errors.Is(err, c.want) || cl != nil {
			t.Errorf("%s: %v, %v; want %v", c.what, cl, err, c.want)
		}
	}
}
