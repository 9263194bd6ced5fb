package cli

import (
	"os"
	"path/filepath"
	"strings"
)

// refuseVault is the check every command that writes a file the user names
// (export --out, vault backup FILE, and any later one) makes before it
// writes: dst must not be the vault itself (by any spelling: relative,
// "..", a symlink, a hard link) nor one of the files the vault keeps beside
// it (its lock, and the temporary files of creation and compaction). A
// mistake here would replace every credential with a CSV file. The refusal
// is a usage error (exit 2).
func refuseVault(dst, vaultPath string) error {
	if dst == "" || vaultPath == "" {
		return nil
	}
	targets := []string{vaultPath}
	if real, err := filepath.EvalSymlinks(vaultPath); err == nil && real != vaultPath {
		targets = append(targets, real)
	}
	di, dstErr := os.Stat(dst) // follows symlinks
	for _, t := range targets {
		if dstErr == nil {
			if ti, err := os.Stat(t); err == nil && os.SameFile(di, ti) {
				return usagef("%s is the vault itself: choose another file", dst)
			}
		}
		if vaultSibling(dst, t) {
			return usagef("%s is one of the vault's own files: choose another file", dst)
		}
	}
	return nil
}

// vaultSibling reports whether dst names, in the vault's folder, one of the
// files the vault keeps beside vaultPath.
func vaultSibling(dst, vaultPath string) bool {
	base := filepath.Base(vaultPath)
	name := filepath.Base(dst)
	if !(name == base+".lock" || strings.HasPrefix(name, "."+base+".tmp-") || strings.HasPrefix(name, "."+base+".compact-")) {
		return false
	}
	dd, err1 := os.Stat(filepath.Dir(dst))
	vd, err2 := os.Stat(filepath.Dir(vaultPath))
	return err1 == nil && err2 == nil && os.SameFile(dd, vd)
}
