//go:build unix

package vault

import (
	"errors"
	"strings"
	"syscall"
)

// diskFullErrnos: no space, no quota, or over a file-size limit (EFBIG,
// what RLIMIT_FSIZE produces).
var diskFullErrnos = []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG}

func isReadOnlyFS(err error) bool {
	return errors.Is(err, syscall.EROFS) || strings.Contains(err.Error(), syscall.EROFS.Error())
}

// isReadOnlyErr reports whether opening a file for writing failed because
// the file or its file system is read-only (or not ours to write).
func isReadOnlyErr(err error) bool {
	return errors.Is(err, syscall.EROFS) || errors.Is(err, syscall.EACCES) || errors.Is(err, syscall.EPERM)
}
