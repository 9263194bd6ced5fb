package gemini

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// validate checks an API key with POST /v1/account before the connection
// is saved: a refused key, or one without a role that can read, keeps the
// form open with ErrInvalidCredentials. The account's memo reference code
// names the login for the fingerprint.
func (in *Integration) validate(ctx context.Context, env integrations.Env, sec secret) (*integrations.DoneStep, error) {
	return cryptokit.Validate(ctx, env, sec, in.newAPI, func(a *api, ctx context.Context) (string, error) {
		acct, err := a.account(ctx)
		return acct.owner(sec.Key), err
	}, in.v.id, sec.encode(), spotAccount(in.v))
}
