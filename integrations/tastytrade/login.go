package tastytrade

import (
	"context"
	"errors"
	"net/url"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

func (in *Integration) oauthConfig(env integrations.Env, app integrations.AppRegistration) oauthflow.Config {
	cfg := oauthflow.OwnApp(env, app, in.v.id, httpx.Endpoint(env, "auth", in.v.auth)+"/auth.html",
		httpx.Endpoint(env, "api", in.v.api)+"/oauth/token", DefaultRedirectPort)
	cfg.Scopes, cfg.RedirectPath, cfg.AuthStyle = []string{"read"}, RedirectPath, oauth2.AuthStyleInParams
	cfg.HTTPClient = userAgentClient(cfg.HTTPClient, in.v)
	return cfg
}

func (in *Integration) newOAuthLogin(env integrations.Env, app integrations.AppRegistration) integrations.Login {
	return oauthflow.NewLogin(in.oauthConfig(env, app), func(ctx context.Context, tok *oauth2.Token, _ url.Values) (integrations.Step, error) {
		tokens := integrations.AppTokens{ClientID: app.ClientID, ClientSecret: app.ClientSecret}
		sec := secret{tokens.Renewed(tok.AccessToken, tok.RefreshToken, tok.ExpiresIn, env.Time(), accessLife)}
		if sec.Access == "" || sec.Refresh == "" {
			return nil, errMalformed
		}
		return in.finish(ctx, env, integrations.AuthOAuth2, sec)
	})
}

// finish reads the accounts with a fresh secret and ends the login.
func (in *Integration) finish(ctx context.Context, env integrations.Env, method integrations.AuthKind, sec secret) (*integrations.DoneStep, error) {
	accts, numbers, err := in.newClient(env, integrations.Grant{Method: method}, sec, nil).accountList(ctx)
	if err != nil {
		return nil, err
	}
	if len(numbers) == 0 {
		return nil, integrations.LoginWithoutAccounts("tastytrade")
	}
	return integrations.Done(in.v.id, method, sec.encode(), accts, numbers...), nil
}

// grantLogin validates a pasted refresh grant with one refresh and one read;
// the client secret comes from the form, else from Settings.
func (in *Integration) grantLogin(req integrations.LoginRequest) integrations.Login {
	return integrations.MethodLogin(in.Institution(), integrations.AuthToken, req,
		func(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
			sec := secret{integrations.AppTokens{Refresh: v["refresh_token"], ClientSecret: v["client_secret"]}}
			if app := env.App; app != nil {
				sec.ClientID = app.ClientID
				if sec.ClientSecret == "" {
					sec.ClientSecret = app.ClientSecret
				}
			}
			if sec.ClientSecret == "" {
				return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "enter the OAuth application's client secret (here or in Settings)")
			}
			c := in.newClient(env, integrations.Grant{Method: integrations.AuthToken}, sec, nil)
			next, err := c.refresh(ctx, sec)
			if err == nil {
				var done *integrations.DoneStep
				if done, err = in.finish(ctx, env, integrations.AuthToken, next); err == nil {
					return done, nil
				}
			}
			if errors.Is(err, integrations.ErrReauthRequired) {
				// The grant or secret was refused: let the user paste again.
				return nil, integrations.Wrap(integrations.ErrInvalidCredentials, "tastytrade refused this refresh token or client secret")
			}
			return nil, err
		})
}
