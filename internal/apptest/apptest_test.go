package apptest_test

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/latchkey/latchkey/integrations/demo"
	"github.com/latchkey/latchkey/internal/apptest"
	"github.com/latchkey/latchkey/vault"
)

// TestVault: the vault is made in the folder given, unlocked and writable,
// opens again with Password, and is closed when the test ends.
func TestVault(t *testing.T) {
	dir := t.TempDir()
	t.Run("make", func(t *testing.T) {
		v := apptest.Vault(t, dir)
		if err := v.Put(t.Context(), "b", "k", []byte("v")); err != nil {
			t.Fatalf("the new vault takes no write: %v", err)
		}
	})
	// The subtest's cleanup closed it: it opens again, with the password.
	v, err := vault.Open(context.Background(), filepath.Join(dir, "vault.db"))
	if err != nil {
		t.Fatalf("open after the test: %v", err)
	}
	defer v.Close()
	if err := v.Unlock(context.Background(), []byte(apptest.Password)); err != nil {
		t.Fatalf("unlock with Password: %v", err)
	}
	b, err := v.Get(context.Background(), "b", "k")
	if err != nil || string(b.Bytes()) != "v" {
		t.Fatalf("the record written reads %v", err)
	}
	b.Destroy()
	if got := apptest.Vault(t, ""); got == nil {
		t.Fatal("no vault in a fresh folder")
	}
}

// TestDemoServer: the server answers while the test runs and is closed
// when it ends.
func TestDemoServer(t *testing.T) {
	var url string
	t.Run("serve", func(t *testing.T) {
		srv := apptest.DemoServer(t, demo.Options{DataDir: t.TempDir()})
		url = srv.URL()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatalf("the server does not answer: %v", err)
		}
		resp.Body.Close()
	})
	if resp, err := http.Get(url); err == nil {
		resp.Body.Close()
		t.Fatal("the server still answers after the test")
	}
}
