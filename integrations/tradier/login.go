package tradier

import (
	"context"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// finish checks a new secret with one GET /v1/user/profile and returns the
// DoneStep: the grant's fingerprint is Tradier's user id.
func (in *Integration) finish(ctx context.Context, env integrations.Env, method integrations.AuthKind, sec secret, expiry time.Time) (*integrations.DoneStep, error) {
	httpx.RedactorOf(env.Client()).Add(sec.AccessToken, sec.RefreshToken)
	uid, all, _, err := integrations.ReadLogin(ctx, newAPI(env, true).Bearer(sec.AccessToken), profilePath, in.decodeProfile)
	if err != nil {
		return nil, err
	}
	return integrations.Done(in.ID(), method, sec.encode(), all, uid).Until(expiry), nil
}

// tokenLogin asks for a personal access token and checks it with one call.
func (in *Integration) tokenLogin(req integrations.LoginRequest) integrations.Login {
	return integrations.MethodLogin(in.Institution(), integrations.AuthToken, req,
		func(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
			return in.finish(ctx, env, integrations.AuthToken, secret{Kind: kindToken, AccessToken: v["access_token"]}, time.Time{})
		})
}

// oauthLogin runs Tradier's authorization-code flow: scopes comma-separated,
// the code traded at /v1/oauth/accesstoken with HTTP Basic client auth.
func (in *Integration) oauthLogin(env integrations.Env) (integrations.Login, error) {
	app, err := integrations.NeedApp(env)
	if err != nil {
		return nil, err
	}
	auth := strings.TrimRight(env.URL("auth"), "/")
	cfg := oauthflow.OwnApp(env, app, in.ID(), auth+"/v1/oauth/authorize", auth+"/v1/oauth/accesstoken", DefaultRedirectPort)
	cfg.RedirectPath, cfg.AuthStyle = RedirectPath, oauth2.AuthStyleInHeader
	cfg.AuthParams = map[string]string{"scope": "read"}
	return oauthflow.NewLogin(cfg, func(ctx context.Context, tok *oauth2.Token, _ url.Values) (integrations.Step, error) {
		if tok.AccessToken == "" {
			return nil, errMalformed
		}
		sec := oauthSecret(tok, env.Time())
		expiry := sec.Expiry // without a refresh token the sign-in ends with the access token
		if sec.RefreshToken != "" {
			expiry = time.Time{} // Tradier's refresh tokens do not expire
		}
		return in.finish(ctx, env, integrations.AuthOAuth2, sec, expiry)
	}), nil
}
