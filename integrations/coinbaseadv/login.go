package coinbaseadv

import (
	"context"

	"github.com/latchkey/latchkey/integrations"
)

// validate checks an API key with real calls before the connection is saved
// (the key's form is an integrations.FormLogin).
func validate(ctx context.Context, env integrations.Env, sec secret) (*integrations.DoneStep, error) {
	a, err := newAPI(env, sec)
	if err != nil {
		return nil, err
	}
	a.login = true
	perm, err := a.permissions(ctx)
	if err != nil {
		return nil, err
	}
	return &integrations.DoneStep{
		Grant: integrations.Grant{
			Method:      integrations.AuthAPIKey,
			Secret:      sec.encode(),
			Fingerprint: integrations.Fingerprint(ID, perm.owner(sec.Name)),
		},
	}, nil
}
