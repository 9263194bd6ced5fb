package fakekit

import (
	"errors"
	"testing"

	"github.com/latchkey/latchkey/integrations"
)

// WantBrokenGrantRefused checks that each of ins (an institution's
// variants) answers a saved secret that does not read with a request for a
// new login (ErrReauthRequired) and no client.
func WantBrokenGrantRefused(t testing.TB, ins ...integrations.Integration) {
	t.Helper()
	for _, in := range ins {
		cl, err := in.NewClient(t.Context(), integrations.Grant{Secret: []byte("nope")}, integrations.Env{}, nil)
		if !errors.Is(err, integrations.ErrReauthRequired) || cl != nil {
			t.Errorf("%s: %v, %v; want ErrReauthRequired", in.Institution().ID, cl, err)
		}
	}
}
