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
	return cryptokit.Validate(ctx, env, sec, newAPI, func(a *api, ctx context.Context) (string, error) {
		perm, err := a.permissions(ctx)
		return perm.owner(sec.Name), err
	}, ID, sec.encode(), portfolioAccount())
}
