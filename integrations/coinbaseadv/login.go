package coinbaseadv

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// validate checks an API key with GET key_permissions before the connection
// is saved: a refused key, or one without the View permission, keeps the
// form open with ErrInvalidCredentials. The grant's fingerprint is the key's
// portfolio, which a new key of the same portfolio shares.
func validate(ctx context.Context, env integrations.Env, sec secret) (*integrations.DoneStep, error) {
	a, err := newAPI(env, sec, true)
	if err != nil {
		return nil, err
	}
	perm, err := a.permissions(ctx)
	if err != nil {
		return nil, err
	}
	return cryptokit.KeyDone(ID, perm.owner(sec.Name), sec.encode(), portfolioAccount()), nil
}
