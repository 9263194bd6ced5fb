package vault

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/awnumar/memguard"
)

// Fuzz tests for every decoder. Run one with, e.g.,
//
//	go test ./vault/ -run XXX -fuzz FuzzDecodeHeader -fuzztime 1m
//
// For FuzzPreflight and FuzzOpen, whose seeds are whole vault files (32–64
// KiB), add -fuzzminimizetime 1s: the default minimises each new input for up
// to a minute, which looks like a stall. Without -fuzz they run their seed
// corpus as ordinary tests.

// FuzzDecodeHeader: never panics; whatever decodes re-encodes to the same
// bytes (no malleability), and errors are ErrCorrupt or ErrUnsupportedVersion.
func FuzzDecodeHeader(f *testing.F) {
	f.Add(sampleHeader().encode())
	h := sampleHeader()
	h.slots = h.slots[:1]
	f.Add(h.encode())
	h.kdfID, h.kdf = kdfInsecureTest, testKDF
	f.Add(h.encode())
	f.Add([]byte(headerMagic))
	if raw, err := goldenHeaderBytes(); err == nil {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := decodeHeader(b)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupportedVersion) {
				t.Fatalf("error of no class: %v", err)
			}
			return
		}
		if !bytes.Equal(h.encode(), b) {
			t.Fatalf("decoded header re-encodes differently")
		}
		if h.kdfID == kdfArgon2id && h.kdf.validate() != nil {
			t.Fatalf("accepted out-of-range KDF parameters %+v", h.kdf)
		}
	})
}

func goldenHeaderBytes() ([]byte, error) {
	// Pull the header out of the frozen vault without going through Open.
	src, err := os.ReadFile(goldenPath)
	if err != nil {
		return nil, err
	}
	i := bytes.Index(src, []byte(headerMagic))
	if i < 0 {
		return nil, errors.New("no header")
	}
	n := headerFixedSize + 2*slotSize + headerSumSize
	if i+n > len(src) {
		return nil, errors.New("short")
	}
	return src[i : i+n], nil
}

// FuzzOpenRecord: decoding and opening an arbitrary stored value under a
// fixed key never panics, and only the genuine envelope opens.
func FuzzOpenRecord(f *testing.F) {
	// Seeds are rebuilt in every fuzz worker, so the envelopes use a fixed
	// nonce (the vault never does) to be the same everywhere.
	key := bytes.Repeat([]byte{0x42}, keySize)
	fixed := func(pt []byte) []byte {
		env := append([]byte{envelopeVersion}, bytes.Repeat([]byte{7}, nonceSize)...)
		return sealX(env, key, env[1:], pt, recordAD(FormatVersion, envelopeVersion, "b", "k"))
	}
	genuine := fixed([]byte("secret value"))
	f.Add(genuine, "b", "k")
	f.Add(genuine, "b", "k2")
	f.Add(genuine[:envelopeMin], "b", "k")
	genuineEmpty := fixed(nil)
	f.Add(genuineEmpty, "b", "k")
	f.Add([]byte{}, "", "")
	f.Fuzz(func(t *testing.T, raw []byte, bucket, k string) {
		sc := &scratch{v: &Vault{bufs: map[*memguard.LockedBuffer]int{}}}
		defer sc.release()
		pt, err := sc.open(key, FormatVersion, bucket, k, raw)
		if err != nil {
			if !errors.Is(err, ErrCorruptRecord) {
				t.Fatalf("error of no class: %v", err)
			}
			return
		}
		// Only the two genuine envelopes open, and only at their place.
		if bucket != "b" || k != "k" || !(bytes.Equal(raw, genuine) || bytes.Equal(raw, genuineEmpty)) {
			t.Fatalf("forged record opened: %q", pt)
		}
	})
}

