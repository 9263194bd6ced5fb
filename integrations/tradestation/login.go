package tradestation

import (
	"context"
	"net/url"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// RotatingLoginLife is how long a sign-in lasts when the API key is set to
// rotating refresh tokens: "a 24-hour absolute lifetime" (see doc.go).
const RotatingLoginLife = 24 * time.Hour

// Scopes are what Latchkey asks for: openid (always required),
// offline_access (for a refresh token) and ReadAccount, read-only access to
// the accounts. Neither Trade nor MarketData.
var Scopes = []string{"openid", "offline_access", "ReadAccount"}

// oauthConfig is the flow of the user's API key: the client id and secret
// in the token request's form (the documented curl examples), no PKCE (a
// key's default type is Regular Web App), the audience parameter, and the
// callback exactly as every key registers it: http://localhost:<port>, no
// path.
func oauthConfig(env integrations.Env, app integrations.AppRegistration) oauthflow.Config {
	auth := httpx.Endpoint(env, "auth", DefaultAuth)
	cfg := oauthflow.OwnApp(env, app, ID, auth+"/authorize", auth+"/oauth/token", DefaultRedirectPort)
	cfg.Scopes, cfg.AuthParams = Scopes, map[string]string{"audience": Audience}
	cfg.RedirectHost, cfg.BareRedirect, cfg.AuthStyle = "localhost", true, oauth2.AuthStyleInParams
	return cfg
}

func (in *Integration) newLogin(env integrations.Env, app integrations.AppRegistration) integrations.Login {
	return oauthflow.NewLogin(oauthConfig(env, app), func(ctx context.Context, tok *oauth2.Token, _ url.Values) (integrations.Step, error) {
		now := env.Time().UTC().Truncate(time.Second)
		tokens := integrations.AppTokens{ClientID: app.ClientID, ClientSecret: app.ClientSecret}
		sec := secret{AppTokens: tokens.Renewed(tok.AccessToken, tok.RefreshToken, tok.ExpiresIn, now, accessLife), LoginAt: now}
		if sec.Refresh == "" {
			// Without offline_access granted there is no refresh token: the
			// sign-in would end with the access token, in 20 minutes.
			return nil, integrations.Wrap(integrations.ErrUnavailable,
				"TradeStation answered without a refresh token; check that your API key allows the offline_access scope")
		}
		c := in.newClient(env, integrations.Grant{Method: integrations.AuthOAuth2}, sec, nil)
		accts, kept, err := c.accounts(ctx)
		if err != nil {
			return nil, err
		}
		numbers := make([]string, 0, len(kept))
		for _, k := range kept {
			numbers = append(numbers, k.number)
		}
		return integrations.Done(ID, integrations.AuthOAuth2, sec.encode(), accts, numbers...), nil
	})
}

// accessLife is TradeStation's access token life, when the answer does not
// say.
const accessLife = 20 * time.Minute
