package vault

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

// metaPages parses both bbolt meta pages of a file.
func metaPages(t *testing.T, path string) (boltMeta, boltMeta, []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m0 := parseBoltMeta(b)
	return m0, parseBoltMeta(b[m0.pageSize:]), b
}

// TestOneDamagedMetaPage: with meta page 0 or 1 zeroed (or its checksum
// broken), the vault opens from the other copy, reads everything, Check
// reports the damage, and the next write repairs it. No error says "panic:".
func TestOneDamagedMetaPage(t *testing.T) {
	ctx := context.Background()
	for _, page := range []int{0, 1} {
		for _, kind := range []string{"zeroed", "checksum"} {
			v, path, _ := newTestVault(t)
			mustPut(t, v, "connections", "c1", []byte("one"))
			mustPut(t, v, "grants", "g1", []byte("grant"))
			if err := v.Close(); err != nil {
				t.Fatal(err)
			}
			m0, _, b := metaPages(t, path)
			ps := int(m0.pageSize)
			if kind == "zeroed" {
				clear(b[page*ps : (page+1)*ps])
			} else {
				b[page*ps+boltPageHdr+40] ^= 0x01 // inside the meta, under its checksum
			}
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			what := kind + " meta page " + string(rune('0'+page))

			ro, err := OpenReadOnly(ctx, path)
			if err != nil {
				t.Fatalf("%s: OpenReadOnly: %v", what, err)
			}
			ro.Close()
			v, err = Open(ctx, path)
			if err != nil {
				t.Fatalf("%s: Open: %v", what, err)
			}
			if err := v.Unlock(ctx, testPassword); err != nil {
				t.Fatal(err)
			}
			if got := mustGet(t, v, "grants", "g1"); string(got) != "grant" {
				t.Fatalf("%s: g1 = %q", what, got)
			}
			rep, err := v.Check(ctx)
			if !errors.Is(err, ErrCorrupt) || rep.DamagedMetaPage != page || !strings.Contains(err.Error(), "meta page") || strings.Contains(err.Error(), "panic:") {
				t.Fatalf("%s: Check = %+v, %v", what, rep, err)
			}
			mustPut(t, v, "connections", "c2", []byte("two")) // repairs
			if rep, err := v.Check(ctx); err != nil || rep.DamagedMetaPage != -1 {
				t.Fatalf("%s: Check after a write: %+v, %v", what, rep, err)
			}
			if err := v.Close(); err != nil {
				t.Fatal(err)
			}
			if m0, m1, _ := metaPages(t, path); !m0.valid || !m1.valid {
				t.Fatalf("%s: meta pages after repair: %v %v", what, m0.valid, m1.valid)
			}
			v = reopenUnlocked(t, path, testPassword)
			if rep, err := v.Check(ctx); err != nil || rep.Records != 3 {
				t.Fatalf("%s: reopened: %+v, %v", what, rep, err)
			}
			v.Close()
		}
	}
}

// TestDamagedMetaRepairedByCompaction: a password change (which compacts
// into a fresh file) also repairs the damage.
func TestDamagedMetaRepairedByCompaction(t *testing.T) {
	ctx := context.Background()
	v, path, _ := newTestVault(t)
	mustPut(t, v, "connections", "c1", []byte("one"))
	v.Close()
	m0, _, b := metaPages(t, path)
	clear(b[m0.pageSize : 2*m0.pageSize])
	os.WriteFile(path, b, 0o600)
	v = reopenUnlocked(t, path, testPassword)
	if err := v.ChangePassword(ctx, []byte("new password")); err != nil {
		t.Fatal(err)
	}
	if rep, err := v.Check(ctx); err != nil || rep.DamagedMetaPage != -1 {
		t.Fatalf("after compaction: %+v, %v", rep, err)
	}
}

// TestBothMetaPagesDamaged: that is the end of the file, reported as
// ErrCorrupt without "panic:".
func TestBothMetaPagesDamaged(t *testing.T) {
	v, path, _ := newTestVault(t)
	v.Close()
	m0, _, b := metaPages(t, path)
	clear(b[:2*m0.pageSize])
	os.WriteFile(path, b, 0o600)
	_, err := Open(context.Background(), path)
	if !errors.Is(err, ErrCorrupt) || strings.Contains(err.Error(), "panic:") {
		t.Fatalf("Open: %v", err)
	}
}
