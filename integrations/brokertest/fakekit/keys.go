package fakekit

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"github.com/latchkey/latchkey/integrations/brokertest"
)

// Revocation is brokertest.Fake's RevokeAll and ExpireAccessTokens for a
// fake whose credentials are long-lived keys (API keys, personal or Flex
// tokens, per-request signatures): RevokeAll refuses every key from then
// on, as when the user deletes them at the institution (Revoked reports
// it); ExpireAccessTokens does nothing, as nothing such a fake issues
// expires early. Embed it in the fake's Server. Safe for concurrent use.
type Revocation struct{ revoked atomic.Bool }

// RevokeAll refuses every key from now on.
func (r *Revocation) RevokeAll() { r.revoked.Store(true) }

// Revoked reports whether RevokeAll was called.
func (r *Revocation) Revoked() bool { return r.revoked.Load() }

// ExpireAccessTokens does nothing: keys do not expire early.
func (*Revocation) ExpireAccessTokens() {}

// CountOne answers a brokertest.Counter's Count for a fake whose login sees
// one account: positions and activities are its rows, whatever id the
// integration gives it.
func CountOne(list brokertest.List, positions, activities int) int {
	switch list {
	case brokertest.ListAccounts:
		return 1
	case brokertest.ListPositions:
		return positions
	default:
		return activities
	}
}

// CountWhere counts the items ok keeps: the rows of a fake's data the
// integration reads (completed transfers, non-zero holdings).
func CountWhere[T any](items []T, ok func(T) bool) int {
	n := 0
	for _, x := range items {
		if ok(x) {
			n++
		}
	}
	return n
}

// Coins counts the balances an exchange's fake serves as positions: those
// that are not zero, in any currency but the fiat ones named.
func Coins(balances map[string]decimal.Decimal, fiat ...string) int {
	n := 0
	for c, amt := range balances {
		if !amt.IsZero() && !slices.Contains(fiat, c) {
			n++
		}
	}
	return n
}

// Day is the UTC day of the fake's clock: the anchor of data built to stay
// recent.
func (b *Base) Day() time.Time { return Day(b.Now()) }

// Day is t's UTC day (midnight UTC).
func Day(t time.Time) time.Time { return t.UTC().Truncate(24 * time.Hour) }

// Daily keeps a fake's data built for each of its institution variants
// (live, paper) or users and each day of its clock (a UTC day, or the
// institution's own): the data's dates move with the clock, and the
// answers of one day agree. Set the fields before the first Get. Safe for
// concurrent use.
type Daily[T any] struct {
	// Build makes env's data anchored to day.
	Build func(env string, day time.Time) T
	// Day is the anchor of the day t falls in (default Day: midnight
	// UTC); days are told apart by the anchor's date.
	Day func(t time.Time) time.Time

	mu    sync.Mutex
	cache map[string]T
}

// Get returns env's data for now's day, built on the first call.
func (d *Daily[T]) Get(env string, now time.Time) T {
	day := Day(now)
	if d.Day != nil {
		day = d.Day(now)
	}
	key := env + " " + day.Format(time.DateOnly)
	d.mu.Lock()
	defer d.mu.Unlock()
	if v, ok := d.cache[key]; ok {
		return v
	}
	if d.cache == nil {
		d.cache = map[string]T{}
	}
	v := d.Build(env, day)
	d.cache[key] = v
	return v
}
