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
// the same open file then succeeds at once, so release does nothing. It polls
// until the deadline, then returns ErrInUse.
func lockFile(ctx context.Context, f *os.File, deadline time.Time) (release func(), err error) {
	return flockPoll(ctx, f, deadline, unix.LOCK_EX)
}

// lockShared is lockFile's shared form, for read-only opens: readers do not
// exclude each other, and bbolt's own shared flock then succeeds at once.
func lockShared(ctx context.Context, f *os.File, deadline time.Time) (release func(), err error) {
	return flockPoll(ctx, f, deadline, unix.LOCK_SH)
}

func init() { lockForRead = lockShared }

func flockPoll(ctx context.Context, f *os.File, deadline time.Time, how int) (release func(), err error) {
	fd := int(f.Fd())
	return pollLock(ctx, deadline, func() (func(), bool, error) {
		err := unix.Flock(fd, how|unix.LOCK_NB)
		switch {
		case err == nil:
			return func() {}, false, nil
		case errors.Is(err, unix.EWOULDBLOCK) || errors.Is(err, unix.EINTR):
			return nil, true, nil
		}
		return nil, false, &os.PathError{Op: "flock", Path: f.Name(), Err: err}
	})
}

// renameOpenFiles reports whether an open (and locked) file may be renamed
// over, which Create and compaction use to keep the vault locked throughout.
const renameOpenFiles = true
