package desktop

import (
	"github.com/latchkey/latchkey/app"
)

// Screens talk through events instead of calling each other: the portal
// says a connection changed, the syncer that data was synced, the session
// that the vault locked, and whoever shows that connection listens.
// Everything here runs on the UI goroutine.

// topic is a kind of event.
type topic int

const (
	// topicConnections: connections were added, removed, renamed or
	// repaired (IDs: the ones concerned, nil: any).
	topicConnections topic = iota
	// topicSyncStarted: a refresh started (IDs, Auto).
	topicSyncStarted
	// topicProgress: a sync progressed (Progress).
	topicProgress
	// topicSynced: a refresh ended (IDs, Results, Err, Stopped, Auto).
	topicSynced
	// topicLocked: the vault locked; every screen of the session is gone.
	topicLocked
	// topicBrowser: the browser was asked to open a URL (URL, Err).
	topicBrowser
	// topicBaseCurrency: the base currency changed.
	topicBaseCurrency
)

// event is what happened.
type event struct {
	Topic    topic
	IDs      []string // connection ids
	Progress app.Progress
	Results  []app.SyncResult
	Err      error
	Stopped  bool
	Auto     bool
	URL      string
}

// concerns reports whether the event is about connection id (or about
// every connection).
func (e event) concerns(id string) bool {
	if e.IDs == nil {
		return true
	}
	for _, x := range e.IDs {
		if x == id {
			return true
		}
	}
	return false
}

// bus delivers events to the screens that listen. A screen listens as its
// owner; when the screen goes, drop(owner) forgets it.
type bus struct {
	subs []subscription
}

type subscription struct {
	owner any
	topic topic
	f     func(event)
}

// on makes f receive the topic's events while owner listens.
func (b *bus) on(owner any, t topic, f func(event)) {
	b.subs = append(b.subs, subscription{owner: owner, topic: t, f: f})
}

// drop forgets every subscription of owner.
func (b *bus) drop(owner any) {
	keep := b.subs[:0]
	for _, s := range b.subs {
		if s.owner != owner {
			keep = append(keep, s)
		}
	}
	for i := len(keep); i < len(b.subs); i++ {
		b.subs[i] = subscription{}
	}
	b.subs = keep
}

// publish delivers e to its listeners, in the order they listened.
func (b *bus) publish(e event) {
	for _, s := range append([]subscription(nil), b.subs...) {
		if s.topic == e.Topic {
			s.f(e)
		}
	}
}
