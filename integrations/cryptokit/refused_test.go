package cryptokit

import (
	"errors"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

func TestRefused(t *testing.T) {
	const why = "the exchange does not know this API key"
	if err := Refused(true, why); !errors.Is(err, integrations.ErrInvalidCredentials) || errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("while logging in: %v, want ErrInvalidCredentials", err)
	}
	err := Refused(false, why)
	if !errors.Is(err, integrations.ErrReauthRequired) || errors.Is(err, integrations.ErrInvalidCredentials) {
		t.Errorf("after the login: %v, want ErrReauthRequired", err)
	}
	if got := err.Error(); !strings.Contains(got, why) {
		t.Errorf("the message %q does not say %q", got, why)
	}
}
