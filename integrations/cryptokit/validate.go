package cryptokit

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
)

// Validate checks an API key before the connection is saved (a PairLogin's
// or a SigningLogin's validate): newAPI builds the exchange's API for a
// login (a refused key keeps the form open with ErrInvalidCredentials),
// then owner (a method of the API: (*api).owner) makes the calls that read
// the key's account and names it for the grant's fingerprint. The login ends in [KeyDone]: id, the secret as
// saved and the one account.
func Validate[S, A any](ctx context.Context, env integrations.Env, sec S, newAPI func(integrations.Env, S, bool) (A, error),
	owner func(A, context.Context) (string, error), id string, saved []byte, acct integrations.Account) (*integrations.DoneStep, error) {
	a, err := newAPI(env, sec, true)
	if err != nil {
		return nil, err
	}
	o, err := owner(a, ctx)
	if err != nil {
		return nil, err
	}
	return KeyDone(id, o, saved, acct), nil
}
