package vault

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/chacha20poly1305"
)

func sampleHeader() *header {
	h := &header{version: FormatVersion, created: time.Unix(1700000000, 0).UTC(), kdfID: kdfArgon2id,
		kdf: KDFParams{MemoryKiB: DefaultMemoryKiB, Iterations: 3, Threads: 4}}
	for i := range h.salt {
		h.salt[i] = byte(i)
	}
	h.setSlot(slot{kind: slotPassword})
	h.setSlot(slot{kind: slotRecovery})
	return h
}

// reseal recomputes a header's checksum after a test edits it.
func reseal(b []byte) []byte {
	body := b[:len(b)-headerSumSize]
	sum := sha256.Sum256(body)
	return append(append([]byte(nil), body...), sum[:]...)
}

func TestHeaderRoundTrip(t *testing.T) {
	h := sampleHeader()
	enc := h.encode()
	got, err := decodeHeader(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.encode(), enc) {
		t.Fatal("round trip changed the header")
	}
}

func TestHeaderClamps(t *testing.T) {
	cases := []struct {
		name string
		p    KDFParams
		ok   bool
	}{
		{"default", KDFParams{65536, 3, 4}, true},
		{"floor", KDFParams{MinKDFMemoryKiB, MinKDFIterations, 1}, true},
		{"ceiling", KDFParams{MaxKDFMemoryKiB, MaxKDFIterations, MaxKDFThreads}, true},
		{"memory below floor", KDFParams{MinKDFMemoryKiB - 1, 3, 4}, false},
		{"memory above ceiling", KDFParams{MaxKDFMemoryKiB + 1, 3, 4}, false},
		{"t=1", KDFParams{65536, 1, 4}, false},
		{"t=65", KDFParams{65536, 65, 4}, false},
		{"t=17", KDFParams{65536, MaxKDFIterations + 1, 4}, false},
		{"p=17", KDFParams{65536, 3, MaxKDFThreads + 1}, false},
		{"2 GiB", KDFParams{2 << 20, 3, 4}, false},
		{"t=max", KDFParams{65536, ^uint32(0), 4}, false},
		{"no threads", KDFParams{65536, 3, 0}, false},
	}
	for _, c := range cases {
		h := sampleHeader()
		h.kdf = c.p
		_, err := decodeHeader(h.encode())
		if c.ok != (err == nil) {
			t.Errorf("%s: err = %v", c.name, err)
		}
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v is not ErrCorrupt", c.name, err)
		}
	}
}

func TestHeaderErrors(t *testing.T) {
	good := sampleHeader().encode()
	edit := func(f func(b []byte)) []byte {
		b := append([]byte(nil), good...)
		f(b)
		return reseal(b)
	}
	newer := edit(func(b []byte) { binary.BigEndian.PutUint16(b[offVersion:], FormatVersion+1) })
	if _, err := decodeHeader(newer); !errors.Is(err, ErrUnsupportedVersion) || errors.Is(err, ErrCorrupt) {
		t.Fatalf("newer version: %v", err)
	}
	// A newer format may have another layout: still ErrUnsupportedVersion.
	newerLonger := reseal(append(append([]byte(nil), newer[:len(newer)-headerSumSize]...), make([]byte, 100+headerSumSize)...))
	if _, err := decodeHeader(newerLonger); !errors.Is(err, ErrUnsupportedVersion) {
		t.Fatalf("newer, longer: %v", err)
	}
	corrupt := map[string][]byte{
		"empty":        nil,
		"magic":        edit(func(b []byte) { b[0] = 'X' }),
		"checksum":     append(append([]byte(nil), good[:len(good)-1]...), good[len(good)-1]^1),
		"version 0":    edit(func(b []byte) { binary.BigEndian.PutUint16(b[offVersion:], 0) }),
		"flags":        edit(func(b []byte) { b[offFlags+1] = 1 }),
		"kdf id":       edit(func(b []byte) { b[offKDF] = 9 }),
		"no slots":     edit(func(b []byte) { b[offSlots] = 0 }),
		"slot count":   edit(func(b []byte) { b[offSlots] = 3 }),
		"slot kind":    edit(func(b []byte) { b[headerFixedSize] = 7 }),
		"two password": edit(func(b []byte) { b[headerFixedSize+slotSize] = slotPassword }),
		"truncated":    reseal(good[:headerFixedSize+10]),
	}
	for name, b := range corrupt {
		if _, err := decodeHeader(b); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Single-byte damage anywhere is ErrCorrupt.
	for i := range good {
		b := append([]byte(nil), good...)
		b[i] ^= 0x40
		if _, err := decodeHeader(b); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("byte %d flipped: %v", i, err)
		}
	}
}

