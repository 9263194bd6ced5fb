package fake

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// Test API key (the user's TradeStation API key and secret).
const (
	APIKey    = "test-api-key-0001"
	APISecret = "test-api-secret-0001"
)

// Start runs a fake for a harness or a test: the Env for in with the test
// API key, and the fake with its clock.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	return fakekit.Start(t, in, &integrations.AppRegistration{ClientID: APIKey, ClientSecret: APISecret},
		func(clk *fakekit.Clock) (*Server, error) {
			opts.Now = clk.Now
			opts.RateLimit = cmp.Or(opts.RateLimit, 100000)
			return New(opts)
		})
}

// Harness is the conformance harness of TradeStation, live and simulator
// (a brokertest.HarnessFunc): the browser sign-in, with the redirect pasted
// and with the callback reached.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	id := in.Institution().ID
	if id != ID && id != SimID {
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
			{Name: "callback", Method: oauth, Refreshes: true, Answer: CallbackAnswer("approve", User)},
		},
		LoginFailures: []brokertest.FailureScript{
			// A denial is played at the callback only: a pasted address's
			// query values become the suite's secrets, "access_denied" too.
			{Name: "denied at callback", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: CallbackAnswer("deny", User)}},
			{Name: "pasted garbage", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: oauth,
				Answer: paste("http://localhost:31022/?nothing=here")}},
			{Name: "unknown code", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: oauth,
				Answer: paste("not-a-code-TradeStation-issued")}},
		},
		Expect: brokertest.Expect{
			MinAccounts: 3, MinPositions: 7, MinActivities: 60, Paginated: true,
			Currencies:         []string{"USD"},
			ActivityTypes:      []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell},
			SecurityTypes:      []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityOption, integrations.SecurityOther},
			FullAccountNumbers: AccountNumbers(User),
		},
	}, true
}

// Consent plays the user on the fake's consent page: signs in as user and
// presses decision ("approve" or "deny"). It returns where TradeStation
// sends the browser back, without following it.
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
// browser would end on.
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

// CallbackAnswer approves and lets the "browser" come back to the callback
// on http://localhost:<port>.
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
		if !strings.HasPrefix(loc, "http://localhost:") {
			return integrations.Answer{}, fmt.Errorf("the callback is not http://localhost: %.40s", loc)
		}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, loc, nil)
		resp, err := http.DefaultClient.Do(req)
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
