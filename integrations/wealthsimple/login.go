package wealthsimple

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/latchkey/latchkey/integrations"
)

var errLoginOver = integrations.ErrLoginOver

// login is the web app's password grant: Wealthsimple answers invalid_grant
// with x-wealthsimple-otp-required until the request carries the two-step
// code in x-wealthsimple-otp.
type login struct {
	api    *api
	env    integrations.Env
	values map[string]string

	mu       sync.Mutex
	step     integrations.Step
	username string
	password string
	claim    string
	over     bool
}

func (l *login) form() *integrations.FormStep {
	return &integrations.FormStep{Title: "Sign in to Wealthsimple", Message: credMethod.Help, Fields: credMethod.Fields}
}

func (l *login) show(s integrations.Step) integrations.Step {
	l.mu.Lock()
	l.step = s
	l.mu.Unlock()
	return s
}

func (l *login) end() {
	l.mu.Lock()
	l.over = true
	// The password is not needed any more.
	l.password = ""
	l.mu.Unlock()
}

func (l *login) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	l.mu.Lock()
	step, over := l.step, l.over
	l.mu.Unlock()
	if over {
		return nil, errLoginOver
	}
	var (
		next integrations.Step
		err  error
	)
	switch st := step.(type) {
	case nil:
		form := l.show(l.form())
		u, p := strings.TrimSpace(l.values["username"]), l.values["password"]
		if u == "" || p == "" {
			return form, nil
		}
		next, err = l.password1(ctx, u, p)
	case *integrations.FormStep:
		u, p := strings.TrimSpace(a.Values["username"]), a.Values["password"]
		if u == "" || p == "" {
			return st, integrations.Wrap(integrations.ErrInvalidCredentials, "enter your e-mail and password")
		}
		next, err = l.password1(ctx, u, p)
	case *integrations.CodeStep:
		code := strings.TrimSpace(a.Values[st.Field.Name])
		if code == "" {
			return st, integrations.Wrap(integrations.ErrInvalidMFACode, "enter the verification code")
		}
		next, err = l.code(ctx, code)
	default:
		return nil, errLoginOver
	}
	if err != nil {
		if errors.Is(err, integrations.ErrInvalidCredentials) || errors.Is(err, integrations.ErrInvalidMFACode) {
			l.mu.Lock()
			cur := l.step
			l.mu.Unlock()
			return cur, err
		}
		l.end()
		return nil, err
	}
	if _, done := next.(*integrations.DoneStep); done {
		l.end()
		return next, nil
	}
	return l.show(next), nil
}

func (l *login) grantBody(username, password string) map[string]any {
	return map[string]any{"grant_type": "password", "username": username, "password": password,
		"skip_provision": "true", "scope": scope, "client_id": l.api.clientID, "otp_claim": nil}
}

// refused maps a refused password grant; wrong is what a plain refusal means
// at this step.
func refused(ans tokenAnswer, wrong error) error {
	text := strings.ToLower(ans.Error + " " + ans.ErrorDescription)
	switch {
	case strings.Contains(text, "lock") || strings.Contains(text, "suspend"):
		return integrations.Wrap(integrations.ErrAccountLocked, "Wealthsimple has locked this login")
	default:
		return wrong
	}
}

func (l *login) password1(ctx context.Context, username, password string) (integrations.Step, error) {
	if err := l.api.bootstrap(ctx); err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.username, l.password = username, password
	l.mu.Unlock()
	ans, ch, err := l.api.token(ctx, l.grantBody(username, password), http.Header{headerProfile: {"undefined"}})
	switch {
	case errors.Is(err, errOTPRequired):
		l.mu.Lock()
		l.claim = ch.claim
		l.mu.Unlock()
		return codeStep(ch.method), nil
	case errors.Is(err, errRefused):
		return nil, refused(ans, integrations.Wrap(integrations.ErrInvalidCredentials, "Wealthsimple refused the e-mail or password"))
	case err != nil:
		return nil, loginError(err)
	}
	return l.finish(ctx, ans)
}

// loginError keeps a refusal without a body from reading as a dead grant.
func loginError(err error) error {
	if errors.Is(err, integrations.ErrReauthRequired) {
		return integrations.Wrap(integrations.ErrInvalidCredentials, "Wealthsimple refused the login")
	}
	return err
}

func codeStep(method string) *integrations.CodeStep {
	dest := "your phone or e-mail"
	switch method {
	case "sms":
		dest = "a text message to your phone"
	case "email":
		dest = "your e-mail"
	case "app", "totp":
		dest = "your authenticator app"
	}
	return &integrations.CodeStep{
		Message:     "Wealthsimple asks for the two-step verification code.",
		Destination: dest,
		Field: integrations.Field{Name: "code", Label: "Verification code", Kind: integrations.FieldText,
			Placeholder: "123456", Help: "The 6-digit code Wealthsimple sent."},
	}
}

func (l *login) code(ctx context.Context, code string) (integrations.Step, error) {
	l.mu.Lock()
	u, p, claim := l.username, l.password, l.claim
	l.mu.Unlock()
	h := http.Header{headerProfile: {"undefined"}, headerOTP: {code + ";remember=true"}}
	if claim != "" {
		h.Set(headerOTPClaim, claim)
	}
	ans, ch, err := l.api.token(ctx, l.grantBody(u, p), h)
	switch {
	case errors.Is(err, errOTPRequired):
		if ch.claim != "" {
			l.mu.Lock()
			l.claim = ch.claim
			l.mu.Unlock()
		}
		return nil, integrations.Wrap(integrations.ErrInvalidMFACode, "Wealthsimple refused the code")
	case errors.Is(err, errRefused):
		return nil, refused(ans, integrations.Wrap(integrations.ErrInvalidMFACode, "Wealthsimple refused the code"))
	case err != nil:
		return nil, loginError(err)
	}
	return l.finish(ctx, ans)
}

func (l *login) finish(ctx context.Context, ans tokenAnswer) (integrations.Step, error) {
	identity := ans.IdentityID
	if identity == "" {
		var err error
		if identity, err = l.api.identity(ctx, ans.AccessToken); err != nil {
			return nil, loginError(err)
		}
	}
	sec := secret{Access: ans.AccessToken, Refresh: ans.RefreshToken, AccessExpiry: expiry(l.env.Time(), ans.ExpiresIn),
		ClientID: l.api.clientID, DeviceID: l.api.deviceID, IdentityID: identity}
	return &integrations.DoneStep{Grant: integrations.Grant{
		Method: integrations.AuthCredentials, Secret: sec.encode(),
		Fingerprint: integrations.Fingerprint(ID, identity),
	}}, nil
}

// Paste is not part of this login.
func (l *login) Paste(string) error {
	return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in a Wealthsimple login")
}

// Close ends the login.
func (l *login) Close() error {
	l.end()
	return nil
}
