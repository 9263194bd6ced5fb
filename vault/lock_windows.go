package vault

import (
	"context"
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// lockFile takes the lock bbolt takes (LockFileEx on the byte range just past
// 2^64-2), polling until the deadline, so that a vault held by another
// process is reported as ErrInUse rather than checked while it is being
// written. Windows locks are not re-entrant, so release unlocks before bbolt
// locks again; a process that slips into that gap makes bbolt time out, which
// is also ErrInUse. (Run under Wine by make test-windows.)
func lockFile(ctx context.Context, f *os.File, deadline time.Time) (release func(), err error) {
	return lockPoll(ctx, f, deadline, windows.LOCKFILE_EXCLUSIVE_LOCK)
}

// lockShared is lockFile's shared form, for read-only opens, as bbolt takes
// for them: readers do not exclude each other. (With the exclusive lock, a
// second read-only open waited for the first one's shared lock and failed
// with ErrInUse: found under Wine.)
func lockShared(ctx context.Context, f *os.File, deadline time.Time) (release func(), err error) {
	return lockPoll(ctx, f, deadline, 0)
}

func init() { lockForRead = lockShared }

func lockPoll(ctx context.Context, f *os.File, deadline time.Time, exclusive uint32) (release func(), err error) {
	h := windows.Handle(f.Fd())
	ol := func() *windows.Overlapped { return &windows.Overlapped{Offset: ^uint32(0), OffsetHigh: ^uint32(0)} }
	return pollLock(ctx, deadline, func() (func(), bool, error) {
		err := windows.LockFileEx(h, exclusive|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, ol())
		switch {
		case err == nil:
			return func() { _ = windows.UnlockFileEx(h, 0, 1, 0, ol()) }, false, nil
		case errors.Is(err, windows.ERROR_LOCK_VIOLATION) || errors.Is(err, windows.ERROR_IO_PENDING):
			return nil, true, nil
		}
		return nil, false, &os.PathError{Op: "LockFileEx", Path: f.Name(), Err: err}
	})
}

// renameOpenFiles is false: Windows cannot rename over an open file, so
// Create and compaction close, rename and reopen.
const renameOpenFiles = false
