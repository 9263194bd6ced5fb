package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/latchkey/latchkey/app"
	"github.com/latchkey/latchkey/integrations"
	"github.com/latchkey/latchkey/integrations/brokertest/fakekit"
	"github.com/latchkey/latchkey/internal/apptest"
)

type partialEndInst struct {
	*scriptInst
	partialEnd bool
}

func (s *partialEndInst) NewClient(context.Context, integrations.Grant, integrations.Env, integrations.SaveFunc) (integrations.Client, error) {
	return &partialEndWalker{scriptWalker{scriptClient{s.scriptInst}}, s}, nil
}

type partialEndWalker struct {
	scriptWalker
	p *partialEndInst
}

// A2 has no history; A1's walk, once complete, says a part was missing (tiger's cash flows).
func (w *partialEndWalker) WalkActivities(ctx context.Context, id string, since time.Time, cursor string, page func([]integrations.Activity, string) error) error {
	if id == "A2" {
		return page(nil, "")
	}
	err := w.scriptWalker.WalkActivities(ctx, id, since, cursor, page)
	w.s.mu.Lock()
	pe := w.p.partialEnd
	w.s.mu.Unlock()
	if err == nil && pe {
		return integrations.Wrap(integrations.ErrPartial, "cash flows could not be read")
	}
	return err
}

// A long walk resumed over several syncs (rec.Since older than the sync's
// since) that ends partial must hold the next read at the walk's own since.
func TestResumedWalkEndingPartialHoldsItsOwnSince(t *testing.T) {
	clk := fakekit.NewClock(time.Date(2026, 6, 1, 6, 0, 0, 0, time.UTC))
	s := &partialEndInst{scriptInst: &scriptInst{accounts: []string{"A1", "A2"}, price: 100, walker: true, windows: 6, budget: 100,
		walkFrom: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), now: clk.Now}}
	a := app.New(app.Options{Vault: apptest.Vault(t, ""), Registry: fastRegistry(t, []integrations.Integration{s}, nil), RetryBase: time.Millisecond, MaxRetries: 1, MaxRetryWait: time.Millisecond, Now: clk.Now})
	p, err := a.NewPortal(t.Context(), app.PortalRequest{InstitutionID: "script"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Begin(t.Context(), integrations.AuthToken, nil); err != nil {
		t.Fatal(err)
	}
	c := *p.Connection()
	if r := syncOnce(t, a, c.ID); r.Err != nil {
		t.Fatal(r.Err)
	}
	s.set(func(x *scriptInst) { x.windows, x.budget = 12, 2 })
	s.scriptInst.mu.Lock()
	s.partialEnd = true
	s.scriptInst.mu.Unlock()
	var walkSince time.Time
	for i := 2; i <= 7; i++ { // six syncs, two windows each
		clk.Add(10 * 24 * time.Hour)
		s.set(func(x *scriptInst) { x.calls, x.sinces, x.cursors = 0, nil, nil })
		syncOnce(t, a, c.ID)
		s.scriptInst.mu.Lock()
		if i == 2 {
			walkSince = s.sinces[0]
		}
		t.Logf("sync %d: A1 walk since %v cursor %q", i, s.sinces[0].Format(time.DateOnly), s.cursors[0])
		s.scriptInst.mu.Unlock()
	}
	clk.Add(10 * 24 * time.Hour)
	s.set(func(x *scriptInst) { x.calls, x.sinces, x.cursors, x.budget = 0, nil, nil, 100 })
	syncOnce(t, a, c.ID)
	s.scriptInst.mu.Lock()
	defer s.scriptInst.mu.Unlock()
	if got := s.sinces[0]; got.After(walkSince) {
		t.Fatalf("after the walk from %v ended partial, the next walk starts at %v: the missed part before it is not asked again",
			walkSince.Format(time.DateOnly), got.Format(time.DateOnly))
	}
}
