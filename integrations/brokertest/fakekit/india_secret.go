package fakekit

import (
	"errors"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// WantStrangeSecretRefused fails t for each of ins (an institution's
// variants) whose NewClient builds a client from a grant whose secret is
// not its own ("{}": no token, no user): a stored grant that no longer
// reads must ask for a new login (ErrReauthRequired), not call the API
// with nothing.
func WantStrangeSecretRefused(t testing.TB, ins ...integrations.Integration) {
	t.Helper()
	for _, in := range ins {
		if _, err := in.NewClient(t.Context(), integrations.Grant{Secret: []byte("{}")}, integrations.Env{}, nil); !errors.Is(err, integrations.ErrReauthRequired) {
			t.Errorf("%s: NewClient of a strange secret: %v, want ErrReauthRequired", in.Institution().ID, err)
		}
	}
}
