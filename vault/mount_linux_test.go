package vault

import (
	"context"
	"errors"
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
