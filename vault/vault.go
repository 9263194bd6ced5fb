package vault

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/awnumar/memguard"
	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

const (
	// lockTimeout bounds how long Open waits for another process to release
	// the vault file before returning ErrInUse.
	lockTimeout = 2 * time.Second

	metaBucket = "\x00meta" // reserved: holds the header
	headerKey  = "header"

	maxBucketLen = 255
	maxKeyLen    = 1024
	maxValueLen  = 16 << 20
)

// DefaultPath returns <user config dir>/Latchkey/vault.db.
func DefaultPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("vault: no user config directory: %w", err)
	}
	return filepath.Join(dir, "Latchkey", "vault.db"), nil
}

// CreateOptions tune Create.
type CreateOptions struct {
	// KDF sets the Argon2id parameters; nil means 64 MiB, parallelism
	// min(4, CPUs) and iterations calibrated to about 0.5 s (at least 3).
	// Explicit parameters must lie within the read limits (19 MiB–4 GiB,
	// 2–64 iterations); Threads 0 means the default.
	KDF *KDFParams

	// InsecureTestKDF selects a toy KDF so tests run fast. It is honoured
	// only in test binaries (testing.Testing); elsewhere Create fails, and
	// Open refuses vaults that use it.
	InsecureTestKDF bool
}

// Info describes a vault. It is available while locked.
type Info struct {
	FormatVersion  int
	KDF            KDFParams
	HasRecoveryKey bool
	Created        time.Time
	Buckets        map[string]int // records per bucket
	FileSize       int64
}

// CheckReport summarises Check.
type CheckReport struct {
	Buckets int
	Records int // records examined
	Corrupt int // records that failed authentication
}

// Vault is an open vault file. It is safe for concurrent use. Methods must
// not be called from inside an Update or View callback (use the Tx).
type Vault struct {
	path string

	mu  sync.RWMutex // guards db, hdr, key, kek
	db  *bolt.DB     // nil once closed
	hdr *header
	key *memguard.Enclave // vault key; nil while locked
	kek *memguard.Enclave // password-derived key; nil if unlocked by recovery key

	dirty atomic.Bool // a write committed since open or the last seal

	bufMu    sync.Mutex
	bufs     map[*memguard.LockedBuffer]int // buffers handed out → pages
	bufPages int
}

func newVault(path string, db *bolt.DB, h *header) *Vault {
	return &Vault{path: path, db: db, hdr: h, bufs: map[*memguard.LockedBuffer]int{}}
}

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
		p := KDFParams{MemoryKiB: DefaultMemoryKiB, Threads: defaultThreads()}
		if p.Iterations, err = calibrate(ctx, p.MemoryKiB, p.Threads); err != nil {
			return nil, "", err
		}
		h.kdfID, h.kdf = kdfArgon2id, p
	}

	kek, err := deriveKEK(ctx, password, h)
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

// Path returns the file path given to Create or Open.
func (v *Vault) Path() string { return v.path }

// Locked reports whether the vault is locked (or closed).
func (v *Vault) Locked() bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.key == nil
}

// Unlock derives the key from password and unwraps the vault key. It reads
// only the header (no records), so it costs one KDF run. On a vault that is
// already unlocked it just verifies the password.
func (v *Vault) Unlock(ctx context.Context, password []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v.mu.RLock()
	db, h := v.db, v.hdr
	v.mu.RUnlock()
	if db == nil {
		return errClosed
	}
	kek, err := deriveKEK(ctx, password, h)
	if err != nil {
		return err
	}
	vk, err := unwrapKey(h, h.slot(slotPassword), kek.Bytes())
	if err != nil {
		kek.Destroy()
		return err
	}
	return v.install(h, vk, kek)
}

