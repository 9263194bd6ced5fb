package kraken

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// validate checks an API key with real calls before the connection is saved
// (the key's form is an integrations.FormLogin).
func validate(ctx context.Context, env integrations.Env, sec secret) (*integrations.DoneStep, error) {
	a, err := newAPI(env, sec)
	if err != nil {
		return nil, err
	}
	a.login = true
	if _, err := a.balances(ctx); err != nil {
		return nil, err
	}
	owner, err := a.accountOwner(ctx)
	if err != nil {
		return nil, err
	}
	return cryptokit.KeyDone(ID, owner, sec.Encode(), spotAccount()), nil
}