// FuzzRecoveryKey: parsing never panics; what parses formats back to a key
// that parses to the same bytes.
func FuzzRecoveryKey(f *testing.F) {
	f.Add("ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH-IJKL-MNOP-QRST")
	f.Add("abcd efgh ijkl mnop qrst uvwx yz23 4567 abcd efgh ijkl mnop qrst")
	f.Add("0000")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		b, err := parseRecoveryKey(s)
		if err != nil {
			return
		}
		defer b.Destroy()
		again, err := parseRecoveryKey(formatRecoveryKey(b.Bytes()))
		if err != nil {
			t.Fatalf("formatted key does not parse: %v", err)
		}
		defer again.Destroy()
		if !bytes.Equal(again.Bytes(), b.Bytes()) {
			t.Fatal("round trip changed the key")
		}
	})
}

// FuzzPreflight: the structure check never panics on arbitrary bytes.
func FuzzPreflight(f *testing.F) {
	for _, seed := range vaultSeeds(f) {
		f.Add(seed)
	}
	f.Add(make([]byte, 16384))
	f.Fuzz(func(t *testing.T, b []byte) {
		err := preflight(bytes.NewReader(b), int64(len(b)))
		if err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("error of no class: %v", err)
		}
	})
}

// FuzzOpen writes arbitrary bytes to a file and opens, unlocks and checks
// it: whatever the bytes, no panic and no crash (bbolt only maps files that
// pass the structure check), and errors have a class.
func FuzzOpen(f *testing.F) {
	for _, seed := range vaultSeeds(f) {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx := context.Background()
		path := filepath.Join(t.TempDir(), "v.db")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		v, err := Open(ctx, path)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupportedVersion) {
				t.Fatalf("Open: error of no class: %v", err)
			}
			if strings.Contains(err.Error(), "panic:") {
				t.Fatalf("Open: error text shows a panic: %v", err)
			}
			return
		}
		defer v.Close()
		if err := v.Unlock(ctx, testPassword); err != nil {
			return
		}
		if _, err := v.Check(ctx); err != nil && strings.Contains(err.Error(), "panic:") {
			t.Fatalf("Check: error text shows a panic: %v", err)
		}
		_ = v.View(ctx, func(tx *Tx) error {
			for _, b := range []string{"small", "conns", "big"} {
				keys, _ := tx.List(b)
				for _, k := range keys {
					if buf, err := tx.Get(b, k); err == nil {
						buf.Destroy()
					}
				}
			}
			return nil
		})
		_ = v.Put(ctx, "small", "new", []byte("x"))
	})
}

// vaultSeeds returns small valid vault files: the byte-flip vault and an
// empty one.
func vaultSeeds(f *testing.F) [][]byte {
	var out [][]byte
	path, _ := flipVault(f)
	if b, err := os.ReadFile(path); err == nil {
		out = append(out, b)
	}
	v, p, _ := newTestVault(f)
	v.Close()
	if b, err := os.ReadFile(p); err == nil {
		out = append(out, b)
	}
	return out
}

// FuzzDecodeManifest: the manifest decoder never panics, and whatever
// decodes survives an encode/decode round trip unchanged (empty entries,
// which encode drops, aside).
func FuzzDecodeManifest(f *testing.F) {
	m := manifest{}
	m.sum("connections").count = 3
	m.sum("grants").digest[0] = 1
	m.sum("grants").count = 1
	f.Add(m.encode())
	f.Add(manifest{}.encode())
	f.Add([]byte{0, 0, 0, 1, 1, 'a'})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := decodeManifest(b)
		if err != nil {
			return
		}
		again, err := decodeManifest(m.encode())
		if err != nil {
			t.Fatalf("re-encoded manifest does not decode: %v", err)
		}
		for name, s := range m {
			if !sameSum(s, again[name]) {
				t.Fatalf("bucket %q changed in the round trip", name)
			}
		}
		for name := range again {
			if _, ok := m[name]; !ok {
				t.Fatalf("bucket %q appeared in the round trip", name)
			}
		}
	})
}
