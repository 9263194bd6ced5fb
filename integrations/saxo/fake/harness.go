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

// AppKey is the test app registration's client id (a native app: no secret).
const AppKey = "0c5d1e2f3a4b5c6d7e8f9a0b1c2d3e4f"

// Start runs a fake for a harness or a test: the Env for in with the test
// app registration, and the fake with its clock. Rate limits default to
// none and pages to 3 rows, so paging is exercised.
func Start(t testing.TB, in integrations.Integration, opts Options) (integrations.Env, *Server, *fakekit.Clock) {
	return fakekit.Start(t, in, &integrations.AppRegistration{ClientID: AppKey},
		func(clk *fakekit.Clock) (*Server, error) {
			opts.Now = clk.Now
			opts.RateLimit, opts.PageSize = cmp.Or(opts.RateLimit, 100000), cmp.Or(opts.PageSize, 3)
			return New(opts)
		})
}

// Harness is the conformance harness of a Saxo environment (a
// brokertest.HarnessFunc): the browser login coming back to the callback,
// and with the redirect pasted.
func Harness(in integrations.Integration) (brokertest.Harness, bool) {
	if id := in.Institution().ID; id != LiveID && id != SimID {
		return brokertest.Harness{}, false
	}
	oauth := integrations.AuthOAuth2
	return brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			env, srv, _ := Start(t, in, Options{})
			return in, env, srv
		},
		Logins: []brokertest.LoginScript{
			{Name: "browser", Method: oauth, Refreshes: true, Answer: brokertest.Press("approve", nil)},
			{Name: "paste", Method: oauth, Refreshes: true, Answer: Paste(User)},
		},
		LoginFailures: []brokertest.FailureScript{
			{Name: "denied", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: brokertest.Press("deny", nil)}},
			{Name: "unknown code", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: oauth,
				Answer: func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
					return integrations.Answer{Redirect: "not-a-code-saxo-issued"}, nil
				}}},
		},
		Expect: brokertest.Expect{
			MinAccounts: 2, MinPositions: 5, MinActivities: 30, Paginated: true,
			Currencies: []string{"EUR", "USD", "DKK"},
			ActivityTypes: []integrations.ActivityType{integrations.ActivityBuy, integrations.ActivitySell,
				integrations.ActivityDividend, integrations.ActivityTax, integrations.ActivityFee, integrations.ActivityInterest,
				integrations.ActivityContribution, integrations.ActivityWithdrawal, integrations.ActivityOther},
			SecurityTypes: []integrations.SecurityType{integrations.SecurityEquity, integrations.SecurityETF,
				integrations.SecurityBond, integrations.SecurityOption},
			FullAccountNumbers: AccountNumbers(User),
		},
	}, true
}

// Paste approves on the consent page as user and pastes the address the
// browser would end on, without following it.
func Paste(user string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return integrations.Answer{}, fmt.Errorf("unexpected %T", s)
		}
		page, err := url.Parse(b.URL)
		if err != nil {
			return integrations.Answer{}, err
		}
		form := page.Query()
		form.Set("decision", "approve")
		form.Set("username", user)
		target := *page
		target.RawQuery = ""
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, target.String(), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noFollow.Do(req)
		if err != nil {
			return integrations.Answer{}, err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound {
			return integrations.Answer{}, fmt.Errorf("consent answered HTTP %d", resp.StatusCode)
		}
		return integrations.Answer{Redirect: resp.Header.Get("Location")}, nil
	}
}
