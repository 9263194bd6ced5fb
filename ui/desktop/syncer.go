package desktop

import (
	"context"
	"sync"

	"github.com/latchkey/latchkey/app"
)

// syncer runs refreshes off the UI goroutine and tells the screens through
// the bus: topicSyncStarted, topicProgress (coalesced: at most one repaint
// queued at a time), topicSynced. It lives as long as the session.
type syncer struct {
	host     syncHost
	mu       sync.Mutex
	progress map[string]app.Progress // connections syncing now
	changed  map[string]bool         // progress not yet published
	queued   bool                    // a publish of changed is queued
	stopAll  context.CancelFunc      // the running "refresh all", nil: none
}

// syncHost is what the syncer needs from the UI.
type syncHost interface {
	runner
	publish(e event)
	refresher() refresher
}

// refresher is the app's sync use case.
type refresher interface {
	Refresh(ctx context.Context, ids []string, progress func(app.Progress)) ([]app.SyncResult, error)
}

func newSyncer(h syncHost) *syncer {
	return &syncer{host: h, progress: map[string]app.Progress{}, changed: map[string]bool{}}
}

// refresh syncs ids (every connection when nil); auto marks a background
// refresh. A second "refresh all" while one runs does nothing.
func (s *syncer) refresh(ids []string, auto bool) {
	all := ids == nil
	s.mu.Lock()
	if all && s.stopAll != nil {
		s.mu.Unlock()
		return
	}
	ctx, cancel := context.WithCancel(s.host.sessionContext())
	if all {
		s.stopAll = cancel
	}
	for _, id := range ids {
		s.progress[id] = app.Progress{ConnectionID: id, Phase: app.PhaseQueued}
	}
	s.mu.Unlock()
	s.host.publish(event{Topic: topicSyncStarted, IDs: ids, Auto: auto})
	r := s.host.refresher()
	s.host.background("refresh:done", func(context.Context) func() {
		res, err := r.Refresh(ctx, ids, s.note)
		stopped := ctx.Err() != nil
		cancel()
		return func() {
			s.mu.Lock()
			if all {
				s.stopAll = nil
			}
			for _, x := range res {
				delete(s.progress, x.ConnectionID)
			}
			for _, id := range ids {
				delete(s.progress, id)
			}
			s.mu.Unlock()
			s.host.publish(event{Topic: topicSynced, IDs: ids, Results: res, Err: err, Stopped: stopped, Auto: auto})
		}
	})
}

// stop cancels a running "refresh all"; it reports whether one ran.
func (s *syncer) stop() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopAll == nil {
		return false
	}
	s.stopAll()
	return true
}

// refreshingAll reports whether a "refresh all" runs.
func (s *syncer) refreshingAll() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopAll != nil
}

// syncing returns the progress of a connection syncing now.
func (s *syncer) syncing(id string) (app.Progress, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.progress[id]
	if ok && (p.Phase == app.PhaseDone || p.Phase == app.PhaseFailed) {
		return p, false
	}
	return p, ok
}

// note records progress (from any goroutine) and queues one publish.
func (s *syncer) note(p app.Progress) {
	s.mu.Lock()
	s.progress[p.ConnectionID] = p
	s.changed[p.ConnectionID] = true
	queue := !s.queued
	s.queued = true
	s.mu.Unlock()
	if !queue {
		return
	}
	s.host.do(func() {
		s.mu.Lock()
		var ps []app.Progress
		for id := range s.changed {
			if p, ok := s.progress[id]; ok {
				ps = append(ps, p)
			}
		}
		clear(s.changed)
		s.queued = false
		s.mu.Unlock()
		for _, p := range ps {
			s.host.publish(event{Topic: topicProgress, IDs: []string{p.ConnectionID}, Progress: p})
		}
	})
}
