package schwab

import (
	"context"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// RefreshTokenLife is how long Schwab accepts a refresh token after the
// browser login.
const RefreshTokenLife = 7 * 24 * time.Hour

// oauthConfig is the flow of the user's app: Basic client auth, no PKCE,
// https on the registered loopback port, the registered path "/".
func oauthConfig(env integrations.Env, app integrations.AppRegistration) oauthflow.Config {
	auth := httpx.Endpoint(env, "auth", DefaultAuth)
	cfg := oauthflow.OwnApp(env, app, ID, auth+"/authorize", auth+"/token", DefaultRedirectPort)
	cfg.RedirectPath, cfg.HTTPS, cfg.AuthStyle = "/", true, oauth2.AuthStyleInHeader
	return cfg
}

func newLogin(env integrations.Env, app integrations.AppRegistration) integrations.Login {
	return oauthflow.NewLogin(oauthConfig(env, app), func(ctx context.Context, tok *oauth2.Token, _ url.Values) (integrations.Step, error) {
		now := env.Time()
		tokens := integrations.AppTokens{ClientID: app.ClientID, ClientSecret: app.ClientSecret}
		sec := secret{AppTokens: tokens.Renewed(tok.AccessToken, tok.RefreshToken, tok.ExpiresIn, now, accessLife),
			LoginAt: now.UTC().Truncate(time.Second)}
		c := newClient(env, integrations.Grant{Method: integrations.AuthOAuth2}, sec, nil)
		numbers, err := c.accountNumbers(ctx)
		if err != nil {
			return nil, err
		}
		accts, err := c.accounts(ctx, numbers)
		if err != nil {
			return nil, err
		}
		ids := make([]string, 0, len(numbers))
		for _, n := range numbers {
			ids = append(ids, n.number)
		}
		return integrations.Done(ID, integrations.AuthOAuth2, sec.encode(), accts, ids...).Until(sec.LoginAt.Add(RefreshTokenLife)), nil
	})
}
