package winetest

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestUnder(t *testing.T) {
	if runtime.GOOS != "windows" && Under() {
		t.Fatal("Wine detected outside Windows")
	}
	// packaging/wine/wine.sh sets LATCHKEY_UNDER_WINE=1 for what it runs.
	if want := os.Getenv("LATCHKEY_UNDER_WINE") == "1"; runtime.GOOS == "windows" && Under() != want {
		t.Fatalf("Under() = %v, LATCHKEY_UNDER_WINE=%q", Under(), os.Getenv("LATCHKEY_UNDER_WINE"))
	}
}

func TestSkipOnlyUnderWine(t *testing.T) {
	ran := false
	t.Run("inner", func(t *testing.T) {
		Skip(t, "test of the helper")
		ran = true
	})
	if ran == Under() {
		t.Fatalf("inner ran %v under Wine %v", ran, Under())
	}
}

func TestSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	Symlink(t, target, link)
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("link: %v %v", fi, err)
	}
}
