package vault

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/awnumar/memguard"
	bolt "go.etcd.io/bbolt"
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
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, "", writeErr("create the folder", err)
	}
	// The folder may be (or pass through) a symbolic link: resolve it once,
	// so compaction later replaces the file where it really is.
	dir, err := filepath.EvalSymlinks(filepath.Dir(path))
	if err != nil {
		return nil, "", fmt.Errorf("vault: %w", err)
	}
	file := filepath.Join(dir, filepath.Base(path))

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
	recoveryKey = wrapSlots(h, kek.Bytes(), vk.Bytes())

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
		return nil, "", fmt.Errorf("vault: create: %w", err)
	}
	db, err = publishNew(ctx, db, tmp, file)
	if err != nil {
		return nil, "", err
	}
	v = newVault(path, file, db, h)
	v.key = vk.Seal()
	v.kek = kek.Seal()
	return v, recoveryKey, nil
}

// Open opens the vault at path and validates its structure and header. The
// vault is returned locked. If another process (or Vault) has it open, Open
// fails with ErrInUse within about two seconds (sooner if ctx says so). A
// missing file is an error matching fs.ErrNotExist; Open never creates one.
// A file that can be read but not written (its mode, or a read-only file
// system) is ErrReadOnly: OpenReadOnly opens it.
//
// If path is a symbolic link it is resolved here, once: compaction
// (ChangePassword, RotateKey) replaces the file the link points to, and the
// link stays a link.
//
// One damaged bbolt meta page does not stop Open: the vault works from the
// other copy, Check reports the damage, and the next write repairs it.
func Open(ctx context.Context, path string) (*Vault, error) {
	return open(ctx, path, false)
}

// OpenReadOnly opens the vault for reading only, under a shared lock: it
// works on a read-only file or file system, and alongside other read-only
// opens (but not while a process has the vault open with Open). Unlock,
// Get, List, View, Info, Check and Backup work; every write (Put, Delete,
// Update, ChangePassword, RotateKey) returns ErrReadOnly.
func OpenReadOnly(ctx context.Context, path string) (*Vault, error) {
	return open(ctx, path, true)
}

func open(ctx context.Context, path string, readOnly bool) (*Vault, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	Harden()
	file, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	if file, err = filepath.Abs(file); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	if _, err := os.Stat(file); err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	db, damaged, err := openBolt(ctx, file, readOnly)
	if err != nil {
		return nil, err
	}
	h, err := readHeader(db)
	if err != nil {
		db.Close()
		return nil, err
	}
	if !readOnly {
		removeStaleCompactions(file)
	}
	v := newVault(path, file, db, h)
	v.readOnly = readOnly
	v.metaDamaged.Store(int32(damaged))
	return v, nil
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
