package vault

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/awnumar/memguard"
	bolt "go.etcd.io/bbolt"
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
	// KDF sets the Argon2id parameters; nil means parallelism min(4, CPUs)
	// and a cost calibrated to about 0.5 s: 64 MiB with at least 3
	// iterations, more memory (up to 256 MiB) on machines fast enough to
	// exceed 16 iterations.
	// Explicit parameters must lie within the read limits (19 MiB–1 GiB,
	// 2–16 iterations, at most 16 threads); Threads 0 means the default.
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

	// DamagedMetaPage is the bbolt meta page (0 or 1) found damaged while
	// the other one is sound, or -1. The vault then works from the sound
	// copy; the next write (or compaction) rewrites the damaged one.
	DamagedMetaPage int

	// Buckets whose set of records does not match the sealed manifest
	// (records deleted, re-inserted from an old copy, or rolled back).
	TamperedBuckets []string
}

// Vault is an open vault file. It is safe for concurrent use. Methods must
// not be called from inside an Update or View callback (use the Tx).
type Vault struct {
	path     string // as given to Create or Open
	file     string // path with symbolic links resolved: the file replaced on compaction
	readOnly bool   // OpenReadOnly: every write is ErrReadOnly

	mu  sync.RWMutex // guards db, hdr, key, kek
	db  *bolt.DB     // nil once closed
	hdr *header
	key *memguard.Enclave // vault key; nil while locked
	kek *memguard.Enclave // password-derived key; nil if unlocked by recovery key

	dirty       atomic.Bool  // a write committed since open or the last seal
	metaDamaged atomic.Int32 // bbolt meta page found damaged at open, or -1

	bufMu    sync.Mutex
	bufs     map[*memguard.LockedBuffer]int // buffers handed out → pages
	bufPages int
}

func newVault(path, file string, db *bolt.DB, h *header) *Vault {
	v := &Vault{path: path, file: file, db: db, hdr: h, bufs: map[*memguard.LockedBuffer]int{}}
	v.metaDamaged.Store(-1)
	return v
}

// Path returns the file path given to Create or Open.
func (v *Vault) Path() string { return v.path }

// Locked reports whether the vault is locked (or closed).
func (v *Vault) Locked() bool {
	v.mu.RLock()
	defer v.mu.RUnlock()
	return v.key == nil
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
	if v.dirty.Load() && !v.readOnly {
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
		return writeErr("final commit", err)
	}
	v.dirty.Store(false)
	return nil
}

// repairMeta runs after a committed write when a meta page was found
// damaged at open: two empty commits write both meta pages (bbolt
// alternates them by transaction id), so the damaged one is rewritten
// whichever page the write went to.
func (v *Vault) repairMeta() error {
	if v.metaDamaged.Load() < 0 || v.readOnly {
		return nil
	}
	for i := 0; i < 2; i++ {
		err := guard(func() error { return v.db.Update(func(*bolt.Tx) error { return nil }) })
		if err != nil {
			return writeErr("repair the damaged meta page", err)
		}
	}
	v.metaDamaged.Store(-1)
	v.dirty.Store(false)
	return nil
}

// Info describes the vault; it works while locked.
func (v *Vault) Info(ctx context.Context) (Info, error) {
	if err := v.readOpen(ctx); err != nil {
		return Info{}, err
	}
	defer v.mu.RUnlock()
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
	if st, err := os.Stat(v.file); err == nil {
		info.FileSize = st.Size()
	}
	return info, nil
}

// lockForRead takes the file lock of a read-only open. It is lockFile (an
// exclusive lock) unless the platform sets a shared one (lock_unix.go,
// lock_windows.go).
var lockForRead = lockFile

// pollLock takes a file lock by trying every 25 ms until the deadline (then
// ErrInUse) or the end of ctx. try reports busy while another process holds
// the lock; otherwise what it returns is the answer.
func pollLock(ctx context.Context, deadline time.Time, try func() (release func(), busy bool, err error)) (func(), error) {
	tick := time.NewTicker(25 * time.Millisecond)
	defer tick.Stop()
	for {
		release, busy, err := try()
		if !busy {
			return release, err
		}
		if !time.Now().Before(deadline) {
			return nil, ErrInUse
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-tick.C:
		}
	}
}
