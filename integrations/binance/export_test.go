package binance

import (
	"context"
	"time"
)

// SetSleep replaces the pacer's waits (a test's clock moves instead) until
// the returned restore is called.
func SetSleep(f func(ctx context.Context, d time.Duration) error) (restore func()) {
	old := sleepFunc.Swap(&f)
	return func() { sleepFunc.Store(old) }
}
