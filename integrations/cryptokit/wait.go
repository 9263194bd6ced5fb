package cryptokit

import (
	"context"
	"time"

	"github.com/latchkey/latchkey/integrations/httpx"
)

// Wait is how an exchange's integration sits out a rate-limit window or the
// pace of an endpoint (Binance's and Bitvavo's weight budgets, Kraken's
// ledger walk, Gemini's transfers list). The Integration embeds it: the zero
// Wait waits on the wall clock (httpx.Sleep); [WithWait] gives a test's
// copy a fake clock's wait (fakekit.ClockSleep), so the window passes at
// once.
type Wait struct {
	sleep func(ctx context.Context, d time.Duration) error
}

// Sleep waits d or until ctx ends, on the clock the Wait was given.
func (w Wait) Sleep(ctx context.Context, d time.Duration) error {
	if w.sleep == nil {
		return httpx.Sleep(ctx, d)
	}
	return w.sleep(ctx, d)
}

func (w *Wait) wait() *Wait { return w }

// Waiter is a pointer to an exchange's Integration, a T that embeds a
// [Wait].
type Waiter[T any] interface {
	*T
	wait() *Wait
}

// WithWait returns a copy of in whose Wait sleeps with sleep (a test's
// fake clock: fakekit.Waited is a fake's Rig.Run through it).
func WithWait[T any, P Waiter[T]](in P, sleep func(ctx context.Context, d time.Duration) error) P {
	c := *in
	P(&c).wait().sleep = sleep
	return &c
}
