package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
)

// t0 is the pinned "now" of the tests: the data is anchored to its day.
var t0 = time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)

// clock is a settable test clock.
type clock = fakekit.Clock

func newClock() *clock { return fakekit.NewClock(t0) }

// counting is a transport that counts requests by path.
// Its hook, when set, sees each request before it is sent.
type counting struct {
	mu    sync.Mutex
	paths []string
	n     atomic.Int64
	hook  func(r *http.Request)
}

func (c *counting) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	c.mu.Lock()
	c.paths = append(c.paths, r.URL.Path)
	hook := c.hook
	c.mu.Unlock()
	if hook != nil {
		hook(r)
	}
	return http.DefaultTransport.RoundTrip(r)
}

func (c *counting) setHook(h func(r *http.Request)) {
	c.mu.Lock()
	c.hook = h
	c.mu.Unlock()
}

func (c *counting) count(prefix string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, p := range c.paths {
		if strings.HasPrefix(p, prefix) {
			n++
		}
	}
	return n
}

// rig is a demo server with its clock, the two integrations and an Env
// pointing at the server.
type rig struct {
	srv    *Server
	clk    *clock
	broker integrations.Integration
	exch   integrations.Integration
	env    integrations.Env
	tr     *counting
	opts   Options
}

func newRig(t testing.TB, opts Options) *rig {
	t.Helper()
	clk := newClock()
	if opts.Now == nil {
		opts.Now = clk.Now
	}
	if opts.PollInterval == 0 {
		opts.PollInterval = time.Millisecond
	}
	srv, err := NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	list := New(opts)
	tr := &counting{}
	return &rig{
		srv: srv, clk: clk, broker: list[0], exch: list[1], tr: tr, opts: opts,
		env: integrations.Env{
			Endpoints: map[string]string{"api": srv.URL()},
			HTTP:      &http.Client{Transport: tr, Timeout: 20 * time.Second},
			Now:       opts.Now,
		},
	}
}

func contextWithCancel(t testing.TB) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx, cancel
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// answerer plays the user for one step; nil answers from values.
type answerer func(step integrations.Step) integrations.Answer

// login drives a login to its end: the DoneStep, or the error and the step
// Next returned with it.
func (r *rig) login(t testing.TB, in integrations.Integration, method integrations.AuthKind, values map[string]string, play answerer) (*integrations.DoneStep, integrations.Step, error) {
	t.Helper()
	ctx := ctxT(t)
	lg, err := in.StartLogin(ctx, integrations.LoginRequest{Method: method, Values: values, Env: r.env})
	if err != nil {
		return nil, nil, err
	}
	defer lg.Close()
	a := integrations.Answer{}
	for range 20 {
		step, err := lg.Next(ctx, a)
		if err != nil {
			return nil, step, err
		}
		if d, ok := step.(*integrations.DoneStep); ok {
			return d, nil, nil
		}
		if play != nil {
			a = play(step)
		} else {
			a = integrations.Answer{Values: values}
		}
	}
	t.Fatal("login did not end")
	return nil, nil, nil
}

func (r *rig) credLogin(t testing.TB, user string) *integrations.DoneStep {
	t.Helper()
	d, _, err := r.login(t, r.broker, integrations.AuthCredentials, map[string]string{"username": user, "password": GoodPassword}, nil)
	if err != nil {
		t.Fatalf("login %s: %v", user, err)
	}
	return d
}

func (r *rig) client(t testing.TB, in integrations.Integration, g integrations.Grant, save integrations.SaveFunc) integrations.Client {
	t.Helper()
	c, err := in.NewClient(ctxT(t), g, r.env, save)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var (
	requestIDRE = regexp.MustCompile(`name="request_id" value="([^"]+)"`)
	actionRE    = regexp.MustCompile(`<form method="post" action="([^"]+)"`)
)

// browser plays the user's browser on the consent page: it loads the
// authorize URL, fills the sign-in form and presses Approve or Deny, then
// follows the redirect to the login's loopback callback.
func browser(ctx context.Context, authURL, username, decision string) error {
	c := &http.Client{Timeout: 10 * time.Second}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("consent page: %s", resp.Status)
	}
	id := requestIDRE.FindSubmatch(body)
	action := actionRE.FindSubmatch(body)
	if id == nil || action == nil || !strings.Contains(string(body), `value="approve"`) || !strings.Contains(string(body), `value="deny"`) {
		return errors.New("consent page has no form with Approve and Deny")
	}
	base, _ := url.Parse(authURL)
	target, _ := base.Parse(string(action[1]))
	form := url.Values{"request_id": {string(id[1])}, "username": {username}, "password": {GoodPassword}, "decision": {decision}}
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, target.String(), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err = c.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		return fmt.Errorf("after consent: %s", resp.Status)
	}
	return nil
}

// oauthPlayer answers the BrowserStep with the test browser.
func oauthPlayer(t testing.TB, username, decision string) answerer {
	return func(step integrations.Step) integrations.Answer {
		bs, ok := step.(*integrations.BrowserStep)
		if !ok {
			t.Fatalf("got %T, want a BrowserStep", step)
		}
		if err := browser(ctxT(t), bs.URL, username, decision); err != nil {
			t.Fatalf("browser: %v", err)
		}
		return integrations.Answer{}
	}
}

func (r *rig) oauthLogin(t testing.TB, username string) *integrations.DoneStep {
	t.Helper()
	d, _, err := r.login(t, r.broker, integrations.AuthOAuth2, nil, oauthPlayer(t, username, "approve"))
	if err != nil {
		t.Fatalf("oauth login as %s: %v", username, err)
	}
	return d
}

func (r *rig) cryptoLogin(t testing.TB) *integrations.DoneStep {
	t.Helper()
	d, _, err := r.login(t, r.exch, integrations.AuthAPIKey, map[string]string{"key_id": CryptoKey, "secret": CryptoSecret}, nil)
	if err != nil {
		t.Fatalf("crypto login: %v", err)
	}
	return d
}

// saves records SaveFunc calls.
type saves struct {
	mu     sync.Mutex
	grants []integrations.Grant
	fail   error
	onSave func()
}

func (s *saves) save(_ context.Context, g integrations.Grant) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.grants = append(s.grants, g)
	if s.onSave != nil {
		s.onSave()
	}
	return s.fail
}

func (s *saves) n() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.grants)
}

func (s *saves) last() integrations.Grant {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.grants[len(s.grants)-1]
}

func newRequest(u, bearerToken string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err == nil && bearerToken != "" {
		req.Header.Set("Authorization", "Bearer "+bearerToken)
	}
	return req, err
}

func itoa(n int64) string { return fmt.Sprint(n) }

// getPage GETs u the way a browser does and returns the response with its
// body read and closed.
func getPage(t testing.TB, u string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, body
}
