package robinhood

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/cryptokit"
)

// validate checks a credential with the account call before the
// connection is saved: a refused key keeps the form open with
// ErrInvalidCredentials. The fingerprint is the crypto account number.
func validate(ctx context.Context, env integrations.Env, sec secret) (*integrations.DoneStep, error) {
	a, err := newAPI(env, sec, true)
	if err != nil {
		return nil, err
	}
	acct, err := a.account(ctx)
	if err != nil {
		return nil, err
	}
	return cryptokit.KeyDone(ID, acct.AccountNumber, secret{APIKey: a.key, PrivateKey: sec.PrivateKey}.encode(), cryptoAccount(acct)), nil
}
