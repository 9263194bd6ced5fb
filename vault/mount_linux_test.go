package vault

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"golang.org/x/sys/unix"
)

// mountTmpfs mounts a tmpfs of the given size on a fresh folder. It needs
// root (CI runs as root); elsewhere the test is skipped, and the tests that
// inject failures without root still run.
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	if unix.Geteuid() != 0 {
		t.Skip("mounting a tmpfs needs root")
	}
	dir := t.TempDir()
	if err := unix.Mount("tmpfs", dir, "tmpfs", 0, "size="+size+",mode=0700"); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v", err)
	}
	t.Cleanup(func() { _ = unix.Unmount(dir, unix.MNT_DETACH) })
	return dir
}

// TestReadOnlyFileSystem: on a file system remounted read-only, Open says
// ErrReadOnly and OpenReadOnly reads the vault.
func TestReadOnlyFileSystem(t *testing.T) {
	dir := mountTmpfs(t, "4m")
	path := readOnlyVault(t, dir)
	if err := unix.Mount("", dir, "", unix.MS_REMOUNT|unix.MS_RDONLY, ""); err != nil {
		t.Fatalf("remount read-only: %v", err)
	}
	if _, err := Open(context.Background(), path); !errors.Is(err, ErrReadOnly) {
		t.Fatalf("Open on a read-only file system: %v", err)
	}
	checkReadOnlyVault(t, path)
}

// TestDiskFullTmpfs fills a small tmpfs: the Put that does not fit says
// ErrDiskFull, every acknowledged record survives (also after reopening),
// and a backup onto the full disk fails cleanly.
func TestDiskFullTmpfs(t *testing.T) {
	ctx := context.Background()
	dir := mountTmpfs(t, "512k")
	path := dir + "/vault.db"
	v, _, err := Create(ctx, path, testPassword, CreateOptions{InsecureTestKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	var saved []string
	for i := 0; ; i++ {
		k := fmt.Sprintf("c%03d", i)
		err := v.Put(ctx, "connections", k, valueFor(k, 12<<10))
		if err != nil {
			assertDiskFull(t, "Put on a full tmpfs", err)
			break
		}
		saved = append(saved, k)
		if i > 200 {
			t.Fatal("the tmpfs never filled")
		}
	}
	assertDiskFull(t, "Backup onto the full tmpfs", v.Backup(ctx, dir+"/backup.db"))
	for _, k := range saved {
		if got := mustGet(t, v, "connections", k); string(got) != string(valueFor(k, 12<<10)) {
			t.Fatalf("%s changed", k)
		}
	}
	if err := v.Close(); err != nil && !errors.Is(err, ErrDiskFull) {
		t.Fatal(err)
	}
	v = reopenUnlocked(t, path, testPassword)
	if rep, err := v.Check(ctx); err != nil || rep.Records != len(saved) {
		t.Fatalf("Check after the disk filled: %+v, %v (saved %d)", rep, err, len(saved))
	}
	t.Logf("%d records of 12 KiB saved before the 512 KiB tmpfs filled", len(saved))
}
