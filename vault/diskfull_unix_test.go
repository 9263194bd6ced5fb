//go:build linux || darwin

// Linux and macOS only: the BSDs type Rlimit.Cur as int64, and Latchkey ships
// for neither.

package vault

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// withFileSizeLimit runs f with RLIMIT_FSIZE (soft) set to limit bytes: any
// write past that offset fails with EFBIG, the way a full disk fails with
// ENOSPC, so the real write paths (bbolt commits, file growth, compaction,
// backup) fail without root. The limit is process-wide; the package's
// tests do not run in parallel.
func withFileSizeLimit(t *testing.T, limit uint64, f func()) {
	t.Helper()
	var old unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_FSIZE, &old); err != nil {
		t.Skipf("getrlimit: %v", err)
	}
	lim := old
	lim.Cur = limit
	if err := unix.Setrlimit(unix.RLIMIT_FSIZE, &lim); err != nil {
		t.Skipf("setrlimit: %v", err)
	}
	defer func() {
		if err := unix.Setrlimit(unix.RLIMIT_FSIZE, &old); err != nil {
			t.Fatalf("restoring RLIMIT_FSIZE: %v", err)
		}
	}()
	f()
}

func assertDiskFull(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "could not write the vault: the disk is full") {
		t.Fatalf("%s: %v", what, err)
	}
}

// TestDiskFullInjected: with writes failing, every write path says
// ErrDiskFull, leaves no temporary file, and loses nothing saved before.
func TestDiskFullInjected(t *testing.T) {
	ctx := context.Background()
	v, path, _ := newTestVault(t)
	want := map[string][]byte{}
	for i := 0; i < 40; i++ {
		k := fmt.Sprintf("c%02d", i)
		want[k] = valueFor(k, 900)
		mustPut(t, v, "connections", k, want[k])
	}
	st, _ := os.Stat(path)
	backupDir := t.TempDir()
	var pwErr error
	withFileSizeLimit(t, 8<<10, func() {
		assertDiskFull(t, "Put", v.Put(ctx, "connections", "big", make([]byte, 256<<10)))
		assertDiskFull(t, "Update", v.Update(ctx, func(tx *Tx) error {
			for i := 0; i < 50; i++ {
				if err := tx.Put("more", fmt.Sprint(i), make([]byte, 4096)); err != nil {
					return err
				}
			}
			return nil
		}))
		assertDiskFull(t, "Backup", v.Backup(ctx, filepath.Join(backupDir, "b.db")))
		_, err := v.RotateKey(ctx)
		assertDiskFull(t, "RotateKey", err)
		pwErr = v.ChangePassword(ctx, []byte("new password"))
		assertDiskFull(t, "ChangePassword", pwErr)
		_, _, err = Create(ctx, filepath.Join(backupDir, "new.db"), testPassword, CreateOptions{InsecureTestKDF: true})
		assertDiskFull(t, "Create", err)
	})
	if ents, _ := os.ReadDir(backupDir); len(ents) != 0 {
		t.Fatalf("left behind: %v", ents)
	}
	if ents, _ := os.ReadDir(filepath.Dir(path)); len(ents) != 1 {
		t.Fatalf("left behind next to the vault: %v", ents)
	}
	// Nothing saved is lost, in this process and after a reopen.
	for k, val := range want {
		if got := mustGet(t, v, "connections", k); string(got) != string(val) {
			t.Fatalf("%s changed", k)
		}
	}
	mustPut(t, v, "connections", "after", []byte("space again"))
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v = reopen(t, path)
	pw := testPassword
	if strings.Contains(pwErr.Error(), "password changed") {
		pw = []byte("new password")
	}
	if err := v.Unlock(ctx, pw); err != nil {
		t.Fatalf("unlock after the failures (%v): %v", pwErr, err)
	}
	rep, err := v.Check(ctx)
	if err != nil || rep.Records != len(want)+1 {
		t.Fatalf("Check: %+v, %v", rep, err)
	}
	t.Logf("vault of %d bytes; writes limited to 8 KiB", st.Size())
}
