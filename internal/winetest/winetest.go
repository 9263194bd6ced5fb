// Package winetest lets a test that cannot run under Wine skip itself there,
// and only there: `make test-windows` runs the Windows test binaries under
// Wine (packaging/wine), and counts these skips by their "wine: " prefix.
// On real Windows, and on every other system, Skip does nothing.
package winetest

import (
	"os"
	"testing"
)

// Under reports whether this process runs under Wine (ntdll exports
// wine_get_version there, never on Windows).
func Under() bool { return underWine() }

// Skip skips the test when it runs under Wine, saying why.
func Skip(t testing.TB, reason string) {
	t.Helper()
	if Under() {
		t.Skip("wine: " + reason)
	}
}

// Symlink makes a symbolic link for a test (os.Symlink), failing the test if
// it cannot. Under Wine, whose CreateSymbolicLink reports success and makes
// nothing, the test is skipped.
func Symlink(t testing.TB, oldname, newname string) {
	t.Helper()
	if err := os.Symlink(oldname, newname); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(newname); err != nil {
		Skip(t, "CreateSymbolicLink reports success and makes no link")
		t.Fatalf("os.Symlink made no link: %v", err)
	}
}
