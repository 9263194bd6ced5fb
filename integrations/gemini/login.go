package gemini

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
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
	return &integrations.DoneStep{
		Grant: integrations.Grant{
			Method:      integrations.AuthAPIKey,
			Secret:      sec.encode(),
			Fingerprint: integrations.Fingerprint(v.id, acct.owner(sec.Key)),
		},
		Accounts: []integrations.Account{spotAccount(v)},
	}, nil
}
