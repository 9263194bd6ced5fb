package trading212

import (
	"context"
	"strconv"

	"github.com/latchkey/latchkey/integrations"
)

// checkKey checks the key form's API key and secret at once.
func (in *Integration) checkKey(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
	return in.validate(ctx, env, secret{Key: v[fieldKey], Secret: v[fieldSecret]})
}

// validate reads the account summary and one row of each list Latchkey
// reads, so a key without a permission is refused now rather than at the
// first sync. Each is a different endpoint with its own rate limit. The
// grant's fingerprint is the account number.
func (in *Integration) validate(ctx context.Context, env integrations.Env, s secret) (*integrations.DoneStep, error) {
	a := in.newAPI(env, s, true)
	sum, err := a.summary(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range []string{pathPositions, pathOrders + "?limit=1", pathDividends + "?limit=1", pathTransactions + "?limit=1"} {
		if _, err := a.get(ctx, p); err != nil {
			return nil, err
		}
	}
	acct := sum.account(in)
	s.Account = acct.ID
	return integrations.Done(in.ID(), integrations.AuthAPIKey, s.encode(), []integrations.Account{acct}, strconv.FormatInt(sum.ID, 10)), nil
}
