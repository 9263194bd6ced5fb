package wealthsimple

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"

	"github.com/latchkey/latchkey/integrations"
)

// login is the web app's password grant: Wealthsimple answers
// invalid_grant with x-wealthsimple-otp-required until the request carries
// the two-step code in x-wealthsimple-otp. It keeps the password between
// the form and the code, and forgets it when the login ends.
type login struct {
	api *api
	env integrations.Env

	mu                        sync.Mutex
	username, password, claim string
}

func (in *Integration) credLogin(req integrations.LoginRequest) (integrations.Login, error) {
	a, err := newAPI(req.Env)
	if err != nil {
		return nil, err
	}
	l := &login{api: a, env: req.Env}
	return &integrations.StepLogin{
		Form:             &integrations.FormStep{Title: "Sign in to Wealthsimple", Message: credMethod.Help, Fields: credMethod.Fields},
		Values:           req.Values,
		UntrimmedSecrets: true,
		Submit:           l.submit,
		Code:             l.code,
		OnEnd:            l.forget,
	}, nil
}

// forget drops the password: the login is over.
func (l *login) forget() {
	l.mu.Lock()
	l.password = ""
	l.mu.Unlock()
}

func (l *login) grantBody(username, password string) map[string]any {
	return map[string]any{"grant_type": "password", "username": username, "password": password,
		"skip_provision": "true", "scope": scope, "client_id": l.api.clientID, "otp_claim": nil}
}

// refused maps a refused password grant; wrong is what a plain refusal means
// at this step. Any other error is kept from reading as a dead grant.
func refused(err, wrong error) error {
	var rf *refusal
	switch {
	case errors.As(err, &rf):
		text := strings.ToLower(rf.ans.Error + " " + rf.ans.ErrorDescription)
		if strings.Contains(text, "lock") || strings.Contains(text, "suspend") {
			return integrations.Wrap(integrations.ErrAccountLocked, "Wealthsimple has locked this login")
		}
		return wrong
	case errors.Is(err, integrations.ErrReauthRequired):
		return integrations.Wrap(integrations.ErrInvalidCredentials, "Wealthsimple refused the login")
	}
	return err
}

// submit answers the form: the password grant, after the web app's
// bootstrap.
func (l *login) submit(ctx context.Context, v map[string]string) (integrations.Step, error) {
	if err := l.api.bootstrap(ctx); err != nil {
		return nil, err
	}
	l.mu.Lock()
	l.username, l.password = v["username"], v["password"]
	l.mu.Unlock()
	ans, err := l.api.token(ctx, l.grantBody(v["username"], v["password"]), http.Header{headerProfile: {"undefined"}})
	var ch *otpChallenge
	switch {
	case errors.As(err, &ch):
		l.mu.Lock()
		l.claim = ch.claim
		l.mu.Unlock()
		return codeStep(ch.method), nil
	case err != nil:
		return nil, refused(err, integrations.Wrap(integrations.ErrInvalidCredentials, "Wealthsimple refused the e-mail or password"))
	}
	return l.finish(ctx, ans)
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

// code sends the password grant again with the code ("<code>;remember=true")
// and the claim of the challenge. Asked again for a code, the code was wrong.
func (l *login) code(ctx context.Context, _ *integrations.CodeStep, code string) (integrations.Step, error) {
	l.mu.Lock()
	u, p, claim := l.username, l.password, l.claim
	l.mu.Unlock()
	h := http.Header{headerProfile: {"undefined"}, headerOTP: {code + ";remember=true"}}
	if claim != "" {
		h.Set(headerOTPClaim, claim)
	}
	ans, err := l.api.token(ctx, l.grantBody(u, p), h)
	wrong := integrations.Wrap(integrations.ErrInvalidMFACode, "Wealthsimple refused the code")
	var ch *otpChallenge
	switch {
	case errors.As(err, &ch):
		if ch.claim != "" {
			l.mu.Lock()
			l.claim = ch.claim
			l.mu.Unlock()
		}
		return nil, wrong
	case err != nil:
		return nil, refused(err, wrong)
	}
	return l.finish(ctx, ans)
}

func (l *login) finish(ctx context.Context, ans tokenAnswer) (integrations.Step, error) {
	identity := ans.IdentityID
	if identity == "" {
		var err error
		if identity, err = l.api.identity(ctx, ans.AccessToken); err != nil {
			return nil, refused(err, err)
		}
	}
	sec := secret{Access: ans.AccessToken, Refresh: ans.RefreshToken, AccessExpiry: expiry(l.env.Time(), ans.ExpiresIn),
		ClientID: l.api.clientID, DeviceID: l.api.deviceID, IdentityID: identity}
	return integrations.Done(ID, integrations.AuthCredentials, sec.encode(), nil, identity), nil
}
