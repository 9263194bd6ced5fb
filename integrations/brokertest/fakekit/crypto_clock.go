package fakekit

import (
	"context"
	"time"
)

// ClockSleep returns a wait that moves c on by d instead of waiting, for an
// integration that sits out a rate-limit window or paces an endpoint
// (Gemini's transfers list, Bitvavo's weight budget) while a test runs its
// fake on c: the window passes at once on both sides. It returns ctx's
// error when ctx has ended.
func ClockSleep(c *Clock) func(ctx context.Context, d time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.Add(d)
		return nil
	}
}