// UnlockWithRecoveryKey unlocks with the recovery key shown at creation (or
// by RotateKey). Case, spaces and dashes do not matter. A vault unlocked this
// way cannot RotateKey until ChangePassword sets a new password.
func (v *Vault) UnlockWithRecoveryKey(ctx context.Context, key string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v.mu.RLock()
	db, h := v.db, v.hdr
	v.mu.RUnlock()
	if db == nil {
		return errClosed
	}
	s := h.slot(slotRecovery)
	if s == nil {
		return fmt.Errorf("%w: this vault has no recovery key", ErrWrongPassword)
	}
	rk, err := parseRecoveryKey(key)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrWrongPassword, err)
	}
	rkek := recoveryKEK(rk.Bytes())
	rk.Destroy()
	vk, err := unwrapKey(h, s, rkek.Bytes())
	rkek.Destroy()
	if err != nil {
		return err
	}
	return v.install(h, vk, nil)
}

// install stores an unwrapped vault key (and the password-derived key, if
// any) in Enclaves. It consumes vk and kek.
func (v *Vault) install(h *header, vk, kek *memguard.LockedBuffer) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	switch {
	case v.db == nil:
		vk.Destroy()
		destroy(kek)
		return errClosed
	case v.hdr != h:
		vk.Destroy()
		destroy(kek)
		return errors.New("vault: the header changed during unlock; try again")
	case v.key != nil: // already unlocked: keep the key
		vk.Destroy()
		if v.kek == nil && kek != nil {
			v.kek = kek.Seal()
		} else {
			destroy(kek)
		}
		return nil
	}
	v.key = vk.Seal()
	if kek != nil {
		v.kek = kek.Seal()
	}
	return nil
}

func destroy(b *memguard.LockedBuffer) {
	if b != nil {
		b.Destroy()
	}
}

// Lock forgets the vault key and destroys every buffer Get handed out.
// Calls that need the key then return ErrLocked. Lock on a locked or closed
// vault does nothing.
func (v *Vault) Lock() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.lockLocked()
}

func (v *Vault) lockLocked() {
	wipeEnclave(v.key)
	wipeEnclave(v.kek)
	v.key, v.kek = nil, nil
	v.bufMu.Lock()
	for b := range v.bufs {
		b.Destroy()
	}
	clear(v.bufs)
	v.bufPages = 0
	v.bufMu.Unlock()
}

// wipeEnclave zeroes an Enclave's ciphertext. memguard has no Destroy for
// Enclaves (they are encrypted heap memory), so this reaches into the
// unexported field, checking its name and type first; if memguard's layout
// ever changes it does nothing and the Enclave is merely dropped.
func wipeEnclave(e *memguard.Enclave) {
	if e == nil || e.Enclave == nil {
		return
	}
	rv := reflect.ValueOf(e.Enclave).Elem()
	if rv.Kind() != reflect.Struct || rv.NumField() != 1 {
		return
	}
	f := rv.Field(0)
	if rv.Type().Field(0).Name != "ciphertext" || f.Kind() != reflect.Slice || f.Type().Elem().Kind() != reflect.Uint8 {
		return
	}
	wipe(*(*[]byte)(unsafe.Pointer(f.UnsafeAddr())))
}

// Close locks the vault and closes the file. If anything was written it first
// commits an empty transaction, so both bbolt meta pages describe the latest
// data and a damaged meta page cannot silently roll back the last write.
func (v *Vault) Close() error {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.db == nil {
		return nil
	}
	v.lockLocked()
	var err error
	if v.dirty.Load() {
		err = v.seal()
	}
	if cerr := v.db.Close(); cerr != nil && err == nil {
		err = fmt.Errorf("vault: close: %v", cerr)
	}
	v.db = nil
	return err
}

func (v *Vault) seal() error {
	err := guard(func() error { return v.db.Update(func(*bolt.Tx) error { return nil }) })
	if err != nil {
		return fmt.Errorf("vault: final commit: %v", err)
	}
	v.dirty.Store(false)
	return nil
}

