//go:build unix

package vault

import (
	"context"
	"errors"
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// lockFile takes the same exclusive flock bbolt takes, on the file bbolt will
// use, so that the structure check runs under the lock. bbolt's own flock on
// the same open file then succeeds at once. It polls until the deadline.
func lockFile(ctx context.Context, f *os.File, deadline time.Time) error {
	fd := int(f.Fd())
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		err := unix.Flock(fd, unix.LOCK_EX|unix.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, unix.EWOULDBLOCK) && !errors.Is(err, unix.EINTR) {
			return &os.PathError{Op: "flock", Path: f.Name(), Err: err}
		}
		if !time.Now().Before(deadline) {
			return ErrInUse
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// lockChecksBeforeBolt reports whether lockFile is real here.
const lockChecksBeforeBolt = true
