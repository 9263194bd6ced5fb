package vault

import (
	"context"
	"errors"

	"github.com/awnumar/memguard"
	bolt "go.etcd.io/bbolt"
)

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
	if err := v.readOpen(ctx); err != nil {
		return err
	}
	defer v.mu.RUnlock()
	if writable && v.readOnly {
		return ErrReadOnly
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
	defer tx.dropScratch()
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
		if err := tx.storeManifest(); err != nil {
			tx.failed = err
			return err
		}
		return nil
	}
	defer func() { tx.sum.close() }()
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
			return v.repairMeta()
		}
		return nil
	case userErr != nil && err == userErr, tx.failed != nil && err == tx.failed, errors.Is(err, ErrCorrupt):
		return err
	default:
		return writeErr("commit", err) // rolled back: nothing of this transaction was saved
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

	// The manifest (manifest.go), loaded on first need.
	manState int      // manUnknown, manAbsent (format-1 vault not yet written), manLoaded
	man      manifest // while manLoaded
	manDirty bool     // to be sealed and stored at commit
	sum      *summer

	// scratch is Read's buffer of locked memory, destroyed at the end.
	scratch *memguard.LockedBuffer
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
