package degiro

import (
	"errors"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// TestNewClientAndLoginNeedTheirParts: a saved grant that is not a DEGIRO
// session ends (ErrReauthRequired); without the API's address neither a
// client nor a login starts (ErrUnavailable).
func TestNewClientAndLoginNeedTheirParts(t *testing.T) {
	in := New()[0]
	if _, err := in.NewClient(t.Context(), integrations.Grant{Secret: []byte(`{}`)}, integrations.Env{}, nil); !errors.Is(err, integrations.ErrReauthRequired) {
		t.Errorf("a grant without a session: %v, want ErrReauthRequired", err)
	}
	saved := secret{SessionID: "s", IntAccount: 1}.encode()
	if _, err := in.NewClient(t.Context(), integrations.Grant{Secret: saved}, integrations.Env{}, nil); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("a client without the API's address: %v, want ErrUnavailable", err)
	}
	if _, err := in.StartLogin(t.Context(), integrations.LoginRequest{Method: integrations.AuthCredentials}); !errors.Is(err, integrations.ErrUnavailable) {
		t.Errorf("a login without the API's address: %v, want ErrUnavailable", err)
	}
}
