package degiro

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// Paths of the login.
const (
	pathLogin  = "/login/secure/login"
	pathTOTP   = "/login/secure/login/totp"
	pathInApp  = "/login/secure/login/in-app"
	pathClient = "/pa/secure/client"
)

// Login statuses DEGIRO answers in its error JSON.
const (
	statusTOTPNeeded  = 6  // a code from the authenticator app
	statusInAppNeeded = 12 // approve the login in the DEGIRO app
)

// loginRequest is the body of every login call.
type loginRequest struct {
	Username           string            `json:"username"`
	Password           string            `json:"password"`
	IsPassCodeReset    bool              `json:"isPassCodeReset"`
	IsRedirectToMobile bool              `json:"isRedirectToMobile"`
	QueryParams        map[string]string `json:"queryParams"`
	OneTimePassword    string            `json:"oneTimePassword,omitempty"`
	InAppToken         string            `json:"inAppToken,omitempty"`
}

// loginAnswer is a login answer: a session, or a status telling what is
// missing.
type loginAnswer struct {
	SessionID       string `json:"sessionId"`
	Status          int    `json:"status"`
	StatusText      string `json:"statusText"`
	LoginFailures   int    `json:"loginFailures"`
	InAppToken      string `json:"inAppToken"`
	CaptchaRequired bool   `json:"captchaRequired"`
}

// login is a username-and-password login with DEGIRO's second factors: the
// steps are integrations.StepLogin's; this keeps what the calls repeat (the
// credentials, the in-app token) and forgets the password at the end.
type login struct {
	in  *Integration
	api *api

	mu    sync.Mutex
	creds loginRequest
	inApp string
}

func (in *Integration) credLogin(req integrations.LoginRequest) (integrations.Login, error) {
	base, err := baseURL(req.Env)
	if err != nil {
		return nil, err
	}
	l := &login{in: in, api: newAPI(base, req.Env)}
	return &integrations.StepLogin{
		Form:             &integrations.FormStep{Title: "Sign in to DEGIRO", Message: credMethod.Help, Fields: credMethod.Fields},
		Values:           req.Values,
		UntrimmedSecrets: true,
		Submit:           l.start,
		Code:             l.totp,
		Approve:          integrations.Polled(in.interval(), l.approved),
		OnEnd:            l.forget,
	}, nil
}

func (l *login) forget() {
	l.mu.Lock()
	l.creds.Password = ""
	l.mu.Unlock()
}

// post sends a login call and reads its answer, whatever the status.
func (l *login) post(ctx context.Context, path string, req loginRequest) (loginAnswer, error) {
	b, err := l.api.http.Do(ctx, httpx.Request{Method: http.MethodPost, Path: path, JSON: req, Status: l.api.loginStatus})
	if err != nil && !errors.Is(err, errRefused) {
		return loginAnswer{}, err
	}
	var ans loginAnswer
	if derr := decode(b, &ans); derr != nil {
		return loginAnswer{}, derr
	}
	if err == nil && ans.SessionID == "" {
		return loginAnswer{}, errMalformed
	}
	if err != nil {
		ans.SessionID = ""
	}
	l.api.redact(ans.SessionID, ans.InAppToken)
	return ans, nil
}

// refusal maps a refused login answer; wrong is the sentinel a plain refusal
// means at this step (a wrong password, or a wrong code).
func refusal(ans loginAnswer, wrong error) error {
	text := strings.ToLower(ans.StatusText)
	switch {
	case ans.CaptchaRequired:
		return integrations.Wrap(integrations.ErrAccountLocked, "DEGIRO asks for a captcha: sign in once on trader.degiro.nl, then try again")
	case strings.Contains(text, "block") || strings.Contains(text, "lock"):
		return integrations.Wrap(integrations.ErrAccountLocked, "DEGIRO has blocked this login")
	case ans.Status == 405 || strings.Contains(text, "maintenance"):
		return integrations.Wrap(integrations.ErrUnavailable, "DEGIRO is in scheduled maintenance")
	default:
		return wrong
	}
}

