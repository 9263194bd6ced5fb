package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest"
	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/integrations/httpx"
	"github.com/latchkey/latchkey/internal/apptest"
	"github.com/latchkey/latchkey/vault"
)

// fastHTTP is the plumbing with retry waits shrunk for tests.
var fastHTTP = httpx.Options{
	RPS: -1, MaxTries: 2, InitialInterval: time.Millisecond, MaxInterval: time.Millisecond,
	MaxRetryWait: time.Millisecond, Timeout: 5 * time.Second,
	Sleep: func(ctx context.Context, d time.Duration) error { return ctx.Err() },
}

// fastRegistry is a registry of ins on the test plumbing (fastHTTP), their
// endpoints overridden by over (nil: none).
func fastRegistry(t testing.TB, ins []integrations.Integration, over integrations.Overrides) *integrations.Registry {
	t.Helper()
	reg, err := app.NewRegistryWith(ins, "", fastHTTP)
	if err != nil {
		t.Fatal(err)
	}
	if err := reg.SetOverrides(over); err != nil {
		t.Fatal(err)
	}
	return reg
}

// notes records notifications.
type notes struct {
	mu   sync.Mutex
	list []string
}

func (n *notes) Notify(title, body string) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.list = append(n.list, title+": "+body)
}

func (n *notes) all() []string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]string(nil), n.list...)
}

// consentBrowser plays the user's browser: it approves (or denies) the demo's
// consent page over HTTP.
type consentBrowser struct {
	decision string
	opened   chan string
}

func (b *consentBrowser) OpenURL(ctx context.Context, u string) error {
	if b.opened != nil {
		b.opened <- u
	}
	go func() {
		_, _ = brokertest.SubmitForm(context.Background(), u, map[string]string{"decision": b.decision})
	}()
	return nil
}

type testEnv struct {
	t     *testing.T
	ctx   context.Context
	dir   string
	srv   *demo.Server
	v     *vault.Vault
	a     *app.App
	notes *notes
	reg   *integrations.Registry
}

// newEnv is an unlocked vault in a temp folder, a demo server, and the app
// over them.
func newEnv(t *testing.T, tweak ...func(*app.Options)) *testEnv {
	t.Helper()
	ctx := t.Context()
	dir := t.TempDir()
	dopts := demo.Options{DataDir: dir, ApproveAfter: -1, PollInterval: time.Millisecond, RateLimit: 1 << 20}
	srv := apptest.DemoServer(t, dopts)
	v := apptest.Vault(t, dir)
	reg := fastRegistry(t, demo.New(dopts), integrations.Overrides{demo.ID: {"api": srv.URL()}, demo.CryptoID: {"api": srv.URL()}})
	n := &notes{}
	opts := app.Options{Vault: v, Registry: reg, Notifier: n, DataDir: dir, RetryBase: time.Millisecond,
		Browser: &consentBrowser{decision: "approve"}}
	for _, f := range tweak {
		f(&opts)
	}
	return &testEnv{t: t, ctx: ctx, dir: dir, srv: srv, v: v, a: app.New(opts), notes: n, reg: reg}
}

// values answers every demo step.
func loginValues(username string) map[string]string {
	return map[string]string{
		"username": username, "password": demo.GoodPassword, "code": demo.MFACode,
		"q1": demo.AnswerColour, "q2": demo.AnswerPet, "key_id": demo.CryptoKey, "secret": demo.CryptoSecret,
	}
}

// drive runs a portal to its end, answering each step from values.
func drive(ctx context.Context, p *app.Portal, method integrations.AuthKind, values map[string]string) (integrations.Step, error) {
	step, err := p.Begin(ctx, method, nil)
	for err == nil {
		if _, done := step.(*integrations.DoneStep); done {
			return step, nil
		}
		var ans integrations.Answer
		switch s := step.(type) {
		case *integrations.BrowserStep:
			// The app's Browser (consentBrowser) plays the user.
		case *integrations.ApproveStep:
			go func() {
				_, _ = brokertest.SubmitForm(context.Background(), s.ApproveURL, map[string]string{"decision": "approve"})
			}()
		default:
			if ans, err = brokertest.AutoAnswer(ctx, step, values); err != nil {
				return nil, err
			}
		}
		step, err = p.Next(ctx, ans)
	}
	return step, err
}

// connect makes a new demo connection by credentials as username.
func (e *testEnv) connect(username string) app.Connection {
	e.t.Helper()
	p, err := e.a.NewPortal(e.ctx, app.PortalRequest{InstitutionID: demo.ID})
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := drive(e.ctx, p, integrations.AuthCredentials, loginValues(username)); err != nil {
		e.t.Fatalf("connect %s: %v", username, err)
	}
	c := p.Connection()
	if c == nil {
		e.t.Fatal("no connection after the login")
	}
	return *c
}

func (e *testEnv) sync(ids ...string) []app.SyncResult {
	e.t.Helper()
	res, err := e.a.Refresh(e.ctx, ids, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

func (e *testEnv) conn(id string) app.Connection {
	e.t.Helper()
	c, err := e.a.Connection(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// snapshot is a connection's cached data as JSON, to compare before/after.
func (e *testEnv) snapshot(id string) string {
	e.t.Helper()
	accts, err := e.a.Accounts(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	var pos []app.PositionView
	var acts []app.ActivityView
	for _, acct := range accts {
		acct.Stale, acct.AsOf = false, time.Time{}
		p, err := e.a.Positions(e.ctx, acct.Ref)
		if err != nil {
			e.t.Fatal(err)
		}
		pos = append(pos, p...)
		x, err := e.a.Activities(e.ctx, app.ActivityFilter{AccountRef: acct.Ref})
		if err != nil {
			e.t.Fatal(err)
		}
		acts = append(acts, x...)
	}
	for i := range accts {
		accts[i].Stale, accts[i].AsOf = false, time.Time{}
	}
	b, _ := json.Marshal([]any{accts, pos, acts})
	return string(b)
}

func eventTypes(ev []app.Event) string {
	var s []string
	for _, e := range ev {
		s = append(s, string(e.Type))
	}
	return strings.Join(s, " ")
}

// statusesByName is the status, after a sync, of each connection it
// reports, by the connection's name.
func statusesByName(ctx context.Context, a *app.App, res []app.SyncResult) map[string]app.Status {
	statuses := map[string]app.Status{}
	for _, r := range res {
		c, _ := a.Connection(ctx, r.ConnectionID)
		statuses[c.Name] = a.Status(c)
	}
	return statuses
}
