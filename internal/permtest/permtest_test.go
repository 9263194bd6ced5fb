package permtest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestIs(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o600); err != nil { // past the umask
		t.Fatal(err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if !Is(fi, 0o600) {
		t.Errorf("%v is not 0600", fi.Mode())
	}
	if runtime.GOOS != "windows" && Is(fi, 0o644) {
		t.Errorf("%v taken for 0644", fi.Mode())
	}
	if err := os.Chmod(p, 0o400); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(p); Is(fi, 0o600) {
		t.Errorf("read-only %v taken for 0600", fi.Mode())
	}
}
