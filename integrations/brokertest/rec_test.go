package brokertest

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// recT is a tb that records failures instead of reporting them, so a test
// can run the suite against a broken integration and assert that it fails.
// Whatever it does not override (TempDir, Setenv...) goes to the real test.
type recT struct {
	testing.TB
	name   string
	parent *recT
	log    *recLog

	mu       sync.Mutex
	failed   bool
	skipped  bool
	cleanups []func()
	ctx      context.Context
	cancel   context.CancelFunc
}

// recLog is every failure of one recorded run, as "path: message".
type recLog struct {
	mu       sync.Mutex
	failures []string
}

func (l *recLog) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures = append(l.failures, s)
}

func (l *recLog) all() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.failures...)
}

// record runs the suite against h with a recorder and returns its log.
func record(t *testing.T, h Harness) (*recT, []string) {
	root := &recT{TB: t, name: "suite", log: &recLog{}}
	root.do(func(r *recT) { run(r, h) })
	return root, root.log.all()
}

func (r *recT) do(f func(*recT)) {
	r.ctx, r.cancel = context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			r.cancel()
			for i := len(r.cleanups) - 1; i >= 0; i-- {
				r.cleanups[i]()
			}
		}()
		f(r)
	}()
	<-done
}

func (r *recT) Run(name string, f func(t tb)) bool {
	c := &recT{TB: r.TB, name: r.name + "/" + name, parent: r, log: r.log}
	c.do(func(c *recT) { f(c) })
	return !c.Failed()
}

func (r *recT) Name() string             { return r.name }
func (r *recT) Helper()                  {}
func (r *recT) Context() context.Context { return r.ctx }
func (r *recT) Log(args ...any)          {}
func (r *recT) Logf(string, ...any)      {}
func (r *recT) Cleanup(f func()) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.cleanups = append(r.cleanups, f)
}

func (r *recT) Fail() {
	for p := r; p != nil; p = p.parent {
		p.mu.Lock()
		p.failed = true
		p.mu.Unlock()
	}
}

func (r *recT) Failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failed
}

func (r *recT) Error(args ...any) { r.log.add(r.name + ": " + fmt.Sprint(args...)); r.Fail() }
func (r *recT) Errorf(format string, args ...any) {
	r.log.add(r.name + ": " + fmt.Sprintf(format, args...))
	r.Fail()
}
func (r *recT) FailNow()                          { r.Fail(); runtime.Goexit() }
func (r *recT) Fatal(args ...any)                 { r.Error(args...); runtime.Goexit() }
func (r *recT) Fatalf(format string, args ...any) { r.Errorf(format, args...); runtime.Goexit() }
func (r *recT) SkipNow()                          { r.mu.Lock(); r.skipped = true; r.mu.Unlock(); runtime.Goexit() }
func (r *recT) Skip(args ...any)                  { r.SkipNow() }
func (r *recT) Skipf(string, ...any)              { r.SkipNow() }
func (r *recT) Skipped() bool                     { r.mu.Lock(); defer r.mu.Unlock(); return r.skipped }

// matching returns the failures whose text holds every one of subs.
func matching(failures []string, subs ...string) []string {
	var out []string
next:
	for _, f := range failures {
		for _, s := range subs {
			if !strings.Contains(f, s) {
				continue next
			}
		}
		out = append(out, f)
	}
	return out
}
