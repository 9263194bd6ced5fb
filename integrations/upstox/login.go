package upstox

import (
	"context"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// oauthConfig is the OAuth 2.0 configuration of the user's app: the login
// dialog and the token endpoint on the API host, the client secret in the
// form body, the exact registered redirect URL. Upstox documents no PKCE and
// no scopes.
func oauthConfig(env integrations.Env, app integrations.AppRegistration) oauthflow.Config {
	base := apiBase(env)
	return oauthflow.Config{
		Institution:  ID,
		AuthURL:      base + "/v2/login/authorization/dialog",
		TokenURL:     base + "/v2/login/authorization/token",
		ClientID:     app.ClientID,
		ClientSecret: app.ClientSecret,
		RedirectPort: integrations.RedirectPort(env, "api", DefaultRedirectPort),
		RedirectPath: RedirectPath,
		AuthStyle:    oauth2.AuthStyleInParams,
		HTTPClient:   env.Client(),
	}
}

// newLogin drives the browser login. The token answer holds the user's
// profile (user_id, exchanges) beside the access token, so no further call
// is needed; the grant ends at the next 03:30 IST.
func newLogin(env integrations.Env, app integrations.AppRegistration) integrations.Login {
	return oauthflow.NewLogin(oauthConfig(env, app), func(ctx context.Context, tok *oauth2.Token, _ url.Values) (integrations.Step, error) {
		uid, _ := tok.Extra("user_id").(string)
		if strings.TrimSpace(uid) == "" || tok.AccessToken == "" {
			return nil, errMalformed
		}
		httpx.RedactorOf(env.HTTP).Add(tok.AccessToken)
		var exchanges []string
		if list, ok := tok.Extra("exchanges").([]any); ok {
			for _, x := range list {
				if s, ok := x.(string); ok {
					exchanges = append(exchanges, s)
				}
			}
		}
		active := true
		if b, ok := tok.Extra("is_active").(bool); ok {
			active = b
		}
		sec := secret{Access: tok.AccessToken, UserID: uid, Expires: SessionEnd(env.Time())}
		g := integrations.Grant{
			Method:      integrations.AuthOAuth2,
			Secret:      sec.encode(),
			Expiry:      sec.Expires,
			Fingerprint: integrations.Fingerprint(ID, uid),
		}
		return &integrations.DoneStep{Grant: g, Accounts: accounts(uid, exchanges, active)}, nil
	})
}
