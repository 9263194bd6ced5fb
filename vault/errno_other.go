//go:build !unix

package vault

import (
	"errors"
	"io/fs"
	"syscall"
)

// Windows system error numbers: ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL,
// ERROR_DISK_QUOTA_EXCEEDED.
var diskFullErrnos = []syscall.Errno{39, 112, 1295}

// ERROR_WRITE_PROTECT.
func isReadOnlyFS(err error) bool { return errors.Is(err, syscall.Errno(19)) }

func isReadOnlyErr(err error) bool {
	return isReadOnlyFS(err) || errors.Is(err, fs.ErrPermission)
}
