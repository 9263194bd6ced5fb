package vault

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// The bbolt file underneath a vault: creating, opening (with the structure
// check), replacing after compaction, and the mapping of bbolt's and the
// file system's failures onto this package's sentinels.

// newBoltFile creates a bbolt file under a temporary name in dir, lets fill
// write it, then commits an empty transaction so both bbolt meta pages
// describe the same data (see Close). bbolt fsyncs every commit. On failure
// the temporary file is removed; a full disk is ErrDiskFull.
func newBoltFile(dir, pattern string, fill func(*bolt.DB) error) (db *bolt.DB, tmp string, err error) {
	f, err := os.CreateTemp(dir, pattern) // mode 0600
	if err != nil {
		return nil, "", writeErr("create a temporary file", err)
	}
	tmp = f.Name()
	f.Close()
	defer func() {
		if err != nil {
			if db != nil {
				db.Close()
			}
			os.Remove(tmp)
			err = writeErr("write", err)
		}
	}()
	err = guard(func() error {
		var err error
		db, err = bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second, InitialMmapSize: initialMmapSize})
		if err != nil {
			return err
		}
		db.AllocSize = allocSize
		if err := fill(db); err != nil {
			return err
		}
		return db.Update(func(*bolt.Tx) error { return nil })
	})
	return db, tmp, err
}

// publishNew moves a freshly built vault from tmp to path without replacing
// an existing file, and returns the bbolt handle for path. On Unix the handle
// stays open (and locked) across the link; elsewhere it is reopened.
func publishNew(ctx context.Context, db *bolt.DB, tmp, path string) (*bolt.DB, error) {
	fail := func(err error) (*bolt.DB, error) {
		db.Close()
		os.Remove(tmp)
		return nil, err
	}
	if !renameOpenFiles { // Windows: an open file cannot be renamed
		db.Close()
		if _, err := os.Lstat(path); err == nil {
			os.Remove(tmp)
			return nil, ErrExists
		}
		if err := os.Rename(tmp, path); err != nil {
			os.Remove(tmp)
			return nil, fmt.Errorf("vault: %w", err)
		}
		db, _, err := openBolt(ctx, path, false)
		return db, err
	}
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fail(ErrExists)
		}
		// No hard links on this file system: check, then rename.
		if _, err := os.Lstat(path); err == nil {
			return fail(ErrExists)
		}
		if err := os.Rename(tmp, path); err != nil {
			return fail(fmt.Errorf("vault: %w", err))
		}
	} else {
		os.Remove(tmp)
	}
	syncDir(filepath.Dir(path))
	return db, nil
}

// replaceFile atomically replaces path (the resolved file, never a symbolic
// link) with the bbolt file tmp (used after compaction). It returns the
// handle now serving path.
func replaceFile(ctx context.Context, old, fresh *bolt.DB, tmp, path string) (*bolt.DB, error) {
	if !renameOpenFiles {
		fresh.Close()
		old.Close()
		if err := os.Rename(tmp, path); err != nil {
			os.Remove(tmp)
			db, _, rerr := openBolt(ctx, path, false)
			if rerr != nil {
				return nil, fmt.Errorf("vault: replace: %w; reopen: %v", err, rerr)
			}
			return db, fmt.Errorf("vault: replace: %w", err)
		}
		syncDir(filepath.Dir(path))
		db, _, err := openBolt(ctx, path, false)
		return db, err
	}
	if err := os.Rename(tmp, path); err != nil {
		fresh.Close()
		os.Remove(tmp)
		return old, writeErr("replace", err)
	}
	syncDir(filepath.Dir(path))
	old.Close()
	return fresh, nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort; not supported everywhere
		d.Close()
	}
}

// guard runs f with faults turned into panics and panics into ErrCorrupt:
// bbolt reads the file through mmap and panics on some corruptions.
func guard(f func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = corruptf("bbolt failed: %s", cleanMsg(fmt.Sprint(r)))
		}
	}()
	return f()
}

// cleanMsg keeps Go's panic vocabulary out of error texts shown to users.
func cleanMsg(s string) string {
	return strings.ReplaceAll(s, "panic: ", "")
}

// initialMmapSize is the address space bbolt maps up front (not memory:
// pages are read in as they are touched). bbolt grows its map by doubling,
// and each time it does so inside a write transaction it copies every value
// the transaction holds onto the heap (node.dereference): a sync that writes
// 20 MB of month chunks into a small vault copied them about five times over
// (issue 18: 400 MB allocated, peak heap 130 MiB for 100,000 activities).
// Mapping 64 MiB at once removes those copies for any vault up to that
// size. On Windows bbolt grows the file itself to the map's size, so there
// the map grows as before.
var initialMmapSize = func() int {
	if runtime.GOOS == "windows" {
		return 0
	}
	return 64 << 20
}()

