package questrade

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

var errLoginOver = integrations.ErrLoginOver

// finish reads the accounts with a freshly redeemed secret and returns the
// DoneStep: the fingerprint is Questrade's user id, the grant ends when its
// refresh token would, 7 days on.
func (in *Integration) finish(ctx context.Context, env integrations.Env, method integrations.AuthKind, sec secret) (*integrations.DoneStep, error) {
	t := in.tokens(env)
	b, err := get(ctx, t.http, sec, "accounts", nil, modeData, t.now())
	if err != nil {
		return nil, err
	}
	uid, accts, err := decodeAccounts(b, in.id(), in.practice)
	if err != nil {
		return nil, err
	}
	done := &integrations.DoneStep{Grant: integrations.Grant{Method: method, Secret: sec.encode(),
		Expiry: t.now().Add(refreshLife).Truncate(time.Second), Fingerprint: integrations.Fingerprint(in.id(), uid)}}
	for _, a := range accts {
		done.Accounts = append(done.Accounts, a.Account)
	}
	return done, nil
}

// tokenLogin redeems a manually generated refresh token.
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
		if strings.TrimSpace(values["refresh_token"]) == "" {
			return form, nil
		}
	}
	rt := strings.TrimSpace(values["refresh_token"])
	if rt == "" {
		return form, integrations.Wrap(integrations.ErrInvalidCredentials, "paste the token generated in Questrade's API Centre")
	}
	sec, err := l.in.tokens(l.env).redeem(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}, modeLogin)
	if errors.Is(err, integrations.ErrInvalidCredentials) {
		return form, err
	}
	if err != nil {
		l.Close()
		return nil, err
	}
	done, err := l.in.finish(ctx, l.env, integrations.AuthToken, sec)
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

var errNoApp = errors.New("questrade: sign-in with OAuth needs your own Questrade app: " +
	"add its consumer key (client id) for Questrade in Settings first")

// redirectPort is the callback's loopback port: the one in Settings, else
// the default the help text names; any port when the login server is on
// this machine (a fake server or a proxy).
func redirectPort(env integrations.Env) int {
	if env.App != nil && env.App.RedirectPort > 0 {
		return env.App.RedirectPort
	}
	if loopback(env.URL("auth")) {
		return 0
	}
	return DefaultRedirectPort
}

// oauthLogin runs Questrade's authorization-code flow. The code is traded
// at /oauth2/token with its parameters in the query, as Questrade documents
// (client_id, code, grant_type, redirect_uri; no client secret).
func (in *Integration) oauthLogin(env integrations.Env) (integrations.Login, error) {
	if env.App == nil || env.App.ClientID == "" {
		return nil, errNoApp
	}
	auth := base(env, "auth")
	cfg := oauthflow.Config{
		Institution:  in.id(),
		AuthURL:      auth + "/oauth2/authorize",
		TokenURL:     auth + "/oauth2/token",
		ClientID:     env.App.ClientID,
		RedirectPort: redirectPort(env),
		RedirectPath: RedirectPath,
		HTTPClient:   env.Client(),
	}
	return oauthflow.NewLoginFunc(cfg, func(ctx context.Context, f *oauthflow.Flow, cb url.Values) (integrations.Step, error) {
		q := url.Values{"client_id": {env.App.ClientID}, "code": {cb.Get("code")},
			"grant_type": {"authorization_code"}, "redirect_uri": {f.RedirectURL()}}
		sec, err := in.tokens(env).redeem(ctx, q, modeLogin)
		if err != nil {
			return nil, err
		}
		return in.finish(ctx, env, integrations.AuthOAuth2, sec)
	}), nil
}
