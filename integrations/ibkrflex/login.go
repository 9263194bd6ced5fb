package ibkrflex

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// tokenLogin asks for the Flex token, the query id and, optionally, the
// token's expiry date, and checks them by fetching one statement.
func (in *Integration) tokenLogin(req integrations.LoginRequest) integrations.Login {
	l := integrations.MethodLogin(in.Institution(), integrations.AuthToken, req,
		func(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
			return in.validate(ctx, env, secret{Token: v[fieldToken], Query: v[fieldQuery], Expires: v[fieldExpires]})
		})
	l.Form.Title = "Connect Interactive Brokers (Flex)"
	return l
}

// expiry is the end of the day the token expires on (UTC), zero when not
// given.
func expiry(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, integrations.Wrap(integrations.ErrInvalidCredentials, "write the token's expiry date as YYYY-MM-DD, or leave it empty")
	}
	return d.AddDate(0, 0, 1), nil
}

// validate fetches one statement with the token and query; the grant's
// fingerprint is the sorted account numbers it covers.
func (in *Integration) validate(ctx context.Context, env integrations.Env, s secret) (*integrations.DoneStep, error) {
	exp, err := expiry(s.Expires)
	if err != nil {
		return nil, err
	}
	a := in.api(env, s)
	if !exp.IsZero() && !exp.After(a.now()) {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "that token has already expired: generate a new one")
	}
	a.login = true
	st, err := a.statement(ctx)
	if err != nil {
		return nil, err
	}
	accts := st.accounts()
	if len(accts) == 0 {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the query's statement names no account: add the Account Information section")
	}
	numbers := make([]string, 0, len(st.Statements))
	for _, x := range st.Statements {
		numbers = append(numbers, x.number())
	}
	return integrations.Done(ID, integrations.AuthToken, s.encode(), accts, numbers...).Until(exp), nil
}
