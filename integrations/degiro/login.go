package degiro

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
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

// login is a username-and-password login with DEGIRO's second factors.
type login struct {
	in     *Integration
	env    integrations.Env
	api    *api
	values map[string]string

	mu    sync.Mutex
	step  integrations.Step
	creds loginRequest
	inApp string
	over  bool
}

func (l *login) form() *integrations.FormStep {
	return &integrations.FormStep{Title: "Sign in to DEGIRO", Message: credMethod.Help, Fields: credMethod.Fields}
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
		next, err = l.start(ctx, u, p)
	case *integrations.FormStep:
		u, p := strings.TrimSpace(a.Values["username"]), a.Values["password"]
		if u == "" || p == "" {
			return st, integrations.Wrap(integrations.ErrInvalidCredentials, "enter your username and password")
		}
		next, err = l.start(ctx, u, p)
	case *integrations.CodeStep:
		code := strings.TrimSpace(a.Values[st.Field.Name])
		if code == "" {
			return st, integrations.Wrap(integrations.ErrInvalidMFACode, "enter the 6-digit code")
		}
		next, err = l.totp(ctx, code)
	case *integrations.ApproveStep:
		next, err = l.poll(ctx, st)
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

// post sends a login call and reads its answer, whatever the status.
func (l *login) post(ctx context.Context, path string, req loginRequest) (loginAnswer, error) {
	b, err := l.api.call(ctx, http.MethodPost, path, nil, req, modeLogin)
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

func (l *login) start(ctx context.Context, username, password string) (integrations.Step, error) {
	req := loginRequest{Username: username, Password: password, QueryParams: map[string]string{}}
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

func (l *login) totp(ctx context.Context, code string) (integrations.Step, error) {
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

// poll asks DEGIRO whether the login was approved in the app until it was,
// was refused, the step's timeout passed or ctx ended.
func (l *login) poll(ctx context.Context, st *integrations.ApproveStep) (integrations.Step, error) {
	l.mu.Lock()
	req := l.creds
	req.InAppToken = l.inApp
	l.mu.Unlock()
	timeout := st.Timeout
	if timeout <= 0 {
		timeout = approveTimeout
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(l.in.interval())
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-deadline.C:
			return nil, integrations.Wrap(integrations.ErrLoginTimeout, "the login was not approved in the DEGIRO app in time")
		case <-tick.C:
		}
		ans, err := l.post(ctx, pathInApp, req)
		if err != nil {
			return nil, err
		}
		if ans.SessionID != "" {
			return l.finish(ctx, ans.SessionID)
		}
		if ans.Status == statusInAppNeeded {
			continue
		}
		return nil, refusal(ans, integrations.Wrap(integrations.ErrApprovalDenied, "the login was not approved in the DEGIRO app"))
	}
}

// wireClient is GET /pa/secure/client's data.
type wireClient struct {
	Data struct {
		ID         int64  `json:"id"`
		IntAccount int64  `json:"intAccount"`
		Username   string `json:"username"`
	} `json:"data"`
}

func (l *login) finish(ctx context.Context, sessionID string) (integrations.Step, error) {
	l.api.session(sessionID)
	b, err := l.api.call(ctx, http.MethodGet, pathClient, url.Values{"sessionId": {sessionID}}, nil, modeData)
	if err != nil {
		return nil, err
	}
	var c wireClient
	if err := decode(b, &c); err != nil {
		return nil, err
	}
	if c.Data.IntAccount == 0 || c.Data.ID == 0 {
		return nil, errMalformed
	}
	sec := secret{SessionID: sessionID, IntAccount: c.Data.IntAccount, ClientID: c.Data.ID}
	return &integrations.DoneStep{Grant: integrations.Grant{
		Method: integrations.AuthCredentials, Secret: sec.encode(),
		Fingerprint: integrations.Fingerprint(ID, accountID(c.Data.IntAccount)),
	}}, nil
}

// Paste is not part of this login.
func (l *login) Paste(string) error {
	return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in a DEGIRO login")
}

// Close ends the login.
func (l *login) Close() error {
	l.end()
	return nil
}
