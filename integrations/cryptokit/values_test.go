package cryptokit

import (
	"errors"
	"maps"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// The values a script types land in the fields of the forms.
func TestFormValues(t *testing.T) {
	pair := PairValues("k", "s")
	for _, f := range KeyFields("", "", "Secret", "") {
		if _, ok := pair[f.Name]; !ok {
			t.Errorf("PairValues has no %s: %v", f.Name, pair)
		}
	}
	signing := SigningValues("k", "p")
	for _, f := range SigningFields(integrations.Field{Label: "Key"}, integrations.Field{}) {
		if _, ok := signing[f.Name]; !ok {
			t.Errorf("SigningValues has no %s: %v", f.Name, signing)
		}
	}
	if !maps.Equal(pair, map[string]string{FieldKey: "k", FieldSecret: "s"}) ||
		!maps.Equal(signing, map[string]string{FieldKey: "k", FieldPrivateKey: "p"}) {
		t.Errorf("%v, %v", pair, signing)
	}
}

func TestSignedAPI(t *testing.T) {
	decode := func(b []byte) (string, error) {
		if len(b) == 0 {
			return "", integrations.ErrReauthRequired
		}
		return string(b), nil
	}
	newAPI := func(_ integrations.Env, sec string, login bool) (string, error) {
		if sec == "unreadable" || login {
			return "", integrations.ErrInvalidCredentials
		}
		if sec == "no endpoint" {
			return "", integrations.Wrap(integrations.ErrUnavailable, "no usable Ex address is configured")
		}
		return "api of " + sec, nil
	}
	if a, err := SignedAPI(integrations.Grant{Secret: []byte("k1")}, integrations.Env{}, "Ex", decode, newAPI); err != nil || a != "api of k1" {
		t.Errorf("a saved key: %q, %v", a, err)
	}
	if _, err := SignedAPI(integrations.Grant{}, integrations.Env{}, "Ex", decode, newAPI); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("no secret: %v", err)
	}
	_, err := SignedAPI(integrations.Grant{Secret: []byte("unreadable")}, integrations.Env{}, "Ex", decode, newAPI)
	if !errors.Is(err, integrations.ErrReauthRequired) || errors.Is(err, integrations.ErrInvalidCredentials) || !strings.Contains(err.Error(), "the saved Ex key cannot be read") {
		t.Errorf("a key that no longer reads: %v", err)
	}
	// A configuration without the endpoint is not the key's fault: no new login.
	_, err = SignedAPI(integrations.Grant{Secret: []byte("no endpoint")}, integrations.Env{}, "Ex", decode, newAPI)
	if !errors.Is(err, integrations.ErrUnavailable) || errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("no endpoint: %v", err)
	}
}
