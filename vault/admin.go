package vault

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/awnumar/memguard"
	bolt "go.etcd.io/bbolt"
)

var errNeedPassword = errors.New("vault: rotating the key needs the password: unlock with the password, or set a new one with ChangePassword, first")

// ChangePassword re-wraps the vault key under newPassword with a fresh salt
// (the KDF parameters are kept); records are not re-encrypted and the
// recovery key stays valid. The file is then compacted so the old wrapped key
// leaves it. If compaction fails the new password is nevertheless in force
// and the error says so.
func (v *Vault) ChangePassword(ctx context.Context, newPassword []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if len(newPassword) == 0 {
		return errors.New("vault: empty password")
	}
	v.mu.RLock()
	db, h, locked := v.db, v.hdr, v.key == nil
	v.mu.RUnlock()
	if db == nil {
		return errClosed
	}
	if v.readOnly {
		return ErrReadOnly
	}
	if locked {
		return ErrLocked
	}
	nh := h.clone()
	randomBytes(nh.salt[:])
	kek, err := deriveKEK(ctx, newPassword, nh, nil) // outside the lock: ~0.5 s
	if err != nil {
		return err
	}
	defer kek.Destroy()

	v.mu.Lock()
	defer v.mu.Unlock()
	if v.db == nil {
		return errClosed
	}
	if v.key == nil {
		return ErrLocked
	}
	if v.hdr != h {
		return errors.New("vault: the header changed meanwhile; try again")
	}
	kb, err := v.key.Open()
	if err != nil {
		return ErrLocked
	}
	nh.setSlot(wrapKey(nh, slotPassword, kek.Bytes(), kb.Bytes()))
	kb.Destroy()
	if err := v.writeHeader(nh); err != nil {
		return err
	}
	v.hdr = nh
	wipeEnclave(v.kek)
	v.kek = kek.Seal()
	if err := v.compactLocked(ctx); err != nil {
		return fmt.Errorf("vault: password changed, but the old wrapped key could not be purged from the file: %w", err)
	}
	return nil
}

func (v *Vault) writeHeader(h *header) error {
	err := guard(func() error {
		return v.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket([]byte(metaBucket))
			if b == nil {
				return corruptf("no meta bucket")
			}
			return b.Put([]byte(headerKey), h.encode())
		})
	})
	if err != nil {
		return writeErr("write the header", err)
	}
	v.dirty.Store(true)
	return v.repairMeta()
}

