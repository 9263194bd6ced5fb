package brokertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/latchkey/latchkey/integrations"
)

// Run runs the whole suite against h as subtests of t.
func Run(t *testing.T, h Harness) {
	t.Helper()
	run(wrapT(t), h)
}

// faultRepeat is how many times an injected fault repeats: more than any
// client retries.
const faultRepeat = 25

// maxRateLimitedRequests bounds the requests a client may send while the fake
// answers 429 to all of them: honouring a rate limit means not hammering.
const maxRateLimitedRequests = 5

func run(t tb, h Harness) {
	t.Helper()
	s := &suite{h: h, exp: h.Expect, secrets: map[string]string{}}
	if s.exp.CallTimeout <= 0 {
		s.exp.CallTimeout = 30 * time.Second
	}
	if s.exp.Faults == nil {
		s.exp.Faults = AllFaults
	}
	if h.New == nil {
		t.Fatalf("brokertest: Harness.New is nil")
	}
	if len(h.Logins) == 0 {
		t.Fatalf("brokertest: Harness.Logins is empty: give at least one login script per auth method")
	}
	for _, sc := range append(append([]LoginScript(nil), h.Logins...), failureScripts(h)...) {
		s.learnValues(sc.Values)
	}
	for _, n := range s.exp.FullAccountNumbers {
		s.learn(n, "a full account number")
	}

	s.run(t, "", "Institution", s.checkInstitution)
	s.run(t, "", "Harness", s.checkHarness)
	s.run(t, "", "Login", s.checkLogins)
	s.run(t, "", "LoginFailure", s.checkLoginFailures)
	s.run(t, "", "Data", s.checkData)
	s.run(t, "", "Faults", s.checkFaults)
	s.run(t, "", "Partial", s.checkPartial)
	s.run(t, "", "Revoked", s.checkRevoked)
	s.run(t, "", "Refresh", s.checkRefresh)
	s.run(t, "", "NoLeaks", s.checkNoLeaks)
}

func failureScripts(h Harness) []LoginScript {
	var out []LoginScript
	for _, f := range h.LoginFailures {
		out = append(out, f.Script)
	}
	return out
}

// suite is one run's state: what it learnt must stay secret, and every error
// text it saw.
type suite struct {
	h   Harness
	exp Expect

	mu      sync.Mutex
	secrets map[string]string // value → what it is
	errs    []seenErr
}

type seenErr struct{ where, text string }

// run runs f as the subtest name of the check at path parent, unless the
// harness skips it.
func (s *suite) run(t tb, parent, name string, f func(t tb, path string)) bool {
	t.Helper()
	path := name
	if parent != "" {
		path = parent + "/" + name
	}
	return t.Run(name, func(t tb) {
		if why, ok := s.h.Skip[path]; ok {
			t.Skipf("skipped by the harness: %s", why)
		}
		f(t, path)
	})
}

// ctx returns a context bounded by the call timeout.
func (s *suite) ctx(t tb) (context.Context, context.CancelFunc) {
	return context.WithTimeout(t.Context(), s.exp.CallTimeout)
}

// rig is one fresh integration, fake and watched Env.
type rig struct {
	s    *suite
	in   integrations.Integration
	inst integrations.Institution
	env  integrations.Env
	fake Fake
	rec  *recorder
}

func (s *suite) newRig(t tb) *rig {
	t.Helper()
	in, env, fake := s.h.New(t)
	if in == nil || fake == nil {
		t.Fatalf("brokertest: Harness.New returned a nil integration or fake")
	}
	rec := &recorder{}
	Intercept(&env, func(next http.RoundTripper) http.RoundTripper { rec.next = next; return rec })
	eps := make(map[string]string, len(env.Endpoints))
	for k, v := range env.Endpoints {
		eps[k] = v
	}
	env.Endpoints = eps
	t.Cleanup(func() {
		for _, v := range rec.violations() {
			t.Errorf("plumbing: %s", v)
		}
	})
	return &rig{s: s, in: in, inst: in.Institution(), env: env, fake: fake, rec: rec}
}

// recorder is the transport the suite puts under Env.HTTP: it records every
// request (URL, headers and small bodies) and refuses to leave loopback.
type recorder struct {
	next http.RoundTripper

	mu   sync.Mutex
	reqs []string
	bad  []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if !isLoopback(req.URL.Hostname()) {
		r.mu.Lock()
		r.bad = append(r.bad, fmt.Sprintf("a request to %s left loopback: every endpoint must point at the fake", req.URL.Host))
		r.mu.Unlock()
		return nil, errors.New("brokertest: refusing a request that leaves loopback")
	}
	var b strings.Builder
	b.WriteString(req.Method + " " + req.URL.String() + "\n")
	for k, vs := range req.Header {
		b.WriteString(k + ": " + strings.Join(vs, ", ") + "\n")
	}
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(io.LimitReader(req.Body, 1<<16))
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		b.Write(body)
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
		req.ContentLength = int64(len(body))
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, b.String())
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

// n returns how many requests went through so far.
func (r *recorder) n() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.reqs)
}

// since returns the requests from the i-th on.
func (r *recorder) since(i int) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i > len(r.reqs) {
		return nil
	}
	return append([]string(nil), r.reqs[i:]...)
}

func (r *recorder) violations() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.bad...)
}

// saver is a SaveFunc that records what it is given and when.
type saver struct {
	rec  *recorder
	fail error

	mu     sync.Mutex
	grants []integrations.Grant
	at     []int // rec.n() when each save was called
}

func (sv *saver) save(_ context.Context, g integrations.Grant) error {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	g.Secret = bytes.Clone(g.Secret)
	sv.grants = append(sv.grants, g)
	sv.at = append(sv.at, sv.rec.n())
	return sv.fail
}

func (sv *saver) calls() ([]integrations.Grant, []int) {
	sv.mu.Lock()
	defer sv.mu.Unlock()
	return append([]integrations.Grant(nil), sv.grants...), append([]int(nil), sv.at...)
}

// client logs in with script (it must succeed) and builds a client whose
// saves go to sv (a fresh recording saver when nil).
func (r *rig) client(t tb, sc LoginScript, sv *saver) (integrations.Client, integrations.Grant, *saver) {
	t.Helper()
	done, _, err := r.login(t, sc)
	if err != nil {
		t.Fatalf("login %s: %v", scriptName(sc), err)
	}
	if sv == nil {
		sv = &saver{}
	}
	sv.rec = r.rec
	c, err := r.in.NewClient(t.Context(), done.Grant, r.env, sv.save)
	r.s.noteErr(t, "NewClient", err)
	if err != nil {
		t.Fatalf("NewClient with the grant of login %s: %v", scriptName(sc), err)
	}
	return c, done.Grant, sv
}

func scriptName(sc LoginScript) string {
	if sc.Name != "" {
		return sc.Name
	}
	return string(sc.Method)
}

// accounts calls Accounts within the call timeout and notes the error.
func (r *rig) accounts(t tb, c integrations.Client) ([]integrations.Account, error) {
	ctx, cancel := r.s.ctx(t)
	defer cancel()
	a, err := c.Accounts(ctx)
	r.s.noteErr(t, "Accounts", err)
	return a, err
}
