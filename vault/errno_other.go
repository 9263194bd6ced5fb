//go:build !unix

package vault

import (
	"errors"
	"io"
	"io/fs"
	"strings"
	"syscall"
)

// Windows system error numbers: ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL,
// ERROR_DISK_QUOTA_EXCEEDED.
var diskFullErrnos = []syscall.Errno{39, 112, 1295}

func isDiskFull(err error) bool {
	if errors.Is(err, io.ErrShortWrite) {
		return true
	}
	msg := err.Error()
	for _, e := range diskFullErrnos {
		if errors.Is(err, e) || strings.Contains(msg, e.Error()) {
			return true
		}
	}
	return false
}

// ERROR_WRITE_PROTECT.
func isReadOnlyFS(err error) bool { return errors.Is(err, syscall.Errno(19)) }

func isReadOnlyErr(err error) bool {
	return isReadOnlyFS(err) || errors.Is(err, fs.ErrPermission)
}

func unwrapErrno(err error) error {
	var e syscall.Errno
	if errors.As(err, &e) {
		return e
	}
	return err
}