// RotateKey replaces the vault key: every record is re-encrypted under a new
// random key and the header rewritten, in one transaction; then the file is
// compacted into a temporary file that atomically replaces it, so no old
// ciphertext or old wrapped key remains. It returns a new recovery key (the
// old one stops working).
//
// The password slot is re-wrapped with the password-derived key that Unlock
// keeps in an Enclave while the vault is unlocked; after UnlockWithRecoveryKey
// there is none, and RotateKey fails until ChangePassword sets a password.
// A record that fails authentication aborts the rotation (nothing changes).
func (v *Vault) RotateKey(ctx context.Context) (newRecoveryKey string, err error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.db == nil {
		return "", errClosed
	}
	if v.readOnly {
		return "", ErrReadOnly
	}
	if v.key == nil {
		return "", ErrLocked
	}
	if v.kek == nil {
		return "", errNeedPassword
	}
	oldKey, err := v.key.Open()
	if err != nil {
		return "", ErrLocked
	}
	defer oldKey.Destroy()
	kek, err := v.kek.Open()
	if err != nil {
		return "", ErrLocked
	}
	defer kek.Destroy()

	newKey := memguard.NewBufferRandom(keySize)
	defer newKey.Destroy()
	nh := v.hdr.clone()
	nh.version = FormatVersion // both slots are rewrapped: a format-1 vault moves up
	nh.slots = nil
	newRecoveryKey = wrapSlots(nh, kek.Bytes(), newKey.Bytes())

	sc := &scratch{v: v}
	defer sc.release()
	version := v.hdr.version
	oldSum, newSum := newSummer(oldKey.Bytes()), newSummer(newKey.Bytes())
	defer oldSum.close()
	defer newSum.close()
	err = guard(func() error {
		return v.db.Update(func(tx *bolt.Tx) error {
			// The old manifest is verified first, so that a rotation never
			// blesses a tampered bucket with a fresh manifest.
			var oldMan manifest
			if raw := tx.Bucket([]byte(metaBucket)).Get([]byte(manifestKey)); raw != nil {
				m, err := openManifest(oldKey.Bytes(), version, raw)
				if err != nil {
					return err
				}
				oldMan = m
			}
			newMan := manifest{}
			for _, name := range recordBuckets(tx) {
				b := tx.Bucket([]byte(name))
				got := &bucketSum{}
				for i, k := range recordKeys(b) {
					if i%256 == 0 {
						if err := ctx.Err(); err != nil {
							return err
						}
					}
					raw := b.Get([]byte(k))
					switch {
					case oldMan != nil && len(raw) > 0 && raw[0] == envelopeV1:
						return oldCopyError(name, k)
					case oldMan == nil && len(raw) > 0 && raw[0] == envelopeVersion:
						return errMissingManifest(name)
					}
					e := oldSum.element(name, k, raw)
					got.add(&e)
					pt, err := sc.open(oldKey.Bytes(), version, name, k, raw)
					if err != nil {
						return err
					}
					env := sealRecord(newKey.Bytes(), nh.version, name, k, pt)
					wipe(pt)
					if err := b.Put([]byte(k), env); err != nil {
						return err
					}
					e = newSum.element(name, k, env)
					newMan.sum(name).add(&e)
				}
				if oldMan != nil && !sameSum(got, oldMan[name]) {
					return tamperedError(name)
				}
				delete(oldMan, name)
			}
			for name, s := range oldMan {
				if !sameSum(nil, s) {
					return tamperedError(name)
				}
			}
			meta := tx.Bucket([]byte(metaBucket))
			if err := meta.Put([]byte(manifestKey), sealManifest(newKey.Bytes(), nh.version, newMan)); err != nil {
				return err
			}
			return meta.Put([]byte(headerKey), nh.encode())
		})
	})
	if err != nil {
		var re *RecordError
		if errors.As(err, &re) {
			return "", err
		}
		return "", writeErr("rotate", err)
	}
	v.dirty.Store(true)
	v.hdr = nh
	wipeEnclave(v.key)
	v.key = newKey.Seal()
	if err := v.compactLocked(ctx); err != nil {
		return newRecoveryKey, fmt.Errorf("vault: key rotated (use the new recovery key), but the file could not be compacted, so old ciphertext remains in it: %w", err)
	}
	return newRecoveryKey, nil
}

// compactLocked rewrites the file without free pages: bbolt.Compact into a
// temporary file in the same folder, fsync, then an atomic rename over the
// vault. v.mu is held exclusively.
func (v *Vault) compactLocked(ctx context.Context) error {
	fresh, tmp, err := newBoltFile(filepath.Dir(v.file), compactPattern(v.file), func(dst *bolt.DB) error {
		return bolt.Compact(dst, v.db, 0)
	})
	if err != nil {
		return fmt.Errorf("vault: compact: %w", err)
	}
	db, err := replaceFile(ctx, v.db, fresh, tmp, v.file)
	v.db = db
	if db == nil {
		v.lockLocked()
	}
	v.dirty.Store(false)
	if err == nil {
		v.metaDamaged.Store(-1) // a fresh file
	}
	return err
}

// Backup writes a consistent copy of the vault to dst, which is replaced
// atomically if it exists. The copy is taken in one read transaction and
// compacted (no free pages, so no stale ciphertext or old wrapped keys),
// written to a temporary file next to dst, fsynced and renamed. It works
// while locked: it copies ciphertext only. The backup opens with the same
// password and recovery key as the vault at the time of the copy.
func (v *Vault) Backup(ctx context.Context, dst string) error {
	if err := v.readOpen(ctx); err != nil {
		return err
	}
	defer v.mu.RUnlock()
	if same(dst, v.file) {
		return errors.New("vault: backup destination is the vault itself")
	}
	bdb, tmp, err := newBoltFile(filepath.Dir(dst), ".latchkey-backup-*", func(d *bolt.DB) error {
		return bolt.Compact(d, v.db, 0)
	})
	if err != nil {
		return fmt.Errorf("vault: backup: %w", err)
	}
	if err := bdb.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("vault: backup: %w", writeErr("close", err))
	}
	if err := ctx.Err(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("vault: backup: %w", writeErr("rename", err))
	}
	syncDir(filepath.Dir(dst))
	return nil
}

func same(a, b string) bool {
	aa, err1 := filepath.Abs(a)
	bb, err2 := filepath.Abs(b)
	if err1 == nil && err2 == nil && aa == bb {
		return true
	}
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
