package vault

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/awnumar/memguard"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Create makes a new vault at path, which must not exist, and returns it
// unlocked together with its recovery key (13 groups of 4 base32 letters,
// to be shown to the user once). The password is not modified or retained.
//
// The file is built under a temporary name in the same folder (0600; the
// folder is created 0700), committed with fsync, and only then linked into
// place, so a crash never leaves a half-initialised vault at path.
func Create(ctx context.Context, path string, password []byte, opts CreateOptions) (v *Vault, recoveryKey string, err error) {
	if err := ctx.Err(); err != nil {
		return nil, "", err
	}
	if len(password) == 0 {
		return nil, "", errors.New("vault: empty password")
	}
	if opts.InsecureTestKDF && !testKDFAllowed() {
		return nil, "", errors.New("vault: InsecureTestKDF is only available in test binaries")
	}
	Harden()
	if _, err := os.Lstat(path); err == nil {
		return nil, "", ErrExists
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, "", fmt.Errorf("vault: %w", err)
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, "", fmt.Errorf("vault: %w", err)
	}

	h := &header{version: FormatVersion, created: time.Now().UTC().Truncate(time.Second)}
	randomBytes(h.salt[:])
	switch {
	case opts.InsecureTestKDF:
		h.kdfID, h.kdf = kdfInsecureTest, testKDF
	case opts.KDF != nil:
		p := *opts.KDF
		if p.Threads == 0 {
			p.Threads = defaultThreads()
		}
		if err := p.validate(); err != nil {
			return nil, "", fmt.Errorf("vault: %v", err)
		}
		h.kdfID, h.kdf = kdfArgon2id, p
	default:
		p, err := calibrate(ctx, DefaultMemoryKiB, defaultThreads())
		if err != nil {
			return nil, "", err
		}
		h.kdfID, h.kdf = kdfArgon2id, p
	}

	kek, err := deriveKEK(ctx, password, h, nil)
	if err != nil {
		return nil, "", err
	}
	defer kek.Destroy()
	vk := memguard.NewBufferRandom(keySize)
	defer vk.Destroy()
	rk := memguard.NewBufferRandom(keySize)
	recoveryKey = formatRecoveryKey(rk.Bytes())
	rkek := recoveryKEK(rk.Bytes())
	rk.Destroy()
	h.setSlot(wrapKey(h, slotPassword, kek.Bytes(), vk.Bytes()))
	h.setSlot(wrapKey(h, slotRecovery, rkek.Bytes(), vk.Bytes()))
	rkek.Destroy()

	db, tmp, err := newBoltFile(dir, "."+filepath.Base(path)+".tmp-*", func(db *bolt.DB) error {
		return db.Update(func(tx *bolt.Tx) error {
			b, err := tx.CreateBucket([]byte(metaBucket))
			if err != nil {
				return err
			}
			return b.Put([]byte(headerKey), h.encode())
		})
	})
	if err != nil {
		return nil, "", fmt.Errorf("vault: create: %v", err)
	}
	db, err = publishNew(ctx, db, tmp, path)
	if err != nil {
		return nil, "", err
	}
	v = newVault(path, db, h)
	v.key = vk.Seal()
	v.kek = kek.Seal()
	return v, recoveryKey, nil
}

