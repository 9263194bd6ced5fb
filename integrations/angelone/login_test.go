package angelone

import (
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// The login form is checked before any request: the API key and client code
// are required, the PIN is digits, the TOTP six digits.
func TestLogInForm(t *testing.T) {
	form := func(field, value string) func() error {
		v := map[string]string{FieldAPIKey: "smartapikey", FieldClientCode: "a123456", FieldPIN: "1234", FieldTOTP: "123456", field: value}
		return func() error { _, err := logIn(t.Context(), integrations.Env{}, v); return err }
	}
	brokertest.WantRefused(t, integrations.ErrInvalidCredentials, map[string]func() error{
		"a short API key": form(FieldAPIKey, "abc"), "no client code": form(FieldClientCode, " "),
		"no PIN": form(FieldPIN, ""), "a PIN with a letter": form(FieldPIN, "12a4"),
	})
	brokertest.WantRefused(t, integrations.ErrInvalidMFACode, map[string]func() error{
		"a 7-digit TOTP": form(FieldTOTP, "1234567"), "a TOTP with a letter": form(FieldTOTP, "12345a"),
	})
}
