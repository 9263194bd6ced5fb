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
	a, err := in.newAPI(env, sec, true)
	if err != nil {
		return nil, err
	}
	acct, err := a.account(ctx)
	if err != nil {
		return nil, err
	}
	return cryptokit.KeyDone(in.v.id, acct.owner(sec.Key), sec.encode(), spotAccount(in.v)), nil
}
