package alpaca

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"

	"golang.org/x/oauth2"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/oauthflow"
)

var errLoginOver = integrations.ErrLoginOver

// finish checks a new secret with one GET /v2/account and returns the
// DoneStep: the grant's fingerprint is the account's id.
func (in *Integration) finish(ctx context.Context, env integrations.Env, method integrations.AuthKind, sec secret) (*integrations.DoneStep, error) {
	c := &client{in: in, api: in.api(env, sec)}
	b, err := c.api.get(ctx, "/v2/account", nil, modeLogin)
	if err != nil {
		return nil, err
	}
	a, _, err := decodeAccount(b, in.paper)
	if err != nil {
		return nil, err
	}
	return &integrations.DoneStep{
		Grant:    integrations.Grant{Method: method, Secret: sec.encode(), Fingerprint: integrations.Fingerprint(in.id(), a.ID)},
		Accounts: []integrations.Account{a},
	}, nil
}

// keyLogin asks for a key pair and checks it with one call.
type keyLogin struct {
	in     *Integration
	env    integrations.Env
	values map[string]string

	mu   sync.Mutex
	form *integrations.FormStep
	over bool
}

func (l *keyLogin) formStep() *integrations.FormStep {
	m, _ := l.in.Institution().Method(integrations.AuthAPIKey)
	return &integrations.FormStep{Title: "Connect " + l.in.Institution().DisplayName, Message: m.Help, Fields: m.Fields}
}

func (l *keyLogin) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	l.mu.Lock()
	form, over := l.form, l.over
	l.mu.Unlock()
	if over {
		return nil, errLoginOver
	}
	values := a.Values
	if form == nil {
		form = l.formStep()
		l.mu.Lock()
		l.form = form
		l.mu.Unlock()
		values = l.values
		if strings.TrimSpace(values["key_id"]) == "" || strings.TrimSpace(values["secret_key"]) == "" {
			return form, nil
		}
	}
	id, key := strings.TrimSpace(values["key_id"]), strings.TrimSpace(values["secret_key"])
	if id == "" || key == "" {
		return form, integrations.Wrap(integrations.ErrInvalidCredentials, "enter the key id and the secret key")
	}
	done, err := l.in.finish(ctx, l.env, integrations.AuthAPIKey, secret{Kind: kindKey, KeyID: id, SecretKey: key})
	if errors.Is(err, integrations.ErrInvalidCredentials) {
		return form, err
	}
	l.Close()
	if err != nil {
		return nil, err
	}
	return done, nil
}

func (l *keyLogin) Paste(string) error {
	return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in an API-key login")
}

func (l *keyLogin) Close() error {
	l.mu.Lock()
	l.over = true
	l.mu.Unlock()
	return nil
}

// errNoApp tells the user to register their OAuth app first.
var errNoApp = errors.New("alpaca: sign-in with OAuth needs your own Alpaca OAuth app: " +
	"add its client id and client secret for Alpaca in Settings first")

// redirectPort is the loopback port of the redirect URI: the one in
// Settings, else the default the help text names. When the authorize
// endpoint is on this machine (a fake server or a proxy), any port works.
func redirectPort(env integrations.Env, def int) int {
	if env.App != nil && env.App.RedirectPort > 0 {
		return env.App.RedirectPort
	}
	if loopback(env.URL("auth")) {
		return 0
	}
	return def
}

// oauthLogin runs Alpaca's authorization-code flow (no PKCE).
func (in *Integration) oauthLogin(env integrations.Env) (integrations.Login, error) {
	if env.App == nil || env.App.ClientID == "" {
		return nil, errNoApp
	}
	cfg := oauthflow.Config{
		Institution:  in.id(),
		AuthURL:      base(env, "auth") + "/oauth/authorize",
		TokenURL:     base(env, "oauth") + "/oauth/token",
		ClientID:     env.App.ClientID,
		ClientSecret: env.App.ClientSecret,
		RedirectPort: redirectPort(env, DefaultRedirectPort),
		RedirectPath: RedirectPath,
		AuthParams:   map[string]string{"env": in.env()},
		AuthStyle:    oauth2.AuthStyleInParams,
		HTTPClient:   env.Client(),
	}
	return oauthflow.NewLogin(cfg, func(ctx context.Context, tok *oauth2.Token, _ url.Values) (integrations.Step, error) {
		if tok.AccessToken == "" {
			return nil, errMalformed
		}
		return in.finish(ctx, env, integrations.AuthOAuth2, secret{Kind: kindOAuth, AccessToken: tok.AccessToken})
	}), nil
}
