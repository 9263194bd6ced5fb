package vault

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/latchkey/latchkey/internal/winetest"
)

// flipVault builds a small vault covering every kind of bbolt page: inline
// buckets (header, a small bucket), a bucket with its own leaf page, a
// record with overflow pages, and freed pages from an overwrite and a delete.
func flipVault(t testing.TB) (path string, want map[string]map[string][]byte) {
	t.Helper()
	want = map[string]map[string][]byte{
		"small": {"a": []byte("alpha"), "b": []byte("")},
		"conns": {},
		"big":   {"blob": valueFor("blob", 5000)},
	}
	for i := 0; i < 4; i++ {
		k := fmt.Sprintf("c%d", i)
		want["conns"][k] = valueFor(k, 700)
	}
	v, path, _ := newTestVault(t)
	for b, recs := range want {
		for k, val := range recs {
			mustPut(t, v, b, k, val)
		}
	}
	mustPut(t, v, "conns", "c1", want["conns"]["c1"]) // overwrite: frees a page
	mustPut(t, v, "small", "gone", []byte("gone"))
	if err := v.Delete(context.Background(), "small", "gone"); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return path, want
}

// flipOutcome opens, unlocks, reads and checks a possibly damaged vault. It
// fails the test if any read returns data that differs from want, if a
// damaged file passes Check with different contents, or if damage is
// reported as a wrong password. It reports whether everything succeeded.
func flipOutcome(t *testing.T, path string, want map[string]map[string][]byte, what string) bool {
	ctx := context.Background()
	v, err := Open(ctx, path)
	if err != nil && strings.Contains(err.Error(), "panic:") {
		t.Fatalf("%s: Open: error text shows a panic: %v", what, err)
	}
	if err != nil {
		if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrUnsupportedVersion) {
			t.Fatalf("%s: Open: unexpected error class: %v", what, err)
		}
		return false
	}
	defer v.Close()
	if err := v.Unlock(ctx, testPassword); err != nil {
		if errors.Is(err, ErrWrongPassword) || !errors.Is(err, ErrCorrupt) {
			t.Fatalf("%s: Unlock: %v", what, err)
		}
		return false
	}
	allGood := true
	err = v.View(ctx, func(tx *Tx) error {
		for b, recs := range want {
			keys, err := tx.List(b)
			if err != nil || !slices.Equal(keys, sortedKeys(recs)) {
				allGood = false
			}
			for _, k := range keys { // keys that appeared must not decrypt to anything
				if _, ok := recs[k]; !ok {
					if buf, err := tx.Get(b, k); err == nil {
						buf.Destroy()
						t.Fatalf("%s: unexpected record %s/%s decrypted", what, b, k)
					}
				}
			}
			for k, val := range recs {
				buf, err := tx.Get(b, k)
				if err != nil {
					allGood = false
					continue
				}
				if !bytes.Equal(buf.Bytes(), val) {
					t.Fatalf("%s: %s/%s returned different data", what, b, k)
				}
				buf.Destroy()
			}
		}
		return nil
	})
	if err != nil {
		allGood = false
	}
	_, cerr := v.Check(ctx)
	if cerr != nil && strings.Contains(cerr.Error(), "panic:") {
		t.Fatalf("%s: Check: error text shows a panic: %v", what, cerr)
	}
	if cerr == nil && !allGood {
		t.Fatalf("%s: Check passed but the contents differ", what)
	}
	return cerr == nil && allGood
}

func sortedKeys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

var flipAll = flag.Bool("flip-all", false, "TestByteFlip: flip every byte of the file (about 65,000 trials, minutes)")

