package coinbase

import (
	"context"
	"net/url"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// oauthConfig is the OAuth 2.0 configuration for the user's app: code flow
// with PKCE S256 (Coinbase supports it) and the client secret in the form
// body, the exact registered redirect URI http://127.0.0.1:PORT/callback, and
// the scopes as one comma-separated "scope" parameter.
func oauthConfig(env integrations.Env, app integrations.AppRegistration) oauthflow.Config {
	auth := httpx.Endpoint(env, "auth", DefaultAuthURL)
	cfg := oauthflow.OwnApp(env, app, ID, auth+"/oauth2/auth", auth+"/oauth2/token", DefaultRedirectPort)
	cfg.PKCE, cfg.RedirectPath, cfg.AuthStyle = true, RedirectPath, oauth2.AuthStyleInParams
	// oauth2 would join Scopes with spaces; Coinbase wants commas.
	cfg.AuthParams = map[string]string{"scope": Scopes}
	return cfg
}

// newLogin drives the browser login: consent at login.coinbase.com, code
// exchange, then GET /v2/user for the user id of the fingerprint.
func newLogin(env integrations.Env, app integrations.AppRegistration) integrations.Login {
	a := newAPI(env)
	return oauthflow.NewLogin(oauthConfig(env, app), func(ctx context.Context, tok *oauth2.Token, _ url.Values) (integrations.Step, error) {
		sec := secretFromToken(tok, env.Time())
		httpx.RedactorOf(env.HTTP).Add(sec.Access, sec.Refresh)
		if sec.Refresh == "" {
			// Without offline_access Coinbase issues no refresh token and the
			// connection would die within the hour.
			return nil, integrations.Wrap(integrations.ErrUnavailable, "Coinbase issued no refresh token (was offline_access refused?)")
		}
		b, err := get(ctx, a, sec.Access, "/v2/user")
		if err != nil {
			return nil, err
		}
		u, err := decodeUser(b)
		if err != nil {
			return nil, err
		}
		sec.UserID = u.ID
		g := integrations.Grant{
			Method:      integrations.AuthOAuth2,
			Secret:      sec.encode(),
			Expiry:      sec.RefreshExpiry,
			Fingerprint: integrations.Fingerprint(ID, u.ID),
		}
		return &integrations.DoneStep{Grant: g, Accounts: []integrations.Account{accountOf(u)}}, nil
	})
}
