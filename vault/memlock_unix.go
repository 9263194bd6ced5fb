//go:build unix

package vault

import "golang.org/x/sys/unix"

// memlockLimit returns RLIMIT_MEMLOCK in bytes, or 0 when unlimited or unknown.
func memlockLimit() uint64 {
	var r unix.Rlimit
	if err := unix.Getrlimit(unix.RLIMIT_MEMLOCK, &r); err != nil || r.Cur == unix.RLIM_INFINITY {
		return 0
	}
	return uint64(r.Cur)
}
