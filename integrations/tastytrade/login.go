package tastytrade

import (
	"context"
	"errors"
	"net/url"
	"sort"
	"strings"
	"sync"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

func (in *Integration) oauthConfig(env integrations.Env, app integrations.AppRegistration) oauthflow.Config {
	port := app.RedirectPort
	if port <= 0 {
		port = DefaultRedirectPort
	}
	return oauthflow.Config{
		Institution:  in.v.id,
		AuthURL:      endpoint(env, "auth", in.v.auth) + "/auth.html",
		TokenURL:     endpoint(env, "api", in.v.api) + "/oauth/token",
		ClientID:     app.ClientID,
		ClientSecret: app.ClientSecret,
		Scopes:       []string{"read"},
		RedirectPort: port,
		RedirectPath: RedirectPath,
		AuthStyle:    oauth2.AuthStyleInParams,
		HTTPClient:   userAgentClient(env.Client(), in.v),
	}
}

func (in *Integration) newOAuthLogin(env integrations.Env, app integrations.AppRegistration) integrations.Login {
	return oauthflow.NewLogin(in.oauthConfig(env, app), func(ctx context.Context, tok *oauth2.Token, _ url.Values) (integrations.Step, error) {
		now := env.Time()
		sec := secret{Access: tok.AccessToken, Refresh: tok.RefreshToken, AccessExpiry: now.Add(expiresIn(tok.ExpiresIn)),
			ClientID: app.ClientID, ClientSecret: app.ClientSecret}
		if sec.Access == "" || sec.Refresh == "" {
			return nil, errMalformed
		}
		return in.finish(ctx, env, integrations.AuthOAuth2, sec)
	})
}

// finish reads the accounts with a fresh secret and ends the login.
func (in *Integration) finish(ctx context.Context, env integrations.Env, method integrations.AuthKind, sec secret) (integrations.Step, error) {
	c := in.newClient(env, integrations.Grant{Method: method}, sec, nil)
	accts, numbers, err := c.accounts(ctx)
	if err != nil {
		return nil, err
	}
	if len(numbers) == 0 {
		return nil, integrations.Wrap(integrations.ErrNotSupported, "this tastytrade login has no accounts")
	}
	sort.Strings(numbers)
	return &integrations.DoneStep{
		Grant:    integrations.Grant{Method: method, Secret: sec.encode(), Fingerprint: integrations.Fingerprint(in.v.id, numbers...)},
		Accounts: accts,
	}, nil
}

// grantLogin validates a pasted refresh grant: one refresh, one read.
type grantLogin struct {
	in     *Integration
	env    integrations.Env
	values map[string]string

	mu   sync.Mutex
	form *integrations.FormStep
	over bool
}

var errLoginOver = integrations.ErrLoginOver

func (l *grantLogin) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	l.mu.Lock()
	form, over := l.form, l.over
	l.mu.Unlock()
	if over {
		return nil, errLoginOver
	}
	values := a.Values
	if form == nil {
		m, _ := l.in.Institution().Method(integrations.AuthToken)
		form = &integrations.FormStep{Title: "Paste a tastytrade refresh grant", Message: m.Help, Fields: m.Fields}
		l.mu.Lock()
		l.form = form
		l.mu.Unlock()
		if strings.TrimSpace(l.values["refresh_token"]) == "" {
			return form, nil
		}
		values = l.values
	}
	refresh := strings.TrimSpace(values["refresh_token"])
	clientSecret := strings.TrimSpace(values["client_secret"])
	var clientID string
	if l.env.App != nil {
		clientID = l.env.App.ClientID
		if clientSecret == "" {
			clientSecret = l.env.App.ClientSecret
		}
	}
	switch {
	case refresh == "":
		return form, integrations.Wrap(integrations.ErrInvalidCredentials, "paste the refresh token")
	case clientSecret == "":
		return form, integrations.Wrap(integrations.ErrInvalidCredentials, "enter the OAuth application's client secret (here or in Settings)")
	}
	sec := secret{Refresh: refresh, ClientSecret: clientSecret, ClientID: clientID}
	c := l.in.newClient(l.env, integrations.Grant{Method: integrations.AuthToken}, sec, nil)
	next, err := c.refresh(ctx, l.env.Time())
	if err == nil {
		var done integrations.Step
		if done, err = l.in.finish(ctx, l.env, integrations.AuthToken, next); err == nil {
			l.end()
			return done, nil
		}
	}
	if errors.Is(err, integrations.ErrReauthRequired) {
		// The grant or secret was refused: let the user paste again.
		return form, integrations.Wrap(integrations.ErrInvalidCredentials, "tastytrade refused this refresh token or client secret")
	}
	l.end()
	return nil, err
}

func (l *grantLogin) end() {
	l.mu.Lock()
	l.over = true
	l.mu.Unlock()
}

// Paste is not part of a pasted-grant login (the grant is a form field).
func (l *grantLogin) Paste(string) error {
	return integrations.Wrap(integrations.ErrNotSupported, "paste the refresh token into the form")
}

// Close ends the login.
func (l *grantLogin) Close() error {
	l.end()
	return nil
}