func TestTamperedKDFParamsDetected(t *testing.T) {
	// Lowering the KDF parameters and fixing the checksum must not unlock:
	// the password slot's associated data covers them.
	ctx := context.Background()
	path := t.TempDir() + "/v.db"
	v, _, err := Create(ctx, path, testPassword, CreateOptions{KDF: &KDFParams{MemoryKiB: MinKDFMemoryKiB + 1024, Iterations: 3, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(metaBucket))
		raw := append([]byte(nil), b.Get([]byte(headerKey))...)
		binary.BigEndian.PutUint32(raw[offKDF+1:], MinKDFMemoryKiB)
		binary.BigEndian.PutUint32(raw[offKDF+5:], MinKDFIterations)
		return b.Put([]byte(headerKey), reseal(raw))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	v, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.Unlock(ctx, testPassword); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("tampered KDF params: %v", err)
	}
}

func TestInsecureTestKDFRefusedOutsideTests(t *testing.T) {
	ctx := context.Background()
	_, path, _ := newTestVault(t)
	testKDFAllowed = func() bool { return false }
	defer func() { testKDFAllowed = func() bool { return true } }()
	if _, _, err := Create(ctx, path+"2", testPassword, CreateOptions{InsecureTestKDF: true}); err == nil {
		t.Fatal("release build could create a test-KDF vault")
	}
	h := sampleHeader()
	h.kdfID, h.kdf = kdfInsecureTest, testKDF
	if _, err := decodeHeader(h.encode()); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("release build decoded a test-KDF header: %v", err)
	}
	_ = path
}

func TestCreateExplicitKDFValidated(t *testing.T) {
	ctx := context.Background()
	_, _, err := Create(ctx, t.TempDir()+"/v.db", testPassword, CreateOptions{KDF: &KDFParams{MemoryKiB: 1024, Iterations: 1}})
	if err == nil {
		t.Fatal("weak explicit KDF accepted")
	}
}

func TestXChaChaMatchesNewX(t *testing.T) {
	key := bytes.Repeat([]byte{7}, keySize)
	nonce := bytes.Repeat([]byte{9}, nonceSize)
	ref, _ := chacha20poly1305.NewX(key)
	for _, n := range []int{0, 1, 63, 64, 1000} {
		pt := bytes.Repeat([]byte{byte(n)}, n)
		ad := []byte(fmt.Sprint("ad", n))
		want := ref.Seal(nil, nonce, pt, ad)
		got := sealX(nil, key, nonce, pt, ad)
		if !bytes.Equal(got, want) {
			t.Fatalf("len %d: sealX differs from NewX", n)
		}
		back, err := openX(nil, key, nonce, want, ad)
		if err != nil || !bytes.Equal(back, pt) {
			t.Fatalf("len %d: openX failed: %v", n, err)
		}
		if _, err := openX(nil, key, nonce, want, append(ad, 0)); err == nil {
			t.Fatal("openX ignored the associated data")
		}
	}
}

