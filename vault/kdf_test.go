package vault

import (
	"context"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestCalibrate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs Argon2id at 64 MiB")
	}
	p, err := calibrate(context.Background(), DefaultMemoryKiB, defaultThreads())
	if err != nil {
		t.Fatal(err)
	}
	if err := p.validate(); err != nil || p.Iterations < minCreateIters || p.MemoryKiB < DefaultMemoryKiB || p.MemoryKiB > maxCalibratedMemoryKiB {
		t.Fatalf("calibrate = %+v (%v)", p, err)
	}
	t.Logf("calibrated: %d MiB, t=%d, p=%d", p.MemoryKiB>>10, p.Iterations, p.Threads)
}

// TestChooseCost: the warm per-pass time decides t; setup (faults, first
// blocks) is paid once; past the iteration ceiling the memory grows instead.
func TestChooseCost(t *testing.T) {
	ms := time.Millisecond
	for _, c := range []struct {
		first, perPass time.Duration
		want           KDFParams
	}{
		{200 * ms, 150 * ms, KDFParams{DefaultMemoryKiB, 3, 4}},    // slow machine: the floor
		{60 * ms, 50 * ms, KDFParams{DefaultMemoryKiB, 9, 4}},      // (500-10)/50
		{40 * ms, 15 * ms, KDFParams{2 * DefaultMemoryKiB, 15, 4}}, // 31 at 64 MiB → 128 MiB
		{2 * ms, 1 * ms, KDFParams{maxCalibratedMemoryKiB, 16, 4}}, // memory capped, t clamped
		{10 * ms, 0, KDFParams{maxCalibratedMemoryKiB, 16, 4}},     // no time measured
		{900 * ms, 100 * ms, KDFParams{DefaultMemoryKiB, 3, 4}},    // setup alone over budget
	} {
		if got := chooseCost(DefaultMemoryKiB, 4, c.first, c.perPass); got != c.want {
			t.Errorf("first %v, per pass %v: %+v, want %+v", c.first, c.perPass, got, c.want)
		}
	}
}

func TestDeriveKEKCancel(t *testing.T) {
	h := sampleHeader()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := deriveKEK(ctx, []byte("pw"), h, nil); !errors.Is(err, context.Canceled) {
		t.Fatal(err)
	}
}

// editKDF rewrites the KDF parameters in a closed vault's header and fixes
// the checksum, as a hostile editor would.
func editKDF(t *testing.T, path string, p KDFParams) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(metaBucket))
		raw := append([]byte(nil), b.Get([]byte(headerKey))...)
		raw[offKDF] = kdfArgon2id
		binary.BigEndian.PutUint32(raw[offKDF+1:], p.MemoryKiB)
		binary.BigEndian.PutUint32(raw[offKDF+5:], p.Iterations)
		raw[offKDF+9] = p.Threads
		return b.Put([]byte(headerKey), reseal(raw))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestKDFAboveCeilingIsTampering: a header asking for more than Create ever
// chooses is refused by Open as damaged, before any KDF runs (Open never
// derives), never reported as a wrong password.
func TestKDFAboveCeilingIsTampering(t *testing.T) {
	ctx := context.Background()
	for _, p := range []KDFParams{
		{4 << 20, 64, 4},          // the reported attack: 4 GiB, t=64
		{2 << 20, 3, 4},           // 2 GiB
		{DefaultMemoryKiB, 17, 4}, // t=17
		{DefaultMemoryKiB, 3, 17}, // p=17
		{MaxKDFMemoryKiB + 1, MaxKDFIterations, 1},
	} {
		v, path, _ := newTestVault(t)
		v.Close()
		editKDF(t, path, p)
		v, err := Open(ctx, path)
		if err == nil {
			v.Close()
			t.Fatalf("%+v: opened", p)
		}
		if !errors.Is(err, ErrCorrupt) || errors.Is(err, ErrWrongPassword) || !strings.Contains(err.Error(), "more than Latchkey ever chooses") {
			t.Fatalf("%+v: %v", p, err)
		}
	}
}

// TestUnlockProgress: progress rises to 1 in 4·t calls on the caller's
// goroutine; a cancel mid-derivation stops it at the next quarter pass and
// leaves the vault locked.
func TestUnlockProgress(t *testing.T) {
	ctx := context.Background()
	kdf := KDFParams{MemoryKiB: MinKDFMemoryKiB, Iterations: 2, Threads: 1}
	path := t.TempDir() + "/v.db"
	v, _, err := Create(ctx, path, testPassword, CreateOptions{KDF: &kdf})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	v = reopen(t, path)

	cctx, cancel := context.WithCancel(ctx)
	calls := 0
	err = v.UnlockProgress(cctx, testPassword, func(f float64) {
		calls++
		cancel()
	})
	if !errors.Is(err, context.Canceled) || calls != 1 || !v.Locked() {
		t.Fatalf("cancelled unlock: %v after %d progress calls, locked %v", err, calls, v.Locked())
	}

	var seen []float64
	if err := v.UnlockProgress(ctx, testPassword, func(f float64) { seen = append(seen, f) }); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 8 || seen[7] != 1 || v.Locked() {
		t.Fatalf("progress %v, locked %v", seen, v.Locked())
	}
	v.Lock()
	var n int
	if err := v.UnlockProgress(ctx, []byte("wrong"), func(float64) { n++ }); !errors.Is(err, ErrWrongPassword) || n != 8 {
		t.Fatalf("wrong password: %v after %d calls", err, n)
	}
}
