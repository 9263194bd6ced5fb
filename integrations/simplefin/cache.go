package simplefin

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// Every connection made from one setup token reads the same GET /accounts
// of the same access URL, and every such request counts against the
// token's budget ("you are expected to make 24 requests or fewer per
// day"). So one read serves them all: the connections of a refresh sync
// together, and the first to ask reads for the others. A read serves each
// client once (a client asking again reads again) and only for a short
// while (Options.ShareFor); a failed read is forgotten.

// snapshot is one read of GET /accounts: the window from start to its
// time, and, read when a sync asks for older history, the window before.
type snapshot struct {
	at    time.Time
	start time.Time
	set   *wireSet

	// Guarded by the entry's semaphore.
	olderFrom time.Time
	older     *wireSet
	olderErr  error
}

// entry is one access URL's latest read. sem serialises reads (and the
// older window) so that concurrent syncs wait for one request.
type entry struct {
	sem  chan struct{}
	snap *snapshot
}

func (e *entry) lock(ctx context.Context) error {
	select {
	case e.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (e *entry) unlock() { <-e.sem }

type cache struct {
	mu sync.Mutex
	m  map[string]*entry
}

func newCache() *cache { return &cache{m: map[string]*entry{}} }

// entry returns the access URL's entry, keyed by a hash of the URL (the
// cache holds no credential).
func (c *cache) entry(access string) *entry {
	h := sha256.Sum256([]byte(access))
	key := hex.EncodeToString(h[:])
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok {
		e = &entry{sem: make(chan struct{}, 1)}
		c.m[key] = e
	}
	return e
}

// forget drops the access URL's read: a repair's check has seen newer
// news (the connection fixed), which the next sync must not miss.
func (c *cache) forget(ctx context.Context, access string) {
	e := c.entry(access)
	if e.lock(ctx) != nil {
		return
	}
	e.snap = nil
	e.unlock()
}