func TestEnvelopeDecode(t *testing.T) {
	key := bytes.Repeat([]byte{1}, keySize)
	env := sealRecord(key, FormatVersion, "b", "k", []byte("value"))
	if env[0] != envelopeVersion || len(env) != 1+nonceSize+5+tagSize {
		t.Fatalf("envelope layout: % x", env)
	}
	env2 := sealRecord(key, FormatVersion, "b", "k", []byte("value"))
	if bytes.Equal(env[1:1+nonceSize], env2[1:1+nonceSize]) {
		t.Fatal("nonce reused")
	}
	for _, bad := range [][]byte{nil, env[:envelopeMin-1], append([]byte{3}, env[1:]...), append([]byte{0}, env[1:]...)} {
		if _, _, _, err := decodeEnvelope(bad); err == nil {
			t.Errorf("decoded %x", bad)
		}
	}
	// The bucket/key boundary is unambiguous, and the envelope version is bound.
	if bytes.Equal(recordAD(1, envelopeVersion, "ab", "c"), recordAD(1, envelopeVersion, "a", "bc")) {
		t.Fatal("record AD is ambiguous")
	}
	if bytes.Equal(recordAD(1, envelopeV1, "a", "b"), recordAD(1, envelopeVersion, "a", "b")) {
		t.Fatal("record AD ignores the envelope version")
	}
}

// TestRecordSwap moves ciphertext between keys and buckets in the raw file:
// every read of a moved record must fail with a *RecordError naming it.
func TestRecordSwap(t *testing.T) {
	ctx := context.Background()
	v, path, _ := newTestVault(t)
	mustPut(t, v, "alpha", "k1", []byte("one"))
	mustPut(t, v, "alpha", "k2", []byte("two"))
	mustPut(t, v, "beta", "k1", []byte("three"))
	v.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		a, b := tx.Bucket([]byte("alpha")), tx.Bucket([]byte("beta"))
		k1 := append([]byte(nil), a.Get([]byte("k1"))...)
		k2 := append([]byte(nil), a.Get([]byte("k2"))...)
		b1 := append([]byte(nil), b.Get([]byte("k1"))...)
		if err := a.Put([]byte("k1"), k2); err != nil { // swap keys within a bucket
			return err
		}
		if err := a.Put([]byte("k2"), k1); err != nil {
			return err
		}
		if err := b.Put([]byte("k1"), k1); err != nil { // same key, other bucket
			return err
		}
		return a.Put([]byte("k3"), b1) // new key
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	v = reopenUnlocked(t, path, testPassword)
	for _, c := range [][2]string{{"alpha", "k1"}, {"alpha", "k2"}, {"beta", "k1"}, {"alpha", "k3"}} {
		_, err := v.Get(ctx, c[0], c[1])
		var re *RecordError
		if !errors.Is(err, ErrCorruptRecord) || !errors.As(err, &re) || re.Bucket != c[0] || re.Key != c[1] {
			t.Errorf("%s/%s: %v", c[0], c[1], err)
		}
	}
	rep, err := v.Check(ctx)
	if !errors.Is(err, ErrCorruptRecord) || rep.Corrupt != 4 || rep.Records != 4 {
		t.Fatalf("Check: %+v, %v", rep, err)
	}
}

func TestOpenRefusals(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := Open(ctx, dir+"/missing.db"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("missing file: %v", err)
	}
	empty := dir + "/empty.db"
	os.WriteFile(empty, nil, 0o600)
	if _, err := Open(ctx, empty); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("empty file: %v", err)
	}
	if st, _ := os.Stat(empty); st.Size() != 0 {
		t.Fatal("Open initialised an empty file")
	}
	junk := dir + "/junk.db"
	os.WriteFile(junk, bytes.Repeat([]byte("not a vault "), 5000), 0o600)
	if _, err := Open(ctx, junk); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("junk file: %v", err)
	}
	// A bbolt file without the meta bucket.
	plain := dir + "/plain.db"
	db, err := bolt.Open(plain, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("x")); return err })
	db.Close()
	if _, err := Open(ctx, plain); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("bbolt file without a header: %v", err)
	}
	// A vault written by a newer format version.
	_, path, _ := newTestVault(t)
	newer := dir + "/newer.db"
	data, _ := os.ReadFile(path)
	os.WriteFile(newer, data, 0o600)
	db, err = bolt.Open(newer, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte(metaBucket))
		raw := append([]byte(nil), b.Get([]byte(headerKey))...)
		binary.BigEndian.PutUint16(raw[offVersion:], FormatVersion+1)
		return b.Put([]byte(headerKey), reseal(raw))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(ctx, newer); !errors.Is(err, ErrUnsupportedVersion) {
		t.Fatalf("newer format: %v", err)
	}
}