// Info describes the vault; it works while locked.
func (v *Vault) Info(ctx context.Context) (Info, error) {
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.db == nil {
		return Info{}, errClosed
	}
	info := Info{
		FormatVersion:  int(v.hdr.version),
		KDF:            v.hdr.kdf,
		HasRecoveryKey: v.hdr.slot(slotRecovery) != nil,
		Created:        v.hdr.created,
		Buckets:        map[string]int{},
	}
	err := guard(func() error {
		return v.db.View(func(tx *bolt.Tx) error {
			return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
				if string(name) == metaBucket {
					return nil
				}
				n := 0
				c := b.Cursor()
				for k, val := c.First(); k != nil; k, val = c.Next() {
					if val != nil {
						n++
					}
				}
				info.Buckets[string(name)] = n
				return nil
			})
		})
	})
	if err != nil {
		return Info{}, err
	}
	if st, err := os.Stat(v.path); err == nil {
		info.FileSize = st.Size()
	}
	return info, nil
}

// Get opens the record into a new LockedBuffer, which the caller must
// Destroy (Lock destroys it too). A missing record is ErrNotFound; one that
// fails authentication is a *RecordError.
func (v *Vault) Get(ctx context.Context, bucket, key string) (*memguard.LockedBuffer, error) {
	var out *memguard.LockedBuffer
	err := v.View(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.Get(bucket, key)
		return err
	})
	return out, err
}

// Put encrypts value under a fresh nonce and stores it, creating the bucket
// if needed. The value is not modified or retained.
func (v *Vault) Put(ctx context.Context, bucket, key string, value []byte) error {
	return v.Update(ctx, func(tx *Tx) error { return tx.Put(bucket, key, value) })
}

// Delete removes a record; a missing record or bucket is not an error.
func (v *Vault) Delete(ctx context.Context, bucket, key string) error {
	return v.Update(ctx, func(tx *Tx) error { return tx.Delete(bucket, key) })
}

// List returns the record keys of a bucket, sorted; a missing bucket gives
// an empty list.
func (v *Vault) List(ctx context.Context, bucket string) ([]string, error) {
	var out []string
	err := v.View(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.List(bucket)
		return err
	})
	return out, err
}

// Update runs fn in one read-write transaction: all its writes commit
// together (with fsync) or not at all. fn's error is returned unchanged and
// rolls the transaction back; a panic in fn rolls back and is re-raised. fn
// must not call methods of v. If ctx is cancelled before the commit, nothing
// is committed.
func (v *Vault) Update(ctx context.Context, fn func(tx *Tx) error) error {
	return v.run(ctx, true, fn)
}

// View runs fn in a read-only transaction.
func (v *Vault) View(ctx context.Context, fn func(tx *Tx) error) error {
	return v.run(ctx, false, fn)
}

var errPanicked = errors.New("vault: transaction function panicked")

