package alpaca

import (
	"context"
	"net/url"
	"strings"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

// finish checks a new secret with one GET /v2/account and returns the
// DoneStep: the grant's fingerprint is the account's id.
func (in *Integration) finish(ctx context.Context, env integrations.Env, method integrations.AuthKind, sec secret) (*integrations.DoneStep, error) {
	b, err := newAPI(env, sec, true).Do(ctx, httpx.Request{Path: "/v2/account"})
	if err != nil {
		return nil, err
	}
	a, _, err := decodeAccount(b, in.Paper)
	if err != nil {
		return nil, err
	}
	return integrations.Done(in.ID(), method, sec.encode(), []integrations.Account{a}, a.ID), nil
}

// keyLogin asks for a key pair and checks it with one call.
func (in *Integration) keyLogin(req integrations.LoginRequest) integrations.Login {
	return integrations.MethodLogin(in.Institution(), integrations.AuthAPIKey, req,
		func(ctx context.Context, env integrations.Env, v map[string]string) (*integrations.DoneStep, error) {
			return in.finish(ctx, env, integrations.AuthAPIKey, secret{Kind: kindKey, KeyID: v["key_id"], SecretKey: v["secret_key"]})
		})
}

// oauthLogin runs Alpaca's authorization-code flow (no PKCE).
func (in *Integration) oauthLogin(env integrations.Env) (integrations.Login, error) {
	app, err := integrations.NeedApp(env)
	if err != nil {
		return nil, err
	}
	cfg := oauthflow.OwnApp(env, app, in.ID(), strings.TrimRight(env.URL("auth"), "/")+"/oauth/authorize",
		strings.TrimRight(env.URL("oauth"), "/")+"/oauth/token", DefaultRedirectPort)
	cfg.RedirectPath, cfg.AuthStyle = RedirectPath, oauth2.AuthStyleInParams
	cfg.AuthParams = map[string]string{"env": in.env()}
	return oauthflow.NewLogin(cfg, func(ctx context.Context, tok *oauth2.Token, _ url.Values) (integrations.Step, error) {
		if tok.AccessToken == "" {
			return nil, errMalformed
		}
		return in.finish(ctx, env, integrations.AuthOAuth2, secret{Kind: kindOAuth, AccessToken: tok.AccessToken})
	}), nil
}
