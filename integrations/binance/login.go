package binance

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// validate checks an API key with real calls before the connection is saved
// (the key's form is an integrations.FormLogin).
func (in *Integration) validate(ctx context.Context, env integrations.Env, sec secret) (*integrations.DoneStep, error) {
	v := in.v
	a, err := in.newAPI(env, sec, true)
	if err != nil {
		return nil, err
	}
	acct, err := a.account(ctx)
	if err != nil {
		return nil, err
	}
	return cryptokit.KeyDone(v.id, acct.owner(sec.Key), sec.Encode(), spotAccount(v)), nil
}
