package vault

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/latchkey/latchkey/internal/winetest"
)

// wrappedKeys returns the wrapped vault keys (and nonces) of every slot of
// the open vault's header: what must not survive a password change or a
// key rotation anywhere on disk.
func wrappedKeys(v *Vault) [][]byte {
	v.mu.RLock()
	defer v.mu.RUnlock()
	var out [][]byte
	for _, s := range v.hdr.slots {
		out = append(out, append([]byte(nil), s.wrapped[:]...), append([]byte(nil), s.nonce[:]...))
	}
	return out
}

// scanDirs fails the test if any file in dirs holds one of the secrets, or
// if the folders hold anything but want (names → link or file).
func scanDirs(t *testing.T, what string, secrets [][]byte, want map[string]map[string]bool) {
	t.Helper()
	for dir, names := range want {
		ents, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(ents) != len(names) {
			t.Errorf("%s: %s holds %v, want %v (temporary files left?)", what, dir, ents, names)
		}
		for _, e := range ents {
			p := filepath.Join(dir, e.Name())
			st, err := os.Lstat(p)
			if err != nil {
				t.Fatal(err)
			}
			isLink, ok := names[e.Name()]
			if !ok {
				t.Errorf("%s: unexpected %s", what, p)
				continue
			}
			if isLink != (st.Mode()&os.ModeSymlink != 0) {
				t.Errorf("%s: %s: mode %v, want link=%v", what, p, st.Mode(), isLink)
			}
			if isLink {
				continue
			}
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range secrets {
				if bytes.Contains(data, s) {
					t.Errorf("%s: %s still holds old slot material #%d", what, p, i)
				}
			}
		}
	}
}

// TestSymlinkedVaultPath: opened through a symbolic link (absolute or
// relative), ChangePassword and RotateKey replace the real file, the link
// stays a link, and no old wrapped key survives in the target, the link's
// folder, or a temporary file.
func TestSymlinkedVaultPath(t *testing.T) {
	ctx := context.Background()
	for _, relative := range []bool{false, true} {
		root := t.TempDir()
		realDir, linkDir := filepath.Join(root, "real"), filepath.Join(root, "link")
		os.Mkdir(realDir, 0o700)
		os.Mkdir(linkDir, 0o700)
		real := filepath.Join(realDir, "vault.db")
		link := filepath.Join(linkDir, "vault.db")
		target := real
		if relative {
			target = filepath.Join("..", "real", "vault.db")
		}
		winetest.Symlink(t, target, link)
		v, _, err := Create(ctx, real, testPassword, CreateOptions{InsecureTestKDF: true})
		if err != nil {
			t.Fatal(err)
		}
		mustPut(t, v, "connections", "c1", []byte("one"))
		v.Close()
		want := map[string]map[string]bool{realDir: {"vault.db": false}, linkDir: {"vault.db": true}}

		v = reopenUnlocked(t, link, testPassword)
		old := wrappedKeys(v)
		newPW := []byte("a new password")
		if err := v.ChangePassword(ctx, newPW); err != nil {
			t.Fatal(err)
		}
		scanDirs(t, "after ChangePassword", old[:2], want) // the password slot
		old = wrappedKeys(v)
		if _, err := v.RotateKey(ctx); err != nil {
			t.Fatal(err)
		}
		mustPut(t, v, "connections", "c2", []byte("two")) // lands in the real file
		if err := v.Close(); err != nil {
			t.Fatal(err)
		}
		scanDirs(t, "after RotateKey", old, want)

		v = reopenUnlocked(t, link, newPW)
		if got := mustGet(t, v, "connections", "c2"); string(got) != "two" {
			t.Fatalf("c2 = %q", got)
		}
		if v.Path() != link {
			t.Fatalf("Path() = %q, want the path given", v.Path())
		}
		v.Close()
	}
}
