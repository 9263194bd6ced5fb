package fakekit

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
)

// AnswerFunc is how a harness or a test plays the user at one login step
// (a brokertest.LoginScript's Answer).
type AnswerFunc = func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error)

// Consent plays the user on a fake's consent page (an [OAuth] with Users):
// signs in as user and presses decision ("approve" or "deny"). It returns
// where the institution sends the browser back, without following it.
func Consent(ctx context.Context, pageURL, decision, user string) (string, error) {
	page, err := url.Parse(pageURL)
	if err != nil {
		return "", err
	}
	form := page.Query()
	form.Set("decision", decision)
	form.Set("username", user)
	target := *page
	target.RawQuery = ""
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || loc == "" {
		return "", fmt.Errorf("consent answered HTTP %d without a redirect", resp.StatusCode)
	}
	return loc, nil
}

// Paste answers a browser step with redirect pasted as it is.
func Paste(redirect string) AnswerFunc {
	return func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
		return integrations.Answer{Redirect: redirect}, nil
	}
}

// PasteAnswer decides on the consent page and pastes the address the
// browser would end on (the "paste the redirect URL" path).
func PasteAnswer(decision, user string) AnswerFunc {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return integrations.Answer{}, fmt.Errorf("unexpected %T", s)
		}
		loc, err := Consent(ctx, b.URL, decision, user)
		return integrations.Answer{Redirect: loc}, err
	}
}

// CallbackAnswer decides on the consent page and lets the "browser" come
// back to the login's loopback callback, which must start with prefix
// ("https://127.0.0.1:", "http://localhost:"). An https callback's
// self-signed certificate is accepted, as the user does.
func CallbackAnswer(decision, user, prefix string) AnswerFunc {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return integrations.Answer{}, fmt.Errorf("unexpected %T", s)
		}
		loc, err := Consent(ctx, b.URL, decision, user)
		if err != nil {
			return integrations.Answer{}, err
		}
		if !strings.HasPrefix(loc, prefix) {
			return integrations.Answer{}, fmt.Errorf("the callback is not %s: %.40s", prefix, loc)
		}
		browser := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}} //nolint:gosec // the login's own loopback certificate
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, loc, nil)
		resp, err := browser.Do(req)
		if err != nil {
			return integrations.Answer{}, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return integrations.Answer{}, fmt.Errorf("callback answered HTTP %d", resp.StatusCode)
		}
		return integrations.Answer{}, nil
	}
}

// ConsentScripts are what a harness of a browser sign-in on a fake's consent
// page plays, as user, with the callback at prefix.
type ConsentScripts struct {
	User string
	// Prefix is where the login's callback listens (see CallbackAnswer).
	Prefix string
	// Callback names the login reaching the callback ("callback").
	Callback string
	// Garbage is a pasted address that holds no code; Unknown a code the
	// institution never issued.
	Garbage, Unknown string
}

// Logins approve with the redirect pasted and with the callback reached;
// both refresh.
func (c ConsentScripts) Logins() []brokertest.LoginScript {
	oauth := integrations.AuthOAuth2
	return []brokertest.LoginScript{
		{Name: "paste", Method: oauth, Refreshes: true, Answer: PasteAnswer("approve", c.User)},
		{Name: c.Callback, Method: oauth, Refreshes: true, Answer: CallbackAnswer("approve", c.User, c.Prefix)},
	}
}

// Failures deny at the callback, and paste garbage and an unknown code.
// A denial is played at the callback only: the suite learns every query
// value of a pasted address as a secret, "access_denied" included, which
// oauthflow then quotes in its error.
func (c ConsentScripts) Failures() []brokertest.FailureScript {
	oauth := integrations.AuthOAuth2
	return []brokertest.FailureScript{
		{Name: "denied at callback", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: CallbackAnswer("deny", c.User, c.Prefix)}},
		{Name: "pasted garbage", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: oauth, Answer: Paste(c.Garbage)}},
		{Name: "unknown code", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: oauth, Answer: Paste(c.Unknown)}},
	}
}
