package integrations

import (
	"context"
	"errors"
	"strings"
	"sync"
)

// FormLogin is a Login of one form validated by one real call: API keys and
// pasted tokens. The first Next returns Form, or — when Values already fill
// every required field (the CLI's --field) — validates them at once.
// Answers are trimmed of surrounding white space; a required field left
// empty keeps the login on the form with ErrInvalidCredentials.
type FormLogin struct {
	Form *FormStep
	// Values pre-fill the form (LoginRequest.Values).
	Values map[string]string
	// Validate checks the values with the institution and returns the
	// DoneStep. An error matching ErrInvalidCredentials keeps the login on
	// the form to be answered again; any other error ends it.
	Validate func(ctx context.Context, values map[string]string) (*DoneStep, error)

	mu    sync.Mutex
	asked bool
	over  bool
}

// Next answers the form.
func (l *FormLogin) Next(ctx context.Context, a Answer) (Step, error) {
	l.mu.Lock()
	if l.over {
		l.mu.Unlock()
		return nil, ErrLoginOver
	}
	vals := a.Values
	if vals == nil && !l.asked && l.filled(l.Values) {
		vals = l.Values
	}
	l.asked = true
	l.mu.Unlock()
	if vals == nil {
		return l.Form, nil
	}
	clean := make(map[string]string, len(vals))
	var missing []string
	for _, f := range l.Form.Fields {
		v := strings.TrimSpace(vals[f.Name])
		if v == "" && !f.Optional {
			missing = append(missing, strings.ToLower(f.Label))
		}
		clean[f.Name] = v
	}
	if len(missing) > 0 {
		return l.Form, Wrap(ErrInvalidCredentials, "enter the "+strings.Join(missing, " and the "))
	}
	done, err := l.Validate(ctx, clean)
	if errors.Is(err, ErrInvalidCredentials) {
		return l.Form, err
	}
	l.mu.Lock()
	l.over = true
	l.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return done, nil
}

func (l *FormLogin) filled(vals map[string]string) bool {
	for _, f := range l.Form.Fields {
		if !f.Optional && strings.TrimSpace(vals[f.Name]) == "" {
			return false
		}
	}
	return true
}

// Paste is not part of a form login.
func (l *FormLogin) Paste(string) error {
	return Wrap(ErrNotSupported, "nothing to paste in this login")
}

// Close ends the login.
func (l *FormLogin) Close() error {
	l.mu.Lock()
	l.over = true
	l.mu.Unlock()
	return nil
}
