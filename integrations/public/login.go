package public

import (
	"context"
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// checkSecret checks the key form's personal secret key: one token mint and
// one read of the accounts.
func (in *Integration) checkSecret(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
	key := strings.TrimSpace(v[fieldKey])
	if len(key) < 5 {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "enter the secret key")
	}
	httpx.RedactorOf(env.HTTP).Add(key)
	api := newAPI(env)
	now := env.Time()
	tok, err := mint(ctx, api, env.Time, key, true)
	if err != nil {
		return nil, err
	}
	sec := secret{Secret: key, Access: tok, AccessExpiry: now.Add(tokenValidity)}
	accts, numbers, err := newClient(env, integrations.Grant{}, sec, nil).accountList(ctx)
	if err != nil {
		return nil, err
	}
	if len(accts) == 0 {
		return nil, integrations.LoginWithoutAccounts("Public.com")
	}
	return integrations.Done(ID, integrations.AuthAPIKey, sec.encode(), accts, oldest(numbers)), nil
}

// oldest is the number the login's fingerprint names: its oldest account's
// (the lowest number), which stays when the user opens another account
// later.
func oldest(numbers []string) string {
	low := ""
	for _, n := range numbers {
		if low == "" || n < low {
			low = n
		}
	}
	return low
}
