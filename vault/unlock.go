package vault

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/awnumar/memguard"
)

// Unlock derives the key from password and unwraps the vault key. It reads
// only the header (no records), so it costs one KDF run. On a vault that is
// already unlocked it just verifies the password. It is UnlockProgress
// without progress.
func (v *Vault) Unlock(ctx context.Context, password []byte) error {
	return v.UnlockProgress(ctx, password, nil)
}

// UnlockProgress is Unlock reporting the key derivation's progress: if
// progress is not nil it is called (on the calling goroutine) with the
// fraction done, rising to 1, about 4·t times. Cancelling ctx stops the
// derivation within milliseconds; the error is then ctx.Err() and the vault
// stays locked. A UI calls it from its own goroutine.
func (v *Vault) UnlockProgress(ctx context.Context, password []byte, progress func(fraction float64)) error {
	h, err := v.openHeader(ctx)
	if err != nil {
		return err
	}
	kek, err := deriveKEK(ctx, password, h, progress)
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
// way cannot RotateKey until ChangePassword sets a new password. The
// recovery key is 256 random bits, so its slot key comes from HKDF, not from
// the slow KDF: this unlock is immediate and needs no progress.
func (v *Vault) UnlockWithRecoveryKey(ctx context.Context, key string) error {
	h, err := v.openHeader(ctx)
	if err != nil {
		return err
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

// readOpen takes the read lock of an open vault and keeps it: the caller
// releases it with v.mu.RUnlock. It returns ctx's error once ctx has ended,
// or errClosed after Close, holding no lock then.
func (v *Vault) readOpen(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v.mu.RLock()
	if v.db == nil {
		v.mu.RUnlock()
		return errClosed
	}
	return nil
}

// openHeader is the header of an open vault, read under the lock: ctx's
// error once it has ended, errClosed after Close.
func (v *Vault) openHeader(ctx context.Context) (*header, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	v.mu.RLock()
	db, h := v.db, v.hdr
	v.mu.RUnlock()
	if db == nil {
		return nil, errClosed
	}
	return h, nil
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
