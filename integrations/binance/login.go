package binance

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// validate checks an API key with real calls before the connection is saved
// (the key's form is an integrations.FormLogin).
func validate(ctx context.Context, v variant, env integrations.Env, sec secret) (*integrations.DoneStep, error) {
	a, err := newAPI(v, env, sec)
	if err != nil {
		return nil, err
	}
	a.login = true
	acct, err := a.account(ctx)
	if err != nil {
		return nil, err
	}
	return cryptokit.KeyDone(v.id, acct.owner(sec.Key), sec.Encode(), spotAccount(v)), nil
}