// newBoltFile creates a bbolt file under a temporary name in dir, lets fill
// write it, then commits an empty transaction so both bbolt meta pages
// describe the same data (see Close). bbolt fsyncs every commit.
func newBoltFile(dir, pattern string, fill func(*bolt.DB) error) (db *bolt.DB, tmp string, err error) {
	f, err := os.CreateTemp(dir, pattern) // mode 0600
	if err != nil {
		return nil, "", err
	}
	tmp = f.Name()
	f.Close()
	defer func() {
		if err != nil {
			if db != nil {
				db.Close()
			}
			os.Remove(tmp)
		}
	}()
	err = guard(func() error {
		var err error
		db, err = bolt.Open(tmp, 0o600, &bolt.Options{Timeout: time.Second})
		if err != nil {
			return err
		}
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
		return openBolt(ctx, path)
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

// replaceFile atomically replaces path with the bbolt file tmp (used after
// compaction). It returns the handle now serving path.
func replaceFile(ctx context.Context, old, fresh *bolt.DB, tmp, path string) (*bolt.DB, error) {
	if !renameOpenFiles {
		fresh.Close()
		old.Close()
		if err := os.Rename(tmp, path); err != nil {
			os.Remove(tmp)
			db, rerr := openBolt(ctx, path)
			if rerr != nil {
				return nil, fmt.Errorf("vault: replace: %w; reopen: %v", err, rerr)
			}
			return db, fmt.Errorf("vault: replace: %w", err)
		}
		syncDir(filepath.Dir(path))
		return openBolt(ctx, path)
	}
	if err := os.Rename(tmp, path); err != nil {
		fresh.Close()
		os.Remove(tmp)
		return old, fmt.Errorf("vault: replace: %w", err)
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
			err = corruptf("bbolt failed: %v", r)
		}
	}()
	return f()
}

// openBolt opens path with a lock timeout and the structure check.
func openBolt(ctx context.Context, path string) (*bolt.DB, error) {
	deadline := time.Now().Add(lockTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	timeout := time.Until(deadline)
	if timeout < time.Millisecond {
		timeout = time.Millisecond
	}
	opts := &bolt.Options{
		Timeout:      timeout,
		FreelistType: bolt.FreelistArrayType,
		OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag&^os.O_CREATE, perm) // never create: Create does that
			if err != nil {
				return nil, err
			}
			release, err := lockFile(ctx, f, deadline)
			if err != nil {
				f.Close()
				return nil, err
			}
			err = preflightFile(f)
			release()
			if err != nil {
				f.Close()
				return nil, err
			}
			return f, nil
		},
	}
	var db *bolt.DB
	err := guard(func() error {
		var err error
		db, err = bolt.Open(path, 0o600, opts)
		return err
	})
	if err != nil {
		return nil, mapOpenErr(path, err)
	}
	// bbolt's own consistency check; safe now that the structure passed.
	if err := boltCheck(db); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func mapOpenErr(path string, err error) error {
	var pe *fs.PathError
	switch {
	case errors.Is(err, ErrInUse), errors.Is(err, berrors.ErrTimeout):
		return ErrInUse
	case errors.Is(err, ErrCorrupt), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum), errors.Is(err, berrors.ErrVersionMismatch):
		return corruptf("%v", err)
	case errors.As(err, &pe):
		return fmt.Errorf("vault: %w", err)
	default:
		return fmt.Errorf("vault: open %s: %v", path, err)
	}
}

func boltCheck(db *bolt.DB) error {
	var errs []error
	err := guard(func() error {
		return db.View(func(tx *bolt.Tx) error {
			for e := range tx.Check() { // drain fully so the checker goroutine ends
				if len(errs) < 5 {
					errs = append(errs, e)
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

// Open opens the vault at path and validates its structure and header. The
// vault is returned locked. If another process (or Vault) has it open, Open
// fails with ErrInUse within about two seconds (sooner if ctx says so). A
// missing file is an error matching fs.ErrNotExist; Open never creates one.
func Open(ctx context.Context, path string) (*Vault, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	Harden()
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	db, err := openBolt(ctx, path)
	if err != nil {
		return nil, err
	}
	h, err := readHeader(db)
	if err != nil {
		db.Close()
		return nil, err
	}
	removeStaleCompactions(path)
	return newVault(path, db, h), nil
}

// compactPattern names the temporary files of compaction, next to the vault.
func compactPattern(path string) string { return "." + filepath.Base(path) + ".compact-*" }

// removeStaleCompactions deletes temporary files left by a compaction that
// was interrupted (a crash or kill between writing and renaming). Only the
// process holding the vault's lock compacts, and the caller holds it now.
func removeStaleCompactions(path string) {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(path), compactPattern(path)))
	for _, f := range stale {
		os.Remove(f)
	}
}

func readHeader(db *bolt.DB) (*header, error) {
	var h *header
	err := guard(func() error {
		return db.View(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(metaBucket))
			if b == nil {
				return corruptf("no meta bucket")
			}
			raw := b.Get([]byte(headerKey))
			if raw == nil {
				return corruptf("no header")
			}
			var err error
			h, err = decodeHeader(raw) // copies what it keeps
			return err
		})
	})
	return h, err
}
