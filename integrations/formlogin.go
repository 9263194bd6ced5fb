package integrations

import (
	"context"
	"sync"
)

// FormLogin is a Login of one form validated by one real call: API keys,
// pasted tokens, a token traded at once for the institution's own. It is a
// StepLogin whose only step is the form: the first Next returns Form, or —
// when Values already fill every required field (the CLI's --field) —
// validates them at once. Answers are trimmed of surrounding white space; a
// required field left empty keeps the login on the form with
// ErrInvalidCredentials.
type FormLogin struct {
	Form *FormStep
	// Values pre-fill the form (LoginRequest.Values).
	Values map[string]string
	// Validate checks the values with the institution and returns the
	// DoneStep. An error matching ErrInvalidCredentials keeps the login on
	// the form to be answered again; any other error ends it.
	Validate func(ctx context.Context, values map[string]string) (*DoneStep, error)

	once  sync.Once
	steps StepLogin
}

func (l *FormLogin) login() *StepLogin {
	l.once.Do(func() {
		l.steps.Form, l.steps.Values = l.Form, l.Values
		l.steps.Submit = func(ctx context.Context, values map[string]string) (Step, error) {
			done, err := l.Validate(ctx, values)
			if err != nil || done == nil {
				return nil, err
			}
			return done, nil
		}
	})
	return &l.steps
}

// Next answers the form.
func (l *FormLogin) Next(ctx context.Context, a Answer) (Step, error) { return l.login().Next(ctx, a) }

// Paste is not part of a form login.
func (l *FormLogin) Paste(s string) error { return l.login().Paste(s) }

// Close ends the login.
func (l *FormLogin) Close() error { return l.login().Close() }

// MethodForm is the form of inst's auth method kind, as most logins open:
// titled "Connect <display name>", with the method's help and fields.
func MethodForm(inst Institution, kind AuthKind) *FormStep {
	m, _ := inst.Method(kind)
	return &FormStep{Title: "Connect " + inst.DisplayName, Message: m.Help, Fields: m.Fields}
}

// StartFormLogin is the StartLogin of an institution whose only login is
// the one form of method kind: another method is ErrNotSupported naming
// name; otherwise the FormLogin of the method's form (MethodForm),
// pre-filled with req.Values, whose values validate checks with req.Env.
func StartFormLogin(inst Institution, name string, kind AuthKind, req LoginRequest,
	validate func(ctx context.Context, env Env, values map[string]string) (*DoneStep, error)) (Login, error) {
	if req.Method != kind {
		return nil, NoLogin(name, req.Method)
	}
	return MethodLogin(inst, kind, req, validate), nil
}

// MethodLogin is the FormLogin of inst's method kind: its form
// (MethodForm), pre-filled with req.Values, whose values validate checks
// with req.Env.
func MethodLogin(inst Institution, kind AuthKind, req LoginRequest,
	validate func(ctx context.Context, env Env, values map[string]string) (*DoneStep, error)) *FormLogin {
	return &FormLogin{Form: MethodForm(inst, kind), Values: req.Values,
		Validate: func(ctx context.Context, values map[string]string) (*DoneStep, error) {
			return validate(ctx, req.Env, values)
		}}
}
