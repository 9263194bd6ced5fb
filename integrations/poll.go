package integrations

import (
	"cmp"
	"context"
	"time"
)

// Polling is the interval at which an integration's login asks whether the
// user approved it in the institution's app ([PollApproval]): zero until a
// test shortens it ([PollEvery]). Embed it in the Integration.
type Polling struct{ every time.Duration }

// Polls returns p itself: what [PollEvery] sets.
func (p *Polling) Polls() *Polling { return p }

// Interval is the interval set by [PollEvery], else def, the institution's
// own.
func (p Polling) Interval(def time.Duration) time.Duration { return cmp.Or(p.every, def) }

// PollEvery returns a copy of in that polls every d: an Integration's
// WithPollInterval (tests, and the fakes' harnesses, shorten the wait for
// an approval that comes at once).
func PollEvery[T any, P interface {
	*T
	Polls() *Polling
}](in P, d time.Duration) P {
	c := P(new(T))
	*c = *in
	c.Polls().every = d
	return c
}

// Polled is a [StepLogin]'s Approve that asks check every interval whether
// the approval came ([PollApproval]).
func Polled(interval time.Duration, check func(ctx context.Context) (Step, error)) func(ctx context.Context, st *ApproveStep) (Step, error) {
	return func(ctx context.Context, st *ApproveStep) (Step, error) {
		return PollApproval(ctx, st, interval, check)
	}
}