// TestByteFlip flips bytes of a small vault, one at a time (with a
// pseudo-random non-zero mask), and requires an error or the original data,
// never different data, never a panic or crash, never "wrong password".
//
// By default it flips every byte that bbolt or the vault interprets (meta
// pages, page headers, element tables, keys, bucket headers and inline
// buckets, the freelist, the first and last bytes of every value; found by
// parsing every page below the high-water mark, live or free) and one byte in
// 24 elsewhere (ciphertext bodies, slack, the unused tail). -flip-all flips
// every byte of the file.
func TestByteFlip(t *testing.T) {
	path, want := flipVault(t)
	orig, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !flipOutcome(t, path, want, "pristine") {
		t.Fatal("the undamaged vault fails")
	}
	work := filepath.Join(t.TempDir(), "flip.db")
	rng := rand.New(rand.NewPCG(1, 2))
	var positions []int
	if *flipAll {
		for i := range orig {
			positions = append(positions, i)
		}
	} else {
		important := importantBytes(orig)
		for i := range orig {
			if important[i] || rng.IntN(24) == 0 {
				positions = append(positions, i)
			}
		}
	}
	if winetest.Under() {
		// Every Open, Unlock and Check is dozens of round trips to the
		// wineserver: the full set takes most of an hour there. Every 16th
		// position still covers each kind of page; Linux runs them all.
		var some []int
		for j, i := range positions {
			if j%16 == 0 {
				some = append(some, i)
			}
		}
		t.Logf("under Wine: %d of %d positions", len(some), len(positions))
		positions = some
	}
	var same, failed int
	buf := make([]byte, len(orig))
	for _, i := range positions {
		copy(buf, orig)
		buf[i] ^= byte(1 + rng.IntN(255))
		if err := os.WriteFile(work, buf, 0o600); err != nil {
			t.Fatal(err)
		}
		if flipOutcome(t, work, want, fmt.Sprintf("byte %d", i)) {
			same++
		} else {
			failed++
		}
	}
	t.Logf("%d-byte vault, %d positions flipped: %d read back intact, %d refused with an error", len(orig), len(positions), same, failed)
}

// importantBytes marks the bytes of a bbolt file that carry structure.
func importantBytes(f []byte) []bool {
	imp := make([]bool, len(f))
	mark := func(from, to int) {
		for i := max(from, 0); i < to && i < len(imp); i++ {
			imp[i] = true
		}
	}
	m := parseBoltMeta(f)
	ps := int(m.pageSize)
	hwm := int(m.pgid)
	if m1 := parseBoltMeta(f[ps:]); m1.txid > m.txid {
		hwm = int(m1.pgid)
	}
	mark(0, boltPageHdr+64)
	mark(ps, ps+boltPageHdr+64)
	var node func(base int, b []byte)
	node = func(base int, b []byte) {
		if len(b) < boltPageHdr {
			return
		}
		flags, count := ne.Uint16(b[8:]), int(ne.Uint16(b[10:]))
		mark(base, base+boltPageHdr+count*boltElemSize)
		for i := 0; i < count && boltPageHdr+(i+1)*boltElemSize <= len(b); i++ {
			at := boltPageHdr + i*boltElemSize
			e := b[at:]
			switch flags {
			case flagBranch:
				pos, ksz := int(ne.Uint32(e[0:])), int(ne.Uint32(e[4:]))
				mark(base+at+pos, base+at+pos+ksz)
			case flagLeaf:
				eflags := ne.Uint32(e[0:])
				pos, ksz, vsz := int(ne.Uint32(e[4:])), int(ne.Uint32(e[8:])), int(ne.Uint32(e[12:]))
				k := base + at + pos
				mark(k, k+ksz)
				v := k + ksz
				if eflags == flagBucketLeaf {
					mark(v, v+vsz)
					if v+vsz <= len(f) && vsz > boltBucketHdr && ne.Uint64(f[v:]) == 0 {
						node(v+boltBucketHdr, f[v+boltBucketHdr:v+vsz])
					}
				} else {
					mark(v, v+min(vsz, 48))
					mark(v+vsz-24, v+vsz)
				}
			}
		}
	}
	for id := 2; id < hwm && (id+1)*ps <= len(f); id++ {
		p := f[id*ps : (id+1)*ps]
		switch ne.Uint16(p[8:]) {
		case flagFreelist:
			n := int(ne.Uint16(p[10:]))
			mark(id*ps, id*ps+boltPageHdr+8*(n+1))
		case flagBranch, flagLeaf:
			end := (id + 1 + int(ne.Uint32(p[12:]))) * ps
			node(id*ps, f[id*ps:min(end, len(f))])
		default:
			mark(id*ps, id*ps+boltPageHdr)
		}
	}
	return imp
}
