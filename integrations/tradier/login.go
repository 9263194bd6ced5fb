package tradier

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

var errLoginOver = integrations.ErrLoginOver

// finish checks a new secret with one GET /v1/user/profile and returns the
// DoneStep: the grant's fingerprint is Tradier's user id.
func (in *Integration) finish(ctx context.Context, env integrations.Env, method integrations.AuthKind, sec secret, expiry time.Time) (*integrations.DoneStep, error) {
	a := &api{base: base(env, "api"), http: env.Client(), now: env.Time}
	b, err := a.get(ctx, sec.AccessToken, "/v1/user/profile", nil, modeLogin)
	if err != nil {
		return nil, err
	}
	uid, accts, err := decodeProfile(b, in.id(), in.sandbox)
	if err != nil {
		return nil, err
	}
	done := &integrations.DoneStep{Grant: integrations.Grant{Method: method, Secret: sec.encode(), Expiry: expiry,
		Fingerprint: integrations.Fingerprint(in.id(), uid)}}
	for _, x := range accts {
		done.Accounts = append(done.Accounts, x.Account)
	}
	return done, nil
}

// tokenLogin asks for a personal access token and checks it with one call.
type tokenLogin struct {
	in     *Integration
	env    integrations.Env
	values map[string]string

	mu   sync.Mutex
	form *integrations.FormStep
	over bool
}

func (l *tokenLogin) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	l.mu.Lock()
	form, over := l.form, l.over
	l.mu.Unlock()
	if over {
		return nil, errLoginOver
	}
	values := a.Values
	if form == nil {
		inst := l.in.Institution()
		m, _ := inst.Method(integrations.AuthToken)
		form = &integrations.FormStep{Title: "Connect " + inst.DisplayName, Message: m.Help, Fields: m.Fields}
		l.mu.Lock()
		l.form = form
		l.mu.Unlock()
		values = l.values
		if strings.TrimSpace(values["access_token"]) == "" {
			return form, nil
		}
	}
	tok := strings.TrimSpace(values["access_token"])
	if tok == "" {
		return form, integrations.Wrap(integrations.ErrInvalidCredentials, "enter the access token")
	}
	done, err := l.in.finish(ctx, l.env, integrations.AuthToken, secret{Kind: kindToken, AccessToken: tok}, time.Time{})
	if errors.Is(err, integrations.ErrInvalidCredentials) {
		return form, err
	}
	l.Close()
	if err != nil {
		return nil, err
	}
	return done, nil
}

func (l *tokenLogin) Paste(string) error {
	return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in a token login")
}

func (l *tokenLogin) Close() error {
	l.mu.Lock()
	l.over = true
	l.mu.Unlock()
	return nil
}

var errNoApp = errors.New("tradier: sign-in with OAuth needs your own Tradier app: " +
	"add its client id and client secret for Tradier in Settings first")

// redirectPort is the callback's loopback port: the one in Settings, else
// the default the help text names; any port when the authorize endpoint is
// on this machine (a fake server or a proxy).
func redirectPort(env integrations.Env) int {
	if env.App != nil && env.App.RedirectPort > 0 {
		return env.App.RedirectPort
	}
	if loopback(env.URL("auth")) {
		return 0
	}
	return DefaultRedirectPort
}

// oauthLogin runs Tradier's authorization-code flow: scopes comma-separated,
// the code traded at /v1/oauth/accesstoken with HTTP Basic client auth.
func (in *Integration) oauthLogin(env integrations.Env) (integrations.Login, error) {
	if env.App == nil || env.App.ClientID == "" {
		return nil, errNoApp
	}
	cfg := oauthflow.Config{
		Institution:  in.id(),
		AuthURL:      base(env, "auth") + "/v1/oauth/authorize",
		TokenURL:     base(env, "auth") + "/v1/oauth/accesstoken",
		ClientID:     env.App.ClientID,
		ClientSecret: env.App.ClientSecret,
		RedirectPort: redirectPort(env),
		RedirectPath: RedirectPath,
		AuthParams:   map[string]string{"scope": "read"},
		AuthStyle:    oauth2.AuthStyleInHeader,
		HTTPClient:   env.Client(),
	}
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
