package indiakit

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Institution is what every India broker's [integrations.Institution]
// shares: region IN, a broker, balances, holdings and transactions, its
// rate paced per grant (the user's own API key or app) and its monogram
// named by its id. The broker's package adds its rate and its endpoints.
func Institution(id, name, display, website, help string, expiring time.Duration, methods ...integrations.AuthMethod) integrations.Institution {
	return integrations.Institution{
		ID: id, Name: name, DisplayName: display, Region: "IN", Kind: integrations.KindBroker,
		AuthMethods:  methods,
		Capabilities: []integrations.Capability{integrations.CapBalances, integrations.CapHoldings, integrations.CapTransactions},
		Help:         help, Website: website, ExpiringWithin: expiring,
		RateScope: integrations.RateScopeGrant, Monogram: id,
	}
}

// Validate checks a login form's values and ends the login (see Done).
type Validate func(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error)

// FormLogin is the login of an auth method whose one form is checked by
// the broker at once (a pasted token, a client code with its PIN and TOTP):
// the institution's form for method, checked by validate.
func FormLogin(inst integrations.Institution, req integrations.LoginRequest, method integrations.AuthKind, validate Validate) integrations.Login {
	return &integrations.FormLogin{
		Form:   integrations.MethodForm(inst, method),
		Values: req.Values,
		Validate: func(ctx context.Context, v map[string]string) (*integrations.DoneStep, error) {
			return validate(ctx, req.Env, v)
		},
	}
}

// Done ends a login of the broker's client clientID: its grant (the
// secret, its end, fingerprinted by the client id), its one account and a
// masked hint of the client id.
func Done(id string, method integrations.AuthKind, clientID string, secret []byte, expires time.Time, acct integrations.Account) *integrations.DoneStep {
	return &integrations.DoneStep{
		Grant: integrations.Grant{Method: method, Secret: secret, Expiry: expires,
			Fingerprint: integrations.Fingerprint(id, clientID)},
		Accounts:  []integrations.Account{acct},
		LoginHint: integrations.MaskLogin(clientID),
	}
}
