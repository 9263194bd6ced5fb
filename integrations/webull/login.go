package webull

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// login is an App Key login, in the order of the SDKs' ClientInitializer:
// GET /openapi/config checks the key pair and says whether a token is
// needed; if so a token is created, and a PENDING one waits for the user's
// approval in the Webull app (polled with Check Token). One account read
// then proves the grant. Any refusal of the key pair or of the new token
// hands the form back with ErrInvalidCredentials. These are the handlers of
// an integrations.StepLogin (steps), which keeps the step and ends the
// login.
type login struct {
	in   *Integration
	env  integrations.Env
	base string

	// the key pair's API and its token, set by start and create, read by
	// poll and finish
	api   *api
	token wireToken
}

// steps is the login as an integrations.StepLogin: the key pair form
// (submitted at once when values hold both), the approval poll.
func (l *login) steps(values map[string]string) *integrations.StepLogin {
	form := l.form()
	return &integrations.StepLogin{
		Form:    form,
		Values:  values,
		Missing: "enter the App Key and the App Secret",
		Submit: func(ctx context.Context, v map[string]string) (integrations.Step, error) {
			return l.start(ctx, v["key_id"], v["app_secret"])
		},
		Approve: func(ctx context.Context, st *integrations.ApproveStep) (integrations.Step, error) {
			next, err := l.poll(ctx, st)
			if errors.Is(err, integrations.ErrInvalidCredentials) {
				// The new token, or the account read with it, was refused:
				// the user enters the key pair again, not the approval the
				// CLI would poll for ever (integrations.Login's contract).
				return form, err
			}
			return next, err
		},
		OnPaste: func(string) error {
			return integrations.Wrap(integrations.ErrNotSupported, "nothing to paste in a Webull login")
		},
	}
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

// start checks the key pair as the SDKs begin (ClientInitializer): GET
// /openapi/config says whether the App Key needs an access token. Without
// one the login ends with an account read; with one it creates a token. A
// server without /openapi/config (HTTP 404) is taken to need a token.
func (l *login) start(ctx context.Context, key, sec string) (integrations.Step, error) {
	a := newAPI(l.base, l.env, key, sec)
	a.alg, a.wait = l.in.region().alg, l.in.region().window
	l.api, l.token = a, wireToken{}
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
	l.token = t
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
	a, tok := l.api, l.token.Token
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
	a := l.api
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
