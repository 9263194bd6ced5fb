package schwab_test

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/integrations/schwab"
	"github.com/latchkey/latchkey/integrations/schwab/fake"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 16, 15, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

const (
	appKey    = "test-app-key-0001"
	appSecret = "test-app-secret-0001"
)

// rig is a fake, its clock, and an Env pointing at it.
type rig struct {
	fake *fake.Server
	clk  *clock
	env  integrations.Env
	in   integrations.Integration
}

func newRig(t testing.TB, opts fake.Options) *rig {
	t.Helper()
	clk := newClock()
	if opts.Now == nil {
		opts.Now = clk.Now
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = 100000
	}
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	in := schwab.New()[0]
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{
		Endpoints: f.Endpoints()[schwab.ID], HTTP: hc, Now: clk.Now,
		App: &integrations.AppRegistration{ClientID: appKey, ClientSecret: appSecret, RedirectPort: freePort(t)},
	}
	return &rig{fake: f, clk: clk, env: env, in: in}
}

var requestIDRE = regexp.MustCompile(`name="request_id" value="([^"]+)"`)

// consent plays the user on the fake's consent page and returns where
// Schwab sends the browser back (not followed).
func consent(ctx context.Context, pageURL, decision, user string) (string, error) {
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, pageURL, nil)
	resp, err := noFollow.Do(req)
	if err != nil {
		return "", err
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	m := requestIDRE.FindSubmatch(page)
	if m == nil {
		return "", fmt.Errorf("no consent form on %s (HTTP %d)", pageURL, resp.StatusCode)
	}
	u, _ := url.Parse(pageURL)
	u.Path, u.RawQuery = "/v1/oauth/consent", ""
	form := url.Values{"request_id": {string(m[1])}, "decision": {decision}, "username": {user}}
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = noFollow.Do(req)
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

// pasteAnswer approves on the consent page and pastes the address the
// browser would end on (Schwab's "paste the redirect URL" path).
func pasteAnswer(decision, user string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return integrations.Answer{}, fmt.Errorf("unexpected %T", s)
		}
		loc, err := consent(ctx, b.URL, decision, user)
		return integrations.Answer{Redirect: loc}, err
	}
}

// callbackAnswer approves and lets the "browser" come back to the https
// loopback callback, accepting the login's self-signed certificate as the
// user does.
func callbackAnswer(decision, user string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return integrations.Answer{}, fmt.Errorf("unexpected %T", s)
		}
		loc, err := consent(ctx, b.URL, decision, user)
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

func TestConformance(t *testing.T) {
	oauth := integrations.AuthOAuth2
	brokertest.Run(t, brokertest.Harness{
		New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
			r := newRig(t, fake.Options{})
			return r.in, r.env, r.fake
		},
		Logins: []brokertest.LoginScript{
			{Name: "paste", Method: oauth, Refreshes: true, Answer: pasteAnswer("approve", fake.User)},
			{Name: "https callback", Method: oauth, Refreshes: true, Answer: callbackAnswer("approve", fake.User)},
		},
		LoginFailures: []brokertest.FailureScript{
			// A denial is played at the callback only: the suite learns every
			// query value of a pasted address as a secret, "access_denied"
			// included, which oauthflow then quotes in its error.
			{Name: "denied at callback", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: callbackAnswer("deny", fake.User)}},
			{Name: "pasted garbage", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: oauth,
				Answer: func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
					return integrations.Answer{Redirect: "https://127.0.0.1:8182/?nothing=here"}, nil
				}}},
			{Name: "unknown code", Want: integrations.ErrInvalidCredentials, Script: brokertest.LoginScript{Method: oauth,
				Answer: func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
					return integrations.Answer{Redirect: "C0.not-a-code-Schwab-issued@"}, nil
				}}},
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
			FullAccountNumbers: fake.AccountNumbers(fake.User),
		},
	})
}

// login runs a whole login with an answer func and returns the DoneStep.
func login(t *testing.T, r *rig, answer func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error)) (*integrations.DoneStep, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	lg, err := r.in.StartLogin(ctx, integrations.LoginRequest{Method: integrations.AuthOAuth2, Env: r.env})
	if err != nil {
		return nil, err
	}
	defer lg.Close()
	step, err := lg.Next(ctx, integrations.Answer{})
	for i := 0; err == nil && i < 5; i++ {
		if done, ok := step.(*integrations.DoneStep); ok {
			return done, nil
		}
		var a integrations.Answer
		if a, err = answer(ctx, r.fake, step); err != nil {
			t.Fatal(err)
		}
		step, err = lg.Next(ctx, a)
	}
	if err == nil {
		err = errors.New("no DoneStep")
	}
	return nil, err
}
