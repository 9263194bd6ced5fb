package webull

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// login is an App Key login, in the order of the SDKs' ClientInitializer:
// GET /openapi/config checks the key pair and says whether a token is
// needed; if so a token is created, and a PENDING one waits for the user's
// approval in the Webull app (polled with Check Token). One account read
// then proves the grant. Any refusal of the key pair or of the new token
// hands the form back with ErrInvalidCredentials.
type login struct {
	in     *Integration
	env    integrations.Env
	base   string
	values map[string]string

	mu    sync.Mutex
	step  integrations.Step
	api   *api
	token wireToken
	over  bool
}

func (l *login) form() *integrations.FormStep {
	r := l.in.region()
	m := r.keyMethod()
	title := "Connect Webull"
	if r != regionUS {
		title = "Connect " + r.display
	}
	return &integrations.FormStep{Title: title, Message: m.Help, Fields: m.Fields}
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
		form := l.form()
		key, sec := strings.TrimSpace(l.values["key_id"]), strings.TrimSpace(l.values["app_secret"])
		l.show(form)
		if key == "" || sec == "" {
			return form, nil
		}
		next, err = l.start(ctx, key, sec)
	case *integrations.FormStep:
		key, sec := strings.TrimSpace(a.Values["key_id"]), strings.TrimSpace(a.Values["app_secret"])
		if key == "" || sec == "" {
			return st, integrations.Wrap(integrations.ErrInvalidCredentials, "enter the App Key and the App Secret")
		}
		next, err = l.start(ctx, key, sec)
	case *integrations.ApproveStep:
		next, err = l.poll(ctx, st)
	default:
		return nil, errLoginOver
	}
	if err != nil {
		if errors.Is(err, integrations.ErrInvalidCredentials) {
			// The key pair or the new token was refused, wherever the login
			// was (the form, the approval poll, the first account read): the
			// user enters the key pair again (integrations.Login's contract).
			l.mu.Lock()
			l.api, l.token = nil, wireToken{}
			l.mu.Unlock()
			return l.show(l.form()), err
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

// start checks the key pair as the SDKs begin (ClientInitializer): GET
// /openapi/config says whether the App Key needs an access token. Without
// one the login ends with an account read; with one it creates a token. A
// server without /openapi/config (HTTP 404) is taken to need a token.
func (l *login) start(ctx context.Context, key, sec string) (integrations.Step, error) {
	a := newAPI(l.base, l.env, key, sec)
	a.alg, a.wait = l.in.region().alg, l.in.region().window
	l.mu.Lock()
	l.api, l.token = a, wireToken{}
	l.mu.Unlock()
	tokens := true
	b, err := a.call(ctx, http.MethodGet, pathConfig, nil, nil, modeLogin)
	switch {
	case notFound(err):
	case err != nil:
		return nil, err
	default:
		if tokens, err = decodeConfig(b); err != nil {
			return nil, err
		}
	}
	if !tokens {
		return l.finish(ctx, wireToken{})
	}
	return l.create(ctx, a)
}

// create creates an access token. The body is {} as the SDKs send it
// (CreateTokenRequest body_params={}; TokenService.createToken's empty map).
func (l *login) create(ctx context.Context, a *api) (integrations.Step, error) {
	b, err := a.call(ctx, http.MethodPost, pathTokenCreate, nil, map[string]string{}, modeLogin)
	if err != nil {
		return nil, err
	}
	t, err := decodeToken(b)
	if err != nil {
		return nil, err
	}
	a.redact(t.Token)
	l.mu.Lock()
	l.token = t
	l.mu.Unlock()
	return l.advance(ctx, t)
}

func (l *login) advance(ctx context.Context, t wireToken) (integrations.Step, error) {
	switch t.Status {
	case tokenNormal:
		return l.finish(ctx, t)
	case tokenPending:
		return &integrations.ApproveStep{
			Message: "Webull sent an SMS verification code to your phone. Open the Webull app (Menu → Messages → " +
				"OpenAPI Notifications), tap the latest verification request and enter the code within 5 minutes.",
			Timeout: approveTimeout,
		}, nil
	case tokenExpired:
		return nil, integrations.Wrap(integrations.ErrLoginTimeout, "the access token was not verified within 5 minutes")
	case tokenInvalid:
		return nil, integrations.Wrap(integrations.ErrApprovalDenied, "Webull marked the access token invalid")
	default:
		return nil, errMalformed
	}
}

// poll checks the token until it is verified, expires or is refused, the
// step's timeout passes or ctx ends (integrations.PollApproval). Webull's
// own verdict on a token never verified (EXPIRED) comes first: the poll
// gives up 5 s after the step's timeout.
func (l *login) poll(ctx context.Context, st *integrations.ApproveStep) (integrations.Step, error) {
	l.mu.Lock()
	a, tok := l.api, l.token.Token
	l.mu.Unlock()
	timeout := st.Timeout
	if timeout <= 0 {
		timeout = approveTimeout
	}
	grace := integrations.ApproveStep{Timeout: timeout + 5*time.Second}
	return integrations.PollApproval(ctx, &grace, l.in.interval(), func(ctx context.Context) (integrations.Step, error) {
		b, err := a.call(ctx, http.MethodPost, pathTokenCheck, nil, map[string]string{"token": tok}, modeLogin)
		if err != nil {
			return nil, err
		}
		t, err := decodeToken(b)
		if err != nil || t.Status == tokenPending {
			return nil, err
		}
		if t.Token == "" {
			t.Token = tok
		}
		return l.advance(ctx, t)
	})
}

// finish reads the accounts with the verified token and ends the login.
func (l *login) finish(ctx context.Context, t wireToken) (integrations.Step, error) {
	l.mu.Lock()
	a := l.api
	l.mu.Unlock()
	a.token = t.Token
	subs, err := subscriptions(ctx, a)
	if err != nil {
		if errors.Is(err, integrations.ErrReauthRequired) {
			msg := "Webull refused to show this App Key's accounts: check its permissions in API Management"
			if t.Token != "" {
				msg = "Webull refused the new access token: check the App Key's permissions, then try again"
			}
			return nil, integrations.Wrap(integrations.ErrInvalidCredentials, msg)
		}
		return nil, err
	}
	if len(subs) == 0 {
		return nil, integrations.Wrap(integrations.ErrNotSupported, "this App Key has no account subscribed to the OpenAPI")
	}
	ids := []string{}
	for _, s := range subs {
		if s.UserID != "" {
			ids = []string{s.UserID}
			break
		}
		ids = append(ids, s.AccountID)
	}
	// A key pair alone does not expire; a token lives while it is used.
	var expiry time.Time
	switch {
	case t.Token == "":
	case t.Expires > 0:
		expiry = time.UnixMilli(t.Expires).UTC()
	default:
		expiry = l.env.Time().Add(TokenLifetime).UTC().Truncate(time.Second)
	}
	sec := secret{AppKey: a.appKey, AppSecret: a.appSecret, Token: t.Token, Expires: expiry}
	return integrations.Done(l.in.region().id, integrations.AuthAPIKey, sec.encode(), nil, ids...).Until(expiry), nil
}

// Paste is not part of this login.
func (l *login) Paste(string) error {
	return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in a Webull login")
}

// Close ends the login.
func (l *login) Close() error {
	l.end()
	return nil
}
