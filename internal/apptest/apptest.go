// Package apptest holds the setup that the tests of the app and of the
// interfaces over it (ui/cli, ui/desktop) share: a test vault and the demo
// institutions' server, each closed when the test ends. It does not import
// app, so app's internal tests can use it too.
package apptest

import (
	"path/filepath"
	"testing"

	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/vault"
)

// Password is the master password of the vaults Vault creates.
const Password = "test password"

// Vault creates an unlocked vault at dir/vault.db (dir "": a fresh
// temporary folder) with Password and the fast test key derivation, and
// closes it when the test ends.
func Vault(t testing.TB, dir string) *vault.Vault {
	t.Helper()
	if dir == "" {
		dir = t.TempDir()
	}
	v, _, err := vault.Create(t.Context(), filepath.Join(dir, "vault.db"), []byte(Password), vault.CreateOptions{InsecureTestKDF: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

// DemoServer starts the demo institutions' server with opts and closes it
// when the test ends.
func DemoServer(t testing.TB, opts demo.Options) *demo.Server {
	t.Helper()
	srv, err := demo.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}
