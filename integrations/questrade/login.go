package questrade

import (
	"context"
	"net/url"
	"strings"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// finish reads the accounts with a freshly redeemed secret and returns the
// DoneStep: the fingerprint is Questrade's user id, the grant ends when its
// refresh token would, 7 days on.
func (in *Integration) finish(ctx context.Context, env integrations.Env, method integrations.AuthKind, sec secret) (*integrations.DoneStep, error) {
	t := in.tokens(env)
	uid, all, _, err := integrations.ReadLogin(ctx, t.api(sec.APIServer).Bearer(sec.AccessToken), "v1/accounts", in.decodeAccounts)
	if err != nil {
		return nil, err
	}
	return integrations.Done(in.ID(), method, sec.encode(), all, uid).Until(t.now().Add(refreshLife).Truncate(time.Second)), nil
}

// tokenLogin redeems a manually generated refresh token.
func (in *Integration) tokenLogin(req integrations.LoginRequest) integrations.Login {
	return integrations.MethodLogin(in.Institution(), integrations.AuthToken, req,
		func(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
			q := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {v["refresh_token"]}}
			sec, err := in.tokens(env).redeem(ctx, q, modeLogin)
			if err != nil {
				return nil, err
			}
			return in.finish(ctx, env, integrations.AuthToken, sec)
		})
}

// oauthLogin runs Questrade's authorization-code flow. The code is traded
// at /oauth2/token with its parameters in the query, as Questrade documents
// (client_id, code, grant_type, redirect_uri; no client secret).
func (in *Integration) oauthLogin(env integrations.Env) (integrations.Login, error) {
	app, err := integrations.NeedApp(env)
	if err != nil {
		return nil, err
	}
	auth := strings.TrimRight(env.URL("auth"), "/")
	cfg := oauthflow.OwnApp(env, app, in.ID(), auth+"/oauth2/authorize", auth+"/oauth2/token", DefaultRedirectPort)
	cfg.RedirectPath = RedirectPath
	return oauthflow.NewLoginFunc(cfg, func(ctx context.Context, f *oauthflow.Flow, cb url.Values) (integrations.Step, error) {
		q := url.Values{"client_id": {app.ClientID}, "code": {cb.Get("code")},
			"grant_type": {"authorization_code"}, "redirect_uri": {f.RedirectURL()}}
		sec, err := in.tokens(env).redeem(ctx, q, modeLogin)
		if err != nil {
			return nil, err
		}
		return in.finish(ctx, env, integrations.AuthOAuth2, sec)
	}), nil
}
