package coinbaseadv

import (
	"context"
	"errors"
	"strings"
	"sync"

	"github.com/latchkey/latchkey/integrations"
)

// errLoginOver answers a Next after the login ended.
var errLoginOver = errors.New("coinbaseadv: the login is over")

// keyLogin is the API-key login: one form, validated by a real call (the
// key's permissions, which name its portfolio) before the connection is saved.
type keyLogin struct {
	env    integrations.Env
	values map[string]string
	form   *integrations.FormStep

	mu    sync.Mutex
	asked bool
	over  bool
}

func (l *keyLogin) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	l.mu.Lock()
	if l.over {
		l.mu.Unlock()
		return nil, errLoginOver
	}
	vals := a.Values
	if vals == nil && !l.asked && l.values[fieldKey] != "" && l.values[fieldPrivateKey] != "" {
		vals = l.values
	}
	l.asked = true
	l.mu.Unlock()
	if vals == nil {
		return l.form, nil
	}
	sec := secret{Name: strings.TrimSpace(vals[fieldKey]), PrivateKey: strings.TrimSpace(vals[fieldPrivateKey])}
	if sec.Name == "" || sec.PrivateKey == "" {
		return l.form, integrations.Wrap(integrations.ErrInvalidCredentials, "enter the API key name and its private key")
	}
	done, err := l.validate(ctx, sec)
	if errors.Is(err, integrations.ErrInvalidCredentials) {
		return l.form, err
	}
	l.mu.Lock()
	l.over = true
	l.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return done, nil
}

func (l *keyLogin) validate(ctx context.Context, sec secret) (*integrations.DoneStep, error) {
	a, err := newAPI(l.env, sec)
	if err != nil {
		return nil, err
	}
	a.login = true
	perm, err := a.permissions(ctx)
	if err != nil {
		return nil, err
	}
	return &integrations.DoneStep{
		Grant: integrations.Grant{
			Method:      integrations.AuthAPIKey,
			Secret:      sec.encode(),
			Fingerprint: integrations.Fingerprint(ID, perm.owner(sec.Name)),
		},
	}, nil
}

// Paste is not part of an API-key login.
func (l *keyLogin) Paste(string) error {
	return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in an API-key login")
}

// Close ends the login.
func (l *keyLogin) Close() error {
	l.mu.Lock()
	l.over = true
	l.mu.Unlock()
	return nil
}