// start answers the form: POST /login/secure/login, then a session, a code
// (status 6) or an approval in the app (status 12).
func (l *login) start(ctx context.Context, v map[string]string) (integrations.Step, error) {
	req := loginRequest{Username: v["username"], Password: v["password"], QueryParams: map[string]string{}}
	l.mu.Lock()
	l.creds = req
	l.mu.Unlock()
	ans, err := l.post(ctx, pathLogin, req)
	if err != nil {
		return nil, err
	}
	if ans.SessionID != "" {
		return l.finish(ctx, ans.SessionID)
	}
	switch ans.Status {
	case statusTOTPNeeded:
		return &integrations.CodeStep{
			Message:     "DEGIRO asks for the code of your two-factor authentication.",
			Destination: "your authenticator app",
			Field: integrations.Field{Name: "code", Label: "6-digit code", Kind: integrations.FieldText,
				Placeholder: "123456", Help: "The code your authenticator app shows for DEGIRO."},
		}, nil
	case statusInAppNeeded:
		if ans.InAppToken == "" {
			return nil, errMalformed
		}
		l.mu.Lock()
		l.inApp = ans.InAppToken
		l.mu.Unlock()
		return &integrations.ApproveStep{
			Message: "Open the DEGIRO app on your phone and tap Yes to approve this login attempt.",
			Timeout: approveTimeout,
		}, nil
	}
	return nil, refusal(ans, integrations.Wrap(integrations.ErrInvalidCredentials, "DEGIRO refused the username or password"))
}

// totp sends the code to /login/secure/login/totp.
func (l *login) totp(ctx context.Context, _ *integrations.CodeStep, code string) (integrations.Step, error) {
	l.mu.Lock()
	req := l.creds
	l.mu.Unlock()
	req.OneTimePassword = code
	ans, err := l.post(ctx, pathTOTP, req)
	if err != nil {
		return nil, err
	}
	if ans.SessionID != "" {
		return l.finish(ctx, ans.SessionID)
	}
	return nil, refusal(ans, integrations.Wrap(integrations.ErrInvalidMFACode, "DEGIRO refused the code"))
}

// approved asks DEGIRO once whether the login was approved in the app: a
// session, still pending (status 12: nil, nil), or refused.
func (l *login) approved(ctx context.Context) (integrations.Step, error) {
	l.mu.Lock()
	req := l.creds
	req.InAppToken = l.inApp
	l.mu.Unlock()
	ans, err := l.post(ctx, pathInApp, req)
	switch {
	case err != nil:
		return nil, err
	case ans.SessionID != "":
		return l.finish(ctx, ans.SessionID)
	case ans.Status == statusInAppNeeded:
		return nil, nil
	}
	return nil, refusal(ans, integrations.Wrap(integrations.ErrApprovalDenied, "the login was not approved in the DEGIRO app"))
}

// wireClient is GET /pa/secure/client's data.
type wireClient struct {
	Data struct {
		ID         int64  `json:"id"`
		IntAccount int64  `json:"intAccount"`
		Username   string `json:"username"`
	} `json:"data"`
}

// finish reads the session's client (intAccount) and returns the grant:
// the session and the account, never the password.
func (l *login) finish(ctx context.Context, sessionID string) (integrations.Step, error) {
	l.api.session(sessionID)
	var c wireClient
	if err := l.api.get(ctx, pathClient, url.Values{"sessionId": {sessionID}}, &c); err != nil {
		return nil, err
	}
	if c.Data.IntAccount == 0 || c.Data.ID == 0 {
		return nil, errMalformed
	}
	sec := secret{SessionID: sessionID, IntAccount: c.Data.IntAccount, ClientID: c.Data.ID}
	return integrations.Done(ID, integrations.AuthCredentials, sec.encode(), nil, accountID(c.Data.IntAccount)), nil
}
