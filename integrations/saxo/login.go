package saxo

import (
	"context"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

func (in *Integration) oauthConfig(env integrations.Env, app integrations.AppRegistration) oauthflow.Config {
	auth := httpx.Endpoint(env, "auth", in.v.auth)
	cfg := oauthflow.OwnApp(env, app, in.v.id, auth+"/authorize", auth+"/token", DefaultRedirectPort)
	cfg.ClientSecret = "" // a native app: no secret, whatever Settings holds
	cfg.PKCE, cfg.RedirectPath, cfg.AuthStyle = true, RedirectPath, oauth2.AuthStyleInParams
	return cfg
}

// newLogin runs the authorization code flow with PKCE. The grant keeps the
// flow's verifier and redirect URI: Saxo's PKCE sample sends both again
// with every refresh.
func (in *Integration) newLogin(env integrations.Env, app integrations.AppRegistration) integrations.Login {
	return oauthflow.NewLoginFunc(in.oauthConfig(env, app), func(ctx context.Context, f *oauthflow.Flow, cb url.Values) (integrations.Step, error) {
		tok, err := f.Exchange(ctx, cb.Get("code"))
		if err != nil {
			return nil, err
		}
		now := env.Time()
		tokens := integrations.AppTokens{ClientID: app.ClientID}
		sec := secret{AppTokens: tokens.Renewed(tok.AccessToken, tok.RefreshToken, tok.ExpiresIn, now, defaultAccessLife),
			RedirectURI: f.RedirectURL(), Verifier: f.Verifier()}
		var refreshIn int64
		switch v := tok.Extra("refresh_token_expires_in").(type) {
		case float64:
			refreshIn = int64(v)
		case int64:
			refreshIn = v
		}
		sec.RefreshExpiry = now.Add(integrations.Lifetime(refreshIn, defaultRefreshLife)).Truncate(time.Second)
		if sec.Access == "" || sec.Refresh == "" {
			return nil, errMalformed
		}
		c := in.newClient(env, integrations.Grant{Method: integrations.AuthOAuth2}, sec, nil)
		cl, err := c.clientInfo(ctx)
		if err != nil {
			return nil, err
		}
		accts, err := c.Accounts(ctx)
		if err != nil {
			return nil, err
		}
		return integrations.Done(in.v.id, integrations.AuthOAuth2, sec.encode(), accts, cl.ClientID).Until(sec.RefreshExpiry), nil
	})
}
