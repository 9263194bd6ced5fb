package kraken

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// validate checks an API key with real calls before the connection is saved
// (the key's form is an integrations.FormLogin).
func (in *Integration) validate(ctx context.Context, env integrations.Env, sec secret) (*integrations.DoneStep, error) {
	return cryptokit.Validate(ctx, env, sec, in.newAPI, (*api).accountOwner, ID, sec.Encode(), spotAccount())
}
