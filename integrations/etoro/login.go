package etoro

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// StartLogin begins the key login: one form, checked with one call.
func (in *Integration) StartLogin(_ context.Context, req integrations.LoginRequest) (integrations.Login, error) {
	return integrations.StartFormLogin(in.Institution(), "eToro", integrations.AuthAPIKey, req, in.validate)
}

// parseExpiry reads the optional expiration date: the key ends at the end
// of that day (UTC).
func parseExpiry(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, integrations.Wrap(integrations.ErrInvalidCredentials, "the expiration date is written YYYY-MM-DD, as eToro shows it")
	}
	return d.Add(24 * time.Hour), nil
}

// validate checks the keys with one snapshot call and returns the grant.
func (in *Integration) validate(ctx context.Context, env integrations.Env, vals map[string]string) (*integrations.DoneStep, error) {
	s := secret{APIKey: strings.TrimSpace(vals[fieldAPIKey]), UserKey: strings.TrimSpace(vals[fieldUserKey])}
	expiry, err := parseExpiry(vals[fieldExpires])
	if err != nil {
		return nil, err
	}
	if !expiry.IsZero() && !env.Time().Before(expiry) {
		return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "the key has expired: make a new one in eToro's settings")
	}
	api := newAPI(env, true)
	httpx.RedactorOf(env.HTTP).Add(s.APIKey, s.UserKey)
	b, err := get(ctx, api, s, in.paths().aggregate, nil)
	if err != nil {
		return nil, loginError(err, in.Paper)
	}
	p, err := decodePortfolio(b)
	if err != nil {
		return nil, err
	}
	httpx.RedactorOf(env.HTTP).Add(p.cid())
	return integrations.Done(ID, integrations.AuthAPIKey, s.encode(), []integrations.Account{p.account(in.ID(), in.Paper)}, p.cid()).Until(expiry), nil
}

// loginError adds to a refused key the likely cause: the other environment.
func loginError(err error, demo bool) error {
	if !errors.Is(err, integrations.ErrInvalidCredentials) {
		return err
	}
	env := "Real"
	if demo {
		env = "Virtual"
	}
	return integrations.Wrap(integrations.ErrInvalidCredentials,
		"eToro refused the keys: check both, and that the user key was made for the "+env+" environment with the Read permission")
}
