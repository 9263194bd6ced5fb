package kraken

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// validate checks an API key with real calls before the connection is saved
// (the key's form is an integrations.FormLogin).
func (in *Integration) validate(ctx context.Context, env integrations.Env, sec secret) (*integrations.DoneStep, error) {
	a, err := in.newAPI(env, sec, true)
	if err != nil {
		return nil, err
	}
	if _, err := a.balances(ctx); err != nil {
		return nil, err
	}
	owner, err := a.accountOwner(ctx)
	if err != nil {
		return nil, err
	}
	return cryptokit.KeyDone(ID, owner, sec.Encode(), spotAccount()), nil
}
