// Package permtest checks file permissions in tests, on every system.
package permtest

import (
	"io/fs"
	"runtime"
)

// Is reports whether fi's permission bits are want. Windows has no Unix
// permission bits: Go reports 0666 for every writable file (0444 when
// read-only) and 0777 for folders, and a file is protected by the ACL it
// inherits from its folder (the vault's: the user's profile folder, which
// only the user, SYSTEM and Administrators can open). There Is reports
// whether the file is writable, as the files the tests check must be.
func Is(fi fs.FileInfo, want fs.FileMode) bool {
	if runtime.GOOS == "windows" {
		return fi.Mode().Perm()&0o200 != 0
	}
	return fi.Mode().Perm() == want
}