// allocSize is how far past its data bbolt grows the file once the map is
// larger than this (bbolt's default, 16 MiB, would give even a new vault a
// 16 MiB file with the larger initial map).
const allocSize = 64 << 10

// openBolt opens path (already resolved) with a lock timeout and the
// structure check. readOnly opens the file read-only under a shared lock,
// which works on a read-only file or file system. damagedMeta is the bbolt
// meta page (0 or 1) that failed its checks, or -1: bbolt then serves the
// other one, and bbolt's tx.Check, which would trip over the damaged page,
// is left to the structure check (which covers the same ground).
func openBolt(ctx context.Context, path string, readOnly bool) (db *bolt.DB, damagedMeta int, err error) {
	deadline := time.Now().Add(lockTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	timeout := time.Until(deadline)
	if timeout < time.Millisecond {
		timeout = time.Millisecond
	}
	lock := lockFile
	if readOnly {
		lock = lockForRead
	}
	damagedMeta = -1
	opts := &bolt.Options{
		Timeout:         timeout,
		ReadOnly:        readOnly,
		FreelistType:    bolt.FreelistArrayType,
		InitialMmapSize: initialMmapSize,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag&^os.O_CREATE, perm) // never create: Create does that
			if err != nil {
				if flag&(os.O_RDWR|os.O_WRONLY) != 0 && isReadOnlyErr(err) {
					if r, rerr := os.Open(name); rerr == nil { // readable, not writable
						r.Close()
						return nil, fmt.Errorf("%w: the file cannot be opened for writing (%v)", ErrReadOnly, unwrapErrno(err))
					}
				}
				return nil, err
			}
			release, err := lock(ctx, f, deadline)
			if err != nil {
				f.Close()
				return nil, err
			}
			damagedMeta, err = preflightFile(f)
			release()
			if err != nil {
				f.Close()
				return nil, err
			}
			return f, nil
		},
	}
	err = guard(func() error {
		var err error
		db, err = bolt.Open(path, 0o600, opts)
		return err
	})
	if err != nil {
		return nil, -1, mapOpenErr(path, err)
	}
	db.AllocSize = allocSize
	if damagedMeta < 0 {
		// bbolt's own consistency check; safe now that the structure passed.
		if err := boltCheck(db); err != nil {
			db.Close()
			return nil, -1, err
		}
	}
	return db, damagedMeta, nil
}

func mapOpenErr(path string, err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, ErrInUse), errors.Is(err, berrors.ErrTimeout):
		return ErrInUse
	case errors.Is(err, ErrCorrupt), errors.Is(err, ErrReadOnly), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return corruptf("%v", err)
	case errors.As(err, &pe):
		return fmt.Errorf("vault: %w", err)
	default:
		return fmt.Errorf("vault: open %s: %s", path, cleanMsg(err.Error()))
	}
}

func boltCheck(db *bolt.DB) error {
	var errs []error
	err := guard(func() error {
		return db.View(func(tx *bolt.Tx) error {
			for e := range tx.Check() { // drain fully so the checker goroutine ends
				if len(errs) < 5 {
					errs = append(errs, errors.New(cleanMsg(e.Error())))
				}
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return corruptf("bbolt check: %v", errors.Join(errs...))
	}
	return nil
}

// writeErr classifies a failed write: a full disk or quota (ENOSPC, EDQUOT,
// a file-size limit, a short write) is ErrDiskFull, a read-only file system
// ErrReadOnly; ErrCorrupt and context errors pass unchanged. bbolt formats
// some errors with %s, so the system's message is matched as well.
func writeErr(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrDiskFull), errors.Is(err, ErrReadOnly), errors.Is(err, ErrCorrupt),
		errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case isDiskFull(err):
		return fmt.Errorf("%w (%s: %s)", ErrDiskFull, op, cleanMsg(err.Error()))
	case isReadOnlyFS(err):
		return fmt.Errorf("%w (%s: %s)", ErrReadOnly, op, cleanMsg(err.Error()))
	}
	return fmt.Errorf("vault: %s: %s", op, cleanMsg(err.Error()))
}

// isDiskFull reports a short write or one of the platform's disk-full
// errors (diskFullErrnos), as an error or only in its message.
func isDiskFull(err error) bool {
	if errors.Is(err, io.ErrShortWrite) {
		return true
	}
	msg := err.Error()
	for _, e := range diskFullErrnos {
		if errors.Is(err, e) || strings.Contains(msg, e.Error()) {
			return true
		}
	}
	return false
}

// unwrapErrno returns the system error inside err (without the path).
func unwrapErrno(err error) error {
	var e syscall.Errno
	if errors.As(err, &e) {
		return e
	}
	return err
}
