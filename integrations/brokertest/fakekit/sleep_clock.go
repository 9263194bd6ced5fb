package fakekit

import (
	"context"
	"sync/atomic"
	"time"
)

// SleepClock is a Clock whose Sleep moves it on instead of waiting (as
// ClockSleep does) and counts the time slept, for a test that checks how
// long an integration sat out a rate-limit window or polled a report.
type SleepClock struct {
	*Clock
	slept atomic.Int64
}

// NewSleepClock returns a SleepClock at t that has slept nothing.
func NewSleepClock(t time.Time) *SleepClock { return &SleepClock{Clock: NewClock(t)} }

// Sleep moves the clock on by d and counts it; it returns ctx's error,
// moving nothing, when ctx has ended.
func (c *SleepClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ClockSleep(c.Clock)(ctx, d); err != nil {
		return err
	}
	c.slept.Add(int64(d))
	return nil
}

// Slept is the time all Sleeps have moved the clock on.
func (c *SleepClock) Slept() time.Duration { return time.Duration(c.slept.Load()) }
