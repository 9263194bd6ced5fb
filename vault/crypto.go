package vault

import (
	"context"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/awnumar/memguard"
	"github.com/latchkey/latchkey/vault/internal/argon2"
	"golang.org/x/crypto/chacha20"
	"golang.org/x/crypto/chacha20poly1305"
)

// XChaCha20-Poly1305 is built here from HChaCha20 and ChaCha20-Poly1305
// exactly as golang.org/x/crypto does in NewX (a test checks equality), so that
// the 256-bit key never leaves locked memory: NewX would copy it into a heap
// struct that cannot be wiped. Only the per-nonce subkey reaches the heap, and
// it is wiped after use (the copy inside the ChaCha20-Poly1305 value is not).

func xchachaSub(key, nonce []byte) (aead interface {
	Seal(dst, nonce, plaintext, ad []byte) []byte
	Open(dst, nonce, ciphertext, ad []byte) ([]byte, error)
}, n [12]byte, err error) {
	sub, err := chacha20.HChaCha20(key, nonce[:16])
	if err != nil {
		return nil, n, err
	}
	defer wipe(sub)
	a, err := chacha20poly1305.New(sub)
	if err != nil {
		return nil, n, err
	}
	copy(n[4:], nonce[16:24])
	return a, n, nil
}

// sealX appends nonce-less XChaCha20-Poly1305 ciphertext of pt to dst.
func sealX(dst, key, nonce, pt, ad []byte) []byte {
	a, n, err := xchachaSub(key, nonce)
	if err != nil {
		panic("vault: bad key or nonce size") // sizes are fixed by this package
	}
	return a.Seal(dst, n[:], pt, ad)
}

// openX decrypts ct into dst (which may be dst[:0] of a buffer of the right
// capacity, so the plaintext is written in place).
func openX(dst, key, nonce, ct, ad []byte) ([]byte, error) {
	if len(nonce) != nonceSize || len(ct) < tagSize {
		return nil, errors.New("bad ciphertext size")
	}
	a, n, err := xchachaSub(key, nonce)
	if err != nil {
		return nil, err
	}
	return a.Open(dst, n[:], ct, ad)
}

func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}

func randomBytes(b []byte) {
	if _, err := rand.Read(b); err != nil {
		panic("vault: crypto/rand failed: " + err.Error()) // crypto/rand never fails on supported platforms
	}
}

// defaultThreads is Argon2id parallelism min(4, CPUs).
func defaultThreads() uint8 {
	n := runtime.NumCPU()
	if n > 4 {
		n = 4
	}
	if n < 1 {
		n = 1
	}
	return uint8(n)
}

// deriveKEK runs Argon2id (or the test KDF) and returns the key-encryption
// key in a LockedBuffer the caller destroys. The derivation runs on the
// calling goroutine and stops within a few milliseconds of ctx ending (the
// error is then ctx.Err()); progress, if not nil, is called with the
// fraction done after each quarter pass.
func deriveKEK(ctx context.Context, password []byte, h *header, progress func(float64)) (*memguard.LockedBuffer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p := h.kdf
	k, err := argon2.IDKey(ctx, password, h.salt[:], p.Iterations, p.MemoryKiB, p.Threads, keySize, progress)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("vault: key derivation: %w", err)
	}
	return memguard.NewBufferFromBytes(k), nil // wipes k
}

// calibrate chooses the cost of new vaults: it runs Argon2id once with t=3
// at memKiB and times each pass through the progress callback. The first
// pass also pays for faulting the memory in and for the setup; the later
// passes are the warm per-pass cost, so a vault needs about
// setup + t·perPass to unlock, and t is chosen to fill targetKDFTime. When
// that would exceed MaxKDFIterations, the memory is doubled instead (up to
// maxCalibratedMemoryKiB), which spends the time on memory hardness.
func calibrate(ctx context.Context, memKiB uint32, threads uint8) (KDFParams, error) {
	var salt [saltSize]byte
	randomBytes(salt[:])
	const passes = minCreateIters
	var marks [passes]time.Duration
	start := time.Now()
	k, err := argon2.IDKey(ctx, []byte("latchkey calibration"), salt[:], passes, memKiB, threads, keySize, func(f float64) {
		if n := int(f*passes*4 + 0.5); n%4 == 0 && n/4 >= 1 && n/4 <= passes {
			marks[n/4-1] = time.Since(start)
		}
	})
	if err != nil {
		if ctx.Err() != nil {
			return KDFParams{}, ctx.Err()
		}
		return KDFParams{}, fmt.Errorf("vault: calibration: %w", err)
	}
	wipe(k)
	// The quickest later pass: load from other processes only slows passes
	// down, so the minimum is the closest to what the machine can do.
	perPass := marks[1] - marks[0]
	for i := 2; i < passes; i++ {
		perPass = min(perPass, marks[i]-marks[i-1])
	}
	return chooseCost(memKiB, threads, marks[0], perPass), nil
}

