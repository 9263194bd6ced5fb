package etrade

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/etrade/fake"
	"github.com/latchkey/latchkey/integrations/httpx"
)

// t0 is the tests' pinned "now" (07:00 US Eastern), after the fake's history.
var t0 = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

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

type rig struct {
	clk  *clock
	fake *fake.Server
	in   *Integration
	env  integrations.Env
}

func newRig(t testing.TB, sandbox bool) *rig {
	t.Helper()
	clk := &clock{t: t0}
	f, err := fake.New(fake.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() })
	in := &Integration{id: LiveID}
	app := &integrations.AppRegistration{ClientID: fake.ConsumerKey, ClientSecret: fake.ConsumerSecret}
	if sandbox {
		in = &Integration{id: SandboxID, sandbox: true}
		app = &integrations.AppRegistration{ClientID: fake.SandboxConsumerKey, ClientSecret: fake.SandboxConsumerSecre}
	}
	env := integrations.Env{Endpoints: f.Endpoints()[in.id], HTTP: testHTTP(in), Now: clk.Now, App: app}
	return &rig{clk: clk, fake: f, in: in, env: env}
}

// testHTTP is the app's own client with its waits shrunk.
func testHTTP(in *Integration) *http.Client {
	return httpx.New(in.Institution(), httpx.Options{RPS: -1, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
}

// verifierFake is what a script needs from the fake: the code it showed.
type verifierFake interface {
	Verifier(requestToken string) string
}

// press plays the user at E*TRADE's authorize page: presses button, then
// pastes the code the page showed, or code when it is set.
func press(button, code string) func(ctx context.Context, f brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
	return func(ctx context.Context, f brokertest.Fake, s integrations.Step) (integrations.Answer, error) {
		b, ok := s.(*integrations.BrowserStep)
		if !ok {
			return brokertest.AutoAnswer(ctx, s, nil)
		}
		if _, err := brokertest.SubmitForm(ctx, b.URL, map[string]string{"decision": button}); err != nil {
			return integrations.Answer{}, err
		}
		paste := code
		if paste == "" {
			u, _ := url.Parse(b.URL)
			paste = f.(verifierFake).Verifier(u.Query().Get("token"))
		}
		return integrations.Answer{Redirect: paste}, nil
	}
}
