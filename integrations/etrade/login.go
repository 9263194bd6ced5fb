package etrade

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/dghubble/oauth1"

	"github.com/latchkey/latchkey/integrations"
)

var errLoginOver = integrations.ErrLoginOver

// login is E*TRADE's OAuth 1.0a flow with an out-of-band verifier: a
// request token, the authorize page in the browser, the verification code
// the page shows (pasted), the access token.
type login struct {
	in      *Integration
	env     integrations.Env
	app     integrations.AppRegistration
	timeout time.Duration
	pasted  chan string
	done    chan struct{}

	mu            sync.Mutex
	step          *integrations.BrowserStep
	requestToken  string
	requestSecret string
	over          bool
}

func (l *login) Next(ctx context.Context, a integrations.Answer) (integrations.Step, error) {
	l.mu.Lock()
	step, over := l.step, l.over
	l.mu.Unlock()
	if over {
		return nil, errLoginOver
	}
	if step == nil {
		s, err := l.start(ctx)
		if err != nil {
			l.end()
			return nil, err
		}
		return s, nil
	}
	code := a.Redirect
	if code == "" {
		var err error
		if code, err = l.wait(ctx); err != nil {
			l.end()
			return nil, err
		}
	}
	code = verifierOf(code)
	if code == "" {
		return step, integrations.Wrap(integrations.ErrInvalidMFACode, "paste the verification code E*TRADE showed")
	}
	done, err := l.finish(ctx, code)
	switch {
	case err == nil:
		l.end()
		return done, nil
	case errors.Is(err, integrations.ErrInvalidMFACode):
		return step, err
	default:
		l.end()
		return nil, err
	}
}

// start gets a request token and returns the step that opens the authorize
// page.
func (l *login) start(ctx context.Context) (integrations.Step, error) {
	a := newAPI(l.in, l.env, l.app)
	var tok, sec string
	ans, err := a.tokenRequest(ctx, func(cfg *oauth1.Config) error {
		var err error
		tok, sec, err = cfg.RequestToken()
		return err
	})
	if errors.Is(err, errRefused) {
		_ = ans
		return nil, consumerRefused
	}
	if err != nil {
		return nil, err
	}
	a.register(tok, sec)
	u := a.auth + authPath + "?" + url.Values{"key": {l.app.ClientID}, "token": {tok}}.Encode()
	step := &integrations.BrowserStep{
		URL: u,
		Message: "Sign in to E*TRADE in your browser and accept. E*TRADE then shows a 5-character verification code: " +
			"paste it here.",
		CanPaste: true,
		Timeout:  l.timeout,
	}
	l.mu.Lock()
	l.step, l.requestToken, l.requestSecret = step, tok, sec
	l.mu.Unlock()
	return step, nil
}

// wait blocks until a code is pasted, the login times out, is closed, or
// ctx ends.
func (l *login) wait(ctx context.Context) (string, error) {
	t := time.NewTimer(l.timeout)
	defer t.Stop()
	select {
	case code := <-l.pasted:
		return code, nil
	case <-t.C:
		return "", integrations.Wrap(integrations.ErrLoginTimeout, "no verification code was pasted in time")
	case <-l.done:
		return "", errLoginOver
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// verifierOf takes the code out of what was pasted: the code itself, or a
// URL or query carrying oauth_verifier.
func verifierOf(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "oauth_verifier="); i >= 0 {
		if q, err := url.ParseQuery(s[i:]); err == nil {
			return strings.TrimSpace(q.Get("oauth_verifier"))
		}
	}
	if len(s) > 64 || strings.ContainsAny(s, " /?&=") {
		return ""
	}
	return s
}

// finish exchanges the verifier for the access token and lists the
// accounts.
func (l *login) finish(ctx context.Context, code string) (*integrations.DoneStep, error) {
	l.mu.Lock()
	rt, rs := l.requestToken, l.requestSecret
	l.mu.Unlock()
	a := newAPI(l.in, l.env, l.app)
	a.register(code)
	now := a.now()
	var tok, sec string
	ans, err := a.tokenRequest(ctx, func(cfg *oauth1.Config) error {
		var err error
		tok, sec, err = cfg.AccessToken(rt, rs, code)
		return err
	})
	if errors.Is(err, errRefused) {
		switch ans.problem {
		case "permission_denied":
			return nil, integrations.Wrap(integrations.ErrApprovalDenied, "access was declined on E*TRADE's page")
		case "consumer_key_rejected", "consumer_key_unknown", "signature_invalid", "signature_method_rejected":
			return nil, consumerRefused
		case "token_expired", "token_rejected", "token_used", "token_revoked":
			return nil, integrations.Wrap(integrations.ErrLoginTimeout, "E*TRADE no longer accepts this sign-in (it expires after five minutes): start again")
		default:
			return nil, integrations.Wrap(integrations.ErrInvalidMFACode, "E*TRADE did not accept the verification code")
		}
	}
	if err != nil {
		return nil, err
	}
	a.register(tok, sec)
	a.token = &oauth1.Token{Token: tok, TokenSecret: sec}
	b, err := a.get(ctx, "/v1/accounts/list.json", nil)
	var r *refusal
	if errors.As(err, &r) {
		return nil, integrations.Wrap(integrations.ErrUnavailable, "E*TRADE refused the new login at once")
	}
	if err != nil {
		return nil, err
	}
	accts, numbers, err := decodeAccounts(b, l.in.sandbox)
	if err != nil {
		return nil, err
	}
	if len(accts) == 0 {
		return nil, integrations.LoginWithoutAccounts("E*TRADE")
	}
	return integrations.Done(l.in.id, integrations.AuthOAuth1, mustJSON(secret{Token: tok, TokenSecret: sec, ConsumerKey: l.app.ClientID}),
		accts, numbers...).Until(midnightEastern(now)), nil
}

// Paste hands the verification code to the waiting step.
func (l *login) Paste(code string) error {
	l.mu.Lock()
	over, started := l.over, l.step != nil
	l.mu.Unlock()
	if over || !started {
		return errLoginOver
	}
	select {
	case l.pasted <- code:
	default:
		// A code is already waiting: keep the latest.
		select {
		case <-l.pasted:
		default:
		}
		l.pasted <- code
	}
	return nil
}

func (l *login) end() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.over {
		l.over = true
		close(l.done)
	}
}

// Close ends the login.
func (l *login) Close() error {
	l.end()
	return nil
}