// chooseCost turns a measurement at memKiB (first pass, including setup and
// page faults; then the warm per-pass time) into parameters for
// targetKDFTime. Both times scale with memory.
func chooseCost(memKiB uint32, threads uint8, first, perPass time.Duration) KDFParams {
	p := KDFParams{MemoryKiB: memKiB, Threads: threads, Iterations: minCreateIters}
	if perPass <= 0 {
		perPass = time.Nanosecond
	}
	setup := first - perPass
	if setup < 0 {
		setup = 0
	}
	for {
		t := int64((targetKDFTime - setup) / perPass)
		if t <= MaxKDFIterations || p.MemoryKiB*2 > maxCalibratedMemoryKiB {
			p.Iterations = uint32(max(min(t, MaxKDFIterations), minCreateIters))
			return p
		}
		p.MemoryKiB *= 2
		setup *= 2
		perPass *= 2
	}
}

// Recovery keys: 256 random bits shown as 13 groups of 4 base32 letters.

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

func formatRecoveryKey(k []byte) string {
	s := recoveryEncoding.EncodeToString(k)
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		end := i + 4
		if end > len(s) {
			end = len(s)
		}
		b.WriteString(s[i:end])
	}
	return b.String()
}

// parseRecoveryKey accepts any case, spaces, dashes and the look-alikes
// 0→O, 1→I, 8→B. The result is in a LockedBuffer the caller destroys.
func parseRecoveryKey(s string) (*memguard.LockedBuffer, error) {
	clean := make([]byte, 0, 64)
	defer wipe(clean[:cap(clean)])
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '-' || c == '\t' || c == '\n' || c == '\r' || c == '_' || c == '.':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case c == '0':
			c = 'O'
		case c == '1':
			c = 'I'
		case c == '8':
			c = 'B'
		}
		if len(clean) == cap(clean) {
			return nil, errors.New("recovery key is too long")
		}
		clean = append(clean, c)
	}
	if recoveryEncoding.DecodedLen(len(clean)) != keySize || recoveryEncoding.EncodedLen(keySize) != len(clean) {
		return nil, errors.New("recovery key has the wrong length")
	}
	buf := memguard.NewBuffer(keySize)
	n, err := recoveryEncoding.Decode(buf.Bytes(), clean)
	if err != nil || n != keySize {
		buf.Destroy()
		return nil, errors.New("recovery key contains characters outside A–Z and 2–7")
	}
	return buf, nil
}

// recoveryKEK derives the key that wraps the vault key in the recovery slot.
// The recovery key is uniformly random, so HKDF suffices (no slow KDF).
func recoveryKEK(rk []byte) *memguard.LockedBuffer {
	k, err := hkdf.Key(sha256.New, rk, nil, "latchkey/vault/recovery-kek/v1", keySize)
	if err != nil {
		panic("vault: hkdf: " + err.Error())
	}
	return memguard.NewBufferFromBytes(k)
}

// wrapKey seals the vault key under kek into a slot of the given kind.
func wrapKey(h *header, kind byte, kek, vaultKey []byte) slot {
	s := slot{kind: kind}
	randomBytes(s.nonce[:])
	out := sealX(s.wrapped[:0], kek, s.nonce[:], vaultKey, h.slotAD(kind))
	if len(out) != wrappedSize {
		panic("vault: wrapped key size")
	}
	return s
}

// wrapSlots gives h the two slots of a vault key: vaultKey sealed under the
// password's kek, and under a new random recovery key, which it returns as
// the user is shown it (the only copy: it is not kept).
func wrapSlots(h *header, kek, vaultKey []byte) (recoveryKey string) {
	rk := memguard.NewBufferRandom(keySize)
	recoveryKey = formatRecoveryKey(rk.Bytes())
	rkek := recoveryKEK(rk.Bytes())
	rk.Destroy()
	defer rkek.Destroy()
	h.setSlot(wrapKey(h, slotPassword, kek, vaultKey))
	h.setSlot(wrapKey(h, slotRecovery, rkek.Bytes(), vaultKey))
	return recoveryKey
}

// unwrapKey opens a slot into a new LockedBuffer holding the vault key.
func unwrapKey(h *header, s *slot, kek []byte) (*memguard.LockedBuffer, error) {
	buf := memguard.NewBuffer(keySize)
	if _, err := openX(buf.Bytes()[:0], kek, s.nonce[:], s.wrapped[:], h.slotAD(s.kind)); err != nil {
		buf.Destroy()
		return nil, ErrWrongPassword
	}
	return buf, nil
}