func (v *Vault) run(ctx context.Context, writable bool, fn func(tx *Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.db == nil {
		return errClosed
	}
	if v.key == nil {
		return ErrLocked
	}
	kb, err := v.key.Open()
	if err != nil {
		return ErrLocked
	}
	defer kb.Destroy()
	return v.runWithKey(ctx, writable, kb, fn)
}

// runWithKey runs fn in a transaction with the vault key kb. v.mu is held.
func (v *Vault) runWithKey(ctx context.Context, writable bool, kb *memguard.LockedBuffer, fn func(tx *Tx) error) error {
	tx := &Tx{v: v, key: kb.Bytes(), version: v.hdr.version, writable: writable}
	var (
		userErr   error
		userPanic any
		panicked  bool
	)
	call := func(btx *bolt.Tx) error {
		tx.btx = btx
		defer func() { tx.btx = nil }()
		func() {
			defer func() {
				if r := recover(); r != nil {
					userPanic, panicked = r, true
				}
			}()
			userErr = fn(tx)
		}()
		switch {
		case panicked:
			return errPanicked
		case tx.failed != nil:
			return tx.failed
		case userErr != nil:
			return userErr
		case writable && ctx.Err() != nil:
			userErr = ctx.Err()
			return userErr
		}
		return nil
	}
	err := guard(func() error {
		if writable {
			return v.db.Update(call)
		}
		return v.db.View(call)
	})
	if panicked {
		panic(userPanic)
	}
	switch {
	case err == nil:
		if writable && tx.wrote {
			v.dirty.Store(true)
		}
		return nil
	case userErr != nil && err == userErr, tx.failed != nil && err == tx.failed, errors.Is(err, ErrCorrupt):
		return err
	default:
		return fmt.Errorf("vault: commit: %v", err)
	}
}

// Tx is a transaction inside Update or View. It is valid only during the
// callback and must not be used from other goroutines.
type Tx struct {
	v        *Vault
	btx      *bolt.Tx
	key      []byte // vault key, in locked memory
	version  uint16
	writable bool
	wrote    bool
	failed   error // an internal failure; forces rollback
}

var (
	errTxDone     = errors.New("vault: transaction used after its callback returned")
	errTxReadOnly = errors.New("vault: write in a read-only transaction")
)

func checkBucketName(bucket string) error {
	switch {
	case bucket == "":
		return errors.New("vault: empty bucket name")
	case len(bucket) > maxBucketLen:
		return errors.New("vault: bucket name too long")
	case bucket[0] == 0:
		return errors.New("vault: bucket names starting with NUL are reserved")
	}
	return nil
}

func checkNames(bucket, key string) error {
	if err := checkBucketName(bucket); err != nil {
		return err
	}
	switch {
	case key == "":
		return errors.New("vault: empty key")
	case len(key) > maxKeyLen:
		return errors.New("vault: key too long")
	}
	return nil
}

// do runs a bbolt operation, turning a fault inside bbolt into an error that
// also forces the transaction to roll back.
func (tx *Tx) do(f func() error) error {
	if tx.btx == nil {
		return errTxDone
	}
	if tx.failed != nil {
		return tx.failed
	}
	err := guard(f)
	if errors.Is(err, ErrCorrupt) {
		tx.failed = err
	}
	return err
}

// Get opens a record into a new LockedBuffer the caller must Destroy.
func (tx *Tx) Get(bucket, key string) (*memguard.LockedBuffer, error) {
	if err := checkNames(bucket, key); err != nil {
		return nil, err
	}
	var out *memguard.LockedBuffer
	err := tx.do(func() error {
		b := tx.btx.Bucket([]byte(bucket))
		if b == nil {
			return fmt.Errorf("%w: %s/%s", ErrNotFound, bucket, key)
		}
		raw := b.Get([]byte(key)) // valid only inside this transaction
		if raw == nil {
			return fmt.Errorf("%w: %s/%s", ErrNotFound, bucket, key)
		}
		nonce, ct, err := decodeEnvelope(raw)
		if err != nil {
			return &RecordError{Bucket: bucket, Key: key, Reason: err.Error()}
		}
		n := len(ct) - tagSize
		if err := tx.v.reserve(n); err != nil {
			return err
		}
		buf := memguard.NewBuffer(n) // n == 0 gives a null buffer
		if _, err := openX(buf.Bytes()[:0], tx.key, nonce, ct, recordAD(tx.version, bucket, key)); err != nil {
			buf.Destroy()
			return &RecordError{Bucket: bucket, Key: key, Reason: "authentication failed"}
		}
		tx.v.track(buf, n)
		out = buf
		return nil
	})
	return out, err
}

// Put encrypts and stores value.
func (tx *Tx) Put(bucket, key string, value []byte) error {
	if err := checkNames(bucket, key); err != nil {
		return err
	}
	if len(value) > maxValueLen {
		return fmt.Errorf("vault: value of %d bytes exceeds the %d-byte limit", len(value), maxValueLen)
	}
	if !tx.writable {
		return errTxReadOnly
	}
	return tx.do(func() error {
		b, err := tx.btx.CreateBucketIfNotExists([]byte(bucket))
		if err != nil {
			return fmt.Errorf("vault: bucket %q: %v", bucket, err)
		}
		env := sealRecord(tx.key, tx.version, bucket, key, value)
		if err := b.Put([]byte(key), env); err != nil {
			return fmt.Errorf("vault: put %s/%s: %v", bucket, key, err)
		}
		tx.wrote = true
		return nil
	})
}

func sealRecord(key []byte, version uint16, bucket, rkey string, value []byte) []byte {
	env := make([]byte, 1+nonceSize, 1+nonceSize+len(value)+tagSize)
	env[0] = envelopeVersion
	randomBytes(env[1:])
	return sealX(env, key, env[1:1+nonceSize], value, recordAD(version, bucket, rkey))
}

// Delete removes a record; missing is not an error.
func (tx *Tx) Delete(bucket, key string) error {
	if err := checkNames(bucket, key); err != nil {
		return err
	}
	if !tx.writable {
		return errTxReadOnly
	}
	return tx.do(func() error {
		b := tx.btx.Bucket([]byte(bucket))
		if b == nil {
			return nil
		}
		if err := b.Delete([]byte(key)); err != nil {
			return fmt.Errorf("vault: delete %s/%s: %v", bucket, key, err)
		}
		tx.wrote = true
		return nil
	})
}

// List returns the sorted keys of a bucket (empty if it does not exist).
func (tx *Tx) List(bucket string) ([]string, error) {
	if err := checkBucketName(bucket); err != nil {
		return nil, err
	}
	out := []string{}
	err := tx.do(func() error {
		b := tx.btx.Bucket([]byte(bucket))
		if b == nil {
			return nil
		}
		c := b.Cursor()
		for k, val := c.First(); k != nil; k, val = c.Next() {
			if val != nil {
				out = append(out, string(k)) // copies
			}
		}
		return nil
	})
	return out, err
}

// DeleteBucket removes a bucket and all its records; missing is not an error.
func (tx *Tx) DeleteBucket(bucket string) error {
	if err := checkBucketName(bucket); err != nil {
		return err
	}
	if !tx.writable {
		return errTxReadOnly
	}
	return tx.do(func() error {
		err := tx.btx.DeleteBucket([]byte(bucket))
		if err != nil && !errors.Is(err, berrors.ErrBucketNotFound) {
			return fmt.Errorf("vault: delete bucket %q: %v", bucket, err)
		}
		tx.wrote = true
		return nil
	})
}

// Buffer accounting, so that Lock can destroy what Get handed out and Get can
// refuse (rather than let memguard panic) when RLIMIT_MEMLOCK would be hit.

const reservedPages = 8 // memguard's key (3), key views and our transient key buffers

func pagesFor(n int) int {
	ps := os.Getpagesize()
	if n <= 0 {
		return 0
	}
	return (n + ps - 1) / ps
}

func (v *Vault) track(b *memguard.LockedBuffer, n int) {
	if n == 0 {
		return
	}
	v.bufMu.Lock()
	defer v.bufMu.Unlock()
	p := pagesFor(n)
	v.bufs[b] = p
	v.bufPages += p
	if len(v.bufs) > 64 && len(v.bufs)%64 == 0 {
		v.sweepLocked()
	}
}

func (v *Vault) sweepLocked() {
	for b, p := range v.bufs {
		if !b.IsAlive() {
			delete(v.bufs, b)
			v.bufPages -= p
		}
	}
}

// reserve reports ErrNoLockedMemory if a buffer of n bytes would push the
// locked memory of the buffers this vault handed out past RLIMIT_MEMLOCK.
// Buffers made by other code in the process are not counted.
func (v *Vault) reserve(n int) error {
	limit := memlockLimit()
	if limit == 0 || n == 0 {
		return nil
	}
	limitPages := int(limit / uint64(os.Getpagesize()))
	v.bufMu.Lock()
	defer v.bufMu.Unlock()
	need := pagesFor(n)
	if v.bufPages+need+reservedPages <= limitPages {
		return nil
	}
	v.sweepLocked()
	if v.bufPages+need+reservedPages <= limitPages {
		return nil
	}
	return fmt.Errorf("%w (%d KiB limit, %d pages held by open buffers)", ErrNoLockedMemory, limit/1024, v.bufPages)
}
