package etrade

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/dghubble/oauth1"

	"github.com/latchkey/latchkey/integrations"
)

// login is E*TRADE's OAuth 1.0a flow with an out-of-band verifier: a
// request token, the authorize page in the browser, the verification code
// the page shows (pasted), the access token. It is the handlers of an
// integrations.StepLogin (newLogin), which keeps the step, hands the page
// back for a code E*TRADE refused and ends the login.
type login struct {
	in      *Integration
	env     integrations.Env
	app     integrations.AppRegistration
	timeout time.Duration
	pasted  chan string

	// the request token of the authorize page, set by start before the
	// page is shown, read by finish
	requestToken, requestSecret string
}

func newLogin(in *Integration, env integrations.Env, app integrations.AppRegistration, timeout time.Duration) integrations.Login {
	l := &login{in: in, env: env, app: app, timeout: timeout, pasted: make(chan string, 1)}
	return &integrations.StepLogin{Start: l.start, Browse: l.browse, OnPaste: l.paste}
}

// browse takes the verification code, pasted as the answer or while it
// waits, and finishes the login with it.
func (l *login) browse(ctx context.Context, _ *integrations.BrowserStep, code string) (integrations.Step, error) {
	if code == "" {
		var err error
		if code, err = l.wait(ctx); err != nil {
			return nil, err
		}
	}
	code = verifierOf(code)
	if code == "" {
		return nil, integrations.Wrap(integrations.ErrInvalidMFACode, "paste the verification code E*TRADE showed")
	}
	return l.finish(ctx, code)
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
	l.requestToken, l.requestSecret = tok, sec
	return step, nil
}

// wait blocks until a code is pasted, the login times out, or ctx ends
// (the login was closed).
func (l *login) wait(ctx context.Context) (string, error) {
	t := time.NewTimer(l.timeout)
	defer t.Stop()
	select {
	case code := <-l.pasted:
		return code, nil
	case <-t.C:
		return "", integrations.Wrap(integrations.ErrLoginTimeout, "no verification code was pasted in time")
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
func (l *login) finish(ctx context.Context, code string) (integrations.Step, error) {
	rt, rs := l.requestToken, l.requestSecret
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

// paste hands the verification code to the waiting step (the StepLogin's
// Paste).
func (l *login) paste(code string) error {
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
