package vault

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/latchkey/latchkey/internal/winetest"
)

// readOnlyVault creates a closed vault with two records.
func readOnlyVault(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "vault.db")
	v, _, err := Create(context.Background(), path, testPassword, CreateOptions{InsecureTestKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, v, "connections", "c1", []byte("one"))
	mustPut(t, v, "connections", "c2", []byte("two"))
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkReadOnlyVault: reads work, every write is ErrReadOnly, and the file
// is not modified.
func checkReadOnlyVault(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("OpenReadOnly: %v", err)
	}
	if _, err := v.Info(ctx); err != nil {
		t.Fatal(err)
	}
	if err := v.Unlock(ctx, testPassword); err != nil {
		t.Fatal(err)
	}
	if got := mustGet(t, v, "connections", "c2"); string(got) != "two" {
		t.Fatalf("c2 = %q", got)
	}
	if keys, err := v.List(ctx, "connections"); err != nil || len(keys) != 2 {
		t.Fatalf("List = %v, %v", keys, err)
	}
	if _, err := v.Check(ctx); err != nil {
		t.Fatalf("Check: %v", err)
	}
	for name, err := range map[string]error{
		"Put":            v.Put(ctx, "connections", "c3", []byte("x")),
		"Delete":         v.Delete(ctx, "connections", "c1"),
		"Update":         v.Update(ctx, func(tx *Tx) error { t.Fatal("Update ran its function"); return nil }),
		"ChangePassword": func() error { return v.ChangePassword(ctx, []byte("new")) }(),
		"RotateKey":      func() error { _, err := v.RotateKey(ctx); return err }(),
	} {
		if !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s on a read-only vault: %v", name, err)
		}
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := v.Backup(ctx, backup); err != nil {
		t.Fatalf("Backup from a read-only vault: %v", err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("a read-only open changed the file")
	}
}

// TestReadOnlyFile: a vault file with mode 0400 opens with OpenReadOnly;
// Open says ErrReadOnly (so the CLI can fall back), except for root, whom
// the mode does not stop.
func TestReadOnlyFile(t *testing.T) {
	path := readOnlyVault(t, t.TempDir())
	if err := os.Chmod(path, 0o400); err != nil {
		t.Fatal(err)
	}
	checkReadOnlyVault(t, path)
	v, err := Open(context.Background(), path)
	if os.Geteuid() == 0 {
		if err != nil {
			t.Fatalf("root opens a 0400 file for writing: %v", err)
		}
		v.Close()
		return
	}
	if err == nil && winetest.Under() {
		v.Close()
		winetest.Skip(t, "the read-only attribute is a Unix mode there, which root (CI) is not stopped by")
	}
	if !errors.Is(err, ErrReadOnly) {
		t.Fatalf("Open of a 0400 file: %v", err)
	}
}

// TestReadOnlySharedLock: read-only opens share the file; a writer waits
// for them (ErrInUse), and they wait for a writer.
func TestReadOnlySharedLock(t *testing.T) {
	ctx := context.Background()
	path := readOnlyVault(t, t.TempDir())
	a, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := OpenReadOnly(ctx, path)
	if err != nil {
		t.Fatalf("second read-only open: %v", err)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := Open(short, path); !errors.Is(err, ErrInUse) && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Open while read-only opens hold the vault: %v", err)
	}
	a.Close()
	b.Close()
	w, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	short2, cancel2 := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel2()
	if _, err := OpenReadOnly(short2, path); !errors.Is(err, ErrInUse) && !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("OpenReadOnly while a writer holds the vault: %v", err)
	}
}
