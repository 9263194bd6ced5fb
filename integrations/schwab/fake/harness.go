package fake

import (
	"cmp"
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Test app registration (the user's Schwab app key and secret).
const (
	AppKey    = "test-app-key-0001"
	AppSecret = "test-app-secret-0001"
)

// Start runs a fake for a harness or a test: the Env for in with the test
// app registration, and the fake with its clock.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	return fakekit.Start(t, in, &integrations.AppRegistration{ClientID: AppKey, ClientSecret: AppSecret},
		func(clk *fakekit.Clock) (*Server, error) {
			opts.Now = clk.Now
			opts.RateLimit = cmp.Or(opts.RateLimit, 100000)
			return New(opts)
		})
}

// Harness is the conformance harness of Charles Schwab (a
// brokertest.HarnessFunc): the browser login, with the redirect pasted and
// with the https callback reached.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if in.Institution().ID != ID {
		return brokertest.Harness{}, false
	}
	oauth := integrations.AuthOAuth2
	paste := func(redirect string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
		return func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
			return integrations.Answer{Redirect: redirect}, nil
		}
	}
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			env, srv, _ := Start(t, in, Options{})
			return in, env, srv
		},
		Logins: []brokertest.LoginScript{
			{Name: "paste", Method: oauth, Refreshes: true, Answer: PasteAnswer("approve", User)},
			{Name: "https callback", Method: oauth, Refreshes: true, Answer: CallbackAnswer("approve", User)},
		},
		LoginFailures: []brokertest.FailureScript{
			// A denial is played at the callback only: the suite learns every
			// query value of a pasted address as a secret, "access_denied"
			// included, which oauthflow then quotes in its error.
			{Name: "denied at callback", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: CallbackAnswer("deny", User)}},
			{Name: "pasted garbage", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: oauth,
				Answer: paste("https://127.0.0.1:8182/?nothing=here")}},
			{Name: "unknown code", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: oauth,
				Answer: paste("C0.not-a-code-Schwab-issued@")}},
		},
		Expect: brokertest.Expect{
			MinAccounts: 2, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies: []string{"USD"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
				integrations.ActivityDividend, integrations.ActivityInterest, integrations.ActivityContribution,
				integrations.ActivityWithdrawal, integrations.ActivityTransferIn, integrations.ActivityFee,
				integrations.ActivityTax, integrations.ActivitySplit, integrations.ActivityOther},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
				integrations.SecurityFund, integrations.SecurityOption, integrations.SecurityCash},
			FullAccountNumbers: AccountNumbers(User),
		},
	}, true
}

// Consent plays the user on the fake's consent page: signs in as user and
// presses decision ("approve" or "deny"). It returns where Schwab sends the
// browser back, without following it (the callback is https with the
// login's own certificate).
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

// PasteAnswer approves on the consent page and pastes the address the
// browser would end on (Schwab's "paste the redirect URL" path).
func PasteAnswer(decision, user string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return integrations.Answer{}, fmt.Errorf("unexpected %T", s)
		}
		loc, err := Consent(ctx, b.URL, decision, user)
		return integrations.Answer{Redirect: loc}, err
	}
}

// CallbackAnswer approves and lets the "browser" come back to the https
// loopback callback, accepting the login's self-signed certificate as the
// user does.
func CallbackAnswer(decision, user string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return integrations.Answer{}, fmt.Errorf("unexpected %T", s)
		}
		loc, err := Consent(ctx, b.URL, decision, user)
		if err != nil {
			return integrations.Answer{}, err
		}
		if !strings.HasPrefix(loc, "https://127.0.0.1:") {
			return integrations.Answer{}, fmt.Errorf("the callback is not https on loopback: %.40s", loc)
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
