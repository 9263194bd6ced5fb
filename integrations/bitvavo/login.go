package bitvavo

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// validate checks an API key with GET /v2/balance before the connection is
// saved, then names the account for the fingerprint (see owner).
func (in *Integration) validate(ctx context.Context, env integrations.Env, sec secret) (*integrations.DoneStep, error) {
	return cryptokit.Validate(ctx, env, sec, in.newAPI, (*api).owner, ID, sec.Encode(), spotAccount())
}
