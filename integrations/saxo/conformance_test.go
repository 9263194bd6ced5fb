package saxo_test

import (
	"context"
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
	"github.com/latchkey/latchkey/integrations/saxo"
	"github.com/latchkey/latchkey/integrations/saxo/fake"
)

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

type rig struct {
	fake *fake.Server
	clk  *clock
	env  integrations.Env
	in   integrations.Integration
}

func integration(id string) integrations.Integration {
	for _, in := range saxo.New() {
		if in.Institution().ID == id {
			return in
		}
	}
	panic("no " + id)
}

func newRig(t testing.TB, id string, opts fake.Options) *rig {
	t.Helper()
	clk := newClock()
	if opts.Now == nil {
		opts.Now = clk.Now
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = 100000
	}
	if opts.PageSize == 0 {
		opts.PageSize = 3
	}
	f, err := fake.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	in := integration(id)
	hc := httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	env := integrations.Env{Endpoints: f.Endpoints()[id], HTTP: hc, Now: clk.Now,
		App: &integrations.AppRegistration{ClientID: "0c5d1e2f3a4b5c6d7e8f9a0b1c2d3e4f", RedirectPort: freePort(t)}}
	return &rig{fake: f, clk: clk, env: env, in: in}
}

// press answers the consent page in the "browser", which comes back to the
// loopback callback.
func press(decision string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return integrations.Answer{}, fmt.Errorf("unexpected %T", s)
		}
		_, err := brokertest.SubmitForm(ctx, b.URL, map[string]string{"decision": decision})
		return integrations.Answer{}, err
	}
}

var requestIDRE = regexp.MustCompile(`name="request_id" value="([^"]+)"`)
var actionRE = regexp.MustCompile(`action="([^"]+)"`)

// paste approves as user and pastes the address the browser would end on.
func paste(user string) func(context.Context, brokertest.Fake, integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, _ brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return integrations.Answer{}, fmt.Errorf("unexpected %T", s)
		}
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.URL, nil)
		resp, err := noFollow.Do(req)
		if err != nil {
			return integrations.Answer{}, err
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		id, action := requestIDRE.FindSubmatch(page), actionRE.FindSubmatch(page)
		if id == nil || action == nil {
			return integrations.Answer{}, fmt.Errorf("no consent form")
		}
		u, _ := url.Parse(b.URL)
		u.Path, u.RawQuery = string(action[1]), ""
		form := url.Values{"request_id": {string(id[1])}, "decision": {"approve"}, "username": {user}}
		req, _ = http.NewRequestWithContext(ctx, http.MethodPost, u.String(), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err = noFollow.Do(req)
		if err != nil {
			return integrations.Answer{}, err
		}
		resp.Body.Close()
		return integrations.Answer{Redirect: resp.Header.Get("Location")}, nil
	}
}

func TestConformance(t *testing.T) {
	for _, id := range []string{saxo.ID, saxo.SimID} {
		t.Run(id, func(t *testing.T) {
			oauth := integrations.AuthOAuth2
			brokertest.Run(t, brokertest.Harness{
				New: func(t testing.TB) (integrations.Integration, integrations.Env, brokertest.Fake) {
					r := newRig(t, id, fake.Options{})
					return r.in, r.env, r.fake
				},
				Logins: []brokertest.LoginScript{
					{Name: "browser", Method: oauth, Refreshes: true, Answer: press("approve")},
					{Name: "paste", Method: oauth, Refreshes: true, Answer: paste(fake.User)},
				},
				LoginFailures: []brokertest.FailureScript{
					{Name: "denied", Want: integrations.ErrApprovalDenied, Script: brokertest.LoginScript{Method: oauth, Answer: press("deny")}},
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
					FullAccountNumbers: fake.AccountNumbers(fake.User),
				},
			})
		})
	}
}
