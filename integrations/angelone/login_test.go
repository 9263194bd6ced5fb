package angelone

import (
	"errors"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// The login form is checked before any request: the API key and client code
// are required, the PIN is digits, the TOTP six digits.
func TestLogInForm(t *testing.T) {
	ok := map[string]string{FieldAPIKey: "smartapikey", FieldClientCode: "a123456", FieldPIN: "1234", FieldTOTP: "123456"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for kk, vv := range ok {
			m[kk] = vv
		}
		m[k] = v
		return m
	}
	for _, c := range []struct {
		v    map[string]string
		want error
	}{
		{with(FieldAPIKey, "abc"), integrations.ErrInvalidCredentials},
		{with(FieldClientCode, " "), integrations.ErrInvalidCredentials},
		{with(FieldPIN, ""), integrations.ErrInvalidCredentials},
		{with(FieldPIN, "12a4"), integrations.ErrInvalidCredentials},
		{with(FieldTOTP, "1234567"), integrations.ErrInvalidMFACode},
		{with(FieldTOTP, "12345a"), integrations.ErrInvalidMFACode},
	} {
		if _, err := logIn(t.Context(), integrations.Env{}, c.v); !errors.Is(err, c.want) {
			t.Errorf("logIn(%v) = %v, want %v", c.v, err, c.want)
		}
	}
}
